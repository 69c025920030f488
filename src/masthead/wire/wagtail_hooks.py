"""Wire copy in the admin: the queue, the sources and a dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from masthead.wire.models import WireItem, WireSource
from masthead.wire.views import QUEUE_PERMISSION, WireQueueView

PANEL_SIZE = 8


@hooks.register("register_admin_urls")
def register_queue_url():
    return [path("wire/", WireQueueView.as_view(), name="wire_queue")]


class WireSourceViewSet(SnippetViewSet):
    model = WireSource
    icon = "globe"
    menu_label = "Sources"
    list_display = [
        "name",
        "kind",
        "agency",
        "section",
        "active",
        "last_run_at",
        "last_result",
    ]
    list_filter = ["kind", "active"]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(QUEUE_PERMISSION)


class WireGroup(SnippetViewSetGroup):
    menu_label = "Wire"
    menu_icon = "globe"
    menu_order = 240
    items = (WireSourceViewSet,)

    def get_submenu_items(self):
        queue = QueueMenuItem(
            "Queue", reverse("wire_queue"), icon_name="doc-full-inverse", order=0
        )
        return [queue, *super().get_submenu_items()]


register_snippet(WireGroup)


class WireQueuePanel(Component):
    """The newest agency drafts on the editor's dashboard."""

    name = "wire_queue"
    order = 150
    template_name = "wire/home_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "items": list(WireItem.objects.in_queue()[:PANEL_SIZE]),
            "queue_url": reverse("wire_queue"),
        }


@hooks.register("construct_homepage_panels")
def add_wire_panel(request, panels):
    if request.user.has_perm(QUEUE_PERMISSION):
        panels.append(WireQueuePanel())
