"""The Dockerfile and compose.yaml a host copies. No container engine runs in CI, so they are
read here (PyYAML) and linted by hadolint in .ci/run; docs/HOSTING.md says how they were checked."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_gunicorn_a_worker_postgresql_and_redis():
    services = compose()["services"]
    assert {"web", "worker", "db", "redis"} <= services.keys()
    assert services["web"]["entrypoint"] == ["gunicorn"] and "alongside.wsgi" in services["web"]["command"]
    assert services["worker"]["command"] == ["worker"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    env = services["web"]["environment"]
    assert env["ALONGSIDE_PROFILE"] == "production"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:")


def test_web_and_worker_share_one_data_volume_and_wait_for_the_database_to_be_prepared():
    config = compose()
    services = config["services"]
    for name in ("web", "worker", "prepare"):
        service = services[name]
        data_dir = service["environment"]["ALONGSIDE_DATA_DIR"]
        assert f"alongside-data:{data_dir}" in service["volumes"], name
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["prepare"]["condition"] == "service_completed_successfully"
    assert services["prepare"]["command"] == ["prepare"]
    assert {"alongside-data", "postgres-data"} <= config["volumes"].keys()
    # The same keys for web and worker: both read them from the shared volume (docs/HOSTING.md).
    assert services["web"]["environment"] == services["worker"]["environment"]


def test_the_web_health_check_asks_healthz():
    check = " ".join(compose()["services"]["web"]["healthcheck"]["test"])
    assert "/healthz" in check


def test_the_dockerfile_uses_a_slim_python_base_a_non_root_user_and_the_alongside_command():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", text, re.M)
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1].split(":")[0] not in {"root", "0"}
    assert 'ENTRYPOINT ["alongside"]' in text
    assert "ALONGSIDE_DATA_DIR=/data" in text and 'VOLUME ["/data"]' in text
