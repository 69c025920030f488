import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")

from masthead.cache.wsgi import PageCache
from masthead.core import staticfiles

# WhiteNoise lists the static files and the storage reads their manifest as
# the site loads: not while another instance is collecting them.
with staticfiles.settled():
    # Anonymous readers' pages are answered from the page cache before Django runs.
    application = PageCache(get_wsgi_application())
    from django.contrib.staticfiles.storage import staticfiles_storage

    staticfiles_storage.hashed_files  # noqa: B018 (loads the manifest now)

# What the site loaded lives as long as the process: out of the garbage
# collector's sight. Otherwise every full collection walked it, a pause of
# 70-80 ms in the middle of one request in four of a filtered search
# (bench/search.py, docs/performance.md).
gc.freeze()
