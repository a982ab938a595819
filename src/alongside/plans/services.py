"""The functions that change plans. Each runs in one transaction and writes its audit row;
the audit row names the record, never its words."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.circles import story
from alongside.circles.models import Membership, Role
from alongside.circles.record_services import delete_record, save_record  # noqa: F401 (re-exported)
from alongside.plans.models import (
    RELAPSE_SECTIONS,
    SECTION_KEYS,
    Boundary,
    BoundaryTest,
    ConversationOutcome,
    ConversationPlan,
    PersonalGoal,
    PlanVersion,
    RelapsePlan,
)

# --- Generic records -------------------------------------------------------------------------------


@transaction.atomic
def log_boundary_test(
    actor, boundary: Boundary, *, happened_on, what_happened: str, followed_through: str
) -> BoundaryTest:
    """Note one time a boundary was tested. Anyone who can read the boundary may log it."""
    entry = BoundaryTest.objects.create(
        boundary=boundary,
        happened_on=happened_on,
        what_happened=what_happened,
        followed_through=followed_through,
        recorded_by=actor,
    )
    record_event(actor, Action.CHANGED, target=boundary, tested=True)
    return entry


@transaction.atomic
def log_conversation_outcome(
    actor, plan: ConversationPlan, *, happened_on, how_it_went: str, next_time: str
) -> ConversationOutcome:
    """Note how a planned conversation went. Only the plan's author logs it (it is their plan)."""
    if not plan.can_edit(actor):
        raise PermissionError("Only the author logs how their conversation went.")
    outcome = ConversationOutcome.objects.create(
        plan=plan, happened_on=happened_on, how_it_went=how_it_went, next_time=next_time, recorded_by=actor
    )
    record_event(actor, Action.CHANGED, target=plan, outcome=True)
    return outcome


# --- Who owns the person's plan and goal ------------------------------------------------------------


# The circle's person, read once per page inside ``person_read_once`` (circles/story.py keeps the
# scope, so ``story.may_change_story`` shares it).
person_read_once = story.person_read_once
person_in = story.person_in


def relapse_plan_owner_roles(circle) -> tuple[str, ...]:
    """The person owns their plan when they are in the circle; without them, the organisers keep it
    (made with the person, as the page says)."""
    return (Role.PERSON,) if person_in(circle) else (Role.ORGANISER,)


def may_edit_relapse_plan(membership: Membership) -> bool:
    return membership.role in relapse_plan_owner_roles(membership.circle)


def current_relapse_plan(membership: Membership) -> RelapsePlan | None:
    """The circle's plan as this member may see it: the owner's plan, if it is theirs or shared."""
    circle = membership.circle
    plans = RelapsePlan.objects.visible_to(membership.user).in_circle(circle)
    person = person_in(circle)
    if person:
        plans = plans.filter(author=person.user)
    else:
        organisers = Membership.objects.active().filter(circle=circle, role=Role.ORGANISER).values("user_id")
        plans = plans.filter(author__in=organisers)
    plan = None
    if may_edit_relapse_plan(membership):
        # The owner edits their own plan, not another organiser's.
        plan = plans.filter(author=membership.user).first()
    if plan is None:
        plan = plans.first()
    if plan is not None:
        plan.circle = circle  # the audit row of its reading names the circle: no second read
    return plan


def earlier_relapse_plan(membership: Membership) -> RelapsePlan | None:
    """A plan an organiser kept before the person joined, when this member may read it.
    The person can start their own plan from it; it is never theirs without their saying so."""
    person = person_in(membership.circle)
    if person is None:
        return None
    return (
        RelapsePlan.objects.visible_to(membership.user)
        .in_circle(membership.circle)
        .exclude(author=person.user)
        .first()
    )


@transaction.atomic
def save_relapse_plan(
    actor,
    membership: Membership,
    plan: RelapsePlan | None,
    *,
    sections: dict[str, str],
    visibility: str,
    made_with_person: bool,
) -> RelapsePlan:
    """Create or change the relapse-prevention plan and keep a version of every save.

    Only the owner edits (the person when they are a member, otherwise an organiser).
    """
    if not may_edit_relapse_plan(membership):
        raise PermissionError("Only the plan's owner changes it.")
    created = plan is None
    if created:
        plan = RelapsePlan(circle=membership.circle, author=actor)
    elif not plan.can_edit(actor):
        raise PermissionError("Only the plan's owner changes it.")
    for key in SECTION_KEYS:
        setattr(plan, key, sections.get(key, ""))
    plan.visibility = visibility
    plan.made_with_person = made_with_person or membership.role == Role.PERSON
    plan.save()
    number = (plan.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    PlanVersion.objects.create(
        plan=plan,
        number=number,
        changed_by=actor,
        changed_by_label=str(actor)[:60],
        snapshot=json.dumps(plan.sections(), ensure_ascii=False),
        visibility=visibility,
    )
    record_event(
        actor,
        Action.CREATED if created else Action.CHANGED,
        target=plan,
        visibility=visibility,
        version=number,
    )
    return plan


@dataclass(frozen=True)
class SectionChange:
    label: object
    removed: list[str]
    added: list[str]


def diff_sections(before: dict[str, str], after: dict[str, str]) -> list[SectionChange]:
    """What changed between two versions, section by section, as lines removed and added."""
    changes = []
    for key, label in RELAPSE_SECTIONS:
        old = [line.strip() for line in before.get(key, "").splitlines() if line.strip()]
        new = [line.strip() for line in after.get(key, "").splitlines() if line.strip()]
        if old == new:
            continue
        removed, added = [], []
        for line in difflib.ndiff(old, new):
            if line.startswith("- "):
                removed.append(line[2:])
            elif line.startswith("+ "):
                added.append(line[2:])
        changes.append(SectionChange(label=label, removed=removed, added=added))
    return changes


def versions_for(plan: RelapsePlan, reader):
    """The plan's versions ``reader`` may see: those written while they could read the plan."""
    return plan.versions.visible_to(reader)


def latest_version_for(plan: RelapsePlan, reader) -> PlanVersion | None:
    return versions_for(plan, reader).order_by("-number").first()


def version_history(plan: RelapsePlan, reader) -> list[tuple[PlanVersion, list[SectionChange]]]:
    """The versions ``reader`` may see, newest first, each with what it changed from the one
    before it *that the reader may see*: a diff against a private version would show the lines
    written, or deleted, while the plan was private."""
    versions = list(versions_for(plan, reader).order_by("number").select_related("changed_by"))
    history, previous = [], {}
    for version in versions:
        sections = version.sections()
        history.append((version, diff_sections(previous, sections)))
        previous = sections
    history.reverse()
    return history


# --- The person's own goal --------------------------------------------------------------------------


def may_set_goal(membership: Membership) -> bool:
    """The person sets their own goal. Without them in the circle, an organiser or supporter may
    record it, with the person's agreement (the form asks for it)."""
    if membership.role == Role.PERSON:
        return True
    if membership.role == Role.PROFESSIONAL:
        return False
    return person_in(membership.circle) is None


def may_update_persons_goal(membership: Membership, goal: PersonalGoal) -> bool:
    """A member the person allowed (circles/story.py) may change the person's own goal."""
    person = person_in(membership.circle)
    return (
        person is not None
        and goal.author_id == person.user_id
        and membership.role != Role.PERSON
        and story.may_change_story(membership)
    )


@transaction.atomic
def update_persons_goal(
    actor, membership: Membership, goal: PersonalGoal, *, choice: str, in_their_words: str
) -> PersonalGoal:
    """Change the person's goal for them, with their leave; never who can see it. The change is
    kept so the person sees who made it and when, and can undo it."""
    if not may_update_persons_goal(membership, goal):
        raise PermissionError("Only the person, or someone they allowed, changes their goal.")
    story.note_change(actor, membership, goal, fields=("choice", "in_their_words"))
    goal.choice, goal.in_their_words = choice, in_their_words
    goal.save()
    record_event(actor, Action.CHANGED, target=goal)
    return goal


def current_goal(membership: Membership) -> PersonalGoal | None:
    circle = membership.circle
    goals = PersonalGoal.objects.visible_to(membership.user).in_circle(circle).select_related("author")
    person = person_in(circle)
    if person:
        goals = goals.filter(author=person.user)
    goal = goals.first()
    if goal is not None:
        goal.circle = circle  # the audit row of its reading names the circle: no second read
    return goal


@transaction.atomic
def set_goal(
    actor,
    membership: Membership,
    goal: PersonalGoal | None,
    *,
    choice: str,
    in_their_words: str,
    visibility: str,
    agreed_by_person: bool,
) -> PersonalGoal:
    """Set or change the person's goal. A supporter records it only with the person's agreement."""
    if not may_set_goal(membership):
        raise PermissionError("Only the person sets their goal.")
    is_person = membership.role == Role.PERSON
    if not is_person and not agreed_by_person:
        raise PermissionError("A goal is recorded only with the person's agreement.")
    created = goal is None or not goal.can_edit(actor)
    if created:
        goal = PersonalGoal(circle=membership.circle, author=actor)
    goal.choice, goal.in_their_words, goal.visibility = choice, in_their_words, visibility
    goal.agreed_by_person = True
    goal.save()
    record_event(actor, Action.CREATED if created else Action.CHANGED, target=goal, visibility=visibility)
    return goal
