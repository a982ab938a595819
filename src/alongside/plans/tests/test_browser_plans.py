import re

import pytest

from alongside.plans.models import Boundary, BoundaryTest, ConversationPlan, RelapsePlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPICAL_PLAN = {
    "triggers_people": "Old friends from the estate, especially Dean",
    "triggers_places": "The bus station\nThe park by the river after dark",
    "triggers_feelings": "Lonely\nBored\nAngry after arguments at home",
    "triggers_times": "Friday nights, payday, the anniversary of Dad's death in March",
    "warning_signs": "Skipping meals\nNot answering the phone\nSleeping all day\nMissing my dosing appointment",
    "coping": "Walk the dog\nCall Rosa\nGo to a meeting\nCook something with Mum\nListen to music with headphones",
    "people_to_call": "Rosa 555 0134\nMum 555 0188\nMy sponsor Jo 555 0199",
    "meetings": "NA, Tuesday 7pm, St Mary's hall\nSMART Recovery online, Thursday 6pm",
    "supporters_agree": "Mum: stays calm, no shouting, checks the naloxone and drives me to the clinic\n"
    "Rosa: calls me the next morning\nEveryone: remembers my tolerance is lower after a break",
    "professionals": "Dr Okafor 555 0100\nKeyworker Sam at the clinic 555 0111",
}


def test_a_supporter_writes_a_boundary_logs_a_test_and_plans_a_conversation(
    page, log_in, axe_check, circle_members
):
    c = circle_members
    circle = c["circle"]
    log_in(c["supporter"])

    page.goto(f"/c/{circle.id}/plans/boundaries/new/")
    axe_check(page, "new boundary")
    page.click("main form button[type=submit]")  # empty: clear messages, nothing saved
    assert "Write what you will or will not do" in page.locator("main").inner_text()
    page.fill("#id_what", "No cash, but I will pay for a bus pass")
    page.fill("#id_why", "Cash has gone on drugs before, and I want to help in a way that helps.")
    page.fill("#id_consequence", "I say no calmly and offer to buy the pass myself.")
    page.fill("#id_held_by", "Mum and Dad")
    page.check("input[name=visibility][value=circle]")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/boundaries/[0-9a-f-]+/$"))
    assert "No cash, but I will pay for a bus pass" in page.locator("h1").inner_text()
    axe_check(page, "boundary")

    page.fill("#id_what_happened", "Asked for 20 in cash on Friday.")
    page.check("input[name=followed_through][value=yes]")
    page.locator("form[action$='/tests/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Asked for 20 in cash on Friday." in page.locator("main").inner_text()
    assert BoundaryTest.objects.filter(boundary__in=Boundary.objects.all()).count() == 1
    axe_check(page, "boundary with its test")

    page.goto(f"/c/{circle.id}/plans/enabling-or-supporting/")
    axe_check(page, "enabling or supporting guide")

    page.goto(f"/c/{circle.id}/plans/conversations/new/")
    axe_check(page, "new conversation plan")
    page.fill("#id_goal", "That Sam hears I am worried and knows I will help")
    page.fill("#id_moment", "Sunday morning over breakfast, when we are both calm")
    page.fill("#id_opening", "I love you and I miss our walks.")
    page.fill("#id_i_statements", "You never call me back.")
    # The check as you type (htmx) shows a hint before anything is sent.
    page.wait_for_selector("#ichecks-result .ichecks li")
    assert "“Always” and “never”" in page.locator("#ichecks-result").inner_text()
    page.fill("#id_options", "Clinic on Main Street, open Monday 9am")
    page.click("main form button[type=submit]:not([name=check])")
    assert "Some wording may sound like blame" in page.locator("main").inner_text()
    assert page.input_value("#id_options") == "Clinic on Main Street, open Monday 9am"
    axe_check(page, "conversation plan with hints")
    page.fill("#id_i_statements", "I feel scared when I cannot reach you at night.")
    page.click("main form button[type=submit]:not([name=check])")
    page.wait_for_url(re.compile(r"/conversations/[0-9a-f-]+/$"))
    assert ConversationPlan.objects.get().i_statements.startswith("I feel scared")
    axe_check(page, "conversation plan")
    page.click("text=Rehearse")
    page.wait_for_url(re.compile(r"/rehearse/$"))
    assert "I love you and I miss our walks." in page.locator("main").inner_text()
    axe_check(page, "rehearsal")


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_the_print_view_of_a_typical_plan_fits_one_page_on_a4_and_letter(
    page, log_in, axe_check, circle_members
):
    c = circle_members
    circle = c["circle"]
    log_in(c["person"])
    page.goto(f"/c/{circle.id}/plans/relapse/edit/")
    axe_check(page, "relapse plan form")
    for key, value in TYPICAL_PLAN.items():
        page.fill(f"#id_{key}", value)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/plans/relapse/$"))
    axe_check(page, "relapse plan")
    plan = RelapsePlan.objects.get()
    page.goto(f"/c/{circle.id}/plans/relapse/{plan.id}/print/")
    axe_check(page, "print view")
    stylesheet = page.locator("link[href*='plans/css/print']").get_attribute("href")
    assert page.request.get(stylesheet).ok
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        assert _pdf_pages(pdf) == 1, paper
    # The same plan without the print stylesheet would not fit: the check is meaningful.
    page.goto(f"/c/{circle.id}/plans/relapse/")
    assert _pdf_pages(page.pdf(format="A4")) > 1
    page.goto(f"/c/{circle.id}/plans/relapse/{plan.id}/history/")
    axe_check(page, "plan history")
    page.goto(f"/es/c/{circle.id}/plans/goal/")
    axe_check(page, "goal in Spanish")
    page.check("input[name=choice][value=undecided]")
    page.fill("#id_in_their_words", "Todavía lo estoy pensando.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Todavía no está decidido" in page.locator("main").inner_text()
    axe_check(page, "goal saved")
