"""The only settings module. Every value comes from the environment (see env.py).

With nothing set, Masthead runs embedded: SQLite in WAL mode, media and a
generated secret key in $MASTHEAD_DATA, a file cache, Wagtail's database search.
DATABASE_URL and REDIS_URL / CACHE_URL switch to production services.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from masthead.config.env import (
    cache_config,
    cdn_purge_url,
    data_dir,
    database_replica,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_str,
    env_timezone,
    media_storage,
    search_backends,
    secret_key,
    task_backends,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# How many proxies of ours (nginx, a CDN) stand in front and append the
# reader's address to X-Forwarded-For (masthead/core/clientip.py).
MASTHEAD_TRUSTED_PROXIES = env_int("MASTHEAD_TRUSTED_PROXIES", 0)

INSTALLED_APPS = [
    "masthead.cache",
    "masthead.core",
    "masthead.articles",
    "masthead.demo",
    "masthead.search",
    "masthead.feeds",
    "masthead.newsroom",
    "masthead.comments",
    "masthead.wordpress",
    "masthead.discovery",
    "masthead.wire",
    "masthead.limits",
    "masthead.security",
    "wagtail.api.v2",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Security (docs/security.md): headers, log-in lock-out, two-factor sign-in.
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "masthead.cache.middleware.CacheHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy and Permissions-Policy on every page, kept with
    # the page in the page cache, so hits carry them too.
    "masthead.security.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Request size and rate limits (docs/security.md), before the CSRF check
    # reads a body, so a refused request costs next to nothing.
    "masthead.limits.middleware.RequestLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "masthead.security.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Each newsroom change (an admin POST) commits whole or not at all.
    "masthead.newsroom.middleware.AtomicNewsroomMiddleware",
    "masthead.newsroom.middleware.EmbargoMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old WordPress addresses Wagtail's redirects cannot see (/?p=123, …/amp/).
    "masthead.wordpress.redirects.WordPressRedirectMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into our answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "masthead.config.urls"
WSGI_APPLICATION = "masthead.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite in the data folder unless DATABASE_URL names another.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=600, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "masthead.sqlite3",
            "OPTIONS": {
                # WAL lets readers carry on while a writer writes; IMMEDIATE
                # transactions and a busy timeout make writers queue, not fail.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    " PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a file too, like production: the browser tests' live
            # server then has a connection of its own, as a real server would.
            "TEST": {"NAME": DATA_DIR / "test-masthead.sqlite3"},
        }
    }
# A streaming replica of the primary for anonymous readers' pages; writes,
# editors and whoever just wrote read the primary (masthead/core/dbrouter.py).
_REPLICA = database_replica(env_str("DATABASE_REPLICA_URL"))
if _REPLICA:
    DATABASES["replica"] = _REPLICA
    DATABASE_ROUTERS = ["masthead.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(0, "masthead.core.dbrouter.ReplicaMiddleware")
# How long after a change pages are rendered from the primary, so that no page
# is rendered from a replica that has not caught up yet and then cached.
MASTHEAD_REPLICA_LAG_SECONDS = env_int("MASTHEAD_REPLICA_LAG_SECONDS", 5, minimum=1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": cache_config(env_str("CACHE_URL") or env_str("REDIS_URL"), DATA_DIR)
}

# Background jobs (CDN purges, related stories): inline by default; with
# REDIS_URL, queued in Redis for `masthead worker` (docs/operations.md).
TASKS = task_backends(env_str("REDIS_URL"))

_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_timezone("TIME_ZONE", "Asia/Dhaka")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded images, renditions and documents: in MEDIA_ROOT, or in an S3
# bucket named by MEDIA_STORAGE_URL (docs/operations.md, "Media in object storage").
MEDIA_STORAGE_URL = env_str("MEDIA_STORAGE_URL")
_MEDIA_STORAGE, MEDIA_ORIGIN = media_storage(MEDIA_STORAGE_URL)
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Hashed file names never change content, so browsers may keep them a year.
WHITENOISE_MAX_AGE = 365 * 24 * 3600

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's live preview frames our own pages
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("MASTHEAD_HTTPS", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# --- Security: headers, sign-in lock-out, two-factor, sessions (docs/security.md)
# Public pages run no script of ours at all and load nothing from elsewhere; a
# page comes from the page cache with the header it was rendered with, so the
# policy holds no per-request nonce. The 500 page's own <style> is allowed by
# its hash (masthead/security/middleware.py).
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        # Plus the bucket's host when media is kept in object storage.
        "img-src": [_SELF, MEDIA_ORIGIN] if MEDIA_ORIGIN else [_SELF],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        # Wagtail's preview panel shows our own pages in a frame.
        "frame-ancestors": [_SELF],
        "upgrade-insecure-requests": HTTPS,
    }
}
# What Wagtail's admin needs on top of that (found by loading its pages in
# Chromium: masthead/security/tests/test_browser_csp.py).
MASTHEAD_ADMIN_CSP_EXTRA = {
    # Wagtail 8's admin pages hold inline scripts (page-specific, so no
    # fixed hash) and the page editor sets inline styles.
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    # Image upload previews.
    "img-src": ["data:", "blob:"],
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Sessions end after MASTHEAD_SESSION_HOURS, signed in or not "remembered".
SESSION_COOKIE_AGE = env_int("MASTHEAD_SESSION_HOURS", 12, minimum=1) * 3600

# Sign-in lock-out (django-axes, counted in the shared cache): after
# MASTHEAD_LOGIN_FAILURE_LIMIT failures for one account from anywhere, or from
# one address for any accounts, both are refused for MASTHEAD_LOGIN_LOCKOUT_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env_int("MASTHEAD_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("MASTHEAD_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lock-out are refused without making it longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "masthead.core.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "masthead.security.lockout.locked_out_response"

# Two-factor sign-in to the admin with an authenticator app (django-otp TOTP,
# masthead/security/twofactor.py): "optional" (each user may turn it on, and
# is then asked for a code), "required" (every admin user must turn it on) or
# "off".
MASTHEAD_2FA = env_choice("MASTHEAD_2FA", ("off", "optional", "required"), "optional")
OTP_TOTP_ISSUER = env_str("MASTHEAD_2FA_ISSUER", "Masthead") or "Masthead"

SILENCED_SYSTEM_CHECKS = [
    "security.W019",  # SAMEORIGIN, not DENY: the editor's preview panel is a frame
    "security.W021",  # HSTS preload is a one-way door for the publisher to choose
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The page editor of a long article posts many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Masthead"
WAGTAILADMIN_BASE_URL = env_str("MASTHEAD_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
# Wagtail's database search unless MASTHEAD_SEARCH_URL names Elasticsearch or
# OpenSearch; PostgreSQL's text search configuration is English, see
# docs/decisions/0003-search-language.md.
WAGTAILSEARCH_BACKENDS = search_backends(
    env_str("MASTHEAD_SEARCH_URL"),
    env_str("MASTHEAD_SEARCH_CONFIG", "english") or "english",
)
# A search whose database work takes longer stops and asks the reader to
# narrow it (masthead/search/deadline.py); 0: no limit.
MASTHEAD_SEARCH_TIMEOUT_SECONDS = env_int("MASTHEAD_SEARCH_TIMEOUT_MS", 3000) / 1000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILREDIRECTS_AUTO_CREATE = True
TAGGIT_CASE_INSENSITIVE = True

MASTHEAD_PAGE_SIZE = 20
# Email goes to the console (the server's log) until an SMTP server is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")

# How often the worker publishes scheduled stories (seconds).
MASTHEAD_SCHEDULER_INTERVAL = env_int("MASTHEAD_SCHEDULER_INTERVAL", 15, minimum=1)

# URLs per sitemap file: the sitemaps.org limit; tests lower it to see the split.
MASTHEAD_SITEMAP_LIMIT = 50_000

# Comments: who hears of comments to moderate, how deep replies nest, and how
# soon after the page was rendered a person can have typed one (seconds).
MASTHEAD_MODERATOR_EMAILS = env_list("MASTHEAD_MODERATOR_EMAILS", [])
MASTHEAD_COMMENT_MAX_DEPTH = env_int("MASTHEAD_COMMENT_MAX_DEPTH", 3, minimum=1)
MASTHEAD_COMMENT_MIN_SECONDS = env_int("MASTHEAD_COMMENT_MIN_SECONDS", 3)

# What `masthead worker` runs on every pass besides scheduled publishing.
MASTHEAD_WORKER_JOBS = [
    "masthead.discovery.counting.flush_view_counts",
    "masthead.wire.ingest.ingest_due_sources",
]

# How often each active wire source is checked for agency stories (seconds).
MASTHEAD_WIRE_INTERVAL = env_int("MASTHEAD_WIRE_INTERVAL", 300, minimum=60)

# Related stories under each article ("You may also like"): at least three.
MASTHEAD_RELATED_COUNT = env_int("MASTHEAD_RELATED_COUNT", 4, minimum=3)

# Whole-page cache for anonymous readers (docs/decisions/0006-page-cache.md):
# how long a page stays fresh at most (any change a reader could see replaces
# it at once), how long a CDN may keep it, how long an old copy is kept to
# serve while the database is down, and each process's share of memory.
MASTHEAD_PAGE_CACHE_SECONDS = env_int("MASTHEAD_PAGE_CACHE_SECONDS", 300)
MASTHEAD_CDN_SECONDS = env_int("MASTHEAD_CDN_SECONDS", 60)
MASTHEAD_PAGE_CACHE_STALE_SECONDS = env_int(
    "MASTHEAD_PAGE_CACHE_STALE_SECONDS", 24 * 3600, minimum=1
)
MASTHEAD_PAGE_CACHE_MEMORY_MB = env_int("MASTHEAD_PAGE_CACHE_MEMORY_MB", 64, minimum=1)
# A CDN in front to purge on changes (masthead/cache/purge.py), e.g.
# cloudflare://ZONE_ID, fastly://SERVICE_ID or http://varnish:6081.
MASTHEAD_CDN_PURGE = cdn_purge_url(env_str("MASTHEAD_CDN_PURGE"))
CLOUDFLARE_API_TOKEN = env_str("CLOUDFLARE_API_TOKEN")
FASTLY_API_TOKEN = env_str("FASTLY_API_TOKEN")
if MASTHEAD_CDN_PURGE.startswith("http"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": MASTHEAD_CDN_PURGE,
        }
    }

# -- Abuse limits (masthead/limits, docs/security.md) ----------------------------
# Requests per reader's address: COUNT/PERIOD such as 60/m, 100/h or 10/5m;
# 0 or off turns a limit off. Counted in the default cache (Redis when set).
MASTHEAD_RATE_LIMIT_SEARCH = env_rate("MASTHEAD_RATE_LIMIT_SEARCH", "60/m")
MASTHEAD_RATE_LIMIT_COMMENTS = env_rate("MASTHEAD_RATE_LIMIT_COMMENTS", "5/m")
MASTHEAD_RATE_LIMIT_LOGIN = env_rate("MASTHEAD_RATE_LIMIT_LOGIN", "10/m")
# Public pages: a POST body (a 5,000-character comment is under 30 KB) and a
# query string (a search is at most 200 characters) no larger than these.
MASTHEAD_MAX_POST_KB = env_int("MASTHEAD_MAX_POST_KB", 64, minimum=1)
MASTHEAD_MAX_QUERY_STRING = env_int("MASTHEAD_MAX_QUERY_STRING", 2048, minimum=256)
# Any form, the admin's included (files apart): Django's 2.5 MB default holds
# the longest article; larger uploaded files go to disk, not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Uploaded images: a press photo is 5-15 MB and 12-33 megapixels (a 45 MP
# original needs 50); far more pixels is a decompression bomb, not a photo.
MASTHEAD_IMAGE_MAX_MB = env_int("MASTHEAD_IMAGE_MAX_MB", 20, minimum=1)
MASTHEAD_IMAGE_MAX_MEGAPIXELS = env_int("MASTHEAD_IMAGE_MAX_MEGAPIXELS", 40, minimum=1)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MASTHEAD_IMAGE_MAX_MB * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = MASTHEAD_IMAGE_MAX_MEGAPIXELS * 1_000_000
