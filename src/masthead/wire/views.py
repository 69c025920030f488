"""The Wire queue: agency drafts waiting for an editor, newest first."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from masthead.wire.models import WireItem

QUEUE_PERMISSION = "wire.view_wireitem"
PER_PAGE = 50


class WireQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wire/queue.html"
    page_title = "Wire queue"
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(QUEUE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse_lazy("wire_queue"), "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(WireItem.objects.in_queue(), PER_PAGE)
        context["items"] = paginator.get_page(self.request.GET.get("p"))
        return context
