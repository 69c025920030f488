"""Memory and time of the sitemaps and feeds on the archive in MASTHEAD_DATA.

    masthead generate-corpus --articles 100000       # into a scratch MASTHEAD_DATA
    python bench/sitemaps.py [--limit 50000]

Renders the sitemap index, each full sitemap file (at most --limit URLs), the
news sitemap and the site feed through Django in this process, and prints for
each the time, the queries, the bytes and the peak memory Python allocated
while rendering (tracemalloc). Memory should follow the file's size, which the
limit bounds, not the archive's.
Not a unit test: the numbers depend on the machine and the archive.
"""

import argparse
import os
import time
import tracemalloc

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=50_000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from masthead.articles.models import ArticlePage

    settings.MASTHEAD_SITEMAP_LIMIT = args.limit
    live = ArticlePage.objects.live().count()
    client = Client(HTTP_HOST="127.0.0.1")
    files = (live + args.limit - 1) // args.limit
    urls = ["/sitemap.xml"]
    urls += [f"/sitemap-articles.xml?p={n}" for n in range(1, files + 1)]
    urls += ["/sitemap-news.xml", "/feed/", "/feed/atom/"]
    client.get("/feed/")  # warm: settings rows, renditions
    print(f"{live:,} live stories on {connection.vendor}; sitemap limit {args.limit:,}")
    print("| address | ms | queries | bytes | peak MiB |")
    print("|---|---|---|---|---|")
    for url in urls:
        tracemalloc.start()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = response.content
        elapsed = (time.perf_counter() - started) * 1000
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        assert response.status_code == 200, url
        print(
            f"| {url} | {elapsed:,.0f} | {len(queries)} | {len(body):,} | {peak:,.1f} |"
        )


if __name__ == "__main__":
    main()
