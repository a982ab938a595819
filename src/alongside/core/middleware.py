from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from alongside.core.zones import is_valid_zone


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
            "Permissions-Policy", "geolocation=(self), camera=(), microphone=(), payment=(), interest-cohort=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        if user is not None and user.is_authenticated:
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
