from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from alongside.audit.models import Action, AuditEvent
from alongside.circles import services
from alongside.circles.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_creating_a_circle_makes_the_creator_its_organiser(make_user):
    user = make_user("Ana")
    circle = services.create_circle(user, person_name="  Leo ")
    assert circle.person_name == "Leo"
    assert Membership.objects.get(circle=circle, user=user).role == Role.ORGANISER
    assert AuditEvent.objects.filter(circle=circle, action=Action.CIRCLE_CREATED).exists()


def test_an_invitation_works_once(circle_members, make_user):
    c = circle_members
    invitation, token = services.create_invitation(c["organiser"], c["circle"], role=Role.SUPPORTER)
    assert token not in invitation.token_hash  # only a hash is stored
    first, second = make_user("First"), make_user("Second")
    membership = services.accept_invitation(first, token)
    assert membership.role == Role.SUPPORTER
    with pytest.raises(services.CircleRuleError):
        services.accept_invitation(second, token)


def test_an_invitation_expires_after_seven_days(circle_members, make_user):
    c = circle_members
    _invitation, token = services.create_invitation(c["organiser"], c["circle"], role=Role.SUPPORTER)
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        with pytest.raises(services.CircleRuleError):
            services.accept_invitation(make_user("Late"), token)


def test_a_withdrawn_invitation_no_longer_works(circle_members, make_user):
    c = circle_members
    invitation, token = services.create_invitation(c["organiser"], c["circle"], role=Role.SUPPORTER)
    services.revoke_invitation(c["organiser"], invitation)
    with pytest.raises(services.CircleRuleError):
        services.accept_invitation(make_user("Nope"), token)


def test_only_organisers_invite(circle_members):
    c = circle_members
    with pytest.raises(services.CircleRuleError):
        services.create_invitation(c["supporter"], c["circle"], role=Role.SUPPORTER)


def test_a_circle_has_at_most_one_person(circle_members):
    c = circle_members
    with pytest.raises(services.CircleRuleError):
        services.create_invitation(c["organiser"], c["circle"], role=Role.PERSON)
    with pytest.raises(services.CircleRuleError):
        services.change_role(c["organiser"], Membership.objects.get(user=c["supporter"]), Role.PERSON)


def test_the_last_organiser_cannot_leave_or_step_down(circle_members):
    c = circle_members
    membership = Membership.objects.get(circle=c["circle"], user=c["organiser"])
    with pytest.raises(services.CircleRuleError):
        services.leave_circle(c["organiser"], membership)
    with pytest.raises(services.CircleRuleError):
        services.change_role(c["organiser"], membership, Role.SUPPORTER)


def test_an_organiser_can_leave_once_another_organiser_exists(circle_members):
    c = circle_members
    supporter = Membership.objects.get(circle=c["circle"], user=c["supporter"])
    services.change_role(c["organiser"], supporter, Role.ORGANISER)
    mine = Membership.objects.get(circle=c["circle"], user=c["organiser"])
    services.leave_circle(c["organiser"], mine)
    assert not Membership.objects.for_user(c["organiser"]).filter(circle=c["circle"]).exists()


def test_organisers_remove_members_and_others_cannot(circle_members):
    c = circle_members
    professional = Membership.objects.get(circle=c["circle"], user=c["professional"])
    with pytest.raises(services.CircleRuleError):
        services.remove_member(c["supporter"], professional)
    services.remove_member(c["organiser"], professional)
    assert Membership.objects.active().filter(pk=professional.pk).count() == 0
    assert AuditEvent.objects.filter(action=Action.REMOVED, target_id=str(professional.pk)).exists()


def test_a_removed_member_can_rejoin_with_a_new_invitation(circle_members):
    c = circle_members
    membership = Membership.objects.get(circle=c["circle"], user=c["supporter"])
    services.remove_member(c["organiser"], membership)
    _invitation, token = services.create_invitation(c["organiser"], c["circle"], role=Role.SUPPORTER)
    assert services.accept_invitation(c["supporter"], token).role == Role.SUPPORTER


def test_only_the_person_controls_what_professionals_see_when_they_are_a_member(circle_members):
    c = circle_members
    services.update_circle_settings(c["organiser"], c["circle"], professionals_may_see=False)
    c["circle"].refresh_from_db()
    assert c["circle"].professionals_may_see is True
    services.update_circle_settings(c["person"], c["circle"], professionals_may_see=False)
    c["circle"].refresh_from_db()
    assert c["circle"].professionals_may_see is False
