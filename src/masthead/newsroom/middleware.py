from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.modal_workflow import render_modal_workflow

from masthead.newsroom.embargo import EmbargoError

ADMIN_PREFIX = "/admin/"  # config/urls.py


class EmbargoMiddleware:
    """An admin action refused by an embargo (a workflow approval, say) brings
    the editor back to the story with the reason, instead of an error page.

    The refusal comes before anything is written: workflow steps run in a
    transaction, and ArticlePage.publish() checks before publishing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, EmbargoError):
            return None
        messages.error(request, str(exception))
        match = request.resolver_match
        page_id = match.kwargs.get("page_id") if match else None
        target = (
            reverse("wagtailadmin_pages:edit", args=[page_id])
            if page_id
            else reverse("wagtailadmin_home")
        )
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": target}
            )
        return redirect(target)


class AtomicNewsroomMiddleware:
    """Every change posted in the newsroom is one transaction: all of it or none.

    Wagtail's "Publish" button saves the revision, then the page, then the log
    entries and our publishing reactions, each committed on its own; a server
    killed in between would leave a story live without its audit entry, or a
    draft where an editor pressed Publish (tests/test_killed_writes.py).
    Reactions that reach outside the database (cache, CDN, tasks) already wait
    for the commit. Readers are untouched: only admin POSTs are wrapped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path.startswith(ADMIN_PREFIX):
            with transaction.atomic():
                return self.get_response(request)
        return self.get_response(request)
