"""Form widgets that stay cheap with long lists of choices."""

from __future__ import annotations

from collections import OrderedDict

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

_CACHE_SIZE = 64
_rendered: OrderedDict[tuple, tuple[list[str], dict[str, int], list[tuple[str, str]]]] = OrderedDict()


def _flatten(choices) -> tuple:
    """Choices as a hashable tuple: (value, label) pairs, and (group label, pairs) for groups."""
    flat = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            flat.append((str(value), tuple((str(v), str(lab)) for v, lab in label)))
        else:
            flat.append((str(value), str(label)))
    return tuple(flat)


def _options(choices) -> tuple[list[str], dict[str, int], list[tuple[str, str]]]:
    """The <option> (and <optgroup>) elements of ``choices`` rendered once per language (labels may
    be translated), with the position of each value's first option, so a request only marks its
    selected one."""
    key = (get_language(), _flatten(choices))
    found = _rendered.get(key)
    if found is None:
        html, where, pairs = [], {}, []

        def option(value: str, label: str) -> None:
            where.setdefault(value, len(html))
            pairs.append((value, label))
            html.append(format_html('<option value="{}">{}</option>', value, label))

        for value, label in key[1]:
            if isinstance(label, tuple):
                html.append(format_html('<optgroup label="{}">', value))
                pairs.append(("", ""))
                for inner_value, inner_label in label:
                    option(inner_value, inner_label)
                html.append(mark_safe("</optgroup>"))
                pairs.append(("", ""))
            else:
                option(value, label)
        found = _rendered[key] = (html, where, pairs)
        if len(_rendered) > _CACHE_SIZE:
            _rendered.popitem(last=False)
    return found


class LongSelect(forms.Select):
    """A single-choice select for long lists (about 600 time zones, flat or in groups): the same
    HTML as Django's ``Select``, without rendering a template for every option on every request."""

    def render(self, name, value, attrs=None, renderer=None):
        html, where, pairs = _options(self.choices)
        selected = self.format_value(value)
        chosen = where.get(selected[0]) if selected else None
        if chosen is not None:
            html = list(html)
            html[chosen] = format_html('<option value="{}" selected>{}</option>', *pairs[chosen])
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(final_attrs), mark_safe("\n".join(html))
        )
