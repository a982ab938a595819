"""Care pages keep what costs the same for every visit (a blank form's markup) and ask only the
queries they need, without changing what anyone sees."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from alongside.care.forms import DayMarkForm, HabitForm, RewardPlanForm, RoutineForm
from alongside.care.models import RecoveryStart, RewardPlan
from alongside.circles.models import Membership, Role
from alongside.core.forms import RenderedOnceWhenBlank

pytestmark = pytest.mark.django_db


def afresh(form) -> str:
    """The markup Django itself renders for ``form``, bypassing what was kept."""
    return forms.BaseForm.render(form)


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("role", [Role.ORGANISER, Role.PERSON])
def test_a_kept_blank_form_is_the_markup_rendered_afresh(language, role):
    RenderedOnceWhenBlank._kept_renderings.clear()
    today = date(2026, 3, 5)
    with translation.override(language):
        for make in (
            lambda: RewardPlanForm(role=role),
            lambda: HabitForm(today=today, initial={"day": today}, role=role),
            lambda: RoutineForm(role=role),
            lambda: DayMarkForm(today=today, initial={"day": today}),
        ):
            first, second = str(make()), str(make())
            assert first == second == afresh(make())
    assert RenderedOnceWhenBlank._kept_renderings  # kept, so the second rendering cost nothing


def test_what_changes_the_markup_changes_what_is_kept():
    with translation.override("en"):
        organiser, person = str(RewardPlanForm(role=Role.ORGANISER)), str(RewardPlanForm(role=Role.PERSON))
        monday = str(HabitForm(today=date(2026, 3, 2), initial={"day": date(2026, 3, 2)}))
        tuesday = str(HabitForm(today=date(2026, 3, 3), initial={"day": date(2026, 3, 3)}))
    with translation.override("es"):
        spanish = str(RewardPlanForm(role=Role.ORGANISER))
    # Each role starts from its own default visibility (supporters / only me).
    assert organiser != person and organiser == afresh(RewardPlanForm(role=Role.ORGANISER))
    assert 'value="2026-03-02"' in monday and 'value="2026-03-03"' in tuesday
    assert spanish != organiser


def test_a_form_sent_back_with_errors_shows_what_was_typed_and_the_next_visit_is_blank(
    client, circle_members
):
    c = circle_members
    client.force_login(c["organiser"])
    url = reverse("care:rewards", args=[c["circle"].id])
    client.get(url)  # the blank form is kept
    response = client.post(url, {"target": "Typed target words", "start_value": "-1", "visibility": "circle"})
    page = response.content.decode()
    assert response.status_code == 200 and not RewardPlan.objects.exists()
    assert "Typed target words" in page and "Use zero or more." in page
    page = client.get(url).content.decode()
    assert "Typed target words" not in page and "Use zero or more." not in page


def test_the_keeper_of_a_count_takes_back_a_day_when_the_person_is_not_in_the_circle(client, circle_members):
    c = circle_members
    Membership.objects.filter(circle=c["circle"], role=Role.PERSON).delete()
    start = RecoveryStart.objects.create(
        circle=c["circle"], author=c["organiser"], visibility="supporters", start_date=date(2026, 1, 1)
    )
    start.marks.create(day=date(2026, 1, 10), kind="setback", recorded_by=c["organiser"])
    url = reverse("care:milestones", args=[c["circle"].id])
    client.force_login(c["organiser"])
    assert "Take back" in client.get(url).content.decode()
    client.force_login(c["supporter"])  # reads the count, but it is not theirs to keep
    page = client.get(url).content.decode()
    assert "Days noted" in page and "Take back" not in page
