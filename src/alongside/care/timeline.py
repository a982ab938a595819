"""Appointments on the journal's timeline: shown at their start; a repeating series shows once,
at its first occurrence, with how it repeats."""

from __future__ import annotations

from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def register_timeline_sources() -> None:
    from alongside.care.models import Appointment
    from alongside.journal.timeline import TimelineSource, choice_label, register_source

    def summary(entry) -> str:
        """What ``care/_timeline_summary.html`` shows, escaped as it would (without an include per entry)."""
        kind = choice_label(Appointment, "kind", entry.kind)
        if entry.repeat == "none":
            return format_html("{}: {}", kind, entry.title)
        return format_html(
            "{}: {} · {}", kind, entry.title, choice_label(Appointment, "repeat", entry.repeat)
        )

    register_source(
        TimelineSource(
            key="appointment",
            model=Appointment,
            at_field="starts_at",
            kinds={"appointment": (_("Appointments"), Q())},
            url_name="care:appointment_detail",
            summary_template="care/_timeline_summary.html",
            defer=("place", "notes"),  # the line shows the kind, the title and how it repeats
            summary=summary,
        )
    )
