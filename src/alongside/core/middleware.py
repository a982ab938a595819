from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from alongside.core.zones import is_valid_zone

PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_REAL_IP")


class TrustedProxyMiddleware:
    """When the host named its proxies' addresses, forwarding headers from anyone else are dropped,
    so a client that reaches the server directly cannot choose its address for the log-in rate
    limits or claim HTTPS. (With a count instead of addresses, the server must be reachable only
    through the proxies.)"""

    def __init__(self, get_response):
        self.get_response = get_response
        self.addresses = set(settings.TRUSTED_PROXY_ADDRESSES)
        self.headers = list(PROXY_HEADERS)
        if settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
            self.headers.append("HTTP_" + settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER.upper().replace("-", "_"))

    def __call__(self, request):
        if self.addresses and request.META.get("REMOTE_ADDR") not in self.addresses:
            for header in self.headers:
                request.META.pop(header, None)
            request.__dict__.pop("headers", None)  # a cached copy would still hold them
        return self.get_response(request)


class MemberTimeZoneMiddleware:
    """Pages show times on the signed-in member's own clock unless a view says otherwise
    (circle pages use the circle's clock and label it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
        if is_valid_zone(zone):
            timezone.activate(ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class PrivacyHeadersMiddleware:
    """Headers that keep a shared device and other sites out of a family's business.

    Pages for a signed-in member are never stored by the browser or a proxy, so the
    back button on a shared computer cannot bring them back after a quick exit or log-out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy",
            "geolocation=(self), camera=(), microphone=(), payment=(), interest-cohort=()",
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        if user is not None and user.is_authenticated:
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
