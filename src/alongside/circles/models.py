from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.fields import EncryptedCharField, EncryptedTextField


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    SUPPORTER = "supporter", _("Supporter")
    PERSON = "person", _("The person at the centre")
    PROFESSIONAL = "professional", _("Professional")


class Circle(models.Model):
    """The group of people around one person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person_name = EncryptedCharField(
        _("their first name or a nickname"),
        max_length=40,
        help_text=_("Only a first name or a nickname. No surname is needed."),
    )
    time_zone = models.CharField(_("circle time zone"), max_length=64, default="UTC")
    professionals_may_see = models.BooleanField(
        _("professionals may see what is shared with them"),
        default=True,
        help_text=_("When off, professionals in the circle see nothing but the member list."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]  # the name is encrypted at rest

    def __str__(self) -> str:
        return self.person_name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at__isnull=True)

    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.active().filter(user=user)


class Membership(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    # Set by the person only (see circles/story.py): this member may also change the records of
    # the person's own story (the recovery count, the goal, medications). Off for everyone.
    may_update_persons_records = models.BooleanField(
        _("may update my recovery count, goal and medications"), default=False
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "user"],
                condition=models.Q(left_at__isnull=True),
                name="one_active_membership",
            ),
            models.UniqueConstraint(
                fields=["circle"],
                condition=models.Q(left_at__isnull=True, role="person"),
                name="one_person_per_circle",
            ),
        ]
        ordering = ["joined_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.circle}"

    @property
    def is_organiser(self) -> bool:
        return self.role == Role.ORGANISER


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """A single-use, expiring link that adds someone to a circle with a role.

    Only a hash of the token is stored: the link is shown once, to the member who made it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    label = EncryptedCharField(
        _("who it is for"),
        max_length=60,
        blank=True,
        help_text=_("Only for you to recognise it, e.g. 'Aunt Rosa'."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set when the invitation was e-mailed by Alongside; blank for a link the organiser sends.
    # Encrypted at rest like the label: the address of someone not (yet) a member. No lookups.
    email = EncryptedCharField(_("e-mail address"), max_length=254, blank=True, validators=[validate_email])
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} invitation to {self.circle}"

    def may_be_sent_again(self) -> bool:
        """An e-mailed invitation not yet used or withdrawn (expired ones too: sending renews it)."""
        return bool(self.email) and self.accepted_at is None and self.revoked_at is None

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class RecordChange(models.Model):
    """A change someone other than the person made to a record of the person's own story
    (a day noted on the recovery count, the goal, a medication), kept so the person sees who
    did it and when, and can undo it (``circles/story.py``).

    ``before`` holds the record's fields as they were (encrypted, like the record itself);
    empty when the change added the record.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("added")
        CHANGED = "changed", _("changed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="+")
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    before = EncryptedTextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by_label = EncryptedCharField(blank=True)  # a name: encrypted at rest
    changed_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at"]
        indexes = [
            models.Index(fields=["circle", "-changed_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_type} by {self.changed_by_label}"
