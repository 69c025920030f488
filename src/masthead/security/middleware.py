"""Security headers.

Content-Security-Policy comes from django-csp: the strict policy of
settings.CONTENT_SECURITY_POLICY everywhere, plus MASTHEAD_ADMIN_CSP_EXTRA
under /admin/ for what Wagtail's admin needs. Public pages hold no nonce:
a page is kept in the page cache with its headers and served to everyone.
"""

import base64
import hashlib
import re
from functools import cache

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.template.loader import get_template

ADMIN_PREFIX = "/admin/"  # as masthead.config.urls mounts it


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        extra = {}
        if request.path_info.startswith(ADMIN_PREFIX):
            extra = settings.MASTHEAD_ADMIN_CSP_EXTRA
        elif response.status_code == 500:
            extra = {"style-src": error_page_style_hashes()}
        if extra:
            parts.update = {**extra, **(parts.update or {})}
        return parts


@cache
def error_page_style_hashes() -> list[str]:
    """The 500 page carries its own <style>, so that it shows even when static
    files do not: allowed by the hash of its text, which no other text has."""
    source = get_template("500.html").template.source
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
        for css in re.findall(r"<style>(.*?)</style>", source, flags=re.DOTALL)
    ]
