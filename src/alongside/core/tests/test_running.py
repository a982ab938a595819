import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_sqlite_runs_in_wal_mode(settings):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 5


def test_the_demo_loads_and_its_printed_log_ins_work(tmp_path):
    out = tmp_path / "demo.txt"
    with open(out, "w") as handle:
        call_command("load_demo", stdout=handle)
        call_command("load_demo", stdout=handle)  # running twice does not duplicate
    printed = out.read_text()
    assert "maria@demo.alongside.invalid" in printed and "alongside-demo" in printed
    client = Client()
    assert client.login(email="maria@demo.alongside.invalid", password="alongside-demo")
    response = client.get("/circles/", follow=True)
    assert "Sam (demo)" in response.content.decode()
    from alongside.circles.models import Circle

    assert [c.person_name for c in Circle.objects.all()].count("Sam (demo)") == 1


def test_the_production_profile_passes_the_deploy_check_with_no_warnings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "ALONGSIDE_PROFILE": "production",
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "alongside.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "alongside.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_secret_key_is_generated_once_with_owner_only_permissions(tmp_path):
    from alongside.env import secret_from_data_dir

    first = secret_from_data_dir(tmp_path, "secret-key")
    second = secret_from_data_dir(tmp_path, "secret-key")
    assert first == second and len(first) >= 50
    assert oct((tmp_path / "secret-key").stat().st_mode & 0o777) == "0o600"


def test_pages_carry_a_strict_content_security_policy_and_privacy_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_never_cached(client, make_user):
    client.force_login(make_user("Ana"))
    response = client.get("/account/preferences/")
    assert "no-store" in response["Cache-Control"]


def test_serve_points_e_mail_links_at_its_own_port_unless_the_host_set_an_address(monkeypatch, settings):
    from alongside.core import serving

    # setenv first, so that the test's end restores the environment as it was.
    monkeypatch.setenv("ALONGSIDE_BASE_URL", "")
    monkeypatch.delenv("ALONGSIDE_BASE_URL")
    serving.use_address_for_links(serving.laptop_address("127.0.0.1", 8765))
    assert settings.ALONGSIDE_BASE_URL == "http://localhost:8765/"
    assert os.environ["ALONGSIDE_BASE_URL"] == "http://localhost:8765/"

    monkeypatch.setenv("ALONGSIDE_BASE_URL", "https://alongside.example.org")
    settings.ALONGSIDE_BASE_URL = "https://alongside.example.org"
    serving.use_address_for_links(serving.laptop_address("0.0.0.0", 8000))
    assert settings.ALONGSIDE_BASE_URL == "https://alongside.example.org"
