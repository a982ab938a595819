"""Outgoing connections to addresses that members or staff type (push endpoints, feed URLs).

Without care the server could be made to call its own loopback services, the host's private
network or a cloud metadata address. The rule: resolve the name once, refuse it unless every
address it gives is public, and then connect to exactly the address that was checked. Resolving
again to connect would let a name be re-pointed in between (DNS rebinding).

- ``is_public_address(ip)``: a global unicast address (not loopback, private, link-local,
  reserved, multicast or unspecified; an IPv4-mapped IPv6 address is judged as its IPv4 one).
- ``resolve_public_address(host, port) -> ip``: resolve once; the first address, when all are public.
- ``pinned_session(host, port, addresses)``: a ``requests`` session whose connections to
  ``host:port`` go to those addresses only (in order), with the original Host header, TLS server
  name (SNI) and certificate check against ``host``; no redirects, no proxies from the environment,
  and any request to another host or port is refused.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence

import requests
from requests.adapters import HTTPAdapter


class AddressNotPublic(ValueError):
    """The host is not (only) on public addresses."""


class HostUnresolvable(ValueError):
    """The host name does not resolve right now (may be temporary)."""


def is_public_address(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
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


def resolve_addresses(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order of preference, without
    duplicates. Raises ``HostUnresolvable``."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise HostUnresolvable(f"{host} does not resolve") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise HostUnresolvable(f"{host} does not resolve")
    return addresses


def resolve_public_addresses(host: str, port: int) -> list[str]:
    """Like ``resolve_addresses``, but raises ``AddressNotPublic`` unless every address is public
    (a name with one private address among public ones is refused: it may be chosen to connect)."""
    addresses = resolve_addresses(host, port)
    if not all(is_public_address(address) for address in addresses):
        raise AddressNotPublic(f"{host} is not on public addresses only")
    return addresses


def resolve_public_address(host: str, port: int) -> str:
    """Resolve ``host`` once and return the address to connect to: the first, when every address
    it resolves to is public. Raises ``AddressNotPublic`` or ``HostUnresolvable``. Connect to the
    returned address (``pinned_session``), never to the name again."""
    return resolve_public_addresses(host, port)[0]


def pinned_session(host: str, port: int, addresses: str | Sequence[str]):
    """A ``requests`` session that sends to ``host:port`` over a connection to ``addresses``
    (checked beforehand), never resolving ``host`` again.

    The request keeps its URL: the Host header, the TLS server name and the certificate check all
    use ``host``. Redirects are not followed (a 3xx is the answer), proxies from the environment
    are not used, and a request to any other host or port raises ``AddressNotPublic``.
    """
    if isinstance(addresses, str):
        addresses = [addresses]
    adapter = _PinnedAdapter(host, port, tuple(addresses))

    class PinnedSession(requests.Session):
        def request(self, *args, **kwargs):
            kwargs["allow_redirects"] = False
            return super().request(*args, **kwargs)

    session = PinnedSession()
    session.trust_env = False
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _connect_to_one_of(addresses: tuple[str, ...], connection):
    """Open a socket to the first of ``addresses`` that answers, as urllib3's ``_new_conn`` would
    for a name (same timeout, source address and socket options, same errors)."""
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
    from urllib3.util import connection as util

    last: OSError | None = None
    for address in addresses:
        try:
            return util.create_connection(
                (address, connection.port),
                connection.timeout,
                source_address=connection.source_address,
                socket_options=connection.socket_options,
            )
        except TimeoutError as exc:
            raise ConnectTimeoutError(
                connection,
                f"Connection to {connection.host} timed out. (connect timeout={connection.timeout})",
            ) from exc
        except OSError as exc:
            last = exc
    raise NewConnectionError(connection, f"Failed to establish a new connection: {last}")


def _pinned_pool_classes(addresses: tuple[str, ...]) -> dict:
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class PinnedHTTPConnection(HTTPConnection):
        def _new_conn(self):
            return _connect_to_one_of(addresses, self)

    class PinnedHTTPSConnection(HTTPSConnection):
        # HTTPSConnection.connect() wraps this socket with server_hostname = self.host (the
        # name), so SNI and the certificate's name check are about the name, not the address.
        def _new_conn(self):
            return _connect_to_one_of(addresses, self)

    class PinnedHTTPConnectionPool(HTTPConnectionPool):
        ConnectionCls = PinnedHTTPConnection

    class PinnedHTTPSConnectionPool(HTTPSConnectionPool):
        ConnectionCls = PinnedHTTPSConnection

    return {"http": PinnedHTTPConnectionPool, "https": PinnedHTTPSConnectionPool}


class _PinnedAdapter(HTTPAdapter):
    def __init__(self, host: str, port: int, addresses: tuple[str, ...]):
        if not addresses:
            raise AddressNotPublic(f"no address to connect to for {host}")
        self.pinned_host, self.pinned_port, self.addresses = host.lower().rstrip("."), port, addresses
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _pinned_pool_classes(self.addresses)

    def proxy_manager_for(self, *args, **kwargs):  # pragma: no cover - trust_env is off
        raise AddressNotPublic("no proxy is used for a pinned connection")

    def send(self, request, **kwargs):
        from urllib.parse import urlsplit

        parts = urlsplit(request.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if (parts.hostname or "").rstrip(".") != self.pinned_host or port != self.pinned_port:
            raise AddressNotPublic(f"{parts.hostname}:{port} is not the checked {self.pinned_host}")
        return super().send(request, **kwargs)
