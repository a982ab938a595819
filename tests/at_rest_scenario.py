"""The member side of the at-rest test, run in its own process on a file-based SQLite
database (the data directory is given in ALONGSIDE_DATA_DIR by ``test_at_rest.py``).

It signs members up through the real forms, sets up a circle with invitations, enrols
TOTP for the organiser, then crawls the circle as each role and submits every form it
finds with a unique marker in every free-text field. It prints one JSON line (the markers,
the MFA secrets, which tables received a marker, any form that was refused) and then
keeps its database connection open until the test has read the files, so the ``-wal``
file is still there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import sys
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # responses carry their context; e-mail stays in memory

import crawling  # noqa: E402  (beside this file)
from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from alongside.accounts.tests.totp import totp_now  # noqa: E402

PASSWORD = "a-long-test-password"
ROLES = ("organiser", "supporter", "person", "professional")
PAGE_LIMIT = 160  # per role; the circle has fewer pages than this


def sign_up(markers: crawling.Markers, role: str) -> Client:
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": markers.new("account_signup display_name"),
            "email": f"{role}@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, f"sign-up of the {role} refused"
    return client


def enrol_totp(client: Client, email: str) -> str:
    from allauth.account.models import EmailAddress

    # allauth turns two-step sign-in on only for a verified address (the e-mailed link's effect).
    EmailAddress.objects.filter(email=email).update(verified=True)
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302 and "reauthenticate" in page["Location"]:
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, f"TOTP activation page answered {page.status_code}"
    secret = client.session["mfa.totp.secret"]
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert done.status_code == 302, "TOTP activation refused"
    return secret


def crawl_as(role: str, client: Client, circle_id, markers: crawling.Markers, today, refused: list) -> int:
    scope = f"/c/{circle_id}/"
    queue = [
        reverse("circles:detail", args=[circle_id]),
        reverse("accounts:preferences"),
        reverse("circles:create"),
        reverse("directory:shortlist_add", args=[circle_id])
        + "?"
        + urlencode(
            {
                "kind": "meeting",
                "ref": markers.new("directory:shortlist_add ref"),
                "name": markers.new("directory:shortlist_add name"),
                "phone": markers.new("directory:shortlist_add phone"),
                "address": markers.new("directory:shortlist_add address"),
                "url": f"https://{markers.new('directory:shortlist_add url')}.example.org/",
            }
        ),
    ]
    seeds = set(queue)
    seen: set[str] = set()
    posted: set[tuple] = set()
    while queue and len(seen) < PAGE_LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        links, forms = crawling.parse_page(response.content.decode())
        for href in links:
            target = crawling.local_path(href, path)
            if target and target.startswith(scope) and target not in seen and crawling.followable(target):
                queue.append(target)
        for form in forms:
            action = crawling.local_path(form.action or path, path)
            if form.method != "post" or not action or not crawling.followable(action):
                continue
            if not (action.startswith(scope) or action.split("?")[0] in {s.split("?")[0] for s in seeds}):
                continue
            if any(i["type"] in ("password", "file") for i in form.inputs):
                continue
            name = crawling.url_name(action)
            key = (name, tuple(sorted(i["name"] for i in form.inputs)))
            if key in posted:
                continue
            posted.add(key)
            current = form
            for attempt in (0, 1, 2):
                data = crawling.fill(current, markers, f"{role} {name}", today, min(attempt, 1))
                result = client.post(action, data)
                if not crawling.refused(result):
                    break
                # The page that came back may ask for more (a box to tick to keep the wording).
                _links, again = crawling.parse_page(result.content.decode())
                same = [
                    f
                    for f in again
                    if f.method == "post" and crawling.local_path(f.action or action, action) == action
                ]
                current = max(same, key=lambda f: len(f.inputs)) if same else form
            if result.status_code == 302:
                target = crawling.local_path(result["Location"], action)
                if target and target.startswith(scope) and crawling.followable(target):
                    queue.insert(0, target)
            elif crawling.refused(result):
                errors = re.findall(r'class="errorlist[^>]*>(.*?)</ul', result.content.decode(), re.S)
                refused.append(f"{role} {name} -> {result.status_code} {errors} {data}")
    return len(seen)


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    markers = crawling.Markers(prefix="qzv" + secrets.token_hex(3))
    today = dt.date.today()

    clients = {"organiser": sign_up(markers, "organiser")}
    organiser = clients["organiser"]
    response = organiser.post(
        reverse("circles:create"),
        {"person_name": markers.new("circles:create person_name"), "time_zone": "UTC"},
    )
    assert response.status_code == 302, "circle creation refused"
    from alongside.circles.models import Circle

    circle = Circle.objects.get()
    for role in ROLES[1:]:
        page = organiser.post(
            reverse("circles:invite", args=[circle.id]),
            {"role": role, "label": markers.new("circles:invite label")},
        )
        link = page.context["link"]
        clients[role] = sign_up(markers, role)
        joined = clients[role].post(link.split("testserver", 1)[-1])
        assert joined.status_code == 302, f"the {role} could not join"

    # Addresses typed into "invite people by e-mail" (the page after creating a circle): one
    # with a name, one without (then the address itself is what the page confirms).
    invited = [f"{markers.new('circles:invite_people email')}@example.invalid" for _ in range(2)]
    response = organiser.post(
        reverse("circles:invite_people", args=[circle.id]),
        {
            "invitee-TOTAL_FORMS": "2",
            "invitee-INITIAL_FORMS": "0",
            "next": "",
            "invitee-0-name": markers.new("circles:invite_people name"),
            "invitee-0-email": invited[0],
            "invitee-0-role": "supporter",
            "invitee-1-name": "",
            "invitee-1-email": invited[1],
            "invitee-1-role": "professional",
        },
    )
    assert response.status_code == 302, "inviting by e-mail refused"
    from alongside.circles.models import Invitation

    invited_saved = sorted(set(invited) & {i.email for i in Invitation.objects.all()})

    totp_secret = enrol_totp(organiser, "organiser@example.org")

    refused: list[str] = []
    pages = {role: crawl_as(role, clients[role], circle.id, markers, today, refused) for role in ROLES}

    # Which tables hold a marker, read back through the models (so decrypted).
    tables_with_markers = set()
    for model in apps.get_models():
        if not model.__module__.startswith("alongside."):
            continue
        for row in model._default_manager.all():
            for field in model._meta.concrete_fields:
                if markers.prefix in str(getattr(row, field.attname, "")):
                    tables_with_markers.add(model._meta.db_table)

    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    recovery = Authenticator.objects.get(type=Authenticator.Type.RECOVERY_CODES)
    seed = RecoveryCodes(recovery).instance.data["seed"]
    from alongside.core.fields import decrypt_text

    # A last write in this open connection, so the write-ahead log holds member text too.
    from alongside.notes.models import Note

    note = Note.objects.first()
    note.body = markers.new("last write body")
    note.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")

    print(
        json.dumps(
            {
                "markers": markers.written,
                "totp_secret": totp_secret,
                "recovery_seed": decrypt_text(seed),
                "recovery_codes": RecoveryCodes(recovery).get_unused_codes(),
                "tables_with_markers": sorted(tables_with_markers),
                "invited_addresses": invited_saved,
                "refused": refused,
                "pages": pages,
            }
        ),
        flush=True,
    )
    sys.stdin.readline()  # the test has read the files


if __name__ == "__main__":
    main()
