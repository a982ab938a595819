"""Do the field-encryption keys open the encrypted text already in the database?

Used by the system checks (so `alongside check`, `serve` and `worker` refuse to start with
a key that does not match the data) and by `alongside restore` before it installs a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from alongside.core.fields import TOKEN_PREFIX, EncryptedTextField


def encrypted_columns() -> Iterator[tuple[str, str]]:
    """(table, column) for every encrypted text field of every installed model."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model._meta.db_table, field.column


def unreadable_columns(cursor, existing_tables: Iterable[str], keys: list[str]) -> list[str]:
    """The `table.column` names whose first stored token none of `keys` decrypts.

    One row per column is enough to tell a wrong key from the right one, and keeps the
    check cheap on a large database. `cursor` is any DB-API cursor (Django's or sqlite3's).
    """
    existing = set(existing_tables)
    cipher = (
        MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys]) if keys else None
    )
    unreadable = []
    for table, column in encrypted_columns():
        if table not in existing:
            continue
        cursor.execute(
            f'SELECT "{column}" FROM "{table}" WHERE "{column}" LIKE \'{TOKEN_PREFIX}%\' LIMIT 1'  # noqa: S608
        )
        row = cursor.fetchone()
        if row is None:
            continue
        if cipher is None:
            unreadable.append(f"{table}.{column}")
            continue
        try:
            cipher.decrypt(row[0][len(TOKEN_PREFIX) :].encode("ascii"))
        except (InvalidToken, ValueError):
            unreadable.append(f"{table}.{column}")
    return unreadable


def database_has_tables(connection) -> bool:
    return "django_migrations" in connection.introspection.table_names()
