from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404


def paginate(request, object_list, per_page: int) -> Page:
    """The page of object_list that ?page= asks for.

    A page number that is not a whole number, or past the last page, is a 404
    (a friendly one), never a 500.
    """
    paginator = Paginator(object_list, per_page)
    raw = request.GET.get("page", "1")
    try:
        return paginator.page(raw)
    except (PageNotAnInteger, EmptyPage):
        raise Http404("There is no such page of stories.") from None
