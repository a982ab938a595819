import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from alongside.circles.models import Circle, Membership
from alongside.plans import services
from alongside.plans.models import PlanVersion, RelapsePlan

pytestmark = pytest.mark.django_db

SECTIONS = {
    "triggers_people": "Old friends from the estate",
    "triggers_places": "The bus station",
    "triggers_feelings": "Lonely\nBored",
    "triggers_times": "Friday nights, payday",
    "warning_signs": "Skipping meals\nNot answering the phone",
    "coping": "Walk the dog\nCall Rosa\nNA meeting",
    "people_to_call": "Rosa 555 0134\nMum 555 0188",
    "meetings": "NA, Tuesday 7pm, St Mary's hall",
    "supporters_agree": "Mum: stays calm, checks naloxone, drives to the clinic",
    "professionals": "Dr Okafor 555 0100",
}


def edit_url(c):
    return reverse("plans:relapse_plan_edit", args=[c["circle"].id])


def without_person(c):
    Membership.objects.filter(circle=c["circle"], user=c["person"]).update(left_at=timezone.now())


def test_the_person_writes_their_plan_and_it_stays_theirs_until_shared(circle_members, client):
    c = circle_members
    client.force_login(c["person"])
    assert (
        "Start the plan" in client.get(reverse("plans:relapse_plan", args=[c["circle"].id])).content.decode()
    )
    response = client.post(edit_url(c), SECTIONS | {"visibility": "only_me"})
    assert response.status_code == 302
    plan = RelapsePlan.objects.get()
    assert plan.author == c["person"] and plan.made_with_person
    for role in ("organiser", "supporter", "professional"):
        client.force_login(c[role])
        text = client.get(reverse("plans:relapse_plan", args=[c["circle"].id])).content.decode()
        assert "Walk the dog" not in text and "There is no plan from Sam that you can see" in text, role
        assert "choice" not in text and "chose" not in text, role  # never a guess at why it is not shared
        assert (
            client.get(reverse("plans:relapse_plan_print", args=[c["circle"].id, plan.id])).status_code == 404
        )
        assert (
            client.get(reverse("plans:relapse_plan_pdf", args=[c["circle"].id, plan.id])).status_code == 404
        )
    client.force_login(c["person"])
    client.post(edit_url(c), SECTIONS | {"visibility": "circle"})
    client.force_login(c["supporter"])
    text = client.get(reverse("plans:relapse_plan", args=[c["circle"].id])).content.decode()
    assert "Walk the dog" in text and "Change the plan" not in text
    client.force_login(c["professional"])
    assert (
        "Walk the dog"
        not in client.get(reverse("plans:relapse_plan", args=[c["circle"].id])).content.decode()
    )


def test_only_the_person_edits_their_plan_when_they_are_in_the_circle(circle_members, client):
    c = circle_members
    for role in ("organiser", "supporter", "professional"):
        client.force_login(c[role])
        assert client.get(edit_url(c)).status_code == 404
        assert client.post(edit_url(c), SECTIONS | {"visibility": "circle"}).status_code == 404
    assert not RelapsePlan.objects.exists()
    membership = Membership.objects.get(circle=c["circle"], user=c["organiser"])
    with pytest.raises(PermissionError):
        services.save_relapse_plan(
            c["organiser"], membership, None, sections=SECTIONS, visibility="circle", made_with_person=True
        )


def test_without_the_person_an_organiser_keeps_the_plan_with_a_note_to_make_it_together(
    circle_members, client
):
    c = circle_members
    without_person(c)
    client.force_login(c["supporter"])
    assert client.get(edit_url(c)).status_code == 404
    client.force_login(c["organiser"])
    page = client.get(edit_url(c)).content.decode()
    assert "Make this plan with the person" in page and 'name="made_with_person"' in page
    client.post(edit_url(c), SECTIONS | {"visibility": "supporters", "made_with_person": "on"})
    plan = RelapsePlan.objects.get()
    assert plan.author == c["organiser"] and plan.made_with_person
    client.force_login(c["supporter"])
    text = client.get(reverse("plans:relapse_plan", args=[c["circle"].id])).content.decode()
    assert "an organiser keeps the plan here" in text and "Walk the dog" in text


def test_every_save_keeps_a_version_with_who_changed_it_and_a_readable_diff(circle_members, client):
    c = circle_members
    client.force_login(c["person"])
    client.post(edit_url(c), SECTIONS | {"visibility": "circle"})
    changed = SECTIONS | {
        "coping": "Walk the dog\nCall Rosa\nCook with Mum",
        "meetings": "",
        "visibility": "circle",
    }
    client.post(edit_url(c), changed)
    plan = RelapsePlan.objects.get()
    versions = list(plan.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert all(v.changed_by == c["person"] for v in versions)
    assert versions[0].sections()["meetings"].startswith("NA") and versions[1].sections()["meetings"] == ""
    history = services.version_history(plan, c["person"])
    newest, changes = history[0]
    assert newest.number == 2
    by_label = {str(change.label): change for change in changes}
    assert by_label["What helps me cope"].removed == ["NA meeting"]
    assert by_label["What helps me cope"].added == ["Cook with Mum"]
    assert (
        by_label["Meetings"].removed == ["NA, Tuesday 7pm, St Mary's hall"]
        and by_label["Meetings"].added == []
    )
    client.force_login(c["supporter"])
    page = client.get(reverse("plans:relapse_plan_history", args=[c["circle"].id, plan.id])).content.decode()
    assert "Version 2" in page and "Cook with Mum" in page and "Sam" in page
    assert "<del>" in page and "<ins>" in page


def test_the_version_snapshot_is_encrypted(circle_members, client):
    from django.db import connection

    c = circle_members
    client.force_login(c["person"])
    client.post(edit_url(c), SECTIONS | {"visibility": "circle"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot FROM plans_planversion")
        assert cursor.fetchone()[0].startswith("fernet:")
    assert PlanVersion.objects.get().sections()["coping"].startswith("Walk the dog")


def test_an_empty_plan_is_refused_with_a_clear_message(circle_members, client):
    c = circle_members
    client.force_login(c["person"])
    response = client.post(edit_url(c), {"triggers_people": "   ", "visibility": "only_me"})
    assert response.status_code == 200 and not RelapsePlan.objects.exists()
    assert "The plan is empty" in response.content.decode()


def test_a_too_long_section_is_refused_and_the_other_sections_are_kept(circle_members, client):
    c = circle_members
    client.force_login(c["person"])
    response = client.post(edit_url(c), SECTIONS | {"coping": "x" * 1600, "visibility": "only_me"})
    assert response.status_code == 200 and not RelapsePlan.objects.exists()
    text = response.content.decode()
    assert "Ensure this value has at most 1500 characters" in text and "Old friends from the estate" in text


def test_the_print_view_shows_every_section_and_the_safety_line(circle_members, client):
    c = circle_members
    client.force_login(c["person"])
    client.post(edit_url(c), SECTIONS | {"visibility": "only_me"})
    plan = RelapsePlan.objects.get()
    text = client.get(reverse("plans:relapse_plan_print", args=[c["circle"].id, plan.id])).content.decode()
    assert "plans/css/print" in text and "Rosa 555 0134" in text and "give naloxone" in text
    assert "Sam&#x27;s relapse-prevention plan" in text or "Sam's relapse-prevention plan" in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_pdf_download_is_one_page_with_accents_kept(circle_members, client, paper):
    c = circle_members
    client.force_login(c["person"])
    client.post(edit_url(c), SECTIONS | {"coping": "Café avec Mère – “promenade” ✓", "visibility": "only_me"})
    plan = RelapsePlan.objects.get()
    response = client.get(
        reverse("plans:relapse_plan_pdf", args=[c["circle"].id, plan.id]) + f"?paper={paper}"
    )
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", body)) == 1


def pdf_text(body: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages).split())


@pytest.mark.parametrize(
    "lang, title, footer",
    [
        (
            "es",
            "Plan de prevención de recaídas de Ἀθηνᾶ",
            "Si alguien puede estar en sobredosis: llame al número de emergencias",
        ),
        (
            "fr",
            "Plan de prévention de la rechute de Ἀθηνᾶ",
            "Si quelqu’un fait peut-être une surdose : appelez le numéro d’urgence",
        ),
    ],
)
def test_the_pdf_keeps_every_letter_in_spanish_french_and_other_scripts(
    circle_members, client, lang, title, footer
):
    c = circle_members
    Circle.objects.filter(pk=c["circle"].pk).update(person_name="Ἀθηνᾶ")
    client.force_login(c["person"])
    coping = "Llamar a Łukasz o a Мария; un café, la señal, un œuvre « promenade » – “ça va”"
    client.post(edit_url(c), SECTIONS | {"coping": coping, "visibility": "only_me"})
    plan = RelapsePlan.objects.get()
    with translation.override(lang):
        url = reverse("plans:relapse_plan_pdf", args=[c["circle"].id, plan.id])
    text = pdf_text(client.get(url).content)
    assert title in text
    assert coping in text
    assert footer in text


def test_a_long_plan_shrinks_its_type_to_stay_on_one_pdf_page_and_an_extreme_one_flows_on():
    from alongside.plans.pdf import relapse_plan_pdf

    def pages(lines):
        text = "\n".join(
            f"Line {n} of what helps, written at some length to fill the space" for n in range(lines)
        )
        body = relapse_plan_pdf(
            title="Plan", subtitle="v1", sections=[("Section", text)] * 10, footer="Safety first"
        )
        return len(re.findall(rb"/Type\s*/Page\b", body))

    assert pages(6) == 1  # about 4,000 characters: a long plan
    assert pages(30) > 1  # nothing is cut off: text below the smallest legible size flows on


def test_a_person_who_joins_later_starts_their_own_plan_from_the_one_the_circle_kept(circle_members, client):
    c = circle_members
    membership = Membership.objects.get(circle=c["circle"], user=c["person"])
    membership.left_at = timezone.now()
    membership.save()
    client.force_login(c["organiser"])
    client.post(edit_url(c), SECTIONS | {"visibility": "circle", "made_with_person": "on"})
    Membership.objects.create(circle=c["circle"], user=c["person"], role="person")
    client.force_login(c["person"])
    page = client.get(reverse("plans:relapse_plan", args=[c["circle"].id])).content.decode()
    assert "Before you joined" in page and "Walk the dog" in page
    form = client.get(edit_url(c)).content.decode()
    assert "Old friends from the estate" in form
    client.post(edit_url(c), SECTIONS | {"coping": "My own way", "visibility": "only_me"})
    own = RelapsePlan.objects.get(author=c["person"])
    assert own.coping == "My own way" and RelapsePlan.objects.count() == 2
    client.force_login(c["organiser"])
    assert client.get(edit_url(c)).status_code == 404
