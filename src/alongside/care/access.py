from datetime import UTC, datetime, time
from decimal import Decimal

from alongside.core.authz import Member, Public, Record

NOON = datetime(2030, 1, 7, 12, 0, tzinfo=UTC)


def make_appointment(*, circle, author, visibility):
    from alongside.care.models import Appointment

    return Appointment.objects.create(
        circle=circle,
        author=author,
        visibility=visibility,
        kind="doctor",
        title="t",
        starts_at=NOON,
        needs_ride=True,
    )


def make_medication(*, circle, author, visibility):
    from alongside.care.models import Medication

    return Medication.objects.create(circle=circle, author=author, visibility=visibility, kind="methadone")


def make_start(*, circle, author, visibility):
    from alongside.care.models import RecoveryStart

    return RecoveryStart.objects.create(
        circle=circle, author=author, visibility=visibility, start_date=NOON.date()
    )


def make_plan(*, circle, author, visibility):
    from alongside.care.models import RewardPlan

    return RewardPlan.objects.create(
        circle=circle, author=author, visibility=visibility, target="t", budget=Decimal("10")
    )


def make_routine_item(*, circle, author, visibility):
    from alongside.care.models import RoutineItem

    return RoutineItem.objects.create(
        circle=circle, author=author, visibility=visibility, at=time(8), what="w"
    )


def _ride_kwargs(*, circle, members):
    from alongside.care.models import RideOffer

    appointment = make_appointment(circle=circle, author=members["organiser"], visibility="circle")
    ride = RideOffer.objects.create(
        appointment=appointment, occurrence_start=NOON, driver=members["supporter"]
    )
    return {"ride_id": ride.id}


def _feed_kwargs(*, circle, members):
    from alongside.care.services import feed_for
    from alongside.circles.models import Membership

    return {"token": feed_for(Membership.objects.get(circle=circle, user=members["supporter"])).token}


URL_RULES = {
    "care:index": Member(),
    "care:appointments": Member(),
    "care:appointment_create": Member(),
    "care:appointment_detail": Record(kwarg="appointment_id", make=make_appointment),
    "care:appointment_edit": Record(kwarg="appointment_id", make=make_appointment, author_only=True),
    "care:appointment_delete": Record(kwarg="appointment_id", make=make_appointment, author_only=True),
    "care:appointment_ics": Record(kwarg="appointment_id", make=make_appointment),
    "care:offer_ride": Record(kwarg="appointment_id", make=make_appointment, method="POST"),
    "care:rides_week": Member(roles=("organiser",)),
    "care:withdraw_ride": Member(roles=("supporter",), method="POST", kwargs=_ride_kwargs),
    "care:calendar": Member(),
    "care:calendar_reset": Member(method="POST"),
    "care:feed": Public(kwargs=_feed_kwargs),
    "care:medications": Member(),
    # The fixture circle has its person, so only the person records medications.
    "care:medication_create": Member(roles=("person",)),
    "care:medication_detail": Record(kwarg="medication_id", make=make_medication, author_role="person"),
    "care:medication_edit": Record(
        kwarg="medication_id", make=make_medication, author_role="person", author_only=True
    ),
    "care:milestones": Member(),
    # The person's count: only the person notes a day on it, unless they allowed a member
    # (off by default; care/tests/test_story_consent.py covers the allowed case).
    "care:milestone_mark": Record(
        kwarg="start_id", make=make_start, author_role="person", method="POST", author_only=True
    ),
    "care:milestone_take_back": Record(
        kwarg="start_id", make=make_start, author_role="person", method="POST", author_only=True
    ),
    "care:rewards": Member(),
    "care:reward_detail": Record(kwarg="plan_id", make=make_plan),
    "care:habits": Member(),
    "care:routine_add": Member(method="POST"),
    "care:routine_delete": Record(kwarg="item_id", make=make_routine_item, author_only=True, method="POST"),
}
