"""The programme in a circle: worksheets and practices are the member's own (only me by default),
the skill page picks up where the last practice ended, and the circle home shows the next one."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from alongside.programme.models import Practice, Worksheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(circle_members):
    return circle_members


def url(name, c, *args):
    return reverse(f"programme:{name}", args=[c["circle"].id, *args])


def save_problem(client, c, **extra):
    data = {
        "problem": "Asks for cash on Fridays",
        "option_1": "Buy the bus pass myself",
        "pros_1": "No cash in hand",
        "cons_1": "Takes my time",
        "first_step": "Tell him on Sunday",
        "step_date": "2026-03-08",
        "notes": "Ask Dad to back me",
        "visibility": "only_me",
        **extra,
    }
    return client.post(url("worksheet", c, "problem-solving"), data)


def test_the_index_lists_eight_skills_in_order_with_the_members_status(c, client):
    client.force_login(c["supporter"])
    page = client.get(url("index", c)).content.decode()
    assert page.index("1. Understand their use") < page.index("8. Invite them to treatment")
    assert page.count("Not started") == 8
    save_problem(client, c)
    page = client.get(url("index", c)).content.decode()
    assert page.count("Not started") == 7 and "Worksheet saved" in page


def test_the_person_and_professionals_do_not_open_the_programme(c, client):
    for role in ("person", "professional", "outsider"):
        client.force_login(c[role])
        assert client.get(url("index", c)).status_code == 404
        assert client.get(url("skill", c, "staying-safe")).status_code == 404
    client.force_login(c["supporter"])
    assert client.get(url("skill", c, "no-such-skill")).status_code == 404


def test_a_worksheet_is_saved_encrypted_private_by_default_and_shown_on_the_skill_page(c, client):
    client.force_login(c["supporter"])
    form = client.get(url("worksheet", c, "problem-solving")).content.decode()
    assert 'value="only_me" required id="id_visibility_0" checked' in form
    response = save_problem(client, c)
    assert response.status_code == 302
    worksheet = Worksheet.objects.get()
    assert worksheet.visibility == "only_me" and worksheet.author == c["supporter"]
    assert worksheet.answers["problem"] == "Asks for cash on Fridays"
    assert worksheet.answers["step_date"] == "2026-03-08"
    assert "cons_2" not in worksheet.answers  # empty answers are not kept
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers, notes FROM programme_worksheet")
        stored = " ".join(cursor.fetchone())
    assert "Fridays" not in stored and "Dad" not in stored
    page = client.get(url("skill", c, "problem-solving")).content.decode()
    assert "Asks for cash on Fridays" in page and "Ask Dad to back me" in page


def test_saving_again_changes_the_same_worksheet_and_keeps_its_visibility(c, client):
    client.force_login(c["supporter"])
    save_problem(client, c, visibility="supporters")
    save_problem(client, c, visibility="supporters", problem="Sleeps all day")
    worksheet = Worksheet.objects.get()
    assert worksheet.answers["problem"] == "Sleeps all day" and worksheet.visibility == "supporters"


def test_another_member_never_sees_an_only_me_worksheet_or_practice(c, client):
    client.force_login(c["supporter"])
    save_problem(client, c)
    client.post(
        url("practice_create", c, "problem-solving"),
        {"what": "Say no to cash calmly", "due_on": (date.today() + timedelta(days=3)).isoformat(),
         "visibility": "only_me"},
    )  # fmt: skip
    worksheet, practice = Worksheet.objects.get(), Practice.objects.get()
    for role in ("organiser", "person", "professional", "outsider"):
        client.force_login(c[role])
        for name, record in (("worksheet_detail", worksheet), ("practice_detail", practice)):
            assert client.get(url(name, c, record.id)).status_code == 404
        assert client.get(url("practice_edit", c, practice.id)).status_code == 404
        assert client.post(url("practice_outcome", c, practice.id), {"outcome": "mixed"}).status_code == 404
        for page in ("shared",) + (("index",) if role == "organiser" else ()):
            text = client.get(url(page, c)).content.decode()
            assert "Asks for cash" not in text and "Say no to cash" not in text
        if role == "organiser":
            text = client.get(url("skill", c, "problem-solving")).content.decode()
            assert "Asks for cash" not in text and "Say no to cash" not in text
            home = client.get(reverse("circles:detail", args=[c["circle"].id])).content.decode()
            assert "Say no to cash" not in home
    assert Practice.objects.get().done_at is None


def test_a_shared_worksheet_is_read_by_those_the_visibility_allows(c, client):
    client.force_login(c["supporter"])
    save_problem(client, c, visibility="circle")
    worksheet = Worksheet.objects.get()
    client.force_login(c["person"])
    assert "Sid: worksheet" in client.get(url("shared", c)).content.decode()
    assert "Asks for cash on Fridays" in client.get(url("worksheet_detail", c, worksheet.id)).content.decode()
    client.force_login(c["professional"])
    assert client.get(url("worksheet_detail", c, worksheet.id)).status_code == 404
    client.force_login(c["organiser"])
    assert "Sid's worksheet" in client.get(url("skill", c, "problem-solving")).content.decode()


def test_a_practice_with_a_reminder_on_the_members_own_clock(c, client):
    supporter = c["supporter"]
    supporter.time_zone = "America/New_York"
    supporter.save()
    client.force_login(supporter)
    form = client.get(url("practice_create", c, "positive-communication")).content.decode()
    from django.utils.html import escape

    from alongside.programme import content

    practice_start = content.load("en").skill("positive-communication").practice_text[:40]
    assert escape(practice_start) in form  # prefilled from the content
    day = date.today() + timedelta(days=5)
    response = client.post(
        url("practice_create", c, "positive-communication"),
        {"what": "Use my new sentence", "due_on": day.isoformat(), "remind_on": day.isoformat(),
         "remind_time": "19:30", "visibility": "only_me"},
    )  # fmt: skip
    assert response.status_code == 302
    practice = Practice.objects.get()
    local = practice.remind_at.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
    assert (local.date(), local.hour, local.minute) == (day, 19, 30)
    assert practice.visibility == "only_me" and practice.due_on == day


def test_a_reminder_in_the_past_or_a_day_without_a_time_is_refused(c, client):
    client.force_login(c["supporter"])
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    later = (date.today() + timedelta(days=2)).isoformat()
    for data in (
        {"due_on": later, "remind_on": yesterday, "remind_time": "09:00"},
        {"due_on": later, "remind_on": later},
        {"due_on": yesterday},
    ):
        response = client.post(
            url("practice_create", c, "staying-safe"), {"what": "x", "visibility": "only_me", **data}
        )
        assert response.status_code == 200 and b'class="errorlist' in response.content, data
    assert not Practice.objects.exists()


def make_practice(c, *, due_on, author="supporter", **extra):
    return Practice.objects.create(
        circle=c["circle"], author=c[author], skill="rewarding-non-use", what="Offer a walk on Sunday",
        due_on=due_on, **extra,
    )  # fmt: skip


def test_the_next_visit_asks_how_it_went_first_and_marks_the_practice_done(c, client):
    practice = make_practice(c, due_on=date.today() - timedelta(days=1))
    client.force_login(c["supporter"])
    page = client.get(url("skill", c, "rewarding-non-use")).content.decode()
    assert page.index("How did it go?") < page.index("What this skill is")
    from alongside.programme import content

    follow_up = content.load("en").skill("rewarding-non-use").follow_up
    assert "Offer a walk on Sunday" in page and escape(follow_up) in page
    response = client.post(
        url("practice_outcome", c, practice.id),
        {"outcome": "went_well", "outcome_notes": "We walked an hour"},
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.done_at is not None and practice.outcome == "went_well"
    assert practice.outcome_notes == "We walked an hour"
    page = client.get(url("skill", c, "rewarding-non-use")).content.decode()
    assert "How did it go?" not in page.split("What this skill is")[0]
    assert "It went well" in page  # under earlier practices
    assert "Done" in client.get(url("index", c)).content.decode()


def test_an_outcome_needs_a_choice(c, client):
    practice = make_practice(c, due_on=date.today())
    client.force_login(c["supporter"])
    response = client.post(url("practice_outcome", c, practice.id), {"outcome_notes": "x"})
    assert response.status_code == 200 and b'class="errorlist' in response.content
    practice.refresh_from_db()
    assert practice.done_at is None


def test_the_circle_home_shows_only_the_members_own_next_practice(c, client):
    home = reverse("circles:detail", args=[c["circle"].id])
    make_practice(c, due_on=date.today() + timedelta(days=2), author="organiser", visibility="supporters")
    client.force_login(c["supporter"])
    page = client.get(home).content.decode()
    assert "Your next practice" in page and "Start with skill 1: Understand their use." in page
    assert "Offer a walk on Sunday" not in page  # the organiser's, though shared
    make_practice(c, due_on=date.today() + timedelta(days=2))
    page = client.get(home).content.decode()
    assert "Offer a walk on Sunday" in page and "Start with skill 1" not in page
    client.force_login(c["person"])
    assert "Your next practice" not in client.get(home).content.decode()


def test_the_understanding_use_worksheet_suggests_from_observations_the_member_may_read(c, client):
    from alongside.journal.models import Observation

    friday_evening = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    now = timezone.now()
    when = friday_evening if now - friday_evening < timedelta(weeks=11) else now - timedelta(days=1)
    for author, visibility in (
        ("organiser", "supporters"),
        ("organiser", "supporters"),
        ("person", "only_me"),
    ):
        Observation.objects.create(
            circle=c["circle"],
            author=c[author],
            visibility=visibility,
            observed_at=when,
            signs=["nodding_off"],
        )
    client.force_login(c["supporter"])
    page = client.get(url("worksheet", c, "understanding-use")).content.decode()
    assert "From 2 journal entries you can read" in page  # not the person's private one
    assert "Heavy eyelids or nodding off (2)" in page
    assert page.count('name="when_') == 5


def test_rewrites_are_checked_with_the_i_statement_check(c, client):
    client.force_login(c["supporter"])
    data = {"said_1": "You never come home", "rewrite_1": "You always lie", "rewrite_2": "I worry when you are late",
            "visibility": "only_me"}  # fmt: skip
    page = client.post(url("worksheet", c, "positive-communication"), {**data, "check": "1"}).content.decode()
    assert "Hints on your wording" in page and not Worksheet.objects.exists()
    client.post(url("worksheet", c, "positive-communication"), data)
    page = client.get(url("skill", c, "positive-communication")).content.decode()
    assert "Hints on your wording" in page and "“Always” and “never”" in page


def test_natural_consequences_offers_the_guide_and_only_boundaries_the_member_may_see(c, client):
    from alongside.plans.models import Boundary

    shared = Boundary.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="supporters",
        what="No cash",
        why="y",
        consequence="c",
    )
    Boundary.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="only_me",
        what="Private line",
        why="y",
        consequence="c",
    )
    client.force_login(c["supporter"])
    page = client.get(url("worksheet", c, "natural-consequences")).content.decode()
    assert "Giving cash when they ask" in page and "No cash" in page and "Private line" not in page
    client.post(
        url("worksheet", c, "natural-consequences"),
        {"stop_doing": ["giving-cash"], "boundaries": [str(shared.pk)], "visibility": "only_me"},
    )
    page = client.get(url("skill", c, "natural-consequences")).content.decode()
    assert "Giving cash when they ask" in page and "No cash" in page


def test_inviting_to_treatment_shows_the_shortlist_with_phone_and_intake(c, client):
    from alongside.directory.models import CallLog, ShortlistItem

    item = ShortlistItem.objects.create(
        circle=c["circle"], author=c["organiser"], visibility="supporters", kind="facility", ref="x",
        name="Riverside Clinic", phone="555-0100",
    )  # fmt: skip
    CallLog.objects.create(
        circle=c["circle"], author=c["organiser"], visibility="supporters", item=item, called_at=timezone.now(),
        outcome="spoke", intake_steps="Walk-in intake Mondays at 9",
    )  # fmt: skip
    ShortlistItem.objects.create(
        circle=c["circle"],
        author=c["organiser"],
        visibility="only_me",
        kind="facility",
        ref="y",
        name="Hidden Place",
    )
    client.force_login(c["supporter"])
    page = client.get(url("worksheet", c, "inviting-to-treatment")).content.decode()
    assert "Riverside Clinic" in page and 'href="tel:' in page and "Walk-in intake Mondays at 9" in page
    assert "Hidden Place" not in page


def test_staying_safe_links_the_safety_plan_and_the_emergency_page(c, client):
    client.force_login(c["supporter"])
    page = client.get(url("worksheet", c, "staying-safe")).content.decode()
    assert reverse("safety:plan", args=[c["circle"].id]) in page and reverse("safety:emergency") in page


def test_export_holds_the_members_worksheets_and_practices_and_account_deletion_removes_them(c):
    import io
    import zipfile

    from alongside.mydata.deletion import delete_account
    from alongside.mydata.export import build_export

    def exported(user):
        data, counts = build_export(user)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return counts, " ".join(archive.read(n).decode() for n in archive.namelist())

    Worksheet.objects.create(circle=c["circle"], author=c["supporter"], skill="your-own-life",
                             answers={"activities": "Swim on Tuesdays"})  # fmt: skip
    make_practice(c, due_on=date.today())
    counts, text = exported(c["supporter"])
    assert "Swim on Tuesdays" in text and "Offer a walk on Sunday" in text
    assert "Swim on Tuesdays" not in exported(c["organiser"])[1]
    delete_account(c["supporter"], shared="delete")
    assert not Worksheet.objects.exists() and not Practice.objects.exists()


def test_the_family_path_and_the_craft_article_lead_to_the_programme(c, client):
    client.force_login(c["supporter"])
    path = client.get(reverse("firststeps:path", args=[c["circle"].id])).content.decode()
    assert url("index", c) in path and "Open the family programme" in path
    article = client.get(reverse("library:article", args=["talking-without-judgement"])).content.decode()
    assert "The family programme: practise each skill with a worksheet" in article


def test_a_practice_planned_on_an_earlier_day_is_asked_about_first_one_planned_today_is_not(c, client):
    practice = make_practice(c, due_on=date.today() + timedelta(days=4))
    client.force_login(c["supporter"])
    page = client.get(url("skill", c, "rewarding-non-use")).content.decode()
    assert 'id="how-did-it-go"' not in page and "Done already? Say how it went" in page
    Practice.objects.filter(pk=practice.pk).update(created_at=timezone.now() - timedelta(days=2))
    page = client.get(url("skill", c, "rewarding-non-use")).content.decode()
    assert 'id="how-did-it-go"' in page and page.index("How did it go?") < page.index("What this skill is")


def test_the_demo_circle_has_a_next_practice_for_its_supporter(client):
    from django.core.management import call_command

    from alongside.circles.models import Membership

    call_command("load_demo", stdout=__import__("io").StringIO())
    membership = Membership.objects.filter(role="supporter").select_related("user").first()
    client.force_login(membership.user)
    page = client.get(reverse("circles:detail", args=[membership.circle_id])).content.decode()
    assert "Demo: use my new sentence once this week" in page
