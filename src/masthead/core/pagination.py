from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404

# How far back a listing (section, tag, author, latest) pages: 100 pages of
# 20 stories. Older stories are found by search and the sitemaps. Counting a
# section of 200,000 stories took 820 ms on a 1,000,000-story archive, and
# page 500 another 500 ms of OFFSET; counting up to the limit takes ~10 ms
# (docs/performance.md).
MAX_PAGES = 100


class ListingPaginator(Paginator):
    """Django's paginator, counting no further than the last page it shows."""

    @cached_property
    def count(self) -> int:
        cap = MAX_PAGES * self.per_page
        if not hasattr(self.object_list, "order_by"):  # a list: its length
            return min(len(self.object_list), cap)
        # No ORDER BY: the database stops at the cap instead of sorting all.
        return self.object_list.order_by()[: cap + 1].count()

    @cached_property
    def more(self) -> bool:
        """True when stories go on past the last page listed."""
        return self.count > MAX_PAGES * self.per_page

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)


def paginate(request, object_list, per_page: int) -> Page:
    """The page of object_list that ?page= asks for.

    A page number that is not a whole number, or past the last page, is a 404
    (a friendly one), never a 500.
    """
    paginator = ListingPaginator(object_list, per_page)
    raw = request.GET.get("page", "1")
    try:
        return paginator.page(raw)
    except (PageNotAnInteger, EmptyPage):
        raise Http404("There is no such page of stories.") from None
