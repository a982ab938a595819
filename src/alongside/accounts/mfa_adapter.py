"""Two-step sign-in as the product shows it: the authenticator's QR code drawn on the server
as an inline SVG (no image from elsewhere, no script), sized for a phone screen."""

from __future__ import annotations

import re

from alongside.accounts.mfa import EncryptingMFAAdapter


class AlongsideMFAAdapter(EncryptingMFAAdapter):
    """Secrets encrypted at rest (``mfa.py``) and the QR code as inline SVG."""

    def build_totp_svg(self, url: str) -> str:
        svg = super().build_totp_svg(url)
        svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
        # Millimetre sizes do not fit a layout; the viewBox keeps the proportions.
        svg = re.sub(r'\swidth="[^"]*"\sheight="[^"]*"', ' width="220" height="220"', svg, count=1)
        return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" class="qr-svg" ', 1)
