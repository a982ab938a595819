"""The daily refresh of meeting lists registered by URL, run by the worker.

The reminders' periodic ``tick`` calls ``enqueue_if_due`` each minute; the fetching itself runs as
its own task so a slow feed server never delays a reminder.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from alongside.meetings import feeds


@task()
def refresh_feeds() -> int:
    return feeds.refresh_due(timezone.now())


def enqueue_if_due(now=None) -> bool:
    from django_tasks_db.models import DBTaskResult

    if not feeds.due(now).exists():
        return False
    if DBTaskResult.objects.filter(
        task_path=refresh_feeds.module_path, status__in=["READY", "RUNNING"]
    ).exists():
        return False
    refresh_feeds.enqueue()
    return True
