"""Scheduling and delivering reminders.

Never lost, never twice:
- ``schedule`` is idempotent: one row per (event key, member, channel).
- ``deliver_one_due(now)`` claims one due row with a lease (state "sending", ``claimed_until``),
  sends it outside the claiming transaction, then records the outcome right away. A worker that
  dies mid-send leaves a lease that runs out; the row is then claimed again, so nothing is
  dropped and only the message in flight can go out twice.
- Several workers on PostgreSQL claim with ``SELECT ... FOR UPDATE SKIP LOCKED``: a row is
  claimed by one of them, and a claimed row is not due again until its lease runs out.
- A failed send is retried with back-off; after ``MAX_ATTEMPTS`` it is marked failed and shows
  on the admin page.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from alongside.reminders import timing, transports
from alongside.reminders.endpoints import check_endpoint
from alongside.reminders.events import DEFAULT_CHANNELS, Channel, Due, scanners
from alongside.reminders.models import PushSubscription, Reminder, ReminderSettings, ReminderState

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
UNSUBSCRIBE_SALT = "alongside.reminders.unsubscribe"


def settings_for(user) -> ReminderSettings:
    found = ReminderSettings.objects.filter(user=user).first()
    return found if found is not None else ReminderSettings(user=user)


def channels_for(user, event_type: str, prefs: ReminderSettings | None = None) -> set[str]:
    prefs = prefs or settings_for(user)
    chosen = set(DEFAULT_CHANNELS.get(event_type, {Channel.IN_APP}))
    chosen |= {pair.split(":", 1)[1] for pair in prefs.enabled if pair.split(":", 1)[0] == event_type}
    chosen -= {pair.split(":", 1)[1] for pair in prefs.disabled if pair.split(":", 1)[0] == event_type}
    return chosen


def schedule(due: Due) -> list[Reminder]:
    """Create the rows for one due item on each channel the member wants. Safe to repeat."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=due.user_id, is_active=True).first()
    if user is None:
        return []
    created = []
    for channel in sorted(channels_for(user, due.event_type)):
        try:
            with transaction.atomic():
                created.append(
                    Reminder.objects.create(
                        user=user,
                        circle_id=due.circle_id,
                        event_type=due.event_type,
                        channel=channel,
                        key=due.key,
                        due_at=due.due_at,
                        next_attempt_at=due.due_at,
                        url_name=due.url_name,
                        url_args=[str(a) for a in due.url_args],
                        detail=due.detail[:200],
                    )
                )
        except IntegrityError:
            continue  # already scheduled
    return created


def scan(now: datetime) -> int:
    """Ask every registered scanner for what is due by ``now`` and schedule it."""
    return sum(schedule_from(scanner, now) for scanner in scanners())


def schedule_from(scanner, now: datetime) -> int:
    """Schedule what one scanner finds due by ``now``; returns how many rows were created."""
    return sum(len(schedule(due)) for due in scanner(now))


def _ready(now: datetime):
    return Reminder.objects.filter(
        Q(state=ReminderState.PENDING, next_attempt_at__lte=now)
        | Q(state=ReminderState.SENDING, claimed_until__lt=now)
    )


def lease() -> timedelta:
    """How long a claimed reminder stays with its worker before another may take it."""
    return timedelta(seconds=getattr(settings, "REMINDER_LEASE_SECONDS", LEASE.total_seconds()))


def _claim(now: datetime, limit: int = 1) -> list[Reminder]:
    """Claim up to ``limit`` due rows with a lease, in one short transaction.

    PostgreSQL workers skip rows another worker has locked; on SQLite the IMMEDIATE
    transaction holds the write lock, so claims never overlap.
    """
    ready = _ready(now).order_by("next_attempt_at")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            ready = ready.select_for_update(skip_locked=True)
        ids = list(ready.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Reminder.objects.filter(pk__in=ids).update(
            state=ReminderState.SENDING, claimed_until=now + lease(), attempts=F("attempts") + 1
        )
    return list(Reminder.objects.filter(pk__in=ids).select_related("user").order_by("next_attempt_at"))


# An unsubscribe link works for this long after the e-mail was sent.
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)


def unsubscribe_token(user, event_type: str) -> str:
    """An opaque, expiring token: encrypted (Fernet, so it carries its own time stamp) so that
    a forwarded e-mail or a server log shows neither the member nor the kind of reminder."""
    from alongside.core.fields import cipher

    payload = json.dumps({"u": str(user.public_id), "e": event_type, "s": UNSUBSCRIBE_SALT}).encode()
    return cipher().encrypt(payload).decode("ascii")


def unsubscribe_url(user, event_type: str) -> str:
    return settings.ALONGSIDE_BASE_URL.rstrip("/") + reverse(
        "reminders:unsubscribe", args=[unsubscribe_token(user, event_type)]
    )


def read_unsubscribe_token(token: str):
    """``(user, event_type)`` for a valid token younger than ``UNSUBSCRIBE_MAX_AGE``, else None."""
    from cryptography.fernet import InvalidToken
    from django.contrib.auth import get_user_model

    from alongside.core.fields import cipher

    try:
        data = json.loads(
            cipher().decrypt(token.encode("ascii"), ttl=int(UNSUBSCRIBE_MAX_AGE.total_seconds()))
        )
    except (InvalidToken, UnicodeError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("s") != UNSUBSCRIBE_SALT:
        return None
    user = get_user_model().objects.filter(public_id=data.get("u"), is_active=True).first()
    if user is None:
        return None
    return user, data.get("e")


def _send(reminder: Reminder, prefs: ReminderSettings, mail_connection) -> None:
    if reminder.channel == Channel.IN_APP:
        return  # the inbox shows sent in-app reminders
    if reminder.channel == Channel.EMAIL:
        transports.send_email(
            reminder,
            show_details=prefs.show_details,
            unsubscribe_url=unsubscribe_url(reminder.user, reminder.event_type),
            connection=mail_connection,
        )
    elif reminder.channel == Channel.PUSH:
        subscriptions = list(PushSubscription.objects.filter(user=reminder.user))
        failures = []
        for subscription in subscriptions:
            try:
                transports.send_push(subscription, reminder, show_details=prefs.show_details)
            except transports.GoneError:
                subscription.delete()
            except transports.DeliveryError as exc:
                failures.append(str(exc))
        if failures and len(failures) == len(subscriptions):
            raise transports.DeliveryError("; ".join(failures)[:300])


def deliver_due(now: datetime | None = None, limit: int = 1000, chunk: int = 10) -> int:
    """Deliver up to ``limit`` due reminders, claiming them ``chunk`` at a time.
    Returns how many were handled (sent, held for quiet hours, or failed and rescheduled).

    Each reminder's outcome is written right after its own send, so a worker killed in the
    middle repeats at most the one message it was sending (the rest of its claim waits for
    the lease to run out, then goes out once)."""
    now = now or timezone.now()
    handled = 0
    mail_connection = get_connection()
    while handled < limit:
        claimed = _claim(now, min(chunk, limit - handled))
        if not claimed:
            break
        prefs_by_user = {
            p.user_id: p for p in ReminderSettings.objects.filter(user__in={r.user_id for r in claimed})
        }
        for reminder in claimed:
            _deliver_claimed(reminder, prefs_by_user.get(reminder.user_id), now, mail_connection)
        handled += len(claimed)
    return handled


def _deliver_claimed(
    reminder: Reminder, prefs: ReminderSettings | None, now: datetime, mail_connection
) -> None:
    """Send one claimed reminder (or hold it for quiet hours) and record the outcome at once."""
    prefs = prefs or ReminderSettings(user=reminder.user)
    tz_name = reminder.user.time_zone or "UTC"
    if reminder.channel != Channel.IN_APP and timing.in_quiet_hours(
        now, tz_name, prefs.quiet_start, prefs.quiet_end
    ):
        # Held by quiet hours: not a failed try, so the attempt is given back.
        Reminder.objects.filter(pk=reminder.pk).update(
            state=ReminderState.PENDING,
            next_attempt_at=timing.end_of_quiet_hours(now, tz_name, prefs.quiet_start, prefs.quiet_end),
            claimed_until=None,
            attempts=F("attempts") - 1,
        )
        return
    try:
        _send(reminder, prefs, mail_connection)
    except transports.DeliveryError as exc:
        failed = reminder.attempts >= MAX_ATTEMPTS
        Reminder.objects.filter(pk=reminder.pk).update(
            state=ReminderState.FAILED if failed else ReminderState.PENDING,
            next_attempt_at=now + timing.backoff(reminder.attempts),
            last_error=str(exc)[:300],
            claimed_until=None,
        )
    else:
        Reminder.objects.filter(pk=reminder.pk).update(
            state=ReminderState.SENT, sent_at=now, claimed_until=None, last_error=""
        )


def count_due(now: datetime | None = None) -> int:
    """How many reminders are waiting to go out now (the queue depth shown on /healthz)."""
    now = now or timezone.now()
    return _ready(now).count()


def deliver_one_due(now: datetime | None = None) -> bool:
    """The testable single step: deliver one due reminder; False when nothing was due."""
    return deliver_due(now, limit=1) == 1


def mark_read(user, reminder_ids=None) -> int:
    unread = Reminder.objects.unread_for(user)
    if reminder_ids is not None:
        unread = unread.filter(pk__in=reminder_ids)
    return unread.update(read_at=timezone.now())


def retry_failed(reminders) -> int:
    return reminders.filter(state=ReminderState.FAILED).update(
        state=ReminderState.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )


def save_preferences(
    user, *, wanted: set[str], quiet_start, quiet_end, show_details: bool
) -> ReminderSettings:
    """Store the member's choices as differences from the defaults."""
    from alongside.reminders.events import EventType

    prefs = settings_for(user)
    everything = {f"{e}:{c}" for e in EventType.values for c in Channel.values}
    defaults = {f"{e}:{c}" for e, cs in DEFAULT_CHANNELS.items() for c in cs}
    prefs.enabled = sorted((wanted - defaults) & everything)
    prefs.disabled = sorted(defaults - wanted)
    prefs.quiet_start, prefs.quiet_end, prefs.show_details = quiet_start, quiet_end, show_details
    prefs.save()
    return prefs


def turn_off(user, event_type: str, channel: str = Channel.EMAIL) -> None:
    prefs = settings_for(user)
    pair = f"{event_type}:{channel}"
    prefs.disabled = sorted(set(prefs.disabled) | {pair})
    prefs.enabled = sorted(set(prefs.enabled) - {pair})
    prefs.save()
    Reminder.objects.filter(
        user=user, event_type=event_type, channel=channel, state=ReminderState.PENDING
    ).update(state=ReminderState.CANCELLED)


def subscribe_push(user, *, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keep a browser's push subscription. Raises ``ValueError`` for an endpoint that is not
    https on a public address (see ``endpoints.check_endpoint``)."""
    check_endpoint(endpoint)
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
    )
    return subscription
