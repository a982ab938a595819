"""The calm 503 page in a browser, on a phone: a member submits a note while the database cannot
store anything (full disk, read-only data directory), and is told so plainly, in their language,
on a page axe finds no serious problem with and the Nu HTML checker finds valid."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

# The helper that finds the Nu HTML checker (vnu.jar), beside this file.
from test_html_valid import vnu_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADING = {"en": "Alongside cannot save right now", "es": "Alongside no puede guardar ahora"}
NOT_YOUR_FAULT = {"en": "Nothing you did caused this", "es": "No es por nada que usted haya hecho"}


def html_errors(body: bytes, tmp_path) -> list[str] | None:
    """The Nu checker's errors for one page, or None when the checker is not installed here
    (a failure instead when ALONGSIDE_REQUIRE_HTMLCHECK=1, as in CI)."""
    try:
        command = vnu_command()
    except pytest.skip.Exception:
        return None
    page = tmp_path / "unavailable.html"
    page.write_bytes(body)
    result = subprocess.run(
        [*command, "--format", "json", "--exit-zero-always", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


@pytest.mark.parametrize(
    "language, database_that_cannot_write",
    [("en", "read-only"), ("es", "full"), ("en", "full"), ("es", "read-only")],
    indirect=["database_that_cannot_write"],
)
def test_a_member_whose_note_cannot_be_saved_sees_the_calm_503_page(
    page, log_in, axe_check, circle_members, database_that_cannot_write, language, tmp_path
):
    member = circle_members["supporter"]
    log_in(member)
    with translation.override(language):
        page.goto(reverse("notes:create", args=[circle_members["circle"].id]))
    page.fill("#id_title", "Tuesday")
    page.fill("#id_body", ("What we talked about on the phone today. " * 110)[:4900])
    database_that_cannot_write()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("main form button[type=submit]").last.click()
    response = answer.value
    page.wait_for_load_state()

    assert response.status == 503 and response.headers.get("retry-after")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == HEADING[language]
    assert page.title().startswith(HEADING[language])
    text = page.locator("main").inner_text()
    assert NOT_YOUR_FAULT[language] in text
    for leak in ("Traceback", "OperationalError", "readonly", "disk is full", "What we talked about"):
        assert leak not in page.content()
    # What every page has stays one tap away, in the member's language: quick exit (straight to
    # the neutral page: ending the session needs the database) and the emergency page.
    emergency = page.locator("a.emergency-link")
    assert emergency.is_visible()
    assert emergency.get_attribute("href") == ("/es/emergency/" if language == "es" else "/emergency/")
    assert page.locator("#quick-exit").is_visible()
    # Nothing wider than a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(page, f"the 503 page ({language})")

    errors = html_errors(response.body(), tmp_path)
    if errors is not None:
        assert errors == [], "HTML errors on the 503 page:\n" + "\n".join(errors)


@pytest.mark.parametrize("database_that_cannot_write", ["read-only", "full"], indirect=True)
def test_quick_exit_still_leaves_for_the_neutral_page_when_nothing_can_be_saved(
    page, log_in, circle_members, database_that_cannot_write
):
    """Quick exit ends the session (a write); when the database cannot write, it must still leave
    at once for the neutral page, never stop on a page that says "Alongside"."""
    log_in(circle_members["supporter"])
    page.goto(reverse("circles:detail", args=[circle_members["circle"].id]))
    database_that_cannot_write()
    page.click("#quick-exit")
    page.wait_for_url(re.compile(r"/weather/$"))
    assert "Alongside" not in page.title() and "Alongside" not in page.content()
    # The browser holds no session any more: the circle asks to sign in again.
    page.goto(reverse("circles:detail", args=[circle_members["circle"].id]))
    assert "/accounts/login/" in page.url
