"""Web push against a local HTTP endpoint standing in for a push service."""

import base64
import json
import os
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from alongside.reminders import services
from alongside.reminders.events import Due, EventType
from alongside.reminders.models import PushSubscription, Reminder, ReminderState
from alongside.reminders.vapid import vapid_public_key

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 6, 1, 16, 0, tzinfo=UTC)


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class PushService:
    def __init__(self, status: int):
        self.status, self.requests = status, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/push/abc"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture(autouse=True)
def _allow_the_local_push_service(settings):
    """The stand-in push service listens on loopback over http, which real installs refuse."""
    settings.PUSH_ENDPOINT_LOCAL_HOSTS_ALLOWED = ["127.0.0.1"]


@pytest.fixture
def subscriber():
    private_key = ec.generate_private_key(ec.SECP256R1())
    public = private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private_key, b64url(public), os.urandom(16)


def subscribe(member, service, subscriber):
    _private, p256dh, auth = subscriber
    services.subscribe_push(member, endpoint=service.url, p256dh=p256dh, auth=b64url(auth))
    services.save_preferences(
        member, wanted={"milestone:push"}, quiet_start=None, quiet_end=None, show_details=False
    )
    services.schedule(
        Due(event_type=EventType.MILESTONE, user_id=member.pk, key="m:30", due_at=NOON, detail="30 days")
    )


def test_the_push_request_is_vapid_signed_and_encrypted_with_a_neutral_text(make_user, subscriber):
    member = make_user("Ana")
    service = PushService(201)
    try:
        subscribe(member, service, subscriber)
        services.deliver_due(NOON)
    finally:
        service.close()
    assert len(service.requests) == 1
    headers, body = service.requests[0]
    assert headers["content-encoding"] == "aes128gcm"
    scheme, _, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == vapid_public_key()

    # The JWT is signed (ES256) by the server's VAPID key and names the push service's origin.
    head, claims, signature = fields["t"].split(".")
    raw = b64url_decode(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(fields["k"]))
    public_key.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    assert json.loads(b64url_decode(claims))["aud"] == service.url.rsplit("/push", 1)[0]

    # Only the subscriber's private key opens the message; its text says nothing about health.
    private_key, _p256dh, auth = subscriber
    message = json.loads(
        http_ece.decrypt(body, private_key=private_key, auth_secret=auth, version="aes128gcm")
    )
    assert message["body"] == "You have a new reminder" and message["title"] == "Reminder"
    assert "30 days" not in json.dumps(message)
    assert Reminder.objects.get().state == ReminderState.SENT


def test_a_410_from_the_push_service_removes_the_subscription(make_user, subscriber):
    member = make_user("Ana")
    service = PushService(410)
    try:
        subscribe(member, service, subscriber)
        services.deliver_due(NOON)
    finally:
        service.close()
    assert PushSubscription.objects.count() == 0
    assert Reminder.objects.get().state == ReminderState.SENT  # nothing left to retry
