from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.discovery.models import BreakingNews


class BreakingNewsViewSet(SnippetViewSet):
    model = BreakingNews
    icon = "warning"
    menu_label = "Breaking news"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["headline", "starts_at", "expires_at", "active"]
    list_filter = ["active"]


register_snippet(BreakingNewsViewSet)
