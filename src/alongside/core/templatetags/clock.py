"""Times that say which clock they are on.

``{% circle_time at circle %}`` shows a moment on the circle's clock and, when the reader lives
in another zone, also on theirs, so the same event never reads two ways unlabelled.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from alongside.core.zones import is_valid_zone
from alongside.core.zones import zone_label as label_of

register = template.Library()

FORMAT = "D j M, H:i"


@register.filter
def zone_label(name: str) -> str:
    return label_of(name)


@register.simple_tag(takes_context=True)
def circle_time(context, at, circle, fmt: str = FORMAT):
    circle_zone = circle.time_zone if is_valid_zone(circle.time_zone) else "UTC"
    on_circle_clock = at.astimezone(ZoneInfo(circle_zone))
    shown = format_html('<time datetime="{}">{}</time>', at.isoformat(), date_format(on_circle_clock, fmt))
    user = context.get("user")
    member_zone = getattr(user, "time_zone", "") if getattr(user, "is_authenticated", False) else ""
    if is_valid_zone(member_zone) and member_zone != circle_zone:
        on_member_clock = at.astimezone(ZoneInfo(member_zone))
        if on_member_clock.utcoffset() != on_circle_clock.utcoffset():
            mine = _("%(time)s your time") % {
                "time": date_format(
                    on_member_clock, "H:i" if on_member_clock.date() == on_circle_clock.date() else fmt
                )
            }
            shown = format_html('{} <span class="small">({})</span>', shown, mine)
    return shown


@register.inclusion_tag("core/_zone_note.html", takes_context=True)
def zone_note(context, circle):
    """One line saying which clock a page's times are on."""
    user = context.get("user")
    member_zone = getattr(user, "time_zone", "") if getattr(user, "is_authenticated", False) else ""
    return {
        "circle_zone": label_of(circle.time_zone),
        "member_zone": label_of(member_zone),
        "differs": is_valid_zone(member_zone) and member_zone != circle.time_zone,
    }
