"""Free text encrypted at rest.

A stolen database file or backup shows only Fernet tokens. The first key in
``settings.FIELD_ENCRYPTION_KEYS`` encrypts; every key decrypts, which is what lets
``alongside rotate_field_keys`` move old rows to a new key.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

TOKEN_PREFIX = "fernet:"


@lru_cache(maxsize=8)
def _cipher_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
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


class EncryptedTextField(models.TextField):
    """A TextField whose value is a Fernet token in the database and plain text in Python.

    Encrypted values cannot be searched or ordered by the database, by design.
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

    def get_db_prep_lookup(self, value, connection):  # pragma: no cover - guarded use
        raise TypeError("Encrypted fields cannot be used in lookups.")
