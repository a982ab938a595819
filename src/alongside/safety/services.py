"""Changes to kits, risk periods and the safety plan: one transaction each, with the audit row."""

from __future__ import annotations

from django.db import transaction

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.circles.record_services import delete_record, save_record  # noqa: F401 (re-exported)
from alongside.core.zones import local_today
from alongside.safety.models import SafeHomeTick, SafetyPlan, TrainedMember


@transaction.atomic
def add_risk_event(actor, event):
    """Record a risk period and tell the members who may see it (after the commit)."""
    from alongside.safety.reminders import announce_risk

    save_record(actor, event, created=True)
    transaction.on_commit(lambda: announce_risk(event))
    return event


@transaction.atomic
def set_trained(actor, circle, trained: bool) -> None:
    if trained:
        TrainedMember.objects.update_or_create(
            circle=circle, user=actor, defaults={"trained_on": local_today(circle.time_zone)}
        )
    else:
        TrainedMember.objects.filter(circle=circle, user=actor).delete()
    record_event(actor, Action.CHANGED, circle=circle, trained=trained)


@transaction.atomic
def save_plan(actor, circle, who_to_call: str) -> SafetyPlan:
    plan, _created = SafetyPlan.objects.get_or_create(circle=circle)
    plan.who_to_call = who_to_call
    plan.updated_by = actor
    plan.save()
    record_event(actor, Action.CHANGED, circle=circle, target=plan)
    return plan


@transaction.atomic
def toggle_tick(actor, circle, item: str) -> bool:
    existing = SafeHomeTick.objects.filter(circle=circle, item=item).first()
    if existing:
        existing.delete()
        record_event(actor, Action.CHANGED, circle=circle, checklist=item, ticked=False)
        return False
    SafeHomeTick.objects.create(circle=circle, item=item, ticked_by=actor)
    record_event(actor, Action.CHANGED, circle=circle, checklist=item, ticked=True)
    return True
