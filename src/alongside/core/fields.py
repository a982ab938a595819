"""Free text encrypted at rest.

A stolen database file or backup shows only Fernet tokens. The first key in
``settings.FIELD_ENCRYPTION_KEYS`` encrypts; every key decrypts, which is what lets
``alongside rotate_field_keys`` move old rows to a new key.
"""

from __future__ import annotations

import json
from functools import cached_property, lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models

TOKEN_PREFIX = "fernet:"


@lru_cache(maxsize=8)
def _cipher_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "No field-encryption key: the data directory holds a database but no field-key file. "
            "Restore the key file from your backup (alongside restore), or set FIELD_ENCRYPTION_KEYS."
        )
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def cipher() -> MultiFernet:
    return _cipher_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(plain: str) -> str:
    return TOKEN_PREFIX + cipher().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(stored: str) -> str:
    if not stored.startswith(TOKEN_PREFIX):
        # Rows written before a field became encrypted; they are re-encrypted by rotation.
        return stored
    try:
        return cipher().decrypt(stored[len(TOKEN_PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted field could not be read with any key in FIELD_ENCRYPTION_KEYS."
        ) from exc


def rotate_token(stored: str) -> str:
    """Re-encrypt one stored value with the first (newest) key."""
    if not stored.startswith(TOKEN_PREFIX):
        return encrypt_text(stored)
    token = stored[len(TOKEN_PREFIX) :].encode("ascii")
    return TOKEN_PREFIX + cipher().rotate(token).decode("ascii")


def _refuse_lookup(field, lookup_name: str):
    # A lookup would compare against a fresh token and silently match nothing: fail loudly.
    raise FieldError(
        f"{field.model.__name__}.{field.name} is encrypted at rest and cannot be used in "
        f"a database lookup ({lookup_name!r}); filter or sort in Python."
    )


class EncryptedAtRest:
    """Marks a model field whose column holds Fernet tokens (what key rotation re-encrypts).

    Only ``isnull`` works in queries; any other lookup raises ``FieldError``.
    """

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        _refuse_lookup(self, lookup_name)

    def get_transform(self, name):
        _refuse_lookup(self, name)


class EncryptedTextField(EncryptedAtRest, models.TextField):
    """A TextField whose value is a Fernet token in the database and plain text in Python.

    Encrypted values cannot be searched or ordered by the database, by design. With
    ``choices`` it stores a coded fact (a medication kind, a mood) the same way.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)


class EncryptedCharField(EncryptedTextField):
    """One line of text encrypted at rest (a name, a phone number): a text input in forms."""

    def formfield(self, **kwargs):
        if self.choices is None:
            kwargs = {"widget": forms.TextInput, **kwargs}
        return super().formfield(**kwargs)


class _EncryptedValue(EncryptedAtRest):
    """A non-text value (a number, a date, a list) kept as a Fernet token of its text form.

    The column is a text column; the field behaves as its base class in forms and Python.
    """

    def get_internal_type(self):
        return "TextField"

    def to_stored_text(self, value) -> str:
        return str(value)

    def from_stored_text(self, text: str):
        return self.to_python(text)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return self.from_stored_text(decrypt_text(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None:
            return None
        return encrypt_text(self.to_stored_text(value))


class EncryptedIntegerField(_EncryptedValue, models.IntegerField):
    """An integer (a score, a count) encrypted at rest; give range validators explicitly."""

    description = "Integer encrypted at rest"

    @cached_property
    def validators(self):
        # IntegerField adds the database's range for its internal type, which is text here.
        return [*self.default_validators, *self._validators]


class EncryptedBooleanField(_EncryptedValue, models.BooleanField):
    """A yes/no fact (a target met, an incident) encrypted at rest."""

    description = "Boolean encrypted at rest"

    def to_stored_text(self, value) -> str:
        return "1" if value else "0"

    def from_stored_text(self, text: str):
        # PostgreSQL casts a boolean column to text as "true"/"false" when it is converted.
        return text.strip().lower() in ("1", "t", "true")


class EncryptedDecimalField(_EncryptedValue, models.DecimalField):
    """An amount (money missing) encrypted at rest."""

    description = "Decimal encrypted at rest"


class EncryptedDateField(_EncryptedValue, models.DateField):
    """A date (a setback day) encrypted at rest; sort and filter such dates in Python."""

    description = "Date encrypted at rest"

    def to_stored_text(self, value) -> str:
        return value.isoformat()


class EncryptedJSONField(_EncryptedValue, models.JSONField):
    """A JSON value (the signs ticked on an observation) encrypted at rest."""

    description = "JSON encrypted at rest"

    def to_stored_text(self, value) -> str:
        return json.dumps(value, cls=self.encoder)

    def from_stored_text(self, text: str):
        return json.loads(text, cls=self.decoder)

    def get_prep_value(self, value):
        return value


def encrypt_columns_in_place(app_label: str, model_name: str, field_names: list[str]):
    """A migration step that encrypts the clear values already stored in these columns.

    Raw SQL reads and writes the stored text as it is; a value already encrypted is kept.
    The schema step before it must have made the columns text.
    """

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        columns = [model._meta.get_field(name).column for name in field_names]
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {', '.join(quote(c) for c in columns)} FROM {table}")  # noqa: S608
            rows = cursor.fetchall()
            assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
            for row_pk, *stored in rows:
                updated = [_encrypted_stored(value) for value in stored]
                if updated != list(stored):
                    cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*updated, row_pk])  # noqa: S608

    return forwards


def decrypt_columns_in_place(app_label: str, model_name: str, field_names: list[str]):
    """The reverse of ``encrypt_columns_in_place`` (values go back to their clear text form)."""

    def backwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        columns = [model._meta.get_field(name).column for name in field_names]
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {', '.join(quote(c) for c in columns)} FROM {table}")  # noqa: S608
            rows = cursor.fetchall()
            assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
            for row_pk, *stored in rows:
                clear = [decrypt_text(v) if isinstance(v, str) else v for v in stored]
                cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*clear, row_pk])  # noqa: S608

    return backwards


def _encrypted_stored(value):
    if value is None or value == "":
        return value
    if isinstance(value, bytes | memoryview):
        value = bytes(value).decode("utf-8")
    if not isinstance(value, str):
        value = str(value)
    if value.startswith(TOKEN_PREFIX):
        return value
    return encrypt_text(value)
