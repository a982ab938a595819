"""Rows of every kind, filled field by field from the models themselves, so a kind added later
is covered by the export and deletion tests without anyone remembering to add it."""

from __future__ import annotations

import datetime as dt
import itertools
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from alongside.circles.models import Circle
from alongside.circles.records import PersonalRecord

_counter = itertools.count(1)


def record_models() -> list:
    """Record kinds, those that point at another record kind (a call log at its shortlist item) last."""
    kinds = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("alongside.") and issubclass(m, PersonalRecord)
    ]
    return sorted(kinds, key=lambda m: any(_points_at_record(f) for f in m._meta.concrete_fields))


def _points_at_record(field) -> bool:
    return isinstance(field, models.ForeignKey) and issubclass(field.related_model, PersonalRecord)


def child_models() -> dict:
    """{child model: (its foreign key to a record model)} for rows attached to personal records."""
    records = set(record_models())
    children = {}
    for model in apps.get_models():
        if not model.__module__.startswith("alongside.") or model in records:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model in records:
                children[model] = field
    return children


def _value_for(field: models.Field, marker: str, *, circle, user, parent, visibility="only_me"):
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        if field.related_model is get_user_model():
            return user
        if field.related_model is Circle:
            return circle
        if parent is not None and isinstance(parent, field.related_model):
            return parent
        if issubclass(field.related_model, PersonalRecord) and not field.null:
            return make_row(
                field.related_model, circle=circle, user=user, marker=marker + "p", visibility=visibility
            )
        return None
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.TimeField):
        return dt.time(9, 0)
    if isinstance(field, models.DurationField):
        return dt.timedelta(minutes=30)
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField | models.TextField):
        return marker[: field.max_length] if field.max_length else marker
    return None


def make_row(model, *, circle, user, marker: str, parent=None, **overrides):
    """A row of `model` whose every free-text field holds `marker` (so a search for it finds it)."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in overrides or getattr(field, "auto_now_add", False):
            continue
        if getattr(field, "auto_now", False):
            continue
        is_fk = isinstance(field, models.ForeignKey | models.OneToOneField)
        is_text = isinstance(field, models.CharField | models.TextField) and not field.choices
        if is_text and field.name != "visibility":
            values[field.name] = (
                json.dumps({"coping": marker})
                if field.name == "snapshot"
                else _value_for(field, marker, circle=circle, user=user, parent=parent)
            )
        elif is_fk:
            value = _value_for(
                field,
                marker,
                circle=circle,
                user=user,
                parent=parent,
                visibility=overrides.get("visibility", "only_me"),
            )
            if value is None and not field.null:
                raise AssertionError(f"make_row cannot fill {model.__name__}.{field.name}")
            values[field.name] = value
        elif not field.has_default() and not field.null:
            values[field.name] = _value_for(field, marker, circle=circle, user=user, parent=parent)
    values.update(overrides)
    return model.objects.create(**values)


def unique_marker(label: str) -> str:
    return f"MARK{next(_counter):04d}{label}"
