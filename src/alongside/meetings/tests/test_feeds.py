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
        self.body, self.status, self.requests = body, 200, []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                server.requests.append(dict(self.headers))
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
    client, server, feed, make_user
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

    client.force_login(make_user("Host2", is_staff=True))
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


def test_the_host_registers_a_feed_and_others_get_404(client, server, make_user):
    url = reverse("meetings:feeds")
    assert client.get(url).status_code == 404
    client.force_login(make_user("Member"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"url": server.url, "source": "x", "time_zone": "UTC"}).status_code == 404
    assert not MeetingFeed.objects.exists()

    client.force_login(make_user("Host", is_staff=True))
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


def test_a_bad_address_keeps_what_was_typed(client, make_user):
    client.force_login(make_user("Host", is_staff=True))
    html = client.post(
        reverse("meetings:feeds"), {"url": "ftp://example.org/feed", "source": "my-list", "time_zone": "UTC"}
    ).content.decode()
    assert 'value="my-list"' in html and "errorlist" in html
    assert not MeetingFeed.objects.exists()


def test_the_page_is_translated(client, make_user):
    client.force_login(make_user("Host", is_staff=True))
    assert "Listes de réunions par adresse" in client.get("/fr/help/meetings/feeds/").content.decode()
    assert "Listas de reuniones por dirección" in client.get("/es/help/meetings/feeds/").content.decode()
