"""State changes for a member's own data: export requests and downloads."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.core.fields import cipher
from alongside.mydata.models import DataExport, ExportState

# Above this many rows the export is assembled by the worker instead of during the request.
EXPORT_INLINE_ROWS = getattr(settings, "EXPORT_INLINE_ROWS", 2000)


class ExportNotAvailable(Exception):
    pass


def request_export(actor, *, language: str = "en") -> DataExport:
    """Record the request (audited) and assemble the zip now, or hand it to the worker."""
    from alongside.mydata import export, tasks

    expire_old_exports(actor)
    with transaction.atomic():
        data_export = DataExport.objects.create(user=actor)
        record_event(actor, Action.EXPORT_REQUESTED, target=data_export)
    if export.row_count(actor) <= EXPORT_INLINE_ROWS:
        assemble_export(data_export.pk, language=language)
        data_export.refresh_from_db()
    else:
        transaction.on_commit(lambda: tasks.assemble.enqueue(str(data_export.pk), language))
    return data_export


def assemble_export(export_id, *, language: str = "en") -> None:
    """Build the zip and keep it encrypted with the field key until it is downloaded."""
    from alongside.mydata.export import build_export

    data_export = DataExport.objects.select_related("user").get(pk=export_id)
    if data_export.state != ExportState.PREPARING:
        return
    try:
        content, _counts = build_export(data_export.user, language=language)
    except Exception:
        DataExport.objects.filter(pk=export_id).update(state=ExportState.FAILED)
        raise
    path = data_export.file_path
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(cipher().encrypt(content))
    path.chmod(0o600)
    DataExport.objects.filter(pk=export_id).update(state=ExportState.READY, ready_at=timezone.now())


@transaction.atomic
def download_export(actor, link_token: str) -> bytes:
    """The zip, once: the link works a single time for the member who asked, then the file goes."""
    data_export = (
        DataExport.objects.select_for_update()
        .filter(user=actor, link_token=link_token, state=ExportState.READY)
        .first()
    )
    if data_export is None or data_export.is_expired():
        raise ExportNotAvailable
    content = cipher().decrypt(data_export.file_path.read_bytes())
    data_export.file_path.unlink(missing_ok=True)
    data_export.state = ExportState.DOWNLOADED
    data_export.downloaded_at = timezone.now()
    data_export.save(update_fields=["state", "downloaded_at"])
    record_event(actor, Action.EXPORT_DOWNLOADED, target=data_export)
    return content


def expire_old_exports(user) -> None:
    """Files whose link ran out are removed; the rows stay as a record of the request."""
    for data_export in DataExport.objects.filter(
        user=user, state__in=[ExportState.READY, ExportState.PREPARING]
    ):
        if data_export.is_expired():
            data_export.file_path.unlink(missing_ok=True)
            DataExport.objects.filter(pk=data_export.pk).update(state=ExportState.EXPIRED)


def delete_export_files(user) -> None:
    for data_export in DataExport.objects.filter(user=user):
        data_export.file_path.unlink(missing_ok=True)
