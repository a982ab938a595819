"""Versions of a plan are records too: sharing a plan shares its current text, not its private past."""

from __future__ import annotations

import re
import zlib

import pytest
from django.urls import reverse

from alongside.plans import services
from alongside.plans.models import PlanVersion, RelapsePlan

pytestmark = pytest.mark.django_db

STASH = "I still keep a stash in the shed"
PRIVATE_ONLY = "Talk to Dr Okafor about the shed"


def _edit(client, c, **sections):
    data = {"coping": "Walk the dog", "visibility": "only_me"} | sections
    assert client.post(reverse("plans:relapse_plan_edit", args=[c["circle"].id]), data).status_code == 302


@pytest.fixture
def shared_plan(client, circle_members):
    """The person writes a private plan with a line they later delete, then shares it."""
    c = circle_members
    client.force_login(c["person"])
    _edit(client, c, triggers_places=STASH, professionals=PRIVATE_ONLY, visibility="only_me")
    _edit(client, c, triggers_places="The bus station", professionals=PRIVATE_ONLY, visibility="only_me")
    _edit(client, c, triggers_places="The bus station", professionals="", visibility="professionals")
    return RelapsePlan.objects.get()


def _pages(client, c, plan) -> dict[str, str]:
    args = [c["circle"].id, plan.id]
    return {
        "plan": client.get(reverse("plans:relapse_plan", args=[c["circle"].id])).content.decode(),
        "history": client.get(reverse("plans:relapse_plan_history", args=args)).content.decode(),
        "print": client.get(reverse("plans:relapse_plan_print", args=args)).content.decode(),
    }


def _pdf_text(client, c, plan) -> str:
    """The PDF's text: its content streams inflated (fpdf2 writes core-font text as plain strings)."""
    body = client.get(reverse("plans:relapse_plan_pdf", args=[c["circle"].id, plan.id])).content
    parts = [body]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            parts.append(match.group(1))
    return b"".join(parts).decode("latin-1")


@pytest.mark.parametrize("role", ["organiser", "supporter", "professional"])
def test_sharing_a_plan_does_not_show_its_private_past(client, circle_members, shared_plan, role):
    c = circle_members
    client.force_login(c[role])
    pages = _pages(client, c, shared_plan)
    assert "The bus station" in pages["plan"] and "The bus station" in pages["history"]
    for name, text in pages.items():
        assert STASH not in text, name
        assert PRIVATE_ONLY not in text, name  # also not as a line "removed" in the diff
    history = pages["history"]
    assert "Version 3" in history and "Version 2" not in history and "Version 1" not in history
    assert "<del>" not in history  # nothing "removed" that the reader never saw
    assert "Earlier versions were not shared" in history
    assert [v.number for v, _changes in services.version_history(shared_plan, c[role])] == [3]
    # The PDF embeds its font, so its text is not searchable here: it is built from the plan's
    # current text and the reader's latest visible version, checked through the same service.
    assert (
        client.get(reverse("plans:relapse_plan_pdf", args=[c["circle"].id, shared_plan.id])).status_code
        == 200
    )
    assert services.latest_version_for(shared_plan, c[role]).number == 3
    assert STASH not in _pdf_text(client, c, shared_plan)


def test_the_person_still_reads_every_version_of_their_own_plan(client, circle_members, shared_plan):
    c = circle_members
    client.force_login(c["person"])
    history = _pages(client, c, shared_plan)["history"]
    assert STASH in history and PRIVATE_ONLY in history
    assert "Version 1" in history and "Version 2" in history and "Version 3" in history
    assert "Earlier versions were not shared" not in history


def test_versions_written_while_shared_stay_readable_and_diff_against_each_other(
    client, circle_members, shared_plan
):
    c = circle_members
    client.force_login(c["person"])
    _edit(client, c, triggers_places="The bus station\nPayday", visibility="professionals")
    _edit(client, c, triggers_places="Payday", visibility="only_me")  # private again
    client.force_login(c["supporter"])
    plan = RelapsePlan.objects.get()
    assert (
        client.get(reverse("plans:relapse_plan_history", args=[c["circle"].id, plan.id])).status_code == 404
    )
    client.force_login(c["person"])
    _edit(client, c, triggers_places="Payday\nFriday nights", visibility="supporters")
    client.force_login(c["supporter"])
    history = client.get(
        reverse("plans:relapse_plan_history", args=[c["circle"].id, plan.id])
    ).content.decode()
    assert [v.number for v, _ in services.version_history(plan, c["supporter"])] == [6, 4, 3]
    # Version 6 is compared with version 4 (the last one the supporter could read), not the private 5.
    newest_changes = services.version_history(plan, c["supporter"])[0][1]
    changed = {str(ch.label): ch for ch in newest_changes}
    assert changed["Triggers: places"].removed == ["The bus station"]
    assert changed["Triggers: places"].added == ["Friday nights"]
    assert "Version 5" not in history
    # The professional could read versions 3 and 4, but not the plan as it is now.
    client.force_login(c["professional"])
    assert (
        client.get(reverse("plans:relapse_plan_history", args=[c["circle"].id, plan.id])).status_code == 404
    )


def test_each_version_keeps_who_could_read_it(circle_members, client, shared_plan):
    assert list(PlanVersion.objects.order_by("number").values_list("visibility", flat=True)) == [
        "only_me",
        "only_me",
        "professionals",
    ]
