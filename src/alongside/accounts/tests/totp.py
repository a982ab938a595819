"""The current TOTP code for a secret, for tests that sign in with a second factor."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

STEP = 30
# A code typed in the last seconds of its 30-second window is checked in the next one, which the
# server (no tolerance) refuses: a test would fail now and then. Wait for a fresh window instead.
FRESH_SECONDS = 5


def totp_now(secret: str) -> str:
    """RFC 6238 code, computed here independently of the library under test, with at least
    ``FRESH_SECONDS`` of its window left."""
    left = STEP - time.time() % STEP
    if left < FRESH_SECONDS:
        time.sleep(left + 0.05)
    counter = struct.pack(">Q", int(time.time()) // STEP)
    digest = hmac.new(base64.b32decode(secret, casefold=True), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
