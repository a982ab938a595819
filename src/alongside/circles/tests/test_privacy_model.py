import pytest
from django.utils import timezone

from alongside.circles.models import Membership, Role
from alongside.circles.records import Visibility, default_visibility
from alongside.notes.models import Note

pytestmark = pytest.mark.django_db


def note(circle, author, visibility):
    return Note.objects.create(circle=circle, author=author, visibility=visibility, title="t", body="b")


def visible_ids(user):
    return set(Note.objects.visible_to(user).values_list("id", flat=True))


def test_each_role_sees_exactly_what_each_visibility_allows(circle_members):
    c = circle_members
    notes = {v: note(c["circle"], c["organiser"], v) for v in Visibility.values}
    expected = {
        "organiser": set(Visibility.values),
        "supporter": {"supporters", "circle", "professionals"},
        "person": {"circle", "professionals"},
        "professional": {"professionals"},
        "outsider": set(),
    }
    for persona, visibilities in expected.items():
        assert visible_ids(c[persona]) == {notes[v].id for v in visibilities}, persona


def test_it_shows_authors_their_own_private_records_only(circle_members):
    c = circle_members
    mine = note(c["circle"], c["person"], Visibility.ONLY_ME)
    assert mine.id in visible_ids(c["person"])
    assert mine.id not in visible_ids(c["organiser"])
    assert mine.id not in visible_ids(c["supporter"])


def test_a_member_who_left_sees_nothing_of_the_circle_not_even_their_own(circle_members):
    c = circle_members
    own = note(c["circle"], c["supporter"], Visibility.ONLY_ME)
    shared = note(c["circle"], c["organiser"], Visibility.SUPPORTERS)
    Membership.objects.filter(user=c["supporter"]).update(left_at=timezone.now())
    assert visible_ids(c["supporter"]).isdisjoint({own.id, shared.id})


def test_records_of_another_circle_stay_hidden_even_from_its_organisers(circle_members):
    c = circle_members
    foreign = note(c["other_circle"], c["outsider"], Visibility.PROFESSIONALS)
    for persona in ("organiser", "supporter", "person", "professional"):
        assert foreign.id not in visible_ids(c[persona])


def test_the_person_decides_whether_professionals_see_shared_records(circle_members):
    c = circle_members
    shared = note(c["circle"], c["supporter"], Visibility.PROFESSIONALS)
    assert shared.id in visible_ids(c["professional"])
    c["circle"].professionals_may_see = False
    c["circle"].save()
    assert shared.id not in visible_ids(c["professional"])


def test_defaults_are_the_most_private_sensible_choice():
    assert default_visibility(Role.PERSON) == Visibility.ONLY_ME
    assert default_visibility(Role.PROFESSIONAL) == Visibility.ONLY_ME
    assert default_visibility(Role.SUPPORTER) == Visibility.SUPPORTERS
    assert default_visibility(Role.ORGANISER) == Visibility.SUPPORTERS


def test_anonymous_visitors_see_no_records(circle_members):
    from django.contrib.auth.models import AnonymousUser

    note(circle_members["circle"], circle_members["organiser"], Visibility.PROFESSIONALS)
    assert Note.objects.visible_to(AnonymousUser()).count() == 0


def _membership_reads(queries) -> int:
    return sum(1 for q in queries if 'FROM "circles_membership"' in q["sql"])


def test_a_circle_page_reads_the_readers_memberships_once_and_afresh_after_any_change(circle_members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.circles.records import memberships_read_once

    c = circle_members
    shared = note(c["circle"], c["organiser"], Visibility.SUPPORTERS)
    with memberships_read_once():
        with CaptureQueriesContext(connection) as queries:
            assert shared.id in visible_ids(c["supporter"])
            assert shared.id in visible_ids(c["supporter"])
        assert _membership_reads(queries) == 1
        # A role changed inside the same page: the next read sees the new role, not the remembered one.
        membership = Membership.objects.get(circle=c["circle"], user=c["supporter"])
        membership.role = Role.PROFESSIONAL
        membership.save()
        assert shared.id not in visible_ids(c["supporter"])
        membership.left_at = timezone.now()
        membership.save()
        assert visible_ids(c["supporter"]) == set()
    # Outside a circle page nothing is remembered: every call reads the memberships.
    with CaptureQueriesContext(connection) as queries:
        visible_ids(c["supporter"])
        visible_ids(c["supporter"])
    assert _membership_reads(queries) == 2
