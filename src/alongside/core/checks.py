"""System checks for settings a host can get wrong."""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def check_field_encryption_keys(app_configs, **kwargs):
    errors = []
    for position, key in enumerate(settings.FIELD_ENCRYPTION_KEYS):
        try:
            Fernet(key.encode() if isinstance(key, str) else key)
        except (ValueError, TypeError):
            errors.append(
                Error(
                    f"FIELD_ENCRYPTION_KEYS entry {position + 1} is not a valid Fernet key.",
                    hint="Generate one with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'",
                    id="alongside.E001",
                )
            )
    return errors


@register(Tags.security)
def check_field_keys_open_the_data(app_configs, **kwargs):
    """A key that cannot decrypt the data already stored is an error, never a silent new key."""
    from django.db import DatabaseError, connection

    from alongside.core.keys import unreadable_columns

    try:
        tables = connection.introspection.table_names()
        if not settings.FIELD_ENCRYPTION_KEYS:
            return [
                Error(
                    "No field-encryption key: the data directory holds a database but no field-key file, "
                    "so nothing encrypted in it can be read. A new key is never made beside existing data.",
                    hint="Restore the data directory with `alongside restore BACKUP`, copy back the field-key "
                    "file you kept, or set FIELD_ENCRYPTION_KEYS to the keys of this database.",
                    id="alongside.E002",
                )
            ]
        with connection.cursor() as cursor:
            unreadable = unreadable_columns(cursor, tables, list(settings.FIELD_ENCRYPTION_KEYS))
    except DatabaseError:
        return []  # no database yet (or unreachable): nothing stored to check against
    if not unreadable:
        return []
    return [
        Error(
            "The field-encryption keys do not open the encrypted text in this database "
            f"({', '.join(unreadable[:3])}{', ...' if len(unreadable) > 3 else ''}).",
            hint="The field-key file (or FIELD_ENCRYPTION_KEYS) belongs to another database. Put back the key "
            "that was used with this database (it is inside every `alongside backup`).",
            id="alongside.E003",
        )
    ]
