"""Which web-push endpoints the server will ever POST to.

A member registers an endpoint from their browser, and the worker later sends to it. Without a
check, anyone could make the server call its own loopback services, the host's private network
or a cloud metadata address. So an endpoint must be ``https`` on a name that resolves only to
public addresses; it is checked when registered and again before every send (a name can be
re-pointed in between). At send time the name is resolved once: the send connects to exactly
the addresses that were checked (``core.net.pinned_session``), so re-pointing the name between
the check and the connection (DNS rebinding) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from alongside.core.net import (
    AddressNotPublic,
    HostUnresolvable,
    resolve_addresses,
    resolve_public_addresses,
)


class UnsafeEndpoint(ValueError):
    """The endpoint is not an https address on the public internet."""


class UnresolvableEndpoint(ValueError):
    """The endpoint's host name does not resolve right now (may be temporary)."""


@dataclass(frozen=True)
class CheckedEndpoint:
    """An endpoint that passed the check: where to connect, resolved once."""

    url: str
    host: str
    port: int
    addresses: tuple[str, ...]


def resolve_endpoint(url: str) -> CheckedEndpoint:
    """Check ``url`` and resolve its host once. Raise ``UnsafeEndpoint`` unless it is https and
    every address its host resolves to is public; ``UnresolvableEndpoint`` when the name does
    not resolve. Send only through ``core.net.pinned_session`` with the returned addresses."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise UnsafeEndpoint("not a URL") from exc
    if not host or parts.username or parts.password:
        raise UnsafeEndpoint("no host, or credentials in the address")
    local_allowed = host in settings.PUSH_ENDPOINT_LOCAL_HOSTS_ALLOWED and parts.scheme in ("http", "https")
    if parts.scheme != "https" and not local_allowed:
        raise UnsafeEndpoint("push endpoints must use https")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        # A test's stand-in push service (loopback) is resolved too, but not held to "public".
        addresses = resolve_addresses(host, port) if local_allowed else resolve_public_addresses(host, port)
    except HostUnresolvable as exc:
        raise UnresolvableEndpoint(str(exc)) from exc
    except AddressNotPublic as exc:
        raise UnsafeEndpoint("push endpoints must be on public addresses") from exc
    return CheckedEndpoint(url=url, host=host, port=port, addresses=tuple(addresses))


def check_endpoint(url: str) -> None:
    """Raise ``UnsafeEndpoint`` unless ``url`` is https and its host resolves only to public
    addresses; ``UnresolvableEndpoint`` when the name does not resolve."""
    resolve_endpoint(url)
