from __future__ import annotations

from django.db import transaction

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.circles.records import Visibility
from alongside.firststeps.models import SituationChoice, StepDone


@transaction.atomic
def save_situation(actor, circle, situation: str) -> SituationChoice:
    choice = SituationChoice.objects.create(
        circle=circle, author=actor, situation=situation, visibility=Visibility.SUPPORTERS
    )
    record_event(actor, Action.CREATED, target=choice)
    return choice


def current_situation(user, circle) -> SituationChoice | None:
    return SituationChoice.objects.visible_to(user).in_circle(circle).first()


@transaction.atomic
def toggle_step(actor, circle, step: str) -> bool:
    """Mark a step done, or undo the mark. Returns whether it is now done."""
    # The step is encrypted at rest: find it in Python among this author's marks.
    existing = next((m for m in StepDone.objects.filter(circle=circle, author=actor) if m.step == step), None)
    if existing:
        record_event(actor, Action.DELETED, target=existing)
        existing.delete()
        return False
    shared = StepDone.objects.filter(circle=circle, author=actor, visibility=Visibility.SUPPORTERS).exists()
    mark = StepDone.objects.create(
        circle=circle,
        author=actor,
        step=step,
        visibility=Visibility.SUPPORTERS if shared else Visibility.ONLY_ME,
    )
    record_event(actor, Action.CREATED, target=mark)
    return True


@transaction.atomic
def share_progress(actor, circle, share: bool) -> int:
    visibility = Visibility.SUPPORTERS if share else Visibility.ONLY_ME
    marks = StepDone.objects.filter(circle=circle, author=actor)
    for mark in marks:
        record_event(actor, Action.CHANGED, target=mark, visibility=visibility)
    return marks.update(visibility=visibility)


def done_steps(user, circle) -> set[str]:
    return set(StepDone.objects.filter(circle=circle, author=user).values_list("step", flat=True))


def shared_progress_of_others(user, circle) -> dict:
    """What other supporters chose to share: their name and how many steps they have done."""
    counts: dict = {}
    # Only who and how many: which steps they are is not read (nor decrypted).
    marks = StepDone.objects.visible_to(user).in_circle(circle).exclude(author=user).defer("step")
    for mark in marks.select_related("author"):
        counts[mark.author] = counts.get(mark.author, 0) + 1
    return counts
