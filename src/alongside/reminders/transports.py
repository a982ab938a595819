"""How a reminder leaves the server. Each transport raises ``DeliveryError`` to ask for a retry,
or ``GoneError`` when the destination no longer exists."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _


class DeliveryError(Exception):
    """A temporary failure: try again later."""


class GoneError(Exception):
    """The destination is gone for good (e.g. a push subscription the browser dropped)."""


NEUTRAL_SUBJECT = "You have a new reminder"


def reminder_path(reminder) -> str:
    if reminder.url_name:
        try:
            return reverse(reminder.url_name, args=reminder.url_args)
        except NoReverseMatch:
            pass
    return reverse("reminders:inbox")


def headline(reminder, show_details: bool) -> str:
    """The words a member sees outside the app: neutral unless they opted in to details."""
    if show_details:
        detail = reminder.detail_text
        return reminder.get_event_type_display() + (f": {detail}" if detail else "")
    # Neutral: no app name, no kind of visit, nothing a shared screen would give away.
    return _("You have a new reminder")


def send_email(reminder, *, show_details: bool, unsubscribe_url: str, connection=None) -> None:
    user = reminder.user
    with translation.override(recipient_language(user)):
        context = {
            "headline": headline(reminder, show_details),
            "link": settings.ALONGSIDE_BASE_URL.rstrip("/") + reminder_path(reminder),
            "unsubscribe_url": unsubscribe_url,
            "event_label": reminder.get_event_type_display(),
        }
        subject = context["headline"] if show_details else _("You have a new reminder")
        text = render_to_string("reminders/email.txt", context)
        html = render_to_string("reminders/email.html", context)
    message = EmailMultiAlternatives(
        connection=connection,
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # A stable id lets mail systems drop a duplicate if a retry ever repeats a send.
            "Message-ID": f"<{reminder.id}@{_message_id_domain()}>",
        },
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send(fail_silently=False)
    except (OSError, ConnectionError) as exc:
        raise DeliveryError(str(exc)[:300]) from exc
    except Exception as exc:  # smtplib errors derive from OSError, but backends vary
        raise DeliveryError(f"{type(exc).__name__}: {exc}"[:300]) from exc


def recipient_language(user) -> str:
    return getattr(user, "language", None) or settings.LANGUAGE_CODE


def _message_id_domain() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.ALONGSIDE_BASE_URL).hostname or "localhost"


def send_push(subscription, reminder, *, show_details: bool) -> None:
    from pywebpush import WebPushException, webpush

    from alongside.core.net import AddressNotPublic, pinned_session
    from alongside.reminders.endpoints import UnresolvableEndpoint, UnsafeEndpoint, resolve_endpoint
    from alongside.reminders.vapid import vapid_private_key_path

    # Checked again at send time: the name may point somewhere else since it was registered.
    # Resolved once here, and the POST goes to exactly the addresses checked (no second lookup
    # that a re-pointed name could answer differently), never following a redirect.
    try:
        endpoint = resolve_endpoint(subscription.endpoint)
    except UnsafeEndpoint as exc:
        raise GoneError(f"refused endpoint: {exc}") from exc
    except UnresolvableEndpoint as exc:
        raise DeliveryError(str(exc)[:300]) from exc

    with translation.override(recipient_language(reminder.user)):
        title = "Alongside" if show_details else _("Reminder")
        payload = json.dumps(
            {"title": title, "body": headline(reminder, show_details), "url": reminder_path(reminder)}
        )
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=str(vapid_private_key_path()),
            vapid_claims={"sub": settings.VAPID_CONTACT},
            ttl=24 * 3600,
            timeout=10,
            requests_session=pinned_session(endpoint.host, endpoint.port, endpoint.addresses),
        )
    except AddressNotPublic as exc:  # pragma: no cover - pywebpush posts to the endpoint only
        raise DeliveryError(str(exc)[:300]) from exc
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in (404, 410):
            raise GoneError(str(status)) from exc
        raise DeliveryError(f"push service answered {status}") from exc
    except OSError as exc:
        raise DeliveryError(str(exc)[:300]) from exc
