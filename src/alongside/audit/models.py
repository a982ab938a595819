"""The audit trail: who did what to which record, and when.

It never stores the words of a journal, note or plan: only the kind of record,
its id, the action, the acting member and a few content-free extras.

Fields:
- ``circle``: the circle the event happened in (empty for account-level events).
- ``actor``: the member who acted; ``actor_label`` keeps their display name at the
  time, so the trail still reads after an account is deleted.
- ``action``: one of ``Action``.
- ``target_type`` / ``target_id``: the record, as ``app_label.model`` and its public id.
- ``extra``: JSON with content-free details (a role, a visibility, a count).
- ``target_author``: who wrote the record, when it has an author; its author always reads the
  events on it in the trail, even once it is deleted or no longer shared.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.core.fields import EncryptedCharField


class Action(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    DELETED = "deleted", _("deleted")
    VIEWED = "viewed", _("read")
    CIRCLE_CREATED = "circle_created", _("created the circle")
    INVITED = "invited", _("sent an invitation")
    INVITATION_REVOKED = "invitation_revoked", _("withdrew an invitation")
    JOINED = "joined", _("joined the circle")
    LEFT = "left", _("left the circle")
    REMOVED = "removed", _("removed a member")
    ROLE_CHANGED = "role_changed", _("changed a member's role")
    SETTINGS_CHANGED = "settings_changed", _("changed the circle's settings")
    EXPORT_REQUESTED = "export_requested", _("asked for an export of their data")
    EXPORT_DOWNLOADED = "export_downloaded", _("downloaded their data")
    ACCOUNT_DELETED = "account_deleted", _("deleted their account")
    HANDOVER_OFFERED = "handover_offered", _("offered to hand over the circle")
    HANDED_OVER = "handed_over", _("took over as organiser")
    CIRCLE_DELETION_SCHEDULED = "circle_deletion_scheduled", _("asked to delete the circle")
    CIRCLE_DELETION_UNDONE = "circle_deletion_undone", _("kept the circle after all")
    CIRCLE_DELETED = "circle_deleted", _("a circle was deleted")
    SESSIONS_ENDED = "sessions_ended", _("signed out everywhere")


class AuditEventQuerySet(models.QuerySet):
    def for_circle(self, circle):
        return self.filter(circle=circle)


class AuditEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(
        "circles.Circle", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = EncryptedCharField(max_length=60, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    target_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["circle", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
            # Which kinds of record a circle's trail names: one seek per kind (audit/services.py).
            models.Index(fields=["circle", "target_type"]),
        ]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.target_type}:{self.target_id}"
