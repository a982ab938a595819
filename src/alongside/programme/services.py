"""Changes of state for the programme, each in one transaction with its audit row (never the
text), and the read helpers the pages, the circle home and the reminders share."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.circles.records import visibility_q
from alongside.core.zones import local_today, zone
from alongside.programme.content import SLUGS
from alongside.programme.models import Practice, Worksheet


@transaction.atomic
def save_worksheet(actor, circle, skill: str, *, worksheet=None, answers: dict, notes: str, visibility: str):
    """Write or change the actor's worksheet for ``skill`` (one per member and skill)."""
    if skill not in SLUGS:
        raise ValueError(skill)
    created = worksheet is None
    if created:
        worksheet = Worksheet(circle=circle, author=actor, skill=skill)
    elif not worksheet.can_edit(actor):
        raise PermissionError("Only the author changes a worksheet.")
    worksheet.answers, worksheet.notes, worksheet.visibility = answers, notes, visibility
    worksheet.save()
    record_event(actor, Action.CREATED if created else Action.CHANGED, target=worksheet)
    return worksheet


def _cancel_waiting_reminders(practice: Practice) -> None:
    """A practice done, deleted or given a new moment: a reminder still waiting (held by quiet
    hours, or to be retried) for its old moment is not sent."""
    from alongside.reminders.models import Reminder, ReminderState

    Reminder.objects.filter(key__startswith=f"practice:{practice.pk}:", state=ReminderState.PENDING).update(
        state=ReminderState.CANCELLED
    )


@transaction.atomic
def delete_record(actor, record) -> None:
    """Delete one of the actor's own worksheets or practices."""
    if not record.can_edit(actor):
        raise PermissionError("Only the author deletes this.")
    record_event(actor, Action.DELETED, target=record)
    if isinstance(record, Practice):
        _cancel_waiting_reminders(record)
    record.delete()


@transaction.atomic
def save_practice(actor, practice: Practice, *, created: bool) -> Practice:
    if created:
        practice.author = actor
    elif not practice.can_edit(actor):
        raise PermissionError("Only the author changes a practice.")
    else:
        _cancel_waiting_reminders(practice)  # a new moment is a new reminder; the old one waits no more
    practice.save()
    record_event(actor, Action.CREATED if created else Action.CHANGED, target=practice)
    return practice


@transaction.atomic
def record_outcome(actor, practice: Practice, *, outcome: str, notes: str, now=None) -> Practice:
    """ "How did it go?": keep the answer and mark the practice done."""
    if not practice.can_edit(actor):
        raise PermissionError("Only the author says how a practice went.")
    practice.outcome, practice.outcome_notes = outcome, notes
    practice.done_at = now or timezone.now()
    practice.save()
    _cancel_waiting_reminders(practice)
    record_event(actor, Action.CHANGED, target=practice)
    return practice


# --- Reading ---------------------------------------------------------------------------------


def own_worksheets(user, circle) -> dict[str, Worksheet]:
    return {w.skill: w for w in Worksheet.objects.filter(circle=circle, author=user)}


def own_practices(user, circle) -> list[Practice]:
    return list(Practice.objects.filter(circle=circle, author=user).order_by("-created_at"))


def open_practice(practices, skill: str | None = None) -> Practice | None:
    """The member's open practice (of ``skill``), the earliest due first."""
    found = [p for p in practices if p.is_open and (skill is None or p.skill == skill)]
    return min(found, key=lambda p: (p.due_on, p.created_at)) if found else None


NOT_STARTED, WORKSHEET_SAVED, PRACTISING, DONE = "not_started", "worksheet_saved", "practising", "done"


def status_of(skill: str, worksheets, practices: list) -> str:
    """Where the member is with one skill: an open practice means practising; a practice
    marked done means done; else a saved worksheet, else not started. ``worksheets`` holds (or is
    keyed by) the skills the member saved a worksheet for."""
    mine = [p for p in practices if p.skill == skill]
    if any(p.is_open for p in mine):
        return PRACTISING
    if mine:
        return DONE
    if skill in worksheets:
        return WORKSHEET_SAVED
    return NOT_STARTED


@dataclass
class Progress:
    statuses: dict[str, str]
    next_practice: Practice | None
    first_not_started: str | None


def progress(user, circle) -> Progress:
    # Where the member is needs each worksheet's skill, and each practice's skill, whether it is
    # open, and the open ones' day and words: the answers, notes and outcomes are not read (nor
    # decrypted) here.
    worksheets = set(Worksheet.objects.filter(circle=circle, author=user).values_list("skill", flat=True))
    practices = list(
        Practice.objects.filter(circle=circle, author=user)
        .defer("outcome", "outcome_notes")
        .order_by("-created_at")
    )
    statuses = {slug: status_of(slug, worksheets, practices) for slug in SLUGS}
    return Progress(
        statuses=statuses,
        next_practice=open_practice(practices),
        first_not_started=next((s for s in SLUGS if statuses[s] == NOT_STARTED), None),
    )


def shared_with(user, circle):
    """Worksheets and practices others wrote that ``user`` may read (never the user's own)."""
    readable = visibility_q(user)  # the member's memberships, read once for both kinds
    worksheets = Worksheet.objects.filter(readable).in_circle(circle).exclude(author=user)
    practices = Practice.objects.filter(readable).in_circle(circle).exclude(author=user)
    # The list names each one by author and skill: the encrypted contents are not read here.
    worksheets = worksheets.defer("answers", "notes")
    practices = practices.defer("what", "due_on", "outcome", "outcome_notes")
    return list(worksheets.select_related("author")), list(practices.select_related("author"))


# --- What the other apps offer a worksheet ------------------------------------------------------

WEEKS = 12
PARTS_OF_DAY = (
    (5, 12, "morning"),
    (12, 17, "afternoon"),
    (17, 22, "evening"),
)


def part_of_day(hour: int) -> str:
    return next((name for start, end, name in PARTS_OF_DAY if start <= hour < end), "night")


def journal_suggestions(user, circle, now=None) -> dict:
    """From the observations this member may read in the last twelve weeks (through the journal's
    own privacy filter): the weekdays and parts of the day most often noted, and the signs."""
    from alongside.journal.models import Observation
    from alongside.journal.signs import labels_for

    now = now or timezone.now()
    tz = zone(circle.time_zone)
    since = datetime.combine(local_today(circle.time_zone, now) - timedelta(weeks=WEEKS), time.min, tzinfo=tz)
    rows = list(
        Observation.objects.visible_to(user)
        .in_circle(circle)
        .filter(observed_at__gte=since)
        .values_list("observed_at", "signs")
    )
    days, parts, signs = Counter(), Counter(), Counter()
    for at, ticked in rows:
        local = at.astimezone(tz)
        days[local.weekday()] += 1
        parts[part_of_day(local.hour)] += 1
        signs.update(ticked or ())
    return {
        "count": len(rows),
        "days": [(weekday_name(day), n) for day, n in days.most_common(3)],
        "parts": [(part_name(part), n) for part, n in parts.most_common(2)],
        "signs": [(label, n) for (key, n) in signs.most_common(5) for label in labels_for([key])],
    }


def weekday_name(day: int) -> str:
    from django.utils.dates import WEEKDAYS

    return str(WEEKDAYS[day])


def part_name(part: str) -> str:
    return {
        "morning": _("mornings"),
        "afternoon": _("afternoons"),
        "evening": _("evenings"),
        "night": _("nights"),
    }[part]


def guide_situations() -> list[tuple[str, str]]:
    """The enabling-or-supporting guide's situations that shield someone from the results of use."""
    from alongside.plans import content as guide

    return [(s.key, s.situation) for s in guide.current().situations if s.verdict in ("enabling", "depends")]


def visible_boundaries(user, circle) -> list[tuple[str, str]]:
    from alongside.plans.models import Boundary

    return [(str(b.pk), b.what) for b in Boundary.objects.visible_to(user).in_circle(circle)]


def statement_feedback(text: str):
    from alongside.plans.ichecks import check_statement

    return check_statement(text)


def shortlist(user, circle) -> list[dict]:
    """The circle's treatment shortlist this member may read, each with its phone and what the
    last call they may read learned about intake."""
    from alongside.directory.models import CallLog, ShortlistItem

    items = list(ShortlistItem.objects.visible_to(user).in_circle(circle))
    calls = {}
    for call in (
        CallLog.objects.visible_to(user).in_circle(circle).filter(item__in=items).order_by("-called_at")
    ):
        calls.setdefault(call.item_id, call)
    return [{"item": item, "call": calls.get(item.pk)} for item in items]
