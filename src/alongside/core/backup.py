"""Encrypted backups of a whole Alongside: the database, its field-encryption keys and secrets.

File format (version 1), everything after the header authenticated:

    MAGIC (16 bytes) | salt (16 bytes) | chunk*

Each chunk is ``length (4 bytes, big-endian) | nonce (12 bytes) | AES-256-GCM ciphertext``, and
its associated data is the chunk's number and whether it is the last one, so a reordered,
dropped or truncated chunk fails to open. The key comes from the passphrase with scrypt.
The plaintext is a tar stream: ``manifest.json``, the database (``database.sqlite3`` made with
SQLite's online backup API, or ``database.pgdump`` from ``pg_dump --format=custom``), and,
unless left out on purpose, ``keys/field-keys``, ``keys/secret-key`` and ``keys/vapid-private.pem``.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"ALONGSIDE-BKP-01"
SALT_BYTES = 16
CHUNK_BYTES = 1024 * 1024
MIN_PASSPHRASE = 10
FORMAT_VERSION = 1
FIELD_KEYS_MEMBER = "keys/field-keys"
SECRET_FILES = {"keys/secret-key": "secret-key", "keys/vapid-private.pem": "vapid-private.pem"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is meant for the host."""


def derive_key(passphrase: str, salt: bytes) -> bytes:
    # scrypt with n=2**15 costs ~32 MiB and a fraction of a second: cheap once, dear in bulk.
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


def _aad(index: int, last: bool) -> bytes:
    return struct.pack(">Q?", index, last)


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that encrypts what it is given, chunk by chunk, into `sink`."""

    def __init__(self, sink, passphrase: str):
        salt = secrets.token_bytes(SALT_BYTES)
        self._sink = sink
        self._aead = AESGCM(derive_key(passphrase, salt))
        self._buffer = bytearray()
        self._index = 0
        sink.write(MAGIC + salt)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer.extend(data)
        while len(self._buffer) > CHUNK_BYTES:
            self._emit(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def _emit(self, plain: bytes, *, last: bool) -> None:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, plain, _aad(self._index, last))
        self._sink.write(struct.pack(">I", len(sealed)) + nonce + sealed)
        self._index += 1

    def finish(self) -> None:
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()


def decrypt_stream(source, passphrase: str, sink) -> None:
    """Decrypt a backup from `source` into `sink`, or raise BackupError with a plain reason."""
    header = source.read(len(MAGIC) + SALT_BYTES)
    if len(header) < len(MAGIC) + SALT_BYTES or header[: len(MAGIC)] != MAGIC:
        raise BackupError("This file is not an Alongside backup.")
    aead = AESGCM(derive_key(passphrase, header[len(MAGIC) :]))
    index = 0
    while True:
        head = source.read(16)
        if len(head) < 16:
            raise BackupError("This backup is cut short: its end is missing.")
        (length,) = struct.unpack(">I", head[:4])
        sealed = source.read(length)
        if len(sealed) < length:
            raise BackupError("This backup is cut short: its end is missing.")
        last = source.peek(1) == b""
        try:
            opened = aead.decrypt(head[4:], sealed, _aad(index, last))
        except InvalidTag:
            if index == 0:
                raise BackupError(
                    "The passphrase does not open this backup (or the file was changed)."
                ) from None
            raise BackupError("This backup was changed or damaged after it was written.") from None
        sink.write(opened)
        index += 1
        if last:
            return


# --- Taking a backup -------------------------------------------------------------------


def _database_settings() -> dict:
    from django.conf import settings

    return settings.DATABASES["default"]


def _engine() -> str:
    engine = _database_settings()["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return "sqlite"
    if engine.startswith("django.db.backends.postgresql"):
        return "postgresql"
    raise BackupError(f"Backups know SQLite and PostgreSQL, not {engine}.")


def _pg_environment() -> dict[str, str]:
    db = _database_settings()
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _copy_database(work: Path) -> tuple[str, Path]:
    """A consistent copy of the database while the server keeps running."""
    if _engine() == "sqlite":
        target = work / "database.sqlite3"
        # The online backup API copies a snapshot: writers carry on (WAL), and the copy
        # includes what is still only in the -wal file, which copying files would miss.
        source = sqlite3.connect(_database_settings()["NAME"], timeout=30)
        destination = sqlite3.connect(target)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
        return "database.sqlite3", target
    if not shutil.which("pg_dump"):
        raise BackupError(
            "pg_dump was not found: install the PostgreSQL client tools of your server's version."
        )
    target = work / "database.pgdump"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
        env=_pg_environment(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return "database.pgdump", target


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def write_backup(destination: Path, passphrase: str, *, include_keys: bool = True) -> dict:
    """Write an encrypted backup to `destination`; returns the manifest."""
    from django.conf import settings

    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"The passphrase must be at least {MIN_PASSPHRASE} characters long.")
    data_dir = Path(settings.DATA_DIR)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "engine": _engine(),
        "includes_keys": include_keys,
    }
    destination = Path(destination)
    partial = destination.with_name(destination.name + ".partial")
    # The plain copy of the database waits in the data directory, which is already private.
    with tempfile.TemporaryDirectory(dir=data_dir, prefix="backup-") as work_dir:
        member, copy = _copy_database(Path(work_dir))
        manifest["database"] = member
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as sink:
            writer = EncryptingWriter(sink, passphrase)
            with tarfile.open(fileobj=writer, mode="w|") as archive:
                _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
                archive.add(copy, arcname=member)
                if include_keys:
                    _add_bytes(archive, FIELD_KEYS_MEMBER, "\n".join(settings.FIELD_ENCRYPTION_KEYS).encode())
                    for name, filename in SECRET_FILES.items():
                        path = data_dir / filename
                        if path.exists():
                            _add_bytes(archive, name, path.read_bytes())
            writer.finish()
    os.replace(partial, destination)
    return manifest


# --- Restoring -------------------------------------------------------------------------


def _open_archive(backup: Path, passphrase: str, work: Path) -> Path:
    plain = work / "backup.tar"
    fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(backup, "rb") as source, os.fdopen(fd, "wb") as sink:
        decrypt_stream(io.BufferedReader(source), passphrase, sink)  # type: ignore[arg-type]
    return plain


def _read_members(plain: Path, work: Path) -> dict[str, Path]:
    members: dict[str, Path] = {}
    with tarfile.open(plain, mode="r") as archive:
        for info in archive.getmembers():
            if not info.isfile() or info.name.startswith(("/", "..")) or ".." in info.name.split("/"):
                raise BackupError(f"This backup holds an unexpected entry: {info.name}")
            target = work / "members" / info.name.replace("/", "__")
            target.parent.mkdir(exist_ok=True)
            with archive.extractfile(info) as handle, open(target, "wb") as out:  # type: ignore[union-attr]
                shutil.copyfileobj(handle, out)
            members[info.name] = target
    if "manifest.json" not in members:
        raise BackupError("This backup has no manifest: it was not written by `alongside backup`.")
    return members


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path.with_name(path.name + ".new"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(path.with_name(path.name + ".new"), path)


def _sqlite_target_in_use(path: Path) -> bool:
    if not path.exists():
        return False
    with sqlite3.connect(path) as db:
        return (
            db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'django_migrations'").fetchone()[0]
            > 0
        )


def restore_backup(
    backup: Path, passphrase: str, *, force: bool = False, env_keys: list[str] | None = None
) -> dict:
    """Restore a backup into the configured data directory and database.

    Refuses (BackupError) on the wrong passphrase, on a backup without keys when no keys
    are given in the environment, on keys that do not open the data, and on a target that
    already holds a database unless `force`.
    """
    from django.conf import settings
    from django.db import connections

    from alongside.core.keys import unreadable_columns

    data_dir = Path(settings.DATA_DIR)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix="restore-") as work_dir:
        work = Path(work_dir)
        members = _read_members(_open_archive(Path(backup), passphrase, work), work)
        manifest = json.loads(members["manifest.json"].read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(
                f"This backup has format {manifest.get('format')}; this Alongside reads format 1."
            )
        if manifest["engine"] != _engine():
            raise BackupError(
                f"This backup holds a {manifest['engine']} database, but DATABASE_URL names {_engine()}. "
                "Restore it into the same kind of database."
            )
        if FIELD_KEYS_MEMBER in members:
            keys = [k for k in members[FIELD_KEYS_MEMBER].read_text().split() if k]
        elif env_keys:
            keys = list(env_keys)
        else:
            raise BackupError(
                "This backup holds no field-encryption keys and FIELD_ENCRYPTION_KEYS is not set, so its "
                "encrypted text could not be read. Set FIELD_ENCRYPTION_KEYS to the keys you kept apart "
                "from this backup, or restore a backup made with its keys."
            )
        if env_keys and FIELD_KEYS_MEMBER in members:
            # The environment wins over the key file at run time: it must open this data too.
            keys_to_check = list(env_keys)
        else:
            keys_to_check = keys
        connections.close_all()
        if manifest["engine"] == "sqlite":
            restored = members[manifest["database"]]
            with sqlite3.connect(restored) as db:
                tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                unreadable = unreadable_columns(db.cursor(), tables, keys_to_check)
            _refuse_unreadable(unreadable, from_environment=keys_to_check is not keys, restored=False)
            target = Path(settings.DATABASES["default"]["NAME"])
            if _sqlite_target_in_use(target) and not force:
                raise BackupError(
                    f"{target} already holds a database. Restore into a fresh data directory, or use --force."
                )
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            shutil.move(restored, target.with_name(target.name + ".restoring"))
            os.replace(target.with_name(target.name + ".restoring"), target)
        else:
            _restore_postgresql(members[manifest["database"]], force=force)
            connection = connections["default"]
            with connection.cursor() as cursor:
                unreadable = unreadable_columns(cursor, connection.introspection.table_names(), keys_to_check)
            _refuse_unreadable(unreadable, from_environment=keys_to_check is not keys, restored=True)
        if FIELD_KEYS_MEMBER in members:
            _write_private(data_dir / "field-key", "\n".join(keys).encode())
        for name, filename in SECRET_FILES.items():
            if name in members:
                _write_private(data_dir / filename, members[name].read_bytes())
    return manifest


def _refuse_unreadable(unreadable: list[str], *, from_environment: bool, restored: bool) -> None:
    if not unreadable:
        return
    where = (
        "FIELD_ENCRYPTION_KEYS (set in the environment)" if from_environment else "The keys in this backup"
    )
    state = (
        "The database was restored, but no key file was written: Alongside will refuse to start until it has the right keys."
        if restored
        else "Nothing was restored over your data."
    )
    raise BackupError(
        f"{where} do not open the encrypted text of this database ({', '.join(unreadable[:3])}). {state}"
    )


def _restore_postgresql(dump: Path, *, force: bool) -> None:
    from django.db import connection

    if not shutil.which("pg_restore"):
        raise BackupError(
            "pg_restore was not found: install the PostgreSQL client tools of your server's version."
        )
    if "django_migrations" in connection.introspection.table_names() and not force:
        raise BackupError(
            "The database already holds tables. Restore into an empty database, or use --force."
        )
    connection.close()
    arguments = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--dbname",
        _database_settings()["NAME"],
    ]
    if force:
        arguments[1:1] = ["--clean", "--if-exists"]
    result = subprocess.run([*arguments, str(dump)], env=_pg_environment(), capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
