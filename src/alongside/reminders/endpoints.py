"""Which web-push endpoints the server will ever POST to.

A member registers an endpoint from their browser, and the worker later sends to it. Without a
check, anyone could make the server call its own loopback services, the host's private network
or a cloud metadata address. So an endpoint must be ``https`` on a name that resolves only to
public addresses; it is checked when registered and again before every send (a name can be
re-pointed in between).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeEndpoint(ValueError):
    """The endpoint is not an https address on the public internet."""


class UnresolvableEndpoint(ValueError):
    """The endpoint's host name does not resolve right now (may be temporary)."""


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def check_endpoint(url: str) -> None:
    """Raise ``UnsafeEndpoint`` unless ``url`` is https and its host resolves only to public
    addresses; ``UnresolvableEndpoint`` when the name does not resolve."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise UnsafeEndpoint("not a URL") from exc
    if not host or parts.username or parts.password:
        raise UnsafeEndpoint("no host, or credentials in the address")
    if host in settings.PUSH_ENDPOINT_LOCAL_HOSTS_ALLOWED and parts.scheme in ("http", "https"):
        return  # a test's stand-in push service
    if parts.scheme != "https":
        raise UnsafeEndpoint("push endpoints must use https")
    try:
        infos = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnresolvableEndpoint(f"{host} does not resolve") from exc
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(_is_public(address) for address in addresses):
        raise UnsafeEndpoint("push endpoints must be on public addresses")
