"""The main public and circle pages are valid HTML, by the Nu HTML checker (vnu.jar).

Every page an app declares a URL rule for (public pages, account pages, circle pages and one
record of each kind in the demo circle) is rendered with the test client as someone who may open
it, plus the sign-up page with mistakes, written to files and checked in one run of the checker. Any error fails, with the page and line.

The checker is the npm package ``vnu-jar`` run with Debian's Java; `.ci/run` installs both and
sets ALONGSIDE_VNU_JAR. Without them the test is skipped locally, and fails when
ALONGSIDE_REQUIRE_HTMLCHECK=1 (as in CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alongside.core import demo
from alongside.core.authz import Member, Public, Record, SignedIn, project_url_rules

DEFAULT_JAR = (
    Path.home()
    / ".cache"
    / "alongside-ci"
    / "vnu"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


def vnu_command() -> list[str]:
    jar = Path(os.environ.get("ALONGSIDE_VNU_JAR") or DEFAULT_JAR)
    java = shutil.which("java")
    if java and jar.is_file():
        return [java, "-Xss4m", "-jar", str(jar)]
    reason = f"the Nu HTML checker needs java and {jar} (npm package vnu-jar)"
    if os.environ.get("ALONGSIDE_REQUIRE_HTMLCHECK") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


# django-allauth's pages, which have no rule in an Alongside app: (URL name, signed in).
ACCOUNT_PAGES = [
    ("account_signup", False),
    ("account_login", False),
    ("account_reset_password", False),
    ("account_email", True),
    ("account_change_password", True),
    ("mfa_index", True),
    ("mfa_activate_totp", True),
]


def demo_members() -> tuple[object, dict]:
    """The demo circle and one member per role (the demo has no professional: one joins here)."""
    from django.contrib.auth import get_user_model

    from alongside.circles.models import Circle, Membership, Role

    User = get_user_model()
    (circle,) = [
        c for c in Circle.objects.all() if c.person_name == "Sam (demo)"
    ]  # the name is encrypted at rest
    members = {}
    for _key, local, _name, role in demo.DEMO_PEOPLE:
        members.setdefault(role, User.objects.get(email=f"{local}@{demo.DEMO_DOMAIN}"))
    members["professional"] = User.objects.create_user(
        email=f"pat@{demo.DEMO_DOMAIN}", password="a-long-test-password", display_name="Pat (demo)"
    )
    Membership.objects.create(circle=circle, user=members["professional"], role=Role.PROFESSIONAL)
    unread_reminder(members["organiser"], circle)
    return circle, members


def unread_reminder(user, circle) -> None:
    """An unread in-app reminder, so the inbox shows its "mark all as read" form."""
    from django.utils import timezone

    from alongside.reminders.events import Channel, EventType
    from alongside.reminders.models import Reminder, ReminderState

    now = timezone.now()
    Reminder.objects.create(
        user=user,
        circle=circle,
        event_type=EventType.values[0],
        channel=Channel.IN_APP,
        key="html-check",
        due_at=now,
        next_attempt_at=now,
        state=ReminderState.SENT,
        sent_at=now,
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages_to_check() -> list[tuple[str, Client]]:
    """(path, client): every page an Alongside app declares, as someone who may open it."""
    circle, members = demo_members()
    clients = {role: signed_in(user) for role, user in members.items()}
    pages = []
    for name, rule in sorted(project_url_rules().items()):
        if getattr(rule, "method", "GET") != "GET":
            continue
        if isinstance(rule, Record):
            try:
                with transaction.atomic():
                    record = rule.make(circle=circle, author=members[rule.author_role], visibility="circle")
            except IntegrityError:
                continue  # one per member (the relapse plan): the demo's own is on its pages already
            kwargs = {"circle_id": circle.id, rule.kwarg: record.pk}
            pages.append((reverse(name, kwargs=kwargs), clients[rule.author_role]))
            continue
        kwargs = dict(rule.kwargs(circle=circle, members=members)) if getattr(rule, "kwargs", None) else {}
        if isinstance(rule, Member):
            kwargs["circle_id"] = circle.id
            pages.append((reverse(name, kwargs=kwargs), clients[rule.roles[0]]))
        elif isinstance(rule, SignedIn):
            if not rule.needs_state:
                pages.append((reverse(name, kwargs=kwargs or None), clients["organiser"]))
        elif isinstance(rule, Public):
            pages.append((reverse(name, kwargs=kwargs or None), Client()))
    for name, needs_user in ACCOUNT_PAGES:
        pages.append((reverse(name), clients["organiser"] if needs_user else Client()))
    for lang in ("es", "fr"):
        with translation.override(lang):
            pages += [
                (reverse("core:home"), Client()),
                (reverse("circles:detail", args=[circle.id]), clients["organiser"]),
            ]
    return pages


def failed_sign_up(path: str) -> bytes:
    """The sign-up page as it answers a form with mistakes (error and help lists shown)."""
    response = Client().post(path, {"email": "not-an-address", "password1": "short", "password2": "other"})
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
def test_the_main_pages_have_no_html_errors(tmp_path):
    command = vnu_command()
    call_command("load_demo", stdout=open(os.devnull, "w"))
    written: dict[str, str] = {}
    for number, (path, client) in enumerate(pages_to_check()):
        response = client.get(path)
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not kind.startswith("text/html"):
            continue  # a redirect, a feed, a file download
        file = tmp_path / f"page{number:03d}.html"
        file.write_bytes(response.content)
        written[file.name] = path
    with translation.override("en"):
        sign_up = reverse("account_signup")
    (tmp_path / "sign-up-with-mistakes.html").write_bytes(failed_sign_up(sign_up))
    written["sign-up-with-mistakes.html"] = sign_up + " (with mistakes)"
    assert len(written) >= 60, f"only {len(written)} pages rendered: {sorted(written.values())}"
    result = subprocess.run(
        [*command, "--format", "json", "--exit-zero-always", *(str(tmp_path / name) for name in written)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{written.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], f"{len(errors)} HTML errors on {len(written)} pages:\n" + "\n".join(errors)
