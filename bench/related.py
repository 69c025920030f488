"""How long computing one story's related list takes on the archive in MASTHEAD_DATA.

    masthead generate-corpus --articles 100000       # into a scratch MASTHEAD_DATA
    python bench/related.py [--stories 200] [--seed 1]

Times compute_related (candidates, scoring, storing) for a random sample of
live stories, refresh_related (what publishing runs: the story's own list and
its closest stories' lists) and reading the stored list as the article page
does; prints the median, 95th percentile and worst, and the queries one
computation makes.
Not a unit test: the numbers depend on the machine and the archive.
"""

import argparse
import os
import random
import statistics
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from masthead.articles.models import ArticlePage
    from masthead.discovery.related import (
        compute_related,
        refresh_related,
        related_stories,
    )

    ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    if not ids:
        raise SystemExit("no live stories: run `masthead generate-corpus` first")
    sample = random.Random(args.seed).sample(ids, min(args.stories, len(ids)))

    compute_related(sample[0])  # warm the connection and caches
    computing, publishing, reading, found = [], [], [], []
    for pk in sample:
        started = time.perf_counter()
        found.append(len(compute_related(pk)))
        computing.append(time.perf_counter() - started)
        started = time.perf_counter()
        refresh_related(pk)
        publishing.append(time.perf_counter() - started)
        article = ArticlePage(pk=pk)
        started = time.perf_counter()
        related_stories(article)
        reading.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        compute_related(sample[0])
    with CaptureQueriesContext(connection) as on_publish:
        refresh_related(sample[0])

    def line(name, times):
        times = sorted(times)
        p95 = times[int(0.95 * (len(times) - 1))]
        return (
            f"{name:<10} median {statistics.median(times) * 1000:7.1f} ms · "
            f"p95 {p95 * 1000:7.1f} ms · worst {times[-1] * 1000:7.1f} ms"
        )

    print(
        f"{len(ids):,} live stories on {connection.vendor}; "
        f"{len(sample)} sampled; related found: median "
        f"{statistics.median(found):.0f}, fewest {min(found)}"
    )
    print(line("compute", computing))
    print(line("publish", publishing))
    print(line("read", reading))
    print(f"queries per computation: {len(captured)}, per publish: {len(on_publish)}")


if __name__ == "__main__":
    main()
