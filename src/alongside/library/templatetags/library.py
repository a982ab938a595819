from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

TOPIC_LABELS = {
    "understanding": _("Understanding opioid use"),
    "safety": _("Staying safe"),
    "treatment": _("Treatment and recovery"),
    "together": _("Helping as a family"),
    "yourself": _("Looking after yourself"),
}

FEATURE_LABELS = {
    "emergency": _("The overdose steps, ready offline"),
    "treatment_search": _("Find treatment near you"),
    "meetings": _("Find a meeting"),
    "helplines": _("Helplines"),
    "kits": _("Your circle's naloxone kits"),
    "journal": _("Write down what you notice, with dates"),
    "self_care": _("Check in with yourself"),
    "boundaries": _("Plan your boundaries"),
    "conversation_planner": _("Plan a conversation"),
    "relapse_plan": _("Make a relapse-prevention plan together"),
    "appointments": _("Appointments and rides"),
    "milestones": _("Milestones"),
    "rewards": _("A rewards plan"),
    "programme": _("The family programme: practise each skill with a worksheet"),
}


@register.simple_tag
def topic_label(topic: str) -> str:
    return TOPIC_LABELS.get(topic, topic)


@register.simple_tag
def feature_label(feature: str) -> str:
    return FEATURE_LABELS.get(feature.partition(":")[2], feature)
