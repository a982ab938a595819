"""The audit trail in plain words: "Maria changed an appointment on 3 March".

Events store a model label (``care.appointment``); readers never see it. Each label has a
translated noun here, and each action a translated sentence. Labels are plain strings, so the
audit app still imports no feature app.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.audit.models import Action

RECORD_NOUNS = {
    "notes.note": gettext_lazy("a note"),
    "journal.observation": gettext_lazy("an observation"),
    "journal.contact": gettext_lazy("a contact"),
    "journal.checkin": gettext_lazy("a self-care check-in"),
    "journal.selfcareplan": gettext_lazy("a self-care plan"),
    "care.appointment": gettext_lazy("an appointment"),
    "care.rideoffer": gettext_lazy("a ride"),
    "care.calendarfeed": gettext_lazy("a calendar address"),
    "care.medication": gettext_lazy("a medication"),
    "care.adherenceentry": gettext_lazy("a day on a medication's log"),
    "care.recoverystart": gettext_lazy("the recovery count"),
    "care.daymark": gettext_lazy("a day on the recovery count"),
    "care.rewardplan": gettext_lazy("a rewards plan"),
    "care.habitcheckin": gettext_lazy("a habits check-in"),
    "care.routineitem": gettext_lazy("a routine item"),
    "plans.boundary": gettext_lazy("a boundary"),
    "plans.conversationplan": gettext_lazy("a conversation plan"),
    "plans.relapseplan": gettext_lazy("the relapse-prevention plan"),
    "plans.personalgoal": gettext_lazy("the goal"),
    "safety.naloxonekit": gettext_lazy("a naloxone kit"),
    "safety.riskevent": gettext_lazy("a risk period"),
    "safety.emergencywishes": gettext_lazy("the emergency wishes"),
    "safety.safetyplan": gettext_lazy("the safety plan"),
    "directory.shortlistitem": gettext_lazy("a shortlist item"),
    "directory.calllog": gettext_lazy("a call log entry"),
    "firststeps.situationchoice": gettext_lazy("a situation"),
    "firststeps.stepdone": gettext_lazy("a family path step"),
    "library.programmechecklist": gettext_lazy("a programme checklist"),
    "programme.worksheet": gettext_lazy("a practice worksheet"),
    "programme.practice": gettext_lazy("a practice for the week"),
    "circles.circle": gettext_lazy("the circle"),
    "circles.membership": gettext_lazy("a membership"),
    "circles.invitation": gettext_lazy("an invitation"),
    "mydata.dataexport": gettext_lazy("a data export"),
    "mydata.handoveroffer": gettext_lazy("a hand-over of the circle"),
}


# One sentence per action, translated only when an event shows it (a page of 50 events used to
# translate all of them for every event).
SENTENCES = {
    Action.CREATED: gettext_lazy("%(who)s added %(what)s on %(date)s"),
    Action.CHANGED: gettext_lazy("%(who)s changed %(what)s on %(date)s"),
    Action.DELETED: gettext_lazy("%(who)s deleted %(what)s on %(date)s"),
    Action.VIEWED: gettext_lazy("%(who)s read %(what)s on %(date)s"),
    Action.CIRCLE_CREATED: gettext_lazy("%(who)s created the circle on %(date)s"),
    Action.INVITED: gettext_lazy("%(who)s sent an invitation on %(date)s"),
    Action.INVITATION_REVOKED: gettext_lazy("%(who)s withdrew an invitation on %(date)s"),
    Action.JOINED: gettext_lazy("%(who)s joined the circle on %(date)s"),
    Action.LEFT: gettext_lazy("%(who)s left the circle on %(date)s"),
    Action.REMOVED: gettext_lazy("%(who)s removed a member on %(date)s"),
    Action.ROLE_CHANGED: gettext_lazy("%(who)s changed a member's role on %(date)s"),
    Action.SETTINGS_CHANGED: gettext_lazy("%(who)s changed the circle's settings on %(date)s"),
    Action.EXPORT_REQUESTED: gettext_lazy("%(who)s asked for an export of their data on %(date)s"),
    Action.EXPORT_DOWNLOADED: gettext_lazy("%(who)s downloaded their data on %(date)s"),
    Action.ACCOUNT_DELETED: gettext_lazy("%(who)s deleted their account on %(date)s"),
    Action.HANDOVER_OFFERED: gettext_lazy("%(who)s offered to hand over the circle on %(date)s"),
    Action.HANDED_OVER: gettext_lazy("%(who)s took over as organiser on %(date)s"),
    Action.CIRCLE_DELETION_SCHEDULED: gettext_lazy("%(who)s asked to delete the circle on %(date)s"),
    Action.CIRCLE_DELETION_UNDONE: gettext_lazy("%(who)s kept the circle after all on %(date)s"),
    Action.CIRCLE_DELETED: gettext_lazy("A circle was deleted on %(date)s"),
    Action.SESSIONS_ENDED: gettext_lazy("%(who)s signed out everywhere on %(date)s"),
}


def record_noun(target_type: str) -> str:
    """A translated noun for a kind of record; never the model's label."""
    noun = RECORD_NOUNS.get(target_type)
    return str(noun) if noun is not None else _("an entry")


def _what(event) -> str:
    if event.target_type:
        return record_noun(event.target_type)
    extra = event.extra or {}
    if "checklist" in extra or "trained" in extra:
        return str(RECORD_NOUNS["safety.safetyplan"])
    if "export" in extra:
        return _("entries, as an export")
    return _("an entry")


def describe(event, who: str | None = None, when: str | None = None) -> str:
    """One event as a sentence in the reader's language (``when``: its day, already formatted)."""
    who = who or event.actor_label or _("a former member")
    when = when or formats.date_format(timezone.localtime(event.created_at), "DATE_FORMAT")
    values = {"who": who, "what": _what(event), "date": when}
    if event.extra and event.extra.get("undone"):
        return _("%(who)s took back a change to %(what)s on %(date)s") % values
    sentence = SENTENCES.get(event.action)
    return (str(sentence) if sentence is not None else _("%(who)s changed %(what)s on %(date)s")) % values


def trail_lines(events) -> list[dict]:
    """Each event as the trail shows it: its machine-readable time, its time of day and its
    sentence. A day or a time of day is formatted once however many events share it (Django's
    date formatting is most of the cost of a page of 50 events)."""
    days: dict = {}
    times: dict = {}
    lines = []
    for event in events:
        local = timezone.localtime(event.created_at)
        day = local.date()
        if day not in days:
            days[day] = formats.date_format(local, "DATE_FORMAT")
        minute = (local.hour, local.minute)
        if minute not in times:
            times[minute] = formats.time_format(local, "TIME_FORMAT")
        lines.append(
            {
                "event": event,
                "iso": local.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "time": times[minute],
                "sentence": describe(event, when=days[day]),
            }
        )
    return lines
