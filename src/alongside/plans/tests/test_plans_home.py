import pytest
from django.urls import reverse

from alongside.core.demo import DEMO_PEOPLE
from alongside.plans import demo
from alongside.plans.models import Boundary, ConversationPlan, PersonalGoal, RelapsePlan

pytestmark = pytest.mark.django_db


def test_the_circle_home_shows_the_plans_card_and_the_index_links_every_plan(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    home = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
    assert reverse("plans:index", args=[c["circle"].id]) in home
    index = client.get(reverse("plans:index", args=[c["circle"].id])).content.decode()
    for name in ("boundaries", "conversations", "relapse_plan", "goal", "guide"):
        assert reverse(f"plans:{name}", args=[c["circle"].id]) in index


def test_the_demo_adds_one_of_each_plan(circle_members):
    c = circle_members
    members = {
        "organiser": c["organiser"],
        "supporter": c["supporter"],
        "supporter2": c["supporter"],
        "person": c["person"],
    }
    assert DEMO_PEOPLE
    demo.add_demo(circle=c["circle"], members=members, stdout=None)
    assert Boundary.objects.get().tests.count() == 1
    assert ConversationPlan.objects.count() == 1
    plan = RelapsePlan.objects.get()
    assert plan.author == c["person"] and plan.versions.count() == 1
    assert PersonalGoal.objects.get().choice == "reduced"
