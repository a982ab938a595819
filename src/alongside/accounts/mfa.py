"""Two-step sign-in secrets encrypted at rest.

allauth stores the TOTP secret and the recovery-code seed in ``mfa_authenticator.data``;
by default in clear. Its MFA adapter has an ``encrypt``/``decrypt`` pair for exactly this:
here they use the same Fernet keys as the encrypted model fields (``core.fields``), so key
rotation and backups treat them alike. A value stored before encryption is read as it is.
"""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter

from alongside.core.fields import decrypt_text, encrypt_text

# Which values in ``Authenticator.data`` are secrets, by authenticator type.
SECRET_KEYS = {"totp": ("secret",), "recovery_codes": ("seed",)}
SECRET_LISTS = {"recovery_codes": ("migrated_codes",)}


class EncryptingMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)


def encrypt_authenticator_data(kind: str, data: dict) -> dict:
    """``data`` with its secrets encrypted (those already encrypted are kept)."""
    data = dict(data)
    for key in SECRET_KEYS.get(kind, ()):
        if isinstance(data.get(key), str) and not data[key].startswith("fernet:"):
            data[key] = encrypt_text(data[key])
    for key in SECRET_LISTS.get(kind, ()):
        if isinstance(data.get(key), list):
            data[key] = [c if c.startswith("fernet:") else encrypt_text(c) for c in data[key]]
    return data
