"""The address of the reader who sent a request, for rate limits, login
lock-outs and comment spam checks.

Behind a load balancer REMOTE_ADDR is the balancer. MASTHEAD_TRUSTED_PROXIES
says how many proxies of ours stand in front (nginx, a CDN): each appends the
address it saw to X-Forwarded-For, so the reader is that many entries from the
end. Entries before that are whatever the client sent and are never trusted.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.MASTHEAD_TRUSTED_PROXIES
    if proxies:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(hops) >= proxies:
            remote = hops[-proxies]
    try:
        return str(ip_address(remote))
    except ValueError:
        return "unknown"
