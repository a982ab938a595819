"""Form widgets that stay cheap with long lists of choices."""

from __future__ import annotations

from collections import OrderedDict

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

_CACHE_SIZE = 32
_rendered: OrderedDict[tuple, tuple[list[str], dict[str, int]]] = OrderedDict()


def _options(choices) -> tuple[tuple, list[str], dict[str, int]]:
    """The <option> elements of ``choices`` rendered once per language (labels may be translated),
    with the position of each value, so a request only marks its selected one."""
    pairs = tuple((str(value), str(label)) for value, label in choices)
    key = (get_language(), pairs)
    found = _rendered.get(key)
    if found is None:
        html, where = [], {}
        for value, label in pairs:
            where.setdefault(value, len(html))
            html.append(format_html('<option value="{}">{}</option>', value, label))
        found = _rendered[key] = (html, where)
        if len(_rendered) > _CACHE_SIZE:
            _rendered.popitem(last=False)
    return (pairs, *found)


class LongSelect(forms.Select):
    """A single-choice select for long flat lists (about 600 time zones): the same HTML as Django's
    ``Select``, without rendering a template for every option on every request."""

    def render(self, name, value, attrs=None, renderer=None):
        pairs, html, where = _options(self.choices)
        selected = self.format_value(value)
        chosen = where.get(selected[0]) if selected else None
        if chosen is not None:
            html = list(html)
            html[chosen] = format_html('<option value="{}" selected>{}</option>', *pairs[chosen])
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(final_attrs), mark_safe("\n".join(html))
        )
