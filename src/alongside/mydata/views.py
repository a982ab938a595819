from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.mydata import services
from alongside.mydata.models import DataExport, ExportState


@login_required
def index(request):
    services.expire_old_exports(request.user)
    exports = DataExport.objects.filter(user=request.user)[:5]
    return render(request, "mydata/index.html", {"exports": exports, "ExportState": ExportState})


@login_required
@require_POST
def request_export(request):
    data_export = services.request_export(request.user, language=request.LANGUAGE_CODE)
    if data_export.state == ExportState.READY:
        messages.success(request, _("Your export is ready. The download link works once."))
    else:
        messages.success(
            request, _("Your export is being prepared. Come back to this page in a few minutes.")
        )
    return redirect("mydata:index")


@login_required
def download(request, token: str):
    try:
        content = services.download_export(request.user, token)
    except services.ExportNotAvailable as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="alongside-my-data-{timezone.now():%Y-%m-%d}.zip"'
    )
    return response
