"""``masthead manage update_index``: Wagtail's index rebuild, with a progress bar.

Wagtail's command prints a dot per thousand objects, which on a 100,000-story
archive is a screen of dots and no idea of how long is left. This one takes the
same options and does the same work, and shows a bar per model with a count,
a rate and the time left. It takes Wagtail's name because masthead.search is
listed before wagtail.search in INSTALLED_APPS.
"""

import sys

from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as WagtailUpdateIndex,
)
from tqdm import tqdm


class Chunks:
    """A model's objects a chunk at a time, knowing how many there are.

    Each chunk starts after the last one's primary key (Wagtail orders by pk),
    not at an OFFSET: an offset makes the database walk past every row before
    it again, which on a million stories costs more than the indexing.
    """

    def __init__(self, queryset, chunk_size: int):
        self.queryset, self.chunk_size = queryset, chunk_size
        self.label = queryset.model._meta.label
        self.total = queryset.count()

    def __iter__(self):
        last = None
        while True:
            rest = self.queryset if last is None else self.queryset.filter(pk__gt=last)
            chunk = list(rest[: self.chunk_size])
            if not chunk:
                return
            yield chunk
            last = chunk[-1].pk


class Command(WagtailUpdateIndex):
    help = "Rebuild the search index (after a bulk load or a change of backend)."

    def queryset_chunks(self, qs, chunk_size=1000):
        return Chunks(qs, chunk_size)

    def print_iter_progress(self, chunks):
        with tqdm(
            total=chunks.total,
            desc=chunks.label,
            unit=" objects",
            disable=self.verbosity == 0,
            file=sys.stderr,
        ) as bar:
            for chunk in chunks:
                yield chunk
                bar.update(len(chunk))
