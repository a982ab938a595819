"""Rules for the authorization matrix (see core/authz.py)."""

from __future__ import annotations

from alongside.core.authz import Member, Record


def make_boundary(*, circle, author, visibility):
    from alongside.plans.models import Boundary

    return Boundary.objects.create(
        circle=circle, author=author, visibility=visibility, what="w", why="y", consequence="c"
    )


def make_conversation(*, circle, author, visibility):
    from alongside.plans.models import ConversationPlan

    return ConversationPlan.objects.create(
        circle=circle,
        author=author,
        visibility=visibility,
        goal="g",
        moment="m",
        opening="o",
        i_statements="I feel",
    )


def make_relapse_plan(*, circle, author, visibility):
    from alongside.plans.models import PlanVersion, RelapsePlan

    plan = RelapsePlan.objects.create(circle=circle, author=author, visibility=visibility, coping="Walk")
    PlanVersion.objects.create(
        plan=plan, number=1, changed_by=author, snapshot='{"coping": "Walk"}', visibility=visibility
    )
    return plan


URL_RULES = {
    "plans:index": Member(),
    "plans:guide": Member(),
    "plans:boundaries": Member(),
    "plans:boundary_create": Member(),
    "plans:boundary_detail": Record(kwarg="boundary_id", make=make_boundary),
    "plans:boundary_edit": Record(kwarg="boundary_id", make=make_boundary, author_only=True),
    "plans:boundary_delete": Record(kwarg="boundary_id", make=make_boundary, author_only=True),
    "plans:boundary_test": Record(kwarg="boundary_id", make=make_boundary, method="POST"),
    "plans:conversations": Member(),
    "plans:conversation_create": Member(),
    "plans:conversation_detail": Record(kwarg="plan_id", make=make_conversation),
    "plans:conversation_rehearse": Record(kwarg="plan_id", make=make_conversation),
    "plans:conversation_edit": Record(kwarg="plan_id", make=make_conversation, author_only=True),
    "plans:conversation_delete": Record(kwarg="plan_id", make=make_conversation, author_only=True),
    "plans:conversation_outcome": Record(
        kwarg="plan_id", make=make_conversation, author_only=True, method="POST"
    ),
    "plans:ichecks": Member(method="POST"),
    "plans:relapse_plan": Member(),
    # The fixture circle has its person, so only the person edits the plan.
    "plans:relapse_plan_edit": Member(roles=("person",)),
    "plans:relapse_plan_history": Record(kwarg="plan_id", make=make_relapse_plan, author_role="person"),
    "plans:relapse_plan_print": Record(kwarg="plan_id", make=make_relapse_plan, author_role="person"),
    "plans:relapse_plan_pdf": Record(kwarg="plan_id", make=make_relapse_plan, author_role="person"),
    "plans:goal": Member(),
}
