"""Everything that changes a circle or its membership. Each function takes the acting
user, runs in one transaction and writes its audit row inside it."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.circles.models import Circle, Invitation, Membership, Role, hash_token


class CircleRuleError(ValidationError):
    """A change that would break a rule of the circle (e.g. leaving it without an organiser)."""


def _require_organiser(actor, circle: Circle) -> Membership:
    membership = Membership.objects.for_user(actor).filter(circle=circle).first()
    if membership is None or membership.role != Role.ORGANISER:
        raise CircleRuleError(_("Only an organiser can do that."))
    return membership


def _other_organisers_exist(membership: Membership) -> bool:
    return (
        Membership.objects.active()
        .filter(circle_id=membership.circle_id, role=Role.ORGANISER)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def create_circle(actor, *, person_name: str, time_zone: str = "UTC", role: str = Role.ORGANISER) -> Circle:
    """Create a circle with the actor as its first organiser (or as the person, who then also
    organises: a circle always has an organiser)."""
    circle = Circle.objects.create(person_name=person_name.strip(), time_zone=time_zone, created_by=actor)
    Membership.objects.create(circle=circle, user=actor, role=Role.ORGANISER)
    record_event(actor, Action.CIRCLE_CREATED, circle=circle, target=circle)
    return circle


@transaction.atomic
def create_invitation(
    actor, circle: Circle, *, role: str, label: str = "", email: str = ""
) -> tuple[Invitation, str]:
    """Make a single-use invitation link. Returns the invitation and the raw token, which
    is never stored and so can only be shown (or e-mailed, with ``email_invitation``) now."""
    _require_organiser(actor, circle)
    if role == Role.PERSON and Membership.objects.active().filter(circle=circle, role=Role.PERSON).exists():
        raise CircleRuleError(_("This circle already has its person. Invite them with another role."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        circle=circle,
        role=role,
        label=label.strip(),
        email=email.strip(),
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    record_event(actor, Action.INVITED, circle=circle, target=invitation, role=role, emailed=bool(email))
    return invitation, token


@transaction.atomic
def renew_invitation(actor, invitation: Invitation) -> str:
    """Give an e-mailed invitation a new link and a fresh expiry, to send it again.
    Only the hash is stored, so the old link stops working. Returns the new raw token."""
    _require_organiser(actor, invitation.circle)
    if not invitation.may_be_sent_again():
        raise CircleRuleError(_("This invitation was already used or withdrawn."))
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_DAYS)
    invitation.save(update_fields=["token_hash", "expires_at"])
    record_event(
        actor, Action.INVITED, circle=invitation.circle, target=invitation, role=invitation.role, resent=True
    )
    return token


def email_invitation(actor, invitation: Invitation, link: str) -> None:
    """E-mail the invitation link to ``invitation.email`` in the active language (the inviter's),
    saying who invited them, to which circle, and until when the link works."""
    context = {"invitation": invitation, "inviter": actor, "circle": invitation.circle, "link": link}
    subject = render_to_string("circles/email/invitation_subject.txt", context).strip()
    body = render_to_string("circles/email/invitation_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.select_related("circle").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def revoke_invitation(actor, invitation: Invitation) -> None:
    _require_organiser(actor, invitation.circle)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record_event(actor, Action.INVITATION_REVOKED, circle=invitation.circle, target=invitation)


@transaction.atomic
def accept_invitation(actor, token: str) -> Membership:
    """Join a circle through an invitation. A used, withdrawn or expired link is refused."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.is_usable():
        raise CircleRuleError(_("This invitation link has expired or was already used. Ask for a new one."))
    existing = Membership.objects.for_user(actor).filter(circle_id=invitation.circle_id).first()
    if existing is not None:
        raise CircleRuleError(_("You are already in this circle."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                circle_id=invitation.circle_id, user=actor, role=invitation.role
            )
    except IntegrityError as exc:
        raise CircleRuleError(
            _("This circle already has its person. Ask the organiser for a new link.")
        ) from exc
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_event(actor, Action.JOINED, circle=invitation.circle, target=membership, role=invitation.role)
    return membership


@transaction.atomic
def leave_circle(actor, membership: Membership) -> None:
    if membership.user_id != actor.pk:
        raise CircleRuleError(_("You can only leave a circle yourself."))
    if membership.role == Role.ORGANISER and not _other_organisers_exist(membership):
        raise CircleRuleError(
            _("Make someone else an organiser before you leave: a circle always keeps one.")
        )
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    record_event(actor, Action.LEFT, circle=membership.circle, target=membership)


@transaction.atomic
def remove_member(actor, membership: Membership) -> None:
    _require_organiser(actor, membership.circle)
    if membership.user_id == actor.pk:
        return leave_circle(actor, membership)
    if membership.role == Role.ORGANISER and not _other_organisers_exist(membership):
        raise CircleRuleError(_("A circle always keeps an organiser."))
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    record_event(actor, Action.REMOVED, circle=membership.circle, target=membership)


@transaction.atomic
def change_role(actor, membership: Membership, role: str) -> Membership:
    _require_organiser(actor, membership.circle)
    if role == membership.role:
        return membership
    if membership.role == Role.ORGANISER and not _other_organisers_exist(membership):
        raise CircleRuleError(_("A circle always keeps an organiser. Make someone else an organiser first."))
    if (
        role == Role.PERSON
        and Membership.objects.active()
        .filter(circle=membership.circle, role=Role.PERSON)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise CircleRuleError(_("This circle already has its person."))
    old_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_event(
        actor, Action.ROLE_CHANGED, circle=membership.circle, target=membership, old=old_role, new=role
    )
    return membership


@transaction.atomic
def update_circle_settings(actor, circle: Circle, **changes) -> Circle:
    """Change the circle's name, time zone, or what professionals may see.

    Whether professionals may see shared records is the person's decision when the
    person is a member; otherwise an organiser's.
    """
    membership = Membership.objects.for_user(actor).filter(circle=circle).first()
    if membership is None:
        raise CircleRuleError(_("You are not in this circle."))
    allowed = editable_settings(membership)
    changed = [name for name, value in changes.items() if name in allowed and getattr(circle, name) != value]
    for name in changed:
        setattr(circle, name, changes[name])
    if changed:
        circle.save(update_fields=changed)
        record_event(actor, Action.SETTINGS_CHANGED, circle=circle, target=circle, fields=changed)
    return circle


def editable_settings(membership: Membership) -> set[str]:
    person_is_member = Membership.objects.active().filter(circle=membership.circle, role=Role.PERSON).exists()
    if membership.role == Role.ORGANISER:
        return {"person_name", "time_zone"} | (set() if person_is_member else {"professionals_may_see"})
    if membership.role == Role.PERSON:
        return {"professionals_may_see", "person_name"}
    return set()
