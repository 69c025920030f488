"""Typed readers for environment variables.

Every setting Masthead reads from the environment goes through one of these, so a
wrong value stops start-up with a message saying what to set, instead of a
surprise later.
"""

import os
import re
import secrets
import zoneinfo
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a true/false word: use true or false"
    )


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = env_str(name, default).lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: use one of {', '.join(choices)}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_timezone(name: str, default: str) -> str:
    value = env_str(name, default) or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a time zone name such as Asia/Dhaka or UTC"
        ) from None
    return value


def data_dir(name: str = "MASTHEAD_DATA", default: str = "masthead-data") -> Path:
    """The folder holding the SQLite database, media files and the secret key."""
    return Path(env_str(name, default) or default).expanduser().resolve()


def secret_key(data: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in data."""
    from_env = env_str("SECRET_KEY")
    if from_env:
        return from_env
    key_file = data / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ImproperlyConfigured(
            f"cannot read {key_file} ({exc.strerror}): set MASTHEAD_DATA to a "
            "folder you can write, or set SECRET_KEY"
        ) from None
    key = secrets.token_urlsafe(50)
    try:
        data.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
    except FileExistsError:
        # Another process wrote it first: use theirs.
        return key_file.read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"the data folder {data} is not writable ({exc.strerror}); "
            "set MASTHEAD_DATA to a folder you can write, or set SECRET_KEY"
        ) from None
    return key


def cache_config(url: str, data: Path) -> dict:
    """A CACHES['default'] entry from CACHE_URL / REDIS_URL.

    redis:// and rediss:// use Django's built-in Redis cache; locmem:// and
    dummy:// are for development; with nothing set the cache is a folder in
    the data directory that every worker process shares, kept by diskcache
    (SQLite and files: 14 µs a read where Django's file cache takes 31 µs and
    2.7 ms a write, and no 300-entry cull; docs/decisions/0006-page-cache.md).
    """
    if not url:
        return disk_cache(data / "cache" / "shared")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme == "file":
        return disk_cache(parts.path or parse_qs(parts.query).get("path", [""])[0])
    raise ImproperlyConfigured(
        f"CACHE_URL={url!r}: use redis://host:port/db, locmem://, dummy:// "
        "or file:///path"
    )


def task_backends(redis_url: str) -> dict:
    """TASKS (django-tasks) from REDIS_URL: with it, jobs wait in Redis for
    `masthead worker` (masthead/jobs/queue.py); without, they run at once,
    inside the request that asked for them."""
    if not redis_url:
        backend = "django_tasks.backends.immediate.ImmediateBackend"
        return {"default": {"BACKEND": backend}}
    if urlsplit(redis_url).scheme.lower() not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"REDIS_URL={redis_url!r}: use redis://host:port/db or rediss://..."
        )
    return {
        "default": {
            "BACKEND": "masthead.jobs.queue.RedisBackend",
            "OPTIONS": {"url": redis_url},
        }
    }


def cdn_purge_url(url: str) -> str:
    """MASTHEAD_CDN_PURGE, checked: cloudflare://, fastly:// or http(s)://."""
    if url and (
        urlsplit(url).scheme not in {"cloudflare", "fastly", "http", "https"}
        or not urlsplit(url).netloc
    ):
        raise ImproperlyConfigured(
            f"MASTHEAD_CDN_PURGE={url!r}: use cloudflare://ZONE_ID, "
            "fastly://SERVICE_ID or http://host:port"
        )
    return url


def disk_cache(location) -> dict:
    return {
        "BACKEND": "masthead.cache.backends.DiskCache",
        "LOCATION": str(location),
        "TIMEOUT": 300,
        # Shared by every process; the page cache's copies are its bulk.
        "OPTIONS": {"size_limit": 2**30, "eviction_policy": "least-recently-stored"},
    }


# MASTHEAD_SEARCH_URL schemes and the Wagtail backend module each one selects.
SEARCH_ENGINES = {
    "elasticsearch7": "wagtail.search.backends.elasticsearch7",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}


def search_backends(url: str, search_config: str = "english") -> dict:
    """WAGTAILSEARCH_BACKENDS from MASTHEAD_SEARCH_URL.

    Empty (or database://) is Wagtail's database backend with our weighting
    (SQLite FTS5 or PostgreSQL full text, whichever database is in use);
    ENGINE+http(s)://[user:password@]host:port[/?index=name] is Elasticsearch
    or OpenSearch, e.g. elasticsearch8+https://search.example.com:9200.
    """
    if not url or url == "database://":
        return {
            "default": {
                "BACKEND": "masthead.search.backends",
                "SEARCH_CONFIG": search_config,
            }
        }
    parts = urlsplit(url)
    engine, _, transport = parts.scheme.lower().partition("+")
    if engine not in SEARCH_ENGINES or transport not in {"http", "https"}:
        raise ImproperlyConfigured(
            f"MASTHEAD_SEARCH_URL={url!r}: use database:// or ENGINE+https://host:port "
            f"with ENGINE one of {', '.join(SEARCH_ENGINES)}"
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"MASTHEAD_SEARCH_URL={url!r} names no host")
    index = parse_qs(parts.query).get("index", ["masthead"])[0]
    return {
        "default": {
            "BACKEND": SEARCH_ENGINES[engine],
            "URLS": [f"{transport}://{parts.netloc}{parts.path.rstrip('/')}"],
            "INDEX": index,
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }


# Rate limits (masthead/limits/ratelimit.py): COUNT/PERIOD, the period a unit
# with an optional multiple: "60/m", "100/h", "10/5m". 0 or off: no limit.
RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_OFF = {"0", "off", "false", "no"}


def parse_rate(text: str) -> tuple[int, int] | None:
    """(requests allowed, window in seconds), or None when the limit is off."""
    value = text.strip().lower()
    if value in RATE_OFF:
        return None
    match = re.fullmatch(r"(\d+)/(\d*)([smhd])", value)
    if match is None or (match[2] and int(match[2]) == 0):
        raise ValueError(f"{text!r} is not a rate")
    count, multiple, unit = int(match[1]), int(match[2] or 1), match[3]
    return (count, multiple * RATE_UNITS[unit]) if count else None


def env_rate(name: str, default: str) -> str:
    raw = env_str(name, default) or default
    try:
        parse_rate(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate: use requests per period such as "
            "60/m, 100/h or 10/5m, or off"
        ) from None
    return raw


def media_storage(url: str) -> tuple[dict, str]:
    """STORAGES['default'] from MEDIA_STORAGE_URL, and the origin images are
    then served from (for the Content-Security-Policy), or "" on disk.

    Empty is the filesystem under MEDIA_ROOT; s3://BUCKET[/PREFIX] is an S3
    bucket (AWS or any S3-compatible service) through django-storages, with
    the endpoint, region and credentials from the AWS_* variables.
    """
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, ""
    parts = urlsplit(url)
    bucket = parts.netloc
    if parts.scheme.lower() != "s3" or not re.fullmatch(
        r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket
    ):
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL={url!r}: use s3://BUCKET or s3://BUCKET/PREFIX "
            "(a bucket name is 3-63 lower-case letters, digits, dots and hyphens)"
        )
    endpoint = env_str("AWS_S3_ENDPOINT_URL")
    if endpoint and (
        urlsplit(endpoint).scheme not in {"http", "https"}
        or not urlsplit(endpoint).netloc
    ):
        raise ImproperlyConfigured(
            f"AWS_S3_ENDPOINT_URL={endpoint!r}: use http(s)://host[:port]"
        )
    domain = env_str("AWS_S3_CUSTOM_DOMAIN").strip("/")
    if "://" in domain:
        raise ImproperlyConfigured(
            f"AWS_S3_CUSTOM_DOMAIN={domain!r}: give the host alone, such as "
            "media.example.com (it is served over https)"
        )
    if domain:
        origin = f"https://{domain.split('/')[0]}"
    elif endpoint:
        origin = f"{urlsplit(endpoint).scheme}://{urlsplit(endpoint).netloc}"
    else:
        origin = f"https://{bucket}.s3.amazonaws.com"
    options = {
        "bucket_name": bucket,
        "location": parts.path.strip("/"),
        # Public pages are cached for minutes and by CDNs: their image links
        # must not be signed links that expire. The bucket (or the CDN in front
        # of it, AWS_S3_CUSTOM_DOMAIN) serves media to everyone.
        "querystring_auth": False,
        # Two photos uploaded as IMG_0001.jpg are two files, as on disk.
        "file_overwrite": False,
        "custom_domain": domain or None,
        # Unset values leave boto3 its own chain (e.g. a machine's role).
        "endpoint_url": endpoint or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, origin


def database_replica(url: str) -> dict | None:
    """DATABASES['replica'] from DATABASE_REPLICA_URL: a read-only copy of the
    primary (masthead/core/dbrouter.py); tests run it on the primary's database."""
    if not url:
        return None
    import dj_database_url

    if not env_str("DATABASE_URL"):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL is set without DATABASE_URL: a replica copies "
            "a PostgreSQL primary, so set DATABASE_URL to that primary"
        )
    try:
        replica = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URL: {exc}; use postgres://user@host:port/name"
        ) from None
    replica["TEST"] = {"MIRROR": "default"}
    return replica
