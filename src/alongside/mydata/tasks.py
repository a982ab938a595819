"""The export of a large account is assembled by `alongside worker`."""

from __future__ import annotations

from django_tasks import task


@task()
def assemble(export_id: str, language: str = "en") -> None:
    from alongside.mydata.services import assemble_export

    assemble_export(export_id, language=language)
