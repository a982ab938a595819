"""A second self-care check-in on the same day updates that day's, and says so; the
check-in table fits a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.journal.models import CheckIn
from alongside.journal.services import today_for


def post_check_in(client, c, stress, day, note=""):
    return client.post(
        reverse("journal:self_care_check_in", args=[c["circle"].id]),
        {"checked_on": day, "stress": str(stress), "sleep": "badly", "mood": "low", "note": note},
        follow=True,
    )


@pytest.mark.django_db
def test_a_second_check_in_on_the_same_day_updates_the_first(c, client):
    client.force_login(c["supporter"])
    today = today_for(c["supporter"]).isoformat()
    post_check_in(client, c, 8, today, "first")
    page = client.get(reverse("journal:self_care", args=[c["circle"].id])).content.decode()
    assert "Update today's check-in?" in page and 'value="8"' in page  # offered, with today's answers
    second = post_check_in(client, c, 3, today, "second").content.decode()
    assert "Your check-in for that day is updated." in second
    assert CheckIn.objects.filter(author=c["supporter"]).count() == 1
    saved = CheckIn.objects.get(author=c["supporter"])
    assert (saved.stress, saved.note, saved.visibility) == (3, "second", "only_me")
    post_check_in(client, c, 5, "2026-01-05")
    assert CheckIn.objects.filter(author=c["supporter"]).count() == 2  # another day adds one


@pytest.mark.django_db
def test_another_members_check_in_that_day_is_theirs_alone(c, client):
    today = today_for(c["supporter"]).isoformat()
    client.force_login(c["organiser"])
    post_check_in(client, c, 9, today)
    client.force_login(c["supporter"])
    page = client.get(reverse("journal:self_care", args=[c["circle"].id])).content.decode()
    assert "Update today" not in page
    post_check_in(client, c, 2, today)
    assert CheckIn.objects.filter(checked_on=today).count() == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_check_in_table_fits_a_phone(page, log_in, axe_check, circle_members):
    c = circle_members
    for day in range(1, 8):
        CheckIn.objects.create(
            circle=c["circle"],
            author=c["supporter"],
            visibility="only_me",
            checked_on=f"2026-01-0{day}",
            stress=day,
            sleep="badly",
            mood="low",
            had_support=True,
        )
    log_in(c["supporter"])
    page.goto(f"/es/c/{c['circle'].id}/self-care/")
    table = page.locator("table.stack-table")
    table.scroll_into_view_if_needed()
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]
    region = page.locator(".table-scroll").evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert region[0] <= region[1], f"the table scrolls sideways: {region}"
    assert "Apoyo" in table.inner_text()  # each cell says what it is
    axe_check(page, "self-care with check-ins (es)")
