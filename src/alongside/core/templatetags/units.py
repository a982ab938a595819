"""Distances in the reader's units."""

from __future__ import annotations

from django import template

register = template.Library()

KM_PER_MILE = 1.609344


@register.filter
def km(miles) -> float:
    """Miles to kilometres, for countries that measure roads in kilometres."""
    return float(miles) * KM_PER_MILE
