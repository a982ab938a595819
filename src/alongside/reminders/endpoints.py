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

from django.conf import settings

from alongside.core.outbound import CheckedURL, UnresolvableURL, UnsafeURL, resolve_public_url

# The endpoint's names for the one outbound-address check (``core.outbound``).
UnsafeEndpoint = UnsafeURL  # not an https address on the public internet
UnresolvableEndpoint = UnresolvableURL  # the host name does not resolve right now (may be temporary)
CheckedEndpoint = CheckedURL  # where to connect, resolved once


def resolve_endpoint(url: str) -> CheckedEndpoint:
    """Check ``url`` and resolve its host once. Raise ``UnsafeEndpoint`` unless it is https and
    every address its host resolves to is public; ``UnresolvableEndpoint`` when the name does
    not resolve. Send only through ``core.net.pinned_session`` with the returned addresses.
    A test's stand-in push service (loopback, named in a setting) is resolved too, but not held
    to "public"."""
    return resolve_public_url(
        url, schemes=("https",), local_hosts_allowed=settings.PUSH_ENDPOINT_LOCAL_HOSTS_ALLOWED
    )


def check_endpoint(url: str) -> None:
    """Raise ``UnsafeEndpoint`` unless ``url`` is https and its host resolves only to public
    addresses; ``UnresolvableEndpoint`` when the name does not resolve."""
    resolve_endpoint(url)
