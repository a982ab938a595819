"""Meeting lists registered by URL, refreshed daily by the worker with a conditional GET.

The host registers a Meeting Guide JSON feed or a BMLT ``GetSearchResults`` query. Each refresh
sends the ``ETag`` and ``Last-Modified`` the server gave last time, so an unchanged feed costs one
small ``304 Not Modified``. A refresh that fails in any way (network, HTTP error, too large, not a
meeting list) changes no meeting: the import only applies a readable file, so the last good copy
stays, and the feed records the error beside the time it last succeeded.

A feed address is typed by a host, so the server checks it before it ever fetches from it
(``core.outbound``): http or https only, on a name that resolves only to public addresses, when it is
registered, again at every fetch, and at every redirect's target. Loopback addresses pass only when
named in ``settings.MEETING_FEED_LOCAL_HOSTS_ALLOWED`` (the tests' local server; empty on real installs).
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.core.outbound import UnresolvableURL, UnsafeURL, check_public_url
from alongside.meetings import services
from alongside.meetings.importers import FileProblem
from alongside.meetings.models import MeetingFeed

REFRESH_EVERY = timedelta(days=1)
TIMEOUT_SECONDS = 30
MAX_FEED_BYTES = 50 * 1024 * 1024  # the same cap as an upload
USER_AGENT = "Alongside meeting list refresh"


class FetchProblem(Exception):
    """The feed could not be fetched; the message says why in plain words."""


def check_feed_url(url: str) -> None:
    """Raise ``FetchProblem`` unless the server may fetch from ``url`` (see the module docstring)."""
    if not url.lower().startswith(("https://", "http://")):
        raise FetchProblem("A feed address starts with https:// or http://.")
    try:
        check_public_url(
            url, schemes=("http", "https"), local_hosts_allowed=settings.MEETING_FEED_LOCAL_HOSTS_ALLOWED
        )
    except UnresolvableURL:
        raise FetchProblem("The feed's server name cannot be found. Check the address.") from None
    except UnsafeURL:
        raise FetchProblem(
            "This address is not on the public internet (a private, local or reserved address), so it "
            "cannot be used for a feed."
        ) from None


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address the server may fetch from."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_feed_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def register_feed(actor, *, source: str, url: str, time_zone: str = "", fellowship: str = "") -> MeetingFeed:
    check_feed_url(url)
    with transaction.atomic():
        feed, created = MeetingFeed.objects.update_or_create(
            source=source,
            defaults={
                "url": url,
                "time_zone": time_zone,
                "fellowship": fellowship,
                "etag": "",
                "last_modified": "",
            },
        )
        record_event(actor, Action.CREATED if created else Action.CHANGED, target=feed, url=url)
    return feed


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> tuple[bytes | None, str, str]:
    """(body, etag, last_modified); body is None when the server says the feed has not changed."""
    check_feed_url(url)  # again: the name may point elsewhere since it was registered
    opener = urllib.request.build_opener(_CheckedRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_FEED_BYTES + 1)
            if len(body) > MAX_FEED_BYTES:
                raise FetchProblem(f"The feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB.")
            return body, response.headers.get("ETag", ""), response.headers.get("Last-Modified", "")
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None, etag, last_modified
        raise FetchProblem(f"The server answered {exc.code} {exc.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchProblem(f"The server could not be reached ({reason}).") from None


def refresh_feed(feed: MeetingFeed, now=None) -> bool:
    """Fetch and import one feed; True when it succeeded (changed or not)."""
    now = now or timezone.now()
    feed.last_attempt_at = now
    try:
        body, etag, last_modified = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if body is None:
            summary = "Not changed since the last refresh."
        else:
            try:
                body.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise FetchProblem("The feed cannot be read as UTF-8 text.") from None
            report = services.import_meetings_file(
                None,
                io.BytesIO(body),
                source=feed.source,
                default_zone=feed.time_zone or None,  # none given: rows without a zone are left out
                fellowship=feed.fellowship or None,
            )
            summary = report.lines()[0]
    except (FetchProblem, FileProblem) as exc:
        feed.last_error = str(exc)
        feed.save(update_fields=["last_attempt_at", "last_error"])
        return False
    feed.etag, feed.last_modified = etag, last_modified
    feed.last_success_at, feed.last_error, feed.last_summary = now, "", summary
    feed.save()
    return True


def due(now=None):
    now = now or timezone.now()
    from django.db.models import Q

    return MeetingFeed.objects.filter(
        Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=now - REFRESH_EVERY)
    )


def refresh_due(now=None) -> int:
    """Refresh every feed not tried in the last day; returns how many were tried."""
    now = now or timezone.now()
    feeds = list(due(now))
    for feed in feeds:
        refresh_feed(feed, now)
    return len(feeds)
