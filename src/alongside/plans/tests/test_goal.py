import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.circles.models import Membership
from alongside.plans.models import PersonalGoal

pytestmark = pytest.mark.django_db


def url(c):
    return reverse("plans:goal", args=[c["circle"].id])


def test_the_person_sets_their_goal_in_their_words_and_it_starts_private(circle_members, client):
    c = circle_members
    client.force_login(c["person"])
    page = client.get(url(c)).content.decode()
    assert reverse("library:article", args=["respecting-their-goal"]) in page
    assert 'value="undecided"' in page and 'value="reduced"' in page and 'value="abstinence"' in page
    assert (
        client.post(
            url(c),
            {"choice": "reduced", "in_their_words": "Less on weekdays, then see", "visibility": "only_me"},
        ).status_code
        == 302
    )
    goal = PersonalGoal.objects.get()
    assert goal.author == c["person"] and goal.agreed_by_person and goal.choice == "reduced"
    for role in ("organiser", "supporter", "professional"):
        client.force_login(c[role])
        text = client.get(url(c)).content.decode()
        assert "Less on weekdays" not in text and "There is no goal from Sam that you can see" in text, role
        assert "their choice" not in text and "chose" not in text, (
            role
        )  # never a guess at why it is not shared


def test_supporters_see_the_goal_once_the_person_shares_it(circle_members, client):
    c = circle_members
    client.force_login(c["person"])
    client.post(
        url(c), {"choice": "undecided", "in_their_words": "I am still thinking", "visibility": "only_me"}
    )
    client.post(
        url(c), {"choice": "undecided", "in_their_words": "I am still thinking", "visibility": "circle"}
    )
    assert PersonalGoal.objects.count() == 1
    client.force_login(c["supporter"])
    text = client.get(url(c)).content.decode()
    assert "Not decided yet" in text and "I am still thinking" in text and "Record their goal" not in text


def test_a_supporter_cannot_set_the_goal_of_a_person_who_is_in_the_circle(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    assert 'name="choice"' not in client.get(url(c)).content.decode()
    assert (
        client.post(
            url(c), {"choice": "abstinence", "agreed_by_person": "on", "visibility": "supporters"}
        ).status_code
        == 404
    )
    assert not PersonalGoal.objects.exists()


def test_without_the_person_a_supporter_records_it_only_with_their_agreement(circle_members, client):
    c = circle_members
    Membership.objects.filter(circle=c["circle"], user=c["person"]).update(left_at=timezone.now())
    client.force_login(c["supporter"])
    data = {
        "choice": "abstinence",
        "in_their_words": "Done with it, one day at a time",
        "visibility": "supporters",
    }
    response = client.post(url(c), data)
    assert response.status_code == 200 and not PersonalGoal.objects.exists()
    # The apostrophe may come escaped either way (the form renderer writes &#39;).
    text = response.content.decode().replace("&#x27;", "'").replace("&#39;", "'")
    assert "Record the goal only with the person's agreement" in text
    assert "Done with it, one day at a time" in text
    assert client.post(url(c), data | {"agreed_by_person": "on"}).status_code == 302
    goal = PersonalGoal.objects.get()
    assert goal.author == c["supporter"] and goal.agreed_by_person
    client.force_login(c["organiser"])
    assert "recorded with the person" in client.get(url(c)).content.decode()


def test_a_goal_without_a_choice_is_refused_with_a_kind_message(circle_members, client):
    c = circle_members
    client.force_login(c["person"])
    response = client.post(url(c), {"in_their_words": "Something", "visibility": "only_me"})
    assert response.status_code == 200 and not PersonalGoal.objects.exists()
    text = response.content.decode()
    assert "Not decided yet” is a fine answer" in text and "Something" in text


def test_professionals_never_set_a_goal(circle_members, client):
    c = circle_members
    Membership.objects.filter(circle=c["circle"], user=c["person"]).update(left_at=timezone.now())
    client.force_login(c["professional"])
    assert (
        client.post(
            url(c), {"choice": "reduced", "agreed_by_person": "on", "visibility": "professionals"}
        ).status_code
        == 404
    )


def test_the_goal_page_reads_the_person_and_the_author_once_however_many_changes_it_lists(
    circle_members, client
):
    c = circle_members
    PersonalGoal.objects.create(
        circle=c["circle"], author=c["person"], visibility="circle", choice="reduced", in_their_words="Less"
    )
    Membership.objects.filter(circle=c["circle"], user=c["supporter"]).update(may_update_persons_records=True)
    client.force_login(c["supporter"])
    client.get(url(c))
    with CaptureQueriesContext(connection) as first:
        page = client.get(url(c)).content.decode()
    assert 'name="choice"' in page and "Changed by others" not in page  # the person allowed them
    sqls = [q["sql"] for q in first.captured_queries]
    # Who the person is (asked by the goal, the right to change it and the page): one read.
    assert sum('"circles_membership"."role" =' in sql for sql in sqls) == 1
    # The signed-in user and the goal's author come with the queries that need them.
    assert sum('FROM "accounts_user"' in sql for sql in sqls) == 1
    for words in ("None at all", "Less again", "None at all, again"):
        client.post(url(c), {"choice": "abstinence", "in_their_words": words})
    with CaptureQueriesContext(connection) as later:
        page = client.get(url(c)).content.decode()
    assert "None at all, again" in page and page.count(str(c["supporter"]) + ", ") == 3
    assert len(later.captured_queries) == len(first.captured_queries)
