"""Which addresses the server will ever fetch from or post to on someone's word.

A member's push endpoint or a host's meeting feed is a URL someone typed. Without a check, it could
make the server call its own loopback services, the host's private network or a cloud metadata
address. ``check_public_url`` accepts a URL only when its scheme is allowed and its host name
resolves only to public addresses (not private, loopback, link-local, reserved, multicast or
unspecified). Callers check when the URL is registered and again before each use (a name can be
re-pointed in between), and a fetch checks every redirect's target too.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from alongside.core.net import (
    AddressNotPublic,
    HostUnresolvable,
    is_public_address,
    resolve_addresses,
    resolve_public_addresses,
)

__all__ = [
    "CheckedURL",
    "UnresolvableURL",
    "UnsafeURL",
    "check_public_url",
    "is_public_address",
    "resolve_public_url",
]


class UnsafeURL(ValueError):
    """The URL is not on the public internet (or not in an allowed scheme)."""


class UnresolvableURL(ValueError):
    """The URL's host name does not resolve right now (may be temporary)."""


@dataclass(frozen=True)
class CheckedURL:
    """A URL that passed the check: where to connect, resolved once."""

    url: str
    host: str
    port: int
    addresses: tuple[str, ...]


def resolve_public_url(url: str, *, schemes: tuple[str, ...], local_hosts_allowed=()) -> CheckedURL:
    """Check ``url`` and resolve its host once. Raise ``UnsafeURL`` unless its scheme is one of
    ``schemes`` and its host resolves only to public addresses (``core.net``); ``UnresolvableURL``
    when the name does not resolve. A host named in ``local_hosts_allowed`` (a setting that tests
    fill, empty on every real install) is resolved but not held to "public", over http or https."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise UnsafeURL("not a URL") from exc
    if not host or parts.username or parts.password:
        raise UnsafeURL("no host, or credentials in the address")
    local_allowed = host in local_hosts_allowed and parts.scheme in ("http", "https")
    if parts.scheme not in schemes and not local_allowed:
        raise UnsafeURL(f"the address must start with {' or '.join(s + '://' for s in schemes)}")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = resolve_addresses(host, port) if local_allowed else resolve_public_addresses(host, port)
    except HostUnresolvable as exc:
        raise UnresolvableURL(str(exc)) from exc
    except AddressNotPublic as exc:
        raise UnsafeURL("the address is not on the public internet") from exc
    return CheckedURL(url=url, host=host, port=port, addresses=tuple(addresses))


def check_public_url(url: str, *, schemes: tuple[str, ...], local_hosts_allowed=()) -> None:
    """``resolve_public_url`` for a caller that only needs the verdict."""
    resolve_public_url(url, schemes=schemes, local_hosts_allowed=local_hosts_allowed)
