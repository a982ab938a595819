"""Everything Alongside sends speaks the recipient's language (their stored one, not the page's):
e-mail subject and body, push, the in-app inbox, and the calendar feed."""

import json
from datetime import UTC, datetime

import http_ece
import pytest
from django.core import mail
from django.urls import reverse

from alongside.reminders import services
from alongside.reminders.events import Due, EventType
from alongside.reminders.tests.test_web_push import PushService, b64url

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 6, 1, 16, 0, tzinfo=UTC)
WORDS = {
    "es": {
        "neutral": "Tiene un nuevo recordatorio",
        "kit": "Un kit de naloxona va a caducar: caduca el 3 de febrero de 2027",
        "open": "Abra este enlace para leerlo:",
        "appointment": "Se acerca una cita",
    },
    "fr": {
        "neutral": "Vous avez un nouveau rappel",
        "kit": "Une trousse de naloxone arrive à expiration: elle expire le 3 février 2027",
        "open": "Ouvrez ce lien pour le lire :",
        "appointment": "Un rendez-vous approche",
    },
}


@pytest.fixture
def push_keys():
    import os

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    private_key = ec.generate_private_key(ec.SECP256R1())
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private_key, b64url(public), os.urandom(16)


def kit_due(member, key="kit:1:30"):
    return Due(
        event_type=EventType.KIT_EXPIRING,
        user_id=member.pk,
        key=key,
        due_at=NOON,
        detail="2027-02-03",
        url_name="reminders:inbox",
    )


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_email_subject_and_body_are_in_the_members_language(make_user, language):
    member = make_user("Ana", language=language)
    services.save_preferences(
        member, wanted={"kit_expiring:email"}, quiet_start=None, quiet_end=None, show_details=True
    )
    services.schedule(kit_due(member))
    services.deliver_due(NOON)
    message = mail.outbox[0]
    assert message.subject == WORDS[language]["kit"]
    assert WORDS[language]["open"] in message.body and f"/{language}/" in message.body
    html = message.alternatives[0][0]
    assert f"/{language}/" in html and "Open Alongside" not in html and "Open Alongside" not in message.body


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_neutral_email_is_in_the_members_language_too(make_user, language):
    member = make_user("Ana", language=language)
    services.schedule(kit_due(member))
    services.deliver_due(NOON)
    assert mail.outbox[0].subject == WORDS[language]["neutral"]


@pytest.mark.parametrize("language", ["es", "fr"])
def test_a_push_message_is_in_the_members_language(make_user, push_keys, language, settings):
    settings.PUSH_ENDPOINT_LOCAL_HOSTS_ALLOWED = ["127.0.0.1"]  # the stand-in push service
    member = make_user("Ana", language=language)
    service = PushService(201)
    try:
        _private, p256dh, secret = push_keys
        services.subscribe_push(member, endpoint=service.url, p256dh=p256dh, auth=b64url(secret))
        services.save_preferences(
            member, wanted={"kit_expiring:push"}, quiet_start=None, quiet_end=None, show_details=True
        )
        services.schedule(kit_due(member, key="kit:push"))
        services.deliver_due(NOON)
    finally:
        service.close()
    private_key, _p256dh, auth = push_keys
    assert len(service.requests) == 1
    _headers, body = service.requests[0]
    message = json.loads(
        http_ece.decrypt(body, private_key=private_key, auth_secret=auth, version="aes128gcm")
    )
    assert message["body"] == WORDS[language]["kit"]
    assert message["url"].startswith(f"/{language}/")


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_inbox_writes_details_in_words_in_the_language(make_user, client, language):
    member = make_user("Ana", language=language)
    services.schedule(kit_due(member))
    services.deliver_due(NOON)
    client.force_login(member)
    page = client.get(f"/{language}/reminders/").content.decode()
    assert WORDS[language]["kit"].split(": ", 1)[1] in page and "2027-02-03" not in page


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_calendar_feed_names_events_in_the_members_language(circle_members, client, language):
    import icalendar

    from alongside.care import services as care
    from alongside.care.models import Appointment
    from alongside.circles.models import Membership

    member = circle_members["supporter"]
    member.language = language
    member.save()
    Appointment.objects.create(
        circle=circle_members["circle"],
        author=circle_members["organiser"],
        visibility="circle",
        kind="doctor",
        title="Dr Lee",
        starts_at=NOON,
    )
    feed = care.feed_for(Membership.objects.get(user=member, circle=circle_members["circle"]))
    feed.show_details = True  # the kind of visit is shown only to a member who opted in
    feed.save()
    token = feed.token
    event = icalendar.Calendar.from_ical(client.get(reverse("care:feed", args=[token])).content).walk(
        "VEVENT"
    )[0]
    from django.utils import translation

    from alongside.care.models import AppointmentKind

    with translation.override(language):
        expected = f"{AppointmentKind.DOCTOR.label}: Dr Lee"
    assert str(event["summary"]) == expected and not expected.startswith("Doctor or prescriber")
