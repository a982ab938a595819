"""Push endpoints: https on public addresses only, at registration and again at send time."""

from __future__ import annotations

import base64
import json
import os
import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from alongside.reminders import services
from alongside.reminders.endpoints import UnsafeEndpoint, check_endpoint
from alongside.reminders.events import Due, EventType
from alongside.reminders.models import PushSubscription, Reminder

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 6, 1, 16, 0, tzinfo=UTC)
KEYS = {
    "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
    "auth": "tBHItJI5svbpez7KI4CCXg",
}

REFUSED = [
    "http://push.example.org/abc",  # not https
    "ftp://push.example.org/abc",
    "https://127.0.0.1/abc",  # loopback
    "https://localhost:8000/abc",  # a name that resolves to loopback
    "https://[::1]/abc",
    "https://10.0.0.5/abc",  # private
    "https://192.168.1.1/abc",
    "https://172.16.0.1/abc",
    "https://169.254.169.254/latest/meta-data/",  # link-local (cloud metadata)
    "https://[fe80::1]/abc",
    "https://240.0.0.1/abc",  # reserved
    "https://0.0.0.0/abc",
    "https://[::ffff:127.0.0.1]/abc",  # loopback dressed as IPv6
    "https://user:pw@8.8.8.8/abc",  # credentials in the address
    "https:///abc",
]


@pytest.mark.parametrize("endpoint", REFUSED)
def test_registering_a_push_endpoint_that_is_not_https_on_a_public_address_is_refused(
    make_user, client, endpoint
):
    member = make_user("Ana")
    client.force_login(member)
    response = client.post(
        reverse("reminders:push_subscribe"),
        json.dumps({"endpoint": endpoint, "keys": KEYS}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_a_public_https_endpoint_is_accepted():
    check_endpoint("https://8.8.8.8/push/abc")  # an address literal: no DNS needed in the test


def test_the_loopback_allowance_is_off_by_default():
    from alongside import settings as project_settings

    assert project_settings.PUSH_ENDPOINT_LOCAL_HOSTS_ALLOWED == []
    with pytest.raises(UnsafeEndpoint):
        check_endpoint("http://127.0.0.1:9/push")


class Listener:
    """A loopback server that records whether anything was sent to it."""

    def __init__(self):
        self.hits = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                outer.hits.append(self.path)
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_an_endpoint_that_became_unsafe_is_never_posted_to_and_is_removed(make_user):
    member = make_user("Ana")
    listener = Listener()
    try:
        # Stored directly, as if it had been allowed when registered (or re-pointed since).
        PushSubscription.objects.create(
            user=member, endpoint=f"http://127.0.0.1:{listener.port}/push", **KEYS
        )
        services.save_preferences(
            member, wanted={"milestone:push"}, quiet_start=None, quiet_end=None, show_details=False
        )
        services.schedule(
            Due(event_type=EventType.MILESTONE, user_id=member.pk, key="m:7", due_at=NOON, detail="")
        )
        services.deliver_due(NOON)
    finally:
        listener.close()
    assert listener.hits == []
    assert not PushSubscription.objects.exists()
    assert Reminder.objects.filter(channel="push").exists()


def test_a_name_that_does_not_resolve_is_refused_at_registration(make_user, monkeypatch):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror("no such name")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(ValueError):
        services.subscribe_push(make_user("Ana"), endpoint="https://push.example.invalid/x", **KEYS)
    assert not PushSubscription.objects.exists()


def test_a_push_service_that_redirects_cannot_send_the_post_elsewhere(make_user, settings):
    """The endpoint passed the check, then answers 307 towards another (internal) address."""
    settings.PUSH_ENDPOINT_LOCAL_HOSTS_ALLOWED = ["127.0.0.1"]
    inside = Listener()

    class Redirector(BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(307)
            self.send_header("Location", f"http://127.0.0.1:{inside.port}/internal")
            self.end_headers()

        def log_message(self, *args):
            pass

    outside = ThreadingHTTPServer(("127.0.0.1", 0), Redirector)
    threading.Thread(target=outside.serve_forever, daemon=True).start()
    member = make_user("Ana")
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        public = ec.generate_private_key(ec.SECP256R1()).public_key()
        p256dh = (
            base64.urlsafe_b64encode(
                public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
            )
            .rstrip(b"=")
            .decode()
        )
        auth = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
        services.subscribe_push(
            member, endpoint=f"http://127.0.0.1:{outside.server_address[1]}/push", p256dh=p256dh, auth=auth
        )
        services.save_preferences(
            member, wanted={"milestone:push"}, quiet_start=None, quiet_end=None, show_details=False
        )
        services.schedule(
            Due(event_type=EventType.MILESTONE, user_id=member.pk, key="m:14", due_at=NOON, detail="")
        )
        services.deliver_due(NOON)
    finally:
        outside.shutdown()
        outside.server_close()
        inside.close()
    assert inside.hits == []
    assert Reminder.objects.get(channel="push").state != "sent"


def test_a_name_re_pointed_after_the_check_does_not_move_the_send(make_user, monkeypatch):
    """DNS rebinding: the endpoint's name answers a public address to the check, then a loopback
    address where something listens. The POST goes to the checked address, never to loopback,
    and the name is looked up once per send."""
    listener = Listener()
    member = make_user("Ana")
    name = "push.rebinding.example"
    endpoint = f"https://{name}:{listener.port}/push"
    PushSubscription.objects.create(user=member, endpoint=endpoint, **KEYS)
    services.save_preferences(
        member, wanted={"milestone:push"}, quiet_start=None, quiet_end=None, show_details=False
    )
    services.schedule(
        Due(event_type=EventType.MILESTONE, user_id=member.pk, key="m:7", due_at=NOON, detail="")
    )

    real_getaddrinfo, looked_up = socket.getaddrinfo, []

    def rebinding(host, port, *args, **kwargs):
        if host != name:
            return real_getaddrinfo(host, port, *args, **kwargs)
        looked_up.append(host)
        address = "93.184.216.34" if len(looked_up) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    connected = []

    class Network(socket.socket):
        """Loopback works; the outside world is out of reach here (refused), but noted."""

        def connect(self, address):
            connected.append(address[0])
            if not address[0].startswith("127."):
                raise ConnectionRefusedError("no way out of the test machine")
            return super().connect(address)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket, "socket", Network)
    try:
        services.deliver_due(NOON)
    finally:
        monkeypatch.undo()
        listener.close()
    assert listener.hits == []
    assert connected == ["93.184.216.34"]
    assert looked_up == [name]
    reminder = Reminder.objects.get(channel="push")
    assert reminder.state != "sent"
    assert PushSubscription.objects.exists()  # a failed connection is retried, not a gone endpoint
