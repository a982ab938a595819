from datetime import date

from alongside.core.authz import Member, Public, Record


def make_kit(*, circle, author, visibility):
    from alongside.safety.models import NaloxoneKit

    return NaloxoneKit.objects.create(
        circle=circle, author=author, visibility=visibility, location="x", expires_on=date(2031, 1, 1)
    )


def make_risk(*, circle, author, visibility):
    from alongside.safety.models import RiskEvent

    return RiskEvent.objects.create(
        circle=circle, author=author, visibility=visibility, kind="left_detox", started_on=date(2026, 1, 1)
    )


URL_RULES = {
    "safety:emergency": Public(),
    "safety:service_worker": Public(),
    "safety:manifest": Public(),
    "safety:kits": Member(),
    "safety:kit_edit": Record(kwarg="kit_id", make=make_kit, author_only=True),
    "safety:kit_delete": Record(kwarg="kit_id", make=make_kit, author_only=True, method="POST"),
    "safety:trained": Member(method="POST"),
    "safety:risks": Member(),
    "safety:risk_delete": Record(kwarg="event_id", make=make_risk, author_only=True, method="POST"),
    "safety:plan": Member(),
    "safety:plan_tick": Member(
        roles=("organiser", "supporter", "person"),
        method="POST",
        kwargs=lambda **_: {"item": "medicines_locked"},
    ),
}
