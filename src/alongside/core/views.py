from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
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
    """200 when the database answers; 503 otherwise. For load balancers and `serve`."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def neutral(request):
    """Where quick exit lands: a plain page that says nothing about Alongside."""
    return render(request, "core/neutral.html")


@require_GET
def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
