"""Boundaries and conversation plans on the journal's timeline, at the time they were written."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def register_timeline_sources() -> None:
    from alongside.journal.timeline import TimelineSource, register_source
    from alongside.plans.models import Boundary, ConversationPlan

    register_source(
        TimelineSource(
            key="boundary",
            model=Boundary,
            at_field="created_at",
            kinds={"boundary": (_("Boundaries"), Q())},
            url_name="plans:boundary_detail",
            summary_template="plans/_timeline_boundary.html",
            defer=("why", "consequence", "held_by"),  # the line shows what and its status
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
        )
    )
