"""Timeline sources from other apps, registered while those apps do not register their own.

Appointments (care) show at their start; a repeating series shows once, at its first
occurrence, with how it repeats.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alongside.journal.timeline import TimelineSource, register_source


def register_other_apps() -> None:
    if apps.is_installed("alongside.care"):
        from alongside.care.models import Appointment

        register_source(
            TimelineSource(
                key="appointment",
                model=Appointment,
                at_field="starts_at",
                kinds={"appointment": (_("Appointments"), Q())},
                url_name="care:appointment_detail",
                summary_template="journal/_appointment_summary.html",
            )
        )
    if apps.is_installed("alongside.plans"):
        from alongside.plans.models import Boundary, ConversationPlan

        register_source(
            TimelineSource(
                key="boundary",
                model=Boundary,
                at_field="created_at",
                kinds={"boundary": (_("Boundaries"), Q())},
                url_name="plans:boundary_detail",
                summary_template="journal/_boundary_summary.html",
            )
        )
        register_source(
            TimelineSource(
                key="conversation",
                model=ConversationPlan,
                at_field="created_at",
                kinds={"conversation": (_("Conversation plans"), Q())},
                url_name="plans:conversation_detail",
                summary_template="journal/_conversation_summary.html",
            )
        )
