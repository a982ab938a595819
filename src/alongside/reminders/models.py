from __future__ import annotations

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.core.fields import EncryptedCharField
from alongside.reminders.events import Channel, EventType


class ReminderSettings(models.Model):
    """A member's reminder preferences. Time zone comes from the member's account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    quiet_start = models.TimeField(_("quiet hours start"), null=True, blank=True, default=time(22, 0))
    quiet_end = models.TimeField(_("quiet hours end"), null=True, blank=True, default=time(7, 0))
    show_details = models.BooleanField(
        _("show details in e-mails and notifications"),
        default=False,
        help_text=_("Off: messages only say that you have a new reminder."),
    )
    # "event:channel" pairs the member switched off or on, compared with DEFAULT_CHANNELS.
    disabled = models.JSONField(default=list, blank=True)
    enabled = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"Reminder settings of {self.user}"


class ReminderState(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed after the last try")
    CANCELLED = "cancelled", _("cancelled")


class ReminderQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(state=ReminderState.PENDING, next_attempt_at__lte=now)

    def inbox_for(self, user):
        return self.filter(user=user, channel=Channel.IN_APP, state=ReminderState.SENT)

    def unread_for(self, user):
        return self.inbox_for(user).filter(read_at__isnull=True)


class Reminder(models.Model):
    """One message for one member on one channel. The unique key makes scheduling idempotent:
    the same event never produces two rows for the same member and channel."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    circle = models.ForeignKey(
        "circles.Circle", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event_type = models.CharField(max_length=32, choices=EventType.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    key = models.CharField(max_length=200)
    due_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=ReminderState.choices, default=ReminderState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    url_name = models.CharField(max_length=100, blank=True)
    url_args = models.JSONField(default=list, blank=True)
    detail = EncryptedCharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(fields=["key", "user", "channel"], name="one_reminder_per_event")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="reminder_due_idx"),
            models.Index(fields=["user", "channel", "state", "-due_at"], name="reminder_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} for {self.user} by {self.channel}"

    @property
    def detail_text(self) -> str:
        """The detail in words, in the active language and on the member's clock."""
        from alongside.reminders.events import detail_in_words

        return detail_in_words(self)


class PushSubscription(models.Model):
    """A browser's Web Push subscription. Removed when the push service answers 404 or 410."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Push subscription of {self.user}"
