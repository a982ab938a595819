"""Appointments on the journal's timeline: shown at their start; a repeating series shows once,
at its first occurrence, with how it repeats."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def register_timeline_sources() -> None:
    from alongside.care.models import Appointment
    from alongside.journal.timeline import TimelineSource, register_source

    register_source(
        TimelineSource(
            key="appointment",
            model=Appointment,
            at_field="starts_at",
            kinds={"appointment": (_("Appointments"), Q())},
            url_name="care:appointment_detail",
            summary_template="care/_timeline_summary.html",
            defer=("place", "notes"),  # the line shows the kind, the title and how it repeats
        )
    )
