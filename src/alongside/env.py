"""Typed readers for settings that come from the environment.

Every setting has a laptop-safe default; secrets may also come from a file
named by ``<NAME>_FILE`` (how container secrets are usually mounted).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_from_data_dir(
    data_dir: Path, filename: str, make: callable = lambda: secrets.token_urlsafe(50)
) -> str:
    """Read a secret kept in the data directory, creating it (owner-only) on first use.

    Creation uses O_EXCL so that two processes starting at once agree on one value.
    """
    path = data_dir / filename
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(make())
    value = path.read_text(encoding="utf-8").strip()
    if not value:  # another process created the file but has not written it yet
        import time

        time.sleep(0.05)
        value = path.read_text(encoding="utf-8").strip()
    return value


FIELD_KEY_FILE = "field-key"


def field_keys_from_data_dir(data_dir: Path, database_file: Path | None) -> list[str]:
    """The field-encryption keys kept in the data directory (comma- or line-separated).

    A key is generated only for a data directory that holds no database yet: a new key
    beside an existing database would make every encrypted field unreadable, so then the
    list stays empty and `alongside check` (and every command that runs the checks) says
    what is missing instead.
    """
    path = data_dir / FIELD_KEY_FILE
    if not path.exists() and database_file is not None and database_file.exists():
        return []
    from cryptography.fernet import Fernet

    raw = secret_from_data_dir(data_dir, FIELD_KEY_FILE, make=lambda: Fernet.generate_key().decode())
    return [key for key in raw.replace("\n", ",").split(",") if key.strip()]
