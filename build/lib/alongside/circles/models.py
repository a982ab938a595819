from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    SUPPORTER = "supporter", _("Supporter")
    PERSON = "person", _("The person at the centre")
    PROFESSIONAL = "professional", _("Professional")


class Circle(models.Model):
    """The group of people around one person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person_name = models.CharField(
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
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["person_name"]

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

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "user"], condition=models.Q(left_at__isnull=True), name="one_active_membership"
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
    label = models.CharField(
        _("who it is for"), max_length=60, blank=True, help_text=_("Only for you to recognise it, e.g. 'Aunt Rosa'.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} invitation to {self.circle}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now
