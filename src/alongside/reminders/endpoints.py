"""Which web-push endpoints the server will ever POST to.

A member registers an endpoint from their browser, and the worker later sends to it. Without a
check, anyone could make the server call its own loopback services, the host's private network
or a cloud metadata address. So an endpoint must be ``https`` on a name that resolves only to
public addresses; it is checked when registered and again before every send (a name can be
re-pointed in between).
"""

from __future__ import annotations

from django.conf import settings

from alongside.core.outbound import UnresolvableURL, UnsafeURL, check_public_url, is_public_address

_is_public = is_public_address  # kept for callers and tests that named it here


class UnsafeEndpoint(UnsafeURL):
    """The endpoint is not an https address on the public internet."""


class UnresolvableEndpoint(UnresolvableURL):
    """The endpoint's host name does not resolve right now (may be temporary)."""


def check_endpoint(url: str) -> None:
    """Raise ``UnsafeEndpoint`` unless ``url`` is https and its host resolves only to public
    addresses; ``UnresolvableEndpoint`` when the name does not resolve (``core.outbound``)."""
    try:
        check_public_url(
            url, schemes=("https",), local_hosts_allowed=settings.PUSH_ENDPOINT_LOCAL_HOSTS_ALLOWED
        )
    except UnresolvableURL as exc:
        raise UnresolvableEndpoint(str(exc)) from exc
    except UnsafeURL as exc:
        raise UnsafeEndpoint("push endpoints must use https" if "https://" in str(exc) else str(exc)) from exc
