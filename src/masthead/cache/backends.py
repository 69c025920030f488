"""The embedded shared cache: diskcache (SQLite and files in the data folder)."""

from diskcache import DjangoCache


class DiskCache(DjangoCache):
    """Kept open between requests. Django closes every cache when a request
    ends; diskcache would then reconnect and run its dozen PRAGMAs on the next
    request, a few milliseconds of every page render. Each thread keeps its
    own connection, and a forked process opens new ones (diskcache checks)."""

    def close(self, **kwargs):
        pass
