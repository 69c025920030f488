"""The newsroom in the admin: embargo checks on the publishing routes that do
not pass through ArticlePage.publish(), and the editor's dashboard."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction

from masthead.articles.models import ArticlePage
from masthead.newsroom.dashboard import EditorsDashboardPanel, is_editor
from masthead.newsroom.embargo import breaks_embargo, embargo_message


@hooks.register("before_publish_page")
def refuse_publishing_under_embargo(request, page):
    """The edit view publishes without calling publish(): stop it here, with
    the story saved as a draft and the reason shown."""
    if breaks_embargo(page):
        messages.error(request, embargo_message(page))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_under_embargo(request, action_type, objects, action):
    """Bulk publish refuses the whole batch, before publishing any of it, if
    one story in it is under embargo."""
    if not isinstance(action, PublishBulkAction):
        return None
    stories = ArticlePage.objects.filter(pk__in=[obj.pk for obj in objects])
    for story in stories:
        revision = story.get_latest_revision()
        candidate = revision.as_object() if revision else story
        if breaks_embargo(candidate):
            messages.error(request, embargo_message(candidate))
            return redirect(
                get_valid_next_url_from_request(request)
                or reverse("wagtailadmin_explore_root")
            )
    return None


@hooks.register("construct_homepage_panels")
def add_editors_dashboard(request, panels):
    if is_editor(request.user):
        panels.append(EditorsDashboardPanel())


@hooks.register("insert_global_admin_css")
def dashboard_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("newsroom/dashboard.css")
    )
