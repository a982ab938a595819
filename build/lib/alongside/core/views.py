from __future__ import annotations

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
def home(request):
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
