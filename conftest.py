"""Shared test set-up: an isolated data directory, fast password hashing, and personas."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# Settings read the data directory at import: give tests their own before Django starts.
if "ALONGSIDE_DATA_DIR" not in os.environ:
    _test_data_dir = tempfile.mkdtemp(prefix="alongside-test-")
    os.environ["ALONGSIDE_DATA_DIR"] = _test_data_dir
    atexit.register(shutil.rmtree, _test_data_dir, ignore_errors=True)
# Static files straight from the apps' folders: no collectstatic before every test run.
os.environ.setdefault("ALONGSIDE_STATIC_MANIFEST", "0")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _static_files_from_app_folders():
    """Settings may be read before this file sets the environment: tests read static files from
    the apps' folders (no collectstatic), whatever the profile says."""
    from django.test import override_settings

    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain, STATIC_MANIFEST=False, WHITENOISE_USE_FINDERS=True):
        yield


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request under /es/ leaves Spanish active on the thread; reverse() in the next test
    would then build /es/ URLs. Every test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model

    counter = {"n": 0}

    def make(name: str = "", password: str = "a-long-test-password", **extra):
        counter["n"] += 1
        name = name or f"member{counter['n']}"
        return get_user_model().objects.create_user(
            email=f"{name.lower()}@example.org", password=password, display_name=name, **extra
        )

    return make


@pytest.fixture
def circle_members(make_user):
    """A circle around 'Sam' with one member of each role, plus an outsider in another circle.

    Returns a dict: circle, organiser, supporter, person, professional, outsider, other_circle.
    """
    from alongside.circles.models import Circle, Membership, Role

    organiser = make_user("Olive")
    supporter = make_user("Sid")
    person = make_user("Sam")
    professional = make_user("Pat")
    outsider = make_user("Otto")
    circle = Circle.objects.create(person_name="Sam", created_by=organiser)
    for user, role in (
        (organiser, Role.ORGANISER),
        (supporter, Role.SUPPORTER),
        (person, Role.PERSON),
        (professional, Role.PROFESSIONAL),
    ):
        Membership.objects.create(circle=circle, user=user, role=role)
    other_circle = Circle.objects.create(person_name="Alex", created_by=outsider)
    Membership.objects.create(circle=other_circle, user=outsider, role=Role.ORGANISER)
    return {
        "circle": circle,
        "organiser": organiser,
        "supporter": supporter,
        "person": person,
        "professional": professional,
        "outsider": outsider,
        "other_circle": other_circle,
    }


@pytest.fixture
def database_that_cannot_write(request):
    """SQLite's own limits stand in for a full disk or a read-only data directory. Parametrize
    it indirectly with "full" or "read-only"; call it to stop writes. The limits are per
    connection: they go on the test's own connection, on every connection opened since this
    fixture started (a browser test's live server keeps one per kept-alive request thread), and on
    every connection opened after the call."""
    import weakref

    from django.db import connections
    from django.db.backends.signals import connection_created

    connection = connections["default"]  # this thread's wrapper itself, not the proxy
    if connection.vendor != "sqlite":
        pytest.skip("simulates a full disk with SQLite's max_page_count")

    opened = weakref.WeakSet()
    stopped = {"now": False}

    def limit(raw):
        if request.param == "full":
            (pages,) = raw.execute("PRAGMA page_count").fetchone()
            raw.execute(f"PRAGMA max_page_count = {pages}")
        else:
            raw.execute("PRAGMA query_only = 1")

    def use_up_free_pages(raw):
        """Pages freed by earlier tests would take new rows without growing the file: fill them
        first (before the limit, so nothing is refused and no transaction is rolled back)."""
        raw.execute("CREATE TABLE IF NOT EXISTS test_disk_filler (b BLOB)")
        (page_size,) = raw.execute("PRAGMA page_size").fetchone()
        while (free := raw.execute("PRAGMA freelist_count").fetchone()[0]) > 0:
            size = max(512, min(free, 256) * page_size // 2)
            raw.execute("INSERT INTO test_disk_filler VALUES (zeroblob(?))", [size])

    def on_new_connection(sender, connection, **kwargs):
        if connection.vendor == "sqlite":
            opened.add(connection)
            if stopped["now"]:
                limit(connection.connection)

    connection_created.connect(on_new_connection, weak=False, dispatch_uid="database_that_cannot_write")

    def stop_writes():
        stopped["now"] = True
        connection.ensure_connection()
        if request.param == "full":
            use_up_free_pages(connection.connection)
        for wrapper in {connection, *opened}:
            if wrapper.connection is not None:
                limit(wrapper.connection)

    yield stop_writes
    connection_created.disconnect(dispatch_uid="database_that_cannot_write")
    # On the raw connections: the test's transaction is broken by now, which Django would refuse.
    for wrapper in {connection, *opened}:
        if wrapper.connection is not None:
            wrapper.connection.execute("PRAGMA query_only = 0")
            wrapper.connection.execute("PRAGMA max_page_count = 1073741823")
    if request.param == "full" and connection.connection is not None:
        connection.connection.execute("DROP TABLE IF EXISTS test_disk_filler")


# --- Browser tests -------------------------------------------------------------------
# Playwright drives the system Chromium (never a downloaded browser). Without Chromium
# the browser tests are skipped, unless ALONGSIDE_REQUIRE_BROWSER=1 (as in CI) makes
# that a failure.

CHROMIUM = os.environ.get("ALONGSIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("ALONGSIDE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; install the Debian package 'chromium'.")
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context on a phone-sized screen; fails the test on any request to
    another host."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    foreign: list[str] = []

    def watch(request):
        url = request.url
        if not (url.startswith(live_server.url) or url.startswith("data:") or url.startswith("blob:")):
            foreign.append(url)

    context.on("request", watch)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture
def axe_check():
    """Run axe-core on the current page; fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, context: str = ""):
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        summary = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in bad
        )
        assert not bad, f"axe violations on {context or page.url}:\n{summary}"
        return results

    return check


@pytest.fixture
def log_in(page):
    """Log a user in through the real form."""

    def do(user, password: str = "a-long-test-password"):
        page.goto("/accounts/login/")
        page.fill("#id_login", user.email)
        page.fill("#id_password", password)
        page.click("form[action$='/accounts/login/'] button[type=submit]")
        page.wait_for_load_state()

    return do


@pytest.fixture
def sign_in_verified_staff(make_user):
    """Sign ``client`` in as an active staff account with TOTP on, whose session passed the second
    factor (what the host's pages and the admin require). Returns the user."""
    import time

    def sign_in(client, name: str = "Host", **extra):
        from allauth.account.internal.flows.login import (
            _AUTHENTICATION_METHODS_USER_SESSION_KEY,
            AUTHENTICATION_METHODS_SESSION_KEY,
        )
        from allauth.account.internal.userkit import user_id_to_str
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        user = make_user(name, is_staff=True, **extra)
        TOTP.activate(user, generate_totp_secret())
        client.force_login(user)
        session = client.session
        now = time.time()
        session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "at": now, "type": "totp"},
        ]
        session.save()
        return user

    return sign_in


@pytest.fixture
def import_via_page(transactional_db):
    """Post an import page's form, let the background worker run the job it queued, and return the
    page the host is sent to (the job's report), as text. A page that answers without a job (a form
    error) is returned as it is.

    The worker checks its connection the way a real one does between tasks and closes one left in a
    transaction, so the test runs outside a wrapping transaction, as a real worker would (on
    PostgreSQL a wrapped test would lose its connection; in-memory SQLite hides this)."""
    import io

    from django.core.management import call_command

    def post(client, url: str, data: dict) -> str:
        response = client.post(url, data)
        if response.status_code != 302:
            return response.content.decode()
        call_command("worker", batch=True, interval=0, verbosity=0, stdout=io.StringIO())
        return client.get(response["Location"]).content.decode()

    return post
