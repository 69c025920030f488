"""Search latency on the archive in MASTHEAD_DATA: the search index against a
naive LIKE over headline and body, measured in the same run.

    export MASTHEAD_DATA=/tmp/mh-bench          # (and DATABASE_URL for PostgreSQL)
    masthead manage migrate
    masthead generate-corpus --articles 100000
    masthead manage update_index
    python bench/search.py [--repeat 30] [--seed 1]

Five kinds of query (a rare word, a common word, two words, a phrase, a common
word with a section and date filter), with words picked from the archive
itself. Each runs --repeat times through the search page's own code (the
result count, which stops at 1,000, and the first page of stories, loaded as
the page loads them), in a process set up as the server's are
(masthead.config.wsgi: gc.freeze() after start-up, see docs/performance.md),
and as the naive query (every word LIKE '%word%' in the headline or the body's
stored JSON, newest first, count and first page). Prints median and 95th
percentile in milliseconds and how many times slower LIKE is. Not a unit test:
the numbers depend on the machine and the archive.
"""

import argparse
import os
import random
import re
import statistics
import time
import warnings
from collections import Counter
from datetime import timedelta

import django


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(function, repeat: int) -> tuple[list[float], object]:
    result = function()  # warm up: connection, caches, the index's pages
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-like",
        action="store_true",
        help="skip the LIKE comparison (minutes a query on a million stories)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")
    django.setup()
    from django.conf import settings
    from django.core.paginator import Paginator
    from django.db import connection
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast
    from django.http import QueryDict
    from django.utils import timezone

    with warnings.catch_warnings():  # WhiteNoise: no static files in a bench archive
        warnings.filterwarnings("ignore", message="No directory at")
        import masthead.config.wsgi  # noqa: F401 (the server's start-up, gc.freeze() included)
    from masthead.articles.models import ArticlePage, SectionPage
    from masthead.search.forms import SearchForm
    from masthead.search.ranking import find_stories, load_stories, parse_query

    per_page = settings.MASTHEAD_PAGE_SIZE
    total = ArticlePage.objects.live().count()
    if not total:
        raise SystemExit("no live stories: run `masthead generate-corpus` first")

    def indexed(params: dict):
        data = QueryDict(mutable=True)
        data.update(params)
        form = SearchForm(data)
        if not form.is_valid():
            raise SystemExit(f"{params}: {form.errors.as_text()}")
        stories = find_stories(form, parse_query(form.cleaned_data["q"]))
        page = Paginator(stories, per_page).page(1)
        return stories, len(page.object_list)

    def all_matches(stories) -> int:
        """The page counts up to MAX_RESULTS ("more than 1,000"); the rest is
        counted here, outside the timing, to compare with LIKE's count."""
        return stories.results.count() if stories.more else stories.count()

    def naive(words: list[str], section=None, since=None):
        stories = ArticlePage.objects.live().annotate(
            body_text=Cast("body", TextField())
        )
        for word in words:
            stories = stories.filter(
                Q(title__icontains=word) | Q(body_text__icontains=word)
            )
        if section is not None:
            stories = stories.in_section(section)
        if since is not None:
            stories = stories.filter(first_published_at__gte=since)
        pks = list(stories.recent().values_list("pk", flat=True)[:per_page])
        return stories.count(), len(load_stories(pks))

    # Words from the archive itself: document frequency in a sample of headlines.
    rng = random.Random(args.seed)
    ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    sample = ArticlePage.objects.filter(pk__in=rng.sample(ids, min(400, len(ids))))
    titles = list(sample.values_list("title", flat=True))
    frequency = Counter(
        word
        for title in titles
        for word in {w.lower() for w in re.findall(r"[A-Za-z]{5,}", title)}
    )
    # The two most frequent words the index finds: PostgreSQL's English
    # configuration drops stop words such as "after", which would find nothing.
    common, second = [
        word
        for word, _n in frequency.most_common(20)
        if all_matches(indexed({"q": word})[0])
    ][:2]
    rarest_in_sample = sorted(frequency, key=lambda word: (frequency[word], word))
    rare = min(
        rarest_in_sample[:30],
        key=lambda word: all_matches(indexed({"q": word})[0]) or total,
    )
    phrase_words = next(
        words[:2]
        for words in (re.findall(r"[A-Za-z]{4,}", title) for title in titles)
        if len(words) >= 2
    )
    section = SectionPage.objects.live().order_by("path").first()
    since = timezone.localdate() - timedelta(days=365)
    since_at = timezone.now() - timedelta(days=365)

    cases = [
        ("rare word", {"q": rare}, lambda: naive([rare])),
        ("common word", {"q": common}, lambda: naive([common])),
        (
            "two words",
            {"q": f"{common} {second}"},
            lambda: naive([common, second]),
        ),
        (
            "phrase",
            {"q": '"{}"'.format(" ".join(phrase_words))},
            lambda: naive([" ".join(phrase_words)]),
        ),
        (
            "filter + query",
            {"q": common, "section": section.slug, "since": since.isoformat()},
            lambda: naive([common], section=section, since=since_at),
        ),
    ]

    print(
        f"{total:,} live stories · {connection.vendor} · "
        f"{settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND']} · "
        f"{args.repeat} runs each · first page of {per_page}"
    )
    header = (
        f"{'query':<15} {'words':<32} {'hits':>7} {'index p50':>10} "
        f"{'p95':>8} {'LIKE p50':>9} {'p95':>8} {'LIKE/index':>10}"
    )
    print(header)
    print("-" * len(header))
    for name, params, like in cases:
        index_times, (stories, _shown) = timed(lambda p=params: indexed(p), args.repeat)
        hits = all_matches(stories)
        index_p50 = statistics.median(index_times)
        row = (
            f"{name:<15} {params['q'][:32]:<32} {hits:>7,} {index_p50:>8.1f}ms "
            f"{percentile(index_times, 0.95):>6.1f}ms"
        )
        if args.no_like:
            print(row)
            continue
        like_times, (like_hits, _like_shown) = timed(like, args.repeat)
        like_p50 = statistics.median(like_times)
        print(
            f"{row} {like_p50:>7.1f}ms "
            f"{percentile(like_times, 0.95):>6.1f}ms {like_p50 / index_p50:>9.1f}x"
        )
        if like_hits != hits:
            print(
                f"{'':<15} (LIKE found {like_hits:,}: substrings of the text and "
                "its JSON, where the index matches whole words)"
            )


if __name__ == "__main__":
    main()
