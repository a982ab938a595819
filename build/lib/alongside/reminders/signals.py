"""Event-driven reminders from other apps' signals."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.utils import timezone

from alongside.reminders.events import Due, EventType


def _member_joined(sender, instance, created, **kwargs):
    """Tell the circle's organisers when someone accepts an invitation."""
    if not created:
        return
    from alongside.circles.models import Membership, Role
    from alongside.reminders.services import schedule

    organisers = Membership.objects.active().filter(circle_id=instance.circle_id, role=Role.ORGANISER)
    for organiser in organisers.exclude(user_id=instance.user_id):
        schedule(
            Due(
                event_type=EventType.MEMBER_JOINED,
                user_id=organiser.user_id,
                key=f"joined:{instance.pk}",
                due_at=timezone.now(),
                circle_id=instance.circle_id,
                url_name="circles:members",
                url_args=(instance.circle_id,),
            )
        )


def connect() -> None:
    from alongside.circles.models import Membership

    post_save.connect(_member_joined, sender=Membership, dispatch_uid="reminders.member_joined")
