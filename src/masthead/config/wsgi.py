import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.config.settings")

from masthead.cache.wsgi import PageCache

# Anonymous readers' pages are answered from the page cache before Django runs.
application = PageCache(get_wsgi_application())
