from __future__ import annotations

from django.utils.cache import add_never_cache_headers


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
