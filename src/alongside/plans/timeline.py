"""Boundaries and conversation plans on the journal's timeline, at the time they were written."""

from __future__ import annotations

from django.db.models import Q
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def register_timeline_sources() -> None:
    from alongside.journal.timeline import TimelineSource, choice_label, register_source
    from alongside.plans.models import Boundary, ConversationPlan

    # What plans/_timeline_boundary.html and _timeline_conversation.html show, escaped as they
    # would (without an include per entry; ``truncatewords:14`` is ``Truncator.words``).
    def boundary_summary(entry) -> str:
        return format_html(
            "{}: {} · {}",
            gettext("Boundary"),
            Truncator(entry.what).words(14, truncate=" …"),
            choice_label(Boundary, "status", entry.status),
        )

    def conversation_summary(entry) -> str:
        return format_html(
            "{}: {}", gettext("Conversation plan"), Truncator(entry.goal).words(14, truncate=" …")
        )

    register_source(
        TimelineSource(
            key="boundary",
            model=Boundary,
            at_field="created_at",
            kinds={"boundary": (_("Boundaries"), Q())},
            url_name="plans:boundary_detail",
            summary_template="plans/_timeline_boundary.html",
            defer=("why", "consequence", "held_by"),  # the line shows what and its status
            summary=boundary_summary,
        )
    )
    register_source(
        TimelineSource(
            key="conversation",
            model=ConversationPlan,
            at_field="created_at",
            kinds={"conversation": (_("Conversation plans"), Q())},
            url_name="plans:conversation_detail",
            summary_template="plans/_timeline_conversation.html",
            # the line shows the goal
            defer=("moment", "opening", "i_statements", "ask_help", "options", "if_no", "self_care"),
            summary=conversation_summary,
        )
    )
