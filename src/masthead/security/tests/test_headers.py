"""Every response carries the security headers, pages from the page cache
included, and the public policy allows no inline script or style."""

import base64
import hashlib
import os
import re
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

from masthead.articles.tests.factories import ArticleFactory
from masthead.cache.tests.wsgi_client import fetch
from masthead.cache.views import server_error

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_security_headers(headers: dict[str, str]) -> None:
    policy = directives(headers["content-security-policy"])
    for name, value in PUBLIC_POLICY.items():
        assert policy[name] == value, name
    assert "nonce-" not in headers["content-security-policy"]
    assert "unsafe" not in headers["content-security-policy"]
    assert "camera=()" in headers["permissions-policy"]
    assert "geolocation=()" in headers["permissions-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["cross-origin-opener-policy"] == "same-origin"


def test_cached_pages_carry_the_same_headers_as_fresh_ones():
    story = ArticleFactory(title="Riverbank path opens to walkers")
    for path in ("/", story.url, "/search/?q=riverbank"):
        miss = fetch(path, accept_encoding="br")
        hit = fetch(path, accept_encoding="br")
        assert (miss.cache, hit.cache) == ("MISS", "HIT"), path
        assert_security_headers(miss.headers)
        assert_security_headers(hit.headers)
        for name in ("content-security-policy", "permissions-policy"):
            assert hit.headers[name] == miss.headers[name]
        plain = fetch(path)  # a client that takes no compression
        assert_security_headers(plain.headers)


def test_public_pages_hold_no_inline_script_style_or_handler():
    story = ArticleFactory(title="Riverbank path opens to walkers")
    for path in ("/", story.url, "/search/?q=path", "/no-such-page/"):
        html = fetch(path).text
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert all('type="application/ld+json"' in attrs for attrs in scripts), path
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html), path
        assert "javascript:" not in html


def test_the_admin_gets_what_wagtail_needs_and_no_more(client):
    user = get_user_model().objects.create_superuser("editor", password="x")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_error_page_style_is_allowed_by_its_hash_alone(rf):
    response = server_error(rf.get("/"))
    from masthead.security.middleware import ContentSecurityPolicyMiddleware

    response = ContentSecurityPolicyMiddleware(lambda request: response)(rf.get("/"))
    css = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S)[1]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    policy = directives(response["Content-Security-Policy"])
    assert policy["style-src"] == f"'self' 'sha256-{digest}'"


def production_settings(**env) -> dict[str, str]:
    """Settings as `masthead serve` would load them with this environment."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: str(getattr(s, k)) for k in ("
        "'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
        "'SECURE_SSL_REDIRECT', 'CONTENT_SECURITY_POLICY')}))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", code],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "masthead.config.settings",
            "SECRET_KEY": "x" * 60,
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(result.stdout)


def test_https_turns_on_hsts_secure_cookies_and_upgrades():
    over_https = production_settings(MASTHEAD_HTTPS="true")
    assert int(over_https["SECURE_HSTS_SECONDS"]) >= 365 * 24 * 3600
    assert over_https["SESSION_COOKIE_SECURE"] == "True"
    assert over_https["CSRF_COOKIE_SECURE"] == "True"
    assert over_https["SECURE_SSL_REDIRECT"] == "True"
    assert "'upgrade-insecure-requests': True" in over_https["CONTENT_SECURITY_POLICY"]
    plain = production_settings(MASTHEAD_HTTPS="false")
    assert plain["SESSION_COOKIE_SECURE"] == "False"
    assert "'upgrade-insecure-requests': False" in plain["CONTENT_SECURITY_POLICY"]


def test_hsts_is_sent_on_secure_requests(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "masthead",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env={
            # The browser tests allow sync database calls in async code for
            # playwright; a deployment never does, and the check says so.
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "MASTHEAD_DATA": str(tmp_path),
            "MASTHEAD_HTTPS": "true",
            "ALLOWED_HOSTS": "news.example.com",
            "SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
