"""The kinds of reminder, and the scanners that find what is due.

Two ways in:
- event-driven: a service calls ``services.schedule(...)`` (e.g. when an invitation is accepted);
- time-driven: an app registers a scanner with ``register_scanner(fn)``; the periodic tick calls
  ``fn(now)``, which yields ``Due`` items. Scheduling is idempotent, so a scanner may yield the same
  item on every tick.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    APPOINTMENT = "appointment", _("An appointment is coming up")
    RIDE_UNFILLED = "ride_unfilled", _("A ride is still needed")
    KIT_EXPIRING = "kit_expiring", _("A naloxone kit is expiring")
    NO_CONTACT = "no_contact", _("No contact for several days")
    SELF_CARE = "self_care", _("Your weekly check-in")
    MILESTONE = "milestone", _("A milestone is reached")
    RISK_PERIOD = "risk_period", _("A new risk period")
    MEMBER_JOINED = "member_joined", _("Someone accepted an invitation")
    MEDICATION_PICKUP = "medication_pickup", _("A medication pick-up is tomorrow")
    TAKE_HOME_ENDS = "take_home_ends", _("Take-home doses end tomorrow")
    ROUTINE = "routine", _("A time in your routine")
    PRACTICE = "practice", _("A practice you planned")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In Alongside")
    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Notification on this device")


# What a member gets before they change anything: everything in the app, e-mail for the
# events that matter most, push only once they subscribe a device.
DEFAULT_CHANNELS: dict[str, set[str]] = {
    EventType.APPOINTMENT: {Channel.IN_APP, Channel.EMAIL, Channel.PUSH},
    EventType.RIDE_UNFILLED: {Channel.IN_APP, Channel.EMAIL, Channel.PUSH},
    EventType.KIT_EXPIRING: {Channel.IN_APP, Channel.EMAIL, Channel.PUSH},
    EventType.NO_CONTACT: {Channel.IN_APP, Channel.PUSH},
    EventType.SELF_CARE: {Channel.IN_APP},
    EventType.MILESTONE: {Channel.IN_APP, Channel.PUSH},
    EventType.RISK_PERIOD: {Channel.IN_APP, Channel.EMAIL, Channel.PUSH},
    EventType.MEMBER_JOINED: {Channel.IN_APP},
    EventType.MEDICATION_PICKUP: {Channel.IN_APP, Channel.EMAIL, Channel.PUSH},
    EventType.TAKE_HOME_ENDS: {Channel.IN_APP, Channel.EMAIL, Channel.PUSH},
    EventType.ROUTINE: {Channel.IN_APP, Channel.PUSH},
    # The member set this reminder themselves, for themselves.
    EventType.PRACTICE: {Channel.IN_APP, Channel.EMAIL, Channel.PUSH},
}


@dataclass(frozen=True)
class Due:
    """One reminder to schedule for one member."""

    event_type: str
    user_id: int
    key: str  # unique per event occurrence, e.g. "kit:<uuid>:30"
    due_at: datetime
    circle_id: object | None = None
    # A link inside Alongside: a URL name and its arguments (never health details).
    url_name: str = ""
    url_args: tuple = ()
    # Optional detail text, shown only to members who opted in to details.
    detail: str = ""
    extra: dict = field(default_factory=dict)


_scanners: list[Callable[[datetime], Iterable[Due]]] = []


def register_scanner(scanner: Callable[[datetime], Iterable[Due]]) -> None:
    if scanner not in _scanners:
        _scanners.append(scanner)


def scanners() -> list[Callable[[datetime], Iterable[Due]]]:
    return list(_scanners)


# Details are stored in a neutral form (a code, a number, a moment) and put into words only when
# sent or shown, in the recipient's language and on the recipient's clock.
_detail_writers: dict[str, Callable[[str, object], str]] = {}


def register_detail_writer(event_type: str, writer: Callable[[str, object], str]) -> None:
    """``writer(detail, user)`` returns the detail in words (the active language is the recipient's)."""
    _detail_writers[event_type] = writer


def detail_in_words(reminder) -> str:
    writer = _detail_writers.get(reminder.event_type)
    if writer is None or not reminder.detail:
        return reminder.detail
    try:
        return writer(reminder.detail, reminder.user)
    except (ValueError, LookupError):
        return reminder.detail  # a detail stored before its writer existed reads as it was
