"""The search page's GET parameters, every one validated: bad input gets a
message on the page, never a 500."""

import unicodedata
from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from masthead.articles.models import AuthorPage, SectionPage

MAX_QUERY_LENGTH = 200  # longer than any real headline search
MAX_PAGE = 10_000  # deeper than anyone pages; keeps OFFSET bounded
# Dates outside these years are typing mistakes (and year 9999 + 1 day overflows).
FIRST_YEAR, LAST_YEAR = 1800, 2999

RELEVANCE = "relevance"
NEWEST = "newest"


def clean_text(value: str) -> str:
    """The query without control characters (PostgreSQL refuses NUL in text)."""
    return "".join(
        " " if unicodedata.category(ch) == "Cc" else ch for ch in value
    ).strip()


def check_year(value):
    if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            f"Give a date between {FIRST_YEAR} and {LAST_YEAR}."
        )
    return value


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        label="What are you looking for?",
        error_messages={
            "max_length": "Searches can be at most %(limit_value)d characters "
            "long: try a few words from the headline."
        },
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(RELEVANCE, "Best match"), (NEWEST, "Newest first")],
        error_messages={"invalid_choice": "Sort by best match or newest first."},
    )
    section = forms.ModelChoiceField(
        required=False,
        queryset=SectionPage.objects.live().order_by("title"),
        to_field_name="slug",
        empty_label="All sections",
        error_messages={"invalid_choice": "There is no such section."},
    )
    author = forms.ModelChoiceField(
        required=False,
        queryset=AuthorPage.objects.live().order_by("title"),
        to_field_name="slug",
        empty_label="Anyone",
        error_messages={"invalid_choice": "There is no such author."},
    )
    since = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the start date as YYYY-MM-DD."},
    )
    until = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the end date as YYYY-MM-DD."},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "The page number must be a whole number.",
            "min_value": "The page number must be 1 or more.",
            "max_value": "The page number is too large.",
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # A NUL byte or other control character in any parameter (not only
            # q) must never reach the database.
            data = data.copy()
            for key in list(data.keys()):
                data.setlist(key, [clean_text(v) for v in data.getlist(key)])
        super().__init__(data, *args, **kwargs)

    def clean_since(self):
        return check_year(self.cleaned_data["since"])

    def clean_until(self):
        return check_year(self.cleaned_data["until"])

    def clean_sort(self) -> str:
        return self.cleaned_data["sort"] or RELEVANCE

    def clean_page(self) -> int:
        return self.cleaned_data["page"] or 1

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return cleaned

    def has_filters(self) -> bool:
        return any(
            self.cleaned_data.get(name)
            for name in ("section", "author", "since", "until")
        )

    def published_range(self) -> tuple[datetime | None, datetime | None]:
        """[start, end) in the site's time zone for the since/until dates."""
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        zone = timezone.get_current_timezone()
        start = datetime.combine(since, time.min, tzinfo=zone) if since else None
        end = (
            datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
            if until
            else None
        )
        return start, end
