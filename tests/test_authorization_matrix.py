"""The authorization matrix: every URL pattern of the project, as every persona.

Each app declares a rule for each of its URL names in ``<app>/access.py`` (see
``alongside.core.authz``). This test fails when a URL has no rule, and when any
persona can open what the rule (and the privacy model's truth table below) says
it may not: circles and records a user may not see must answer 404.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alongside.core.authz import ALL_ROLES, Excluded, Member, Public, Record, SignedIn, project_url_rules

PERSONAS = ("anonymous", "outsider", *ALL_ROLES)
VISIBILITIES = ("only_me", "supporters", "circle", "professionals")

# The privacy model's truth table, written out independently of the code under test:
# which roles (besides the author) may read a record of each visibility.
READERS = {
    "only_me": set(),
    "supporters": {"organiser", "supporter"},
    "circle": {"organiser", "supporter", "person"},
    "professionals": {"organiser", "supporter", "person", "professional"},
}

# Third-party URL names: allauth's pages are public or need a signed-in user; Django's
# admin does its own staff checks.
THIRD_PARTY_RULES = {
    "account_signup": Public(),
    "account_login": Public(),
    "account_logout": Public(),
    "account_change_password": SignedIn(),
    "account_set_password": SignedIn(),
    "account_inactive": Public(),
    "account_email": SignedIn(),
    "account_email_verification_sent": Public(),
    "account_confirm_email": Public(kwargs=lambda **_: {"key": "not-a-real-key"}),
    "account_reset_password": Public(),
    "account_reset_password_done": Public(),
    "account_reset_password_from_key": Public(kwargs=lambda **_: {"uidb36": "0", "key": "not-a-real-key"}),
    "account_reset_password_from_key_done": Public(),
    "account_login_code_confirm": Public(),
    "account_reauthenticate": SignedIn(),
    # Re-authenticating by an e-mailed code answers 404 unless log-in by code is on.
    "account_request_reauthentication_code": SignedIn(needs_state=True),
    "account_confirm_reauthentication_code": SignedIn(needs_state=True),
    "account_request_login_code": Public(),
    "account_confirm_login_code": Public(),
    "account_email_verification_sent_by_code": Public(),
    "account_email_verification_confirm": Public(),
    "mfa_index": SignedIn(),
    "mfa_authenticate": Public(),
    "mfa_reauthenticate": SignedIn(),
    "mfa_activate_totp": SignedIn(),
    "mfa_deactivate_totp": SignedIn(needs_state=True),
    "mfa_view_recovery_codes": SignedIn(needs_state=True),
    "mfa_generate_recovery_codes": SignedIn(needs_state=True),
    "mfa_download_recovery_codes": SignedIn(needs_state=True),
    "mfa_trust": Public(),
    # Passkeys (WebAuthn) as a second factor, and the list of one's sessions.
    "mfa_list_webauthn": SignedIn(),
    "mfa_add_webauthn": SignedIn(),
    "mfa_reauthenticate_webauthn": SignedIn(needs_state=True),
    "mfa_remove_webauthn": SignedIn(kwargs=lambda **_: {"pk": 0}, needs_state=True),
    "mfa_edit_webauthn": SignedIn(kwargs=lambda **_: {"pk": 0}, needs_state=True),
    "usersessions_list": SignedIn(),
}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def project_url_names() -> list[str]:
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)})


def all_rules() -> dict:
    return {**THIRD_PARTY_RULES, **project_url_rules()}


def test_every_url_pattern_has_a_rule():
    rules = all_rules()
    missing = [name for name in project_url_names() if name not in rules]
    assert not missing, f"URL names without a rule in <app>/access.py: {missing}"


def _client_for(persona, people):
    client = Client()
    if persona != "anonymous":
        client.force_login(people[persona])
    return client


def _request(client, method, url):
    return client.post(url) if method == "POST" else client.get(url)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", project_url_names())
def test_url_answers_each_persona_as_its_rule_says(url_name, circle_members):
    rule = all_rules().get(url_name)
    if rule is None:
        pytest.fail(f"{url_name} has no rule")
    if isinstance(rule, Excluded):
        assert rule.reason, f"{url_name} is excluded without a reason"
        return
    people = circle_members
    circle = people["circle"]
    members = {role: people[role] for role in ALL_ROLES}

    if isinstance(rule, Record):
        _check_record_rule(url_name, rule, people, circle)
        return

    for persona in PERSONAS:
        # Each persona in a savepoint: POSTs that change state do not affect the next persona.
        with transaction.atomic():
            kwargs = dict(rule.kwargs(circle=circle, members=members)) if rule.kwargs else {}
            if isinstance(rule, Member):
                kwargs["circle_id"] = circle.id
            url = reverse(url_name, kwargs=kwargs or None)
            response = _request(_client_for(persona, people), rule.method, url)
            status = response.status_code
            where = f"{url_name} {rule.method} {url} as {persona}"
            assert status < 500, f"{where}: server error {status}"
            if isinstance(rule, Public):
                assert status != 404 or url_name in ("account_confirm_email",), f"{where}: 404 for a public page"
            elif isinstance(rule, SignedIn):
                if persona == "anonymous":
                    assert _is_login_redirect(response) or status == 404, f"{where}: {status}, expected log-in"
                else:
                    assert status != 404 or rule.needs_state, f"{where}: 404 for a signed-in user"
            elif isinstance(rule, Member):
                if persona == "anonymous":
                    assert _is_login_redirect(response) or status == 404, f"{where}: {status}"
                elif persona == "outsider" or persona not in rule.roles:
                    assert status == 404, f"{where}: {status}, expected 404"
                else:
                    assert status not in (403, 404), f"{where}: {status} for an allowed member"
            transaction.set_rollback(True)


def _check_record_rule(url_name, rule: Record, people, circle):
    author = people[rule.author_role]
    for visibility in VISIBILITIES:
        for persona in PERSONAS:
            with transaction.atomic():
                record = rule.make(circle=circle, author=author, visibility=visibility)
                url = reverse(url_name, kwargs={"circle_id": circle.id, rule.kwarg: record.pk})
                response = _request(_client_for(persona, people), rule.method, url)
                status = response.status_code
                where = f"{url_name} ({visibility}, by {rule.author_role}) as {persona}"
                assert status < 500, f"{where}: server error {status}"
                if persona == "anonymous":
                    assert _is_login_redirect(response) or status == 404, f"{where}: {status}"
                else:
                    is_author = persona == rule.author_role
                    may_read = is_author or (persona in READERS[visibility] and persona != "outsider")
                    allowed = is_author if rule.author_only else may_read
                    if allowed:
                        assert status not in (403, 404), f"{where}: {status} but may see it"
                    else:
                        assert status == 404, f"{where}: {status}, expected 404"
                transaction.set_rollback(True)


@pytest.mark.django_db
def test_professionals_see_nothing_once_the_circle_withdraws_it(circle_members, client):
    from alongside.notes.models import Note

    circle = circle_members["circle"]
    note = Note.objects.create(
        circle=circle, author=circle_members["supporter"], visibility="professionals", title="t", body="b"
    )
    client.force_login(circle_members["professional"])
    url = reverse("notes:detail", kwargs={"circle_id": circle.id, "note_id": note.pk})
    assert client.get(url).status_code == 200
    circle.professionals_may_see = False
    circle.save()
    assert client.get(url).status_code == 404
