from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from wagtail.admin.modal_workflow import render_modal_workflow

from masthead.newsroom.embargo import EmbargoError


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
