"""The product's own error pages (404, 403, 500).

They render from a plain context, never through context processors or ``request.user``,
so they make no database query: the 500 page must still show when the database is down.
The language comes from the URL prefix (``/es/``, ``/fr/``), as on every other page.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import translation


def error_page_context(language: str, status: int) -> dict:
    """What ``core/error_base.html`` needs, without the request or the database."""
    try:
        quick_exit_url = settings.QUICK_EXIT_URL or reverse("neutral-page")
    except NoReverseMatch:  # pragma: no cover - the neutral page is always routed
        quick_exit_url = "about:blank"
    return {"LANGUAGE_CODE": language, "quick_exit_url": quick_exit_url, "status": status}


def _render_error(request, template_name: str, status: int) -> HttpResponse:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = get_template(template_name).render(error_page_context(language, status))
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def page_not_found(request, exception=None):
    return _render_error(request, "404.html", 404)


def permission_denied(request, exception=None):
    return _render_error(request, "403.html", 403)


def server_error(request):
    """A full disk or a read-only database answers the calm, translated 503 page (logged, with
    Retry-After); anything else the product's own 500 page."""
    from alongside.core import views as core_views

    if core_views.cannot_write(sys.exc_info()[1]):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        with translation.override(language):
            return core_views.server_error(request)
    return _render_error(request, "500.html", 500)
