"""A supporter works through two skills on a phone: a worksheet saved for each, a practice with a
reminder, and the circle home shows the next practice. Axe-clean, in English and in Spanish."""

import re
from datetime import date, timedelta

import pytest

from alongside.programme import content
from alongside.programme.models import Practice, Worksheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_supporter_does_two_skills_end_to_end_on_a_phone(page, log_in, axe_check, circle_members, lang):
    c = circle_members
    circle, supporter = c["circle"], c["supporter"]
    prefix = "" if lang == "en" else f"/{lang}"
    words = content.load(lang)
    base = f"{prefix}/c/{circle.id}/programme/"
    in_three_days = (date.today() + timedelta(days=3)).isoformat()

    log_in(supporter)
    page.goto(base)
    assert page.locator("html").get_attribute("lang") == lang
    assert words.skills[0].title in page.locator("main").inner_text()
    axe_check(page, f"programme index {lang}")

    # Skill 3: talk in a positive way. The worksheet checks the rewrites as I-statements.
    page.click("main a[href$='/programme/positive-communication/']")
    page.wait_for_url(re.compile(r"/programme/positive-communication/$"))
    assert words.skill("positive-communication").title in page.locator("h1").inner_text()
    axe_check(page, f"skill page {lang}")
    page.click("main a[href$='/positive-communication/worksheet/']")
    page.wait_for_url(re.compile(r"/worksheet/$"))
    page.fill("#id_said_1", "You never listen to me")
    page.fill("#id_rewrite_1", "You always shout")
    page.fill("#id_help_line", "What would help you most right now?")
    page.click("main form button[name=check]")
    page.wait_for_load_state()
    assert page.locator("#ichecks-result .ichecks").count() >= 1
    axe_check(page, f"worksheet with wording hints {lang}")
    page.fill("#id_rewrite_1", "I feel hurt when we shout")
    page.click("main form button[type=submit]:not([name])")
    page.wait_for_url(re.compile(r"/programme/positive-communication/#worksheet$"))
    assert "I feel hurt when we shout" in page.locator("#worksheet").inner_text()

    # Its practice for the week, with a reminder.
    page.click("main a[href$='/positive-communication/practice/']")
    page.wait_for_url(re.compile(r"/practice/$"))
    assert page.input_value("#id_what") == words.skill("positive-communication").practice_text
    axe_check(page, f"practice form {lang}")
    page.fill("#id_due_on", in_three_days)
    page.fill("#id_remind_on", in_three_days)
    page.fill("#id_remind_time", "18:30")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/programme/positive-communication/#practice$"))
    assert re.search(r"\b(18:30|6:30 p\.m\.)", page.locator("#practice").inner_text())
    axe_check(page, f"skill page with a practice {lang}")

    # Skill 6: problem solving, a worksheet with options and a first step.
    page.goto(base + "problem-solving/worksheet/")
    page.fill("#id_problem", "Asks for cash on Fridays")
    page.fill("#id_option_1", "Buy the bus pass myself")
    page.fill("#id_pros_1", "No cash in hand")
    page.fill("#id_first_step", "Tell him on Sunday")
    page.fill("#id_step_date", in_three_days)
    axe_check(page, f"problem-solving worksheet {lang}")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/programme/problem-solving/#worksheet$"))
    assert "Buy the bus pass myself" in page.locator("#worksheet").inner_text()

    # The index shows where the member is; the circle home shows the next practice.
    page.goto(base)
    assert page.locator("#skill-problem-solving .badge").count() == 1
    page.goto(f"{prefix}/c/{circle.id}/")
    card = page.locator("#section-programme").locator("xpath=..").inner_text()
    assert words.skill("positive-communication").title in card
    assert words.skill("positive-communication").practice_text in card
    axe_check(page, f"circle home {lang}")

    assert Worksheet.objects.filter(author=supporter).count() == 2
    practice = Practice.objects.get(author=supporter)
    assert practice.remind_at is not None and practice.visibility == "only_me"
    assert Worksheet.objects.get(skill="problem-solving").visibility == "only_me"
