from datetime import date, timedelta

import pytest
from django.urls import reverse

from alongside.plans.models import ConversationOutcome, ConversationPlan

pytestmark = pytest.mark.django_db

GOOD = {
    "goal": "That Sam hears I am worried and knows I will help",
    "moment": "Sunday morning over breakfast, when we are both calm",
    "opening": "I love you and I miss our walks.",
    "i_statements": "I feel scared when I cannot reach you at night.",
    "ask_help": "What would help you right now?",
    "options": "Clinic on Main Street, open Monday 9am",
    "if_no": "Thank Sam for listening and try again another day",
    "self_care": "Call my sister afterwards",
    "visibility": "supporters",
}


def plan(c, **extra):
    values = dict(
        circle=c["circle"],
        author=c["supporter"],
        visibility="supporters",
        goal="Talk about treatment",
        moment="Sunday",
        opening="I love you",
        i_statements="I feel worried",
    )
    values.update(extra)
    return ConversationPlan.objects.create(**values)


def test_a_plan_written_in_i_statements_is_saved(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    response = client.post(reverse("plans:conversation_create", args=[c["circle"].id]), GOOD)
    saved = ConversationPlan.objects.get()
    assert response.status_code == 302 and saved.author == c["supporter"]
    assert saved.options == GOOD["options"]


def test_blaming_wording_is_flagged_on_submit_with_hints_and_nothing_is_lost(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    data = GOOD | {"i_statements": "You always lie to me. Why do you do this?"}
    response = client.post(reverse("plans:conversation_create", args=[c["circle"].id]), data)
    assert response.status_code == 200 and not ConversationPlan.objects.exists()
    text = response.content.decode()
    assert "Some wording may sound like blame" in text
    assert "Describe one moment instead" in text and "curious, open question" in text
    assert "You always lie to me. Why do you do this?" in text
    assert GOOD["options"] in text and GOOD["self_care"] in text
    assert 'name="keep_wording"' in text


def test_the_writer_can_keep_their_wording_with_one_tick(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    data = GOOD | {"i_statements": "You never call.", "keep_wording": "on"}
    assert client.post(reverse("plans:conversation_create", args=[c["circle"].id]), data).status_code == 302
    assert ConversationPlan.objects.get().i_statements == "You never call."


def test_check_my_wording_shows_hints_without_saving(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    data = GOOD | {"i_statements": "You are such an addict.", "check": "1"}
    response = client.post(reverse("plans:conversation_create", args=[c["circle"].id]), data)
    assert response.status_code == 200 and not ConversationPlan.objects.exists()
    text = response.content.decode()
    assert "Labels such as" in text and "You are such an addict." in text and GOOD["goal"] in text


def test_the_check_as_you_type_answers_a_fragment_of_hints(circle_members, client):
    c = circle_members
    client.force_login(c["organiser"])
    url = reverse("plans:ichecks", args=[c["circle"].id])
    text = client.post(url, {"i_statements": "Tu ne m'écoutes jamais."}).content.decode()
    assert "<html" not in text and "“Always” and “never”" in text
    ok = client.post(url, {"i_statements": "I feel sad and I miss you."}).content.decode()
    assert "reads as I-statements" in ok


def test_the_check_is_404_outside_the_circle(circle_members, client):
    c = circle_members
    client.force_login(c["outsider"])
    assert (
        client.post(reverse("plans:ichecks", args=[c["circle"].id]), {"i_statements": "x"}).status_code == 404
    )


def test_missing_parts_of_the_plan_are_named_clearly(circle_members, client):
    c = circle_members
    client.force_login(c["supporter"])
    response = client.post(
        reverse("plans:conversation_create", args=[c["circle"].id]),
        {"visibility": "supporters", "options": "Clinic list"},
    )
    text = response.content.decode()
    assert "Write the goal of this talk" in text and "Choose a calm moment" in text
    assert "Write how you will open" in text and "Write at least one I-statement" in text
    assert "Clinic list" in text


def test_the_rehearsal_shows_the_whole_plan_on_one_screen(circle_members, client):
    c = circle_members
    item = plan(c, ask_help="What would help?", if_no="Try again later", self_care="A walk")
    client.force_login(c["organiser"])
    text = client.get(reverse("plans:conversation_rehearse", args=[c["circle"].id, item.id])).content.decode()
    for words in (
        "Talk about treatment",
        "Sunday",
        "I love you",
        "I feel worried",
        "What would help?",
        "Try again later",
        "A walk",
    ):
        assert words in text


def test_the_author_logs_how_it_went_and_a_reader_may_not(circle_members, client):
    c = circle_members
    item = plan(c)
    url = reverse("plans:conversation_outcome", args=[c["circle"].id, item.id])
    client.force_login(c["organiser"])
    assert client.post(url, {"happened_on": "2026-01-05", "how_it_went": "x"}).status_code == 404
    client.force_login(c["supporter"])
    response = client.post(
        url, {"happened_on": "2026-01-05", "how_it_went": "Sam listened", "next_time": "Ask sooner"}
    )
    assert response.status_code == 302
    outcome = ConversationOutcome.objects.get()
    assert outcome.plan == item and outcome.next_time == "Ask sooner"
    page = client.get(reverse("plans:conversation_detail", args=[c["circle"].id, item.id])).content.decode()
    assert "Sam listened" in page and "Ask sooner" in page


def test_an_outcome_in_the_future_is_refused_and_kept(circle_members, client):
    c = circle_members
    item = plan(c)
    client.force_login(c["supporter"])
    future = (date.today() + timedelta(days=2)).isoformat()
    response = client.post(
        reverse("plans:conversation_outcome", args=[c["circle"].id, item.id]),
        {"happened_on": future, "how_it_went": "We laughed"},
    )
    assert response.status_code == 200 and not ConversationOutcome.objects.exists()
    assert (
        "This day has not happened yet" in response.content.decode()
        and "We laughed" in response.content.decode()
    )


def test_a_private_conversation_plan_stays_with_its_author(circle_members, client):
    c = circle_members
    item = plan(c, visibility="only_me")
    for role in ("organiser", "person", "professional", "outsider"):
        client.force_login(c[role])
        assert (
            client.get(reverse("plans:conversation_detail", args=[c["circle"].id, item.id])).status_code
            == 404
        )
        assert (
            client.get(reverse("plans:conversation_rehearse", args=[c["circle"].id, item.id])).status_code
            == 404
        )


def test_the_author_edits_and_deletes_their_plan(circle_members, client):
    c = circle_members
    item = plan(c)
    client.force_login(c["supporter"])
    response = client.post(
        reverse("plans:conversation_edit", args=[c["circle"].id, item.id]), GOOD | {"goal": "A new aim"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.goal == "A new aim"
    client.post(reverse("plans:conversation_delete", args=[c["circle"].id, item.id]))
    assert not ConversationPlan.objects.exists()


def test_options_can_come_from_the_treatment_shortlist(circle_members, client):
    from alongside.directory.models import ShortlistItem

    c = circle_members
    item = ShortlistItem.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="supporters",
        kind="facility",
        ref="f1",
        name="Riverside Recovery Clinic",
        phone="555 0142",
    )
    ShortlistItem.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="only_me",
        kind="facility",
        ref="f2",
        name="Private place",
    )
    client.force_login(c["supporter"])
    url = reverse("plans:conversation_create", args=[c["circle"].id])
    page = client.get(url).content.decode()
    assert "Riverside Recovery Clinic · 555 0142" in page and "Private place" not in page
    client.post(url, GOOD | {"shortlist": [str(item.id)]})
    assert (
        ConversationPlan.objects.get().options == GOOD["options"] + "\nRiverside Recovery Clinic · 555 0142"
    )
