from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from alongside.safety import content

COUNTRY_COOKIE = "alongside_country"


def _language() -> str:
    return (translation.get_language() or "en")[:2]


@require_GET
@cache_control(public=True, max_age=300)
def emergency(request):
    """The overdose response page: public, lean, and usable offline after one visit."""
    language = _language()
    code = (
        request.GET.get("country")
        or request.COOKIES.get(COUNTRY_COOKIE)
        or content.country_from_accept_language(request.headers.get("Accept-Language", ""))
    )
    country = content.country_for(language, code)
    text = content.page_text(language)
    response = render(
        request,
        "safety/emergency.html",
        {
            "text": text,
            "country": country,
            "countries": content.countries(language),
            "call_label": text["call_label"].replace("{number}", country.number),
            "reviewed": text["reviewed_label"].replace("{date}", str(text["reviewed"])),
        },
    )
    if request.GET.get("country") and country.code == request.GET["country"].upper():
        response.set_cookie(COUNTRY_COOKIE, country.code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@require_GET
def service_worker(request):
    """Caches the emergency page and its files so it opens with the network off."""
    page = reverse("safety:emergency")
    assets = [
        page,
        static("safety/emergency.css"),
        static("safety/emergency.js"),
        static("alongside/img/icon.svg"),
        reverse("safety:manifest"),
    ]
    body = render(
        request,
        "safety/sw.js",
        {"cache_name": f"alongside-emergency-{_language()}-{content.version()}", "page": page, "assets": json.dumps(assets)},
        content_type="application/javascript",
    )
    body["Cache-Control"] = "no-cache"
    body["Service-Worker-Allowed"] = page
    return body


@require_GET
def manifest(request):
    text = content.page_text(_language())
    data = {
        "name": text["title"],
        "short_name": "SOS",
        "start_url": reverse("safety:emergency"),
        "scope": reverse("safety:emergency"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#a4161a",
        "icons": [{"src": static("alongside/img/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")
