"""Meeting lists registered by URL: a daily conditional GET, the last good copy kept when a refresh
fails (issue 17). Tested against a real HTTP server on 127.0.0.1, in a thread."""

from __future__ import annotations

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.meetings import feeds
from alongside.meetings.models import Meeting, MeetingFeed

from .conftest import ONTARIO

pytestmark = pytest.mark.django_db

ETAG = '"v1"'
LAST_MODIFIED = "Wed, 02 Dec 2026 10:00:00 GMT"


class FeedServer:
    """Serves one body with an ETag; answers 304 to a matching If-None-Match; can be told to fail."""

    def __init__(self, body: bytes):
        self.body, self.status, self.requests, self.redirect = body, 200, [], ""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                server.requests.append(dict(self.headers))
                if server.redirect:
                    self.send_response(302)
                    self.send_header("Location", server.redirect)
                    self.end_headers()
                    return
                if server.status != 200:
                    self.send_error(server.status)
                    return
                if self.headers.get("If-None-Match") == ETAG:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("ETag", ETAG)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.json"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture(autouse=True)
def _local_feed_server_allowed(settings):
    """The tests' feed server listens on loopback, which real installs never allow."""
    settings.MEETING_FEED_LOCAL_HOSTS_ALLOWED = ["127.0.0.1"]


@pytest.fixture
def server():
    running = FeedServer(ONTARIO.read_bytes())
    yield running
    running.close()


@pytest.fixture
def feed(server, make_user):
    return feeds.register_feed(
        make_user("Host", is_staff=True),
        source="ontario-feed",
        url=server.url,
        time_zone="America/Toronto",
        fellowship="aa",  # the Ontario rows do not name theirs
    )


def test_a_refresh_imports_then_asks_with_a_conditional_get(server, feed):
    assert feeds.refresh_feed(feed)
    count = Meeting.objects.filter(source="ontario-feed").count()
    assert count > 40
    feed.refresh_from_db()
    assert (
        feed.etag == ETAG
        and feed.last_modified == LAST_MODIFIED
        and feed.last_success_at
        and not feed.last_error
    )

    assert feeds.refresh_feed(feed)
    assert server.requests[-1]["If-None-Match"] == ETAG
    assert server.requests[-1]["If-Modified-Since"] == LAST_MODIFIED
    feed.refresh_from_db()
    assert feed.last_summary == "Not changed since the last refresh."
    assert Meeting.objects.filter(source="ontario-feed").count() == count


def test_a_failed_refresh_keeps_the_last_good_copy_and_says_when_it_last_succeeded(
    client, server, feed, sign_in_verified_staff
):
    feeds.refresh_feed(feed, timezone.now() - timedelta(days=2))
    count = Meeting.objects.filter(source="ontario-feed").count()
    server.status = 500
    assert not feeds.refresh_feed(feed)
    feed.refresh_from_db()
    assert "500" in feed.last_error
    assert Meeting.objects.filter(source="ontario-feed").count() == count

    server.status, server.body = 200, b'{"not": "a meeting list"'
    feed.etag = ""
    feed.save()
    assert not feeds.refresh_feed(feed)
    assert Meeting.objects.filter(source="ontario-feed").count() == count

    sign_in_verified_staff(client, "Host2")
    html = client.get(reverse("meetings:feeds")).content.decode()
    assert "ontario-feed" in html and "Last refreshed successfully" in html
    assert "failed; the meetings from the last good copy are still listed" in html


def test_an_unreachable_server_and_an_oversized_feed_are_clear_failures(server, feed, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_FEED_BYTES", 1000)
    assert not feeds.refresh_feed(feed)
    feed.refresh_from_db()
    assert "larger than" in feed.last_error
    feed.url = "http://127.0.0.1:9/nothing-listens-here"
    assert not feeds.refresh_feed(feed)
    assert "could not be reached" in feed.last_error
    assert not Meeting.objects.filter(source="ontario-feed").exists()


def test_only_feeds_not_tried_for_a_day_are_due(server, feed):
    now = timezone.now()
    assert feeds.refresh_due(now) == 1
    assert feeds.refresh_due(now + timedelta(hours=23)) == 0
    assert feeds.refresh_due(now + timedelta(hours=25)) == 1
    assert len(server.requests) == 2


def test_the_reminders_tick_enqueues_the_refresh_once(server, feed):
    from django_tasks_db.models import DBTaskResult

    from alongside.meetings.tasks import enqueue_if_due, refresh_feeds
    from alongside.reminders.tasks import tick

    tick.call()
    waiting = DBTaskResult.objects.filter(task_path=refresh_feeds.module_path, status="READY")
    assert waiting.count() == 1
    assert not enqueue_if_due()  # one waiting is enough
    assert refresh_feeds.call() == 1
    assert Meeting.objects.filter(source="ontario-feed").exists()


def test_the_host_registers_a_feed_and_others_get_404(client, server, make_user, sign_in_verified_staff):
    url = reverse("meetings:feeds")
    assert client.get(url).status_code == 404
    client.force_login(make_user("Member"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"url": server.url, "source": "x", "time_zone": "UTC"}).status_code == 404
    assert not MeetingFeed.objects.exists()
    client.force_login(make_user("Staff", is_staff=True))  # staff without a second factor: refused
    assert client.post(url, {"url": server.url, "source": "x", "time_zone": "UTC"}).status_code == 403
    assert not MeetingFeed.objects.exists()

    sign_in_verified_staff(client)
    response = client.post(
        url,
        {
            "url": server.url,
            "source": "ontario-feed",
            "time_zone": "America/Toronto",
            "fellowship": "aa",
            "refresh_now": "1",
        },
    )
    assert response.status_code == 302
    feed = MeetingFeed.objects.get()
    assert feed.last_success_at is not None
    assert AuditEvent.objects.filter(action="created", target_type="meetings.meetingfeed").exists()
    assert Meeting.objects.filter(source="ontario-feed").count() > 40


def test_a_bad_address_keeps_what_was_typed(client, sign_in_verified_staff):
    sign_in_verified_staff(client)
    html = client.post(
        reverse("meetings:feeds"), {"url": "ftp://example.org/feed", "source": "my-list", "time_zone": "UTC"}
    ).content.decode()
    assert 'value="my-list"' in html and "errorlist" in html
    assert not MeetingFeed.objects.exists()


def test_the_page_is_translated(client, sign_in_verified_staff):
    sign_in_verified_staff(client)
    assert "Listes de réunions par adresse" in client.get("/fr/help/meetings/feeds/").content.decode()
    assert "Listas de reuniones por dirección" in client.get("/es/help/meetings/feeds/").content.decode()


# --- The address guard (core/outbound.py): the server fetches only from the public internet -----


def _resolving_to(monkeypatch, address: str):
    import socket

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "0.0.0.0", "240.0.0.1"],
)
def test_a_feed_on_a_private_loopback_link_local_or_reserved_address_is_refused(
    monkeypatch, settings, address
):
    settings.MEETING_FEED_LOCAL_HOSTS_ALLOWED = []
    _resolving_to(monkeypatch, address)
    with pytest.raises(feeds.FetchProblem, match="not on the public internet"):
        feeds.register_feed(None, source="inside", url="https://feeds.example.org/list.json")
    assert not MeetingFeed.objects.exists()


def test_loopback_is_refused_unless_the_setting_names_it(server, settings):
    settings.MEETING_FEED_LOCAL_HOSTS_ALLOWED = []
    with pytest.raises(feeds.FetchProblem, match="not on the public internet"):
        feeds.register_feed(None, source="local", url=server.url)
    with pytest.raises(feeds.FetchProblem, match="https:// or http://"):
        feeds.register_feed(None, source="local", url="file:///etc/passwd")
    assert not server.requests


def test_a_name_re_pointed_inside_after_registration_is_refused_at_fetch(monkeypatch, settings):
    settings.MEETING_FEED_LOCAL_HOSTS_ALLOWED = []
    _resolving_to(monkeypatch, "93.184.215.14")  # a public address at registration
    feed = feeds.register_feed(
        None, source="moved", url="https://feeds.example.org/list.json", fellowship="aa"
    )
    _resolving_to(monkeypatch, "10.0.0.7")  # then the name points into a private network
    assert not feeds.refresh_feed(feed)
    feed.refresh_from_db()
    assert "not on the public internet" in feed.last_error and feed.last_success_at is None


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://localhost:9/feed.json"]
)
def test_a_redirect_to_an_inside_address_is_not_followed(server, feed, target):
    server.redirect = target
    assert not feeds.refresh_feed(feed)
    feed.refresh_from_db()
    assert "not on the public internet" in feed.last_error
    assert len(server.requests) == 1 and not Meeting.objects.filter(source="ontario-feed").exists()


def test_the_push_endpoints_use_the_same_guard(monkeypatch):
    from alongside.reminders.endpoints import UnsafeEndpoint, check_endpoint

    _resolving_to(monkeypatch, "10.0.0.7")
    with pytest.raises(UnsafeEndpoint):
        check_endpoint("https://push.example.org/x")
