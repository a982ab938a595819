from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def preferred_language(request) -> str:
    """The language a visitor chose (the switcher's cookie), else a member's stored language,
    else what the browser asks for (Accept-Language), else English."""
    supported = {code for code, _name in settings.LANGUAGES}
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in supported:
        return chosen
    stored = getattr(request.user, "language", "") if request.user.is_authenticated else ""
    if stored in supported:
        return stored
    return translation.get_language_from_request(request) or settings.LANGUAGE_CODE


@require_GET
def home(request):
    # A first visit to "/" follows the browser's language; the prefixed pages never redirect.
    if translation.get_language() == settings.LANGUAGE_CODE and request.path == "/":
        language = preferred_language(request)
        if language != settings.LANGUAGE_CODE:
            with translation.override(language):
                response = redirect(reverse("core:home"))
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
    if request.user.is_authenticated:
        return redirect("circles:home")
    from alongside.core.sections import home_panels

    panels = [
        render_to_string(panel.template, panel.context(request) if panel.context else {}, request=request)
        for panel in home_panels()
    ]
    return render(request, "core/home.html", {"panels": panels})


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitors: see ``core.health.report`` for what it checks."""
    from alongside.core import health

    try:
        code, body = health.report()
    except Exception:  # noqa: BLE001 - a database that cannot even be read means unhealthy
        health.logger.exception("Health check failed")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse(body, status=code)


@require_GET
def neutral(request):
    """Where quick exit lands: a plain page that says nothing about Alongside."""
    return render(request, "core/neutral.html")


@require_GET
def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


logger = logging.getLogger("alongside.errors")

# What SQLite and PostgreSQL say when the disk is full or the database is read-only.
_CANNOT_WRITE = (
    "database or disk is full",
    "attempt to write a readonly database",
    "no space left on device",
    "could not extend file",
    "read-only transaction",
)


def cannot_write(exc: BaseException | None) -> bool:
    """True when ``exc`` (or an exception it came from) says the database cannot store anything."""
    seen = 0
    while exc is not None and seen < 5:
        if any(words in str(exc).lower() for words in _CANNOT_WRITE):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def server_error(request):
    """Django's 500 handler. A full disk or a read-only database is not the member's fault nor a
    bug: it answers a calm, translated 503 page and logs what happened (never the request's data)."""
    exc = sys.exc_info()[1]
    if not cannot_write(exc):
        return defaults.server_error(request)
    logger.error(
        "The database cannot store anything (%s): answered 503 (request id %s)",
        str(exc).splitlines()[0][:80],
        getattr(request, "request_id", "-"),
    )
    from alongside.core.errors import error_page_context

    # Rendered without the request: context processors read the database, which may be broken.
    # The page has what every error page has: quick exit, the emergency link, the language.
    context = error_page_context(translation.get_language() or settings.LANGUAGE_CODE, 503)
    page = loader.render_to_string("core/unavailable.html", context)
    response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = "120"
    return response
