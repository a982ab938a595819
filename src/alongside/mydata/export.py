"""Everything of one member, as a zip: one JSON file per kind of record and a readable HTML view.

What goes in (see docs/EXPORT.md):

- every personal record the member wrote, in every circle, whatever its visibility;
- for a circle where the member is the person at the centre: every record they may read there
  (what the circle wrote about them and shared with them), and the circle's safety plan;
- rows attached to those records (ride offers, plan versions, outcomes, ...);
- rows of any other kind that name the member (memberships, reminders, preferences, push
  subscriptions, naloxone training, ...) and the audit events the member may read.

Nothing else: another member's record the member cannot read never enters the zip. Secrets
(link tokens, push keys, passwords) are left out by field name. The JSON Schema of every file
is built from the models by ``export_schema()`` and published as docs/export.schema.json.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import uuid
import zipfile
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from alongside.circles.models import Circle, Membership, Role
from alongside.circles.records import PersonalRecord

SCHEMA_VERSION = 1
SECRET_FIELD_WORDS = ("token", "secret", "password", "p256dh", "auth", "hash")
# Kinds never exported: their only content is a secret, or they are the export itself.
NOT_EXPORTED = {"care.calendarfeed", "mydata.dataexport"}
# Circle-level rows that are about the person at the centre, exported whole to them.
ABOUT_THE_PERSON = {"safety.safetyplan", "safety.safehometick"}


def _is_secret(field: models.Field) -> bool:
    return any(word in field.name.lower() for word in SECRET_FIELD_WORDS)


def exported_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not _is_secret(f)]


def _project_models() -> list:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("alongside.") and m._meta.label_lower not in NOT_EXPORTED
    ]


def _record_models() -> list:
    return [m for m in _project_models() if issubclass(m, PersonalRecord)]


def _parent_field(model, record_models) -> models.ForeignKey | None:
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model in record_models:
            return field
    return None


def _user_fields(model) -> list[models.ForeignKey]:
    user_model = get_user_model()
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey | models.OneToOneField) and f.related_model is user_model
    ]


def kind_of(model) -> str:
    return model._meta.label_lower


# --- The JSON Schema -------------------------------------------------------------------------

_TYPES = {
    "BooleanField": {"type": "boolean"},
    "IntegerField": {"type": "integer"},
    "BigIntegerField": {"type": "integer"},
    "SmallIntegerField": {"type": "integer"},
    "PositiveIntegerField": {"type": "integer"},
    "PositiveSmallIntegerField": {"type": "integer"},
    "PositiveBigIntegerField": {"type": "integer"},
    "AutoField": {"type": "integer"},
    "BigAutoField": {"type": "integer"},
    "FloatField": {"type": "number"},
    "DecimalField": {"type": "string"},
    "DateField": {"type": "string", "format": "date"},
    "DateTimeField": {"type": "string", "format": "date-time"},
    "TimeField": {"type": "string"},
    "DurationField": {"type": "string"},
    "UUIDField": {"type": "string", "format": "uuid"},
    "JSONField": {},
}


def _internal_type(field: models.Field) -> str:
    """The Django type a field stands for; an encrypted value keeps a text column, so its
    own internal type is ``TextField``: take the Django field class it is built on instead."""
    from alongside.core.fields import EncryptedAtRest

    if isinstance(field, EncryptedAtRest):
        for cls in type(field).__mro__:
            if cls.__module__.startswith("django.db.models") and issubclass(cls, models.Field):
                return cls.__name__
    return field.get_internal_type()


def _field_schema(field: models.Field) -> dict:
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        if field.related_model is get_user_model():
            schema = {"type": "string", "description": "the member's name as shown to the circle"}
        else:
            schema = {"type": "string", "description": f"id of a {kind_of(field.related_model)} row"}
    else:
        schema = dict(_TYPES.get(_internal_type(field), {"type": "string"}))
    if field.verbose_name:
        schema.setdefault("description", str(field.verbose_name))
    if field.null and "type" in schema:
        schema["type"] = [schema["type"], "null"]
    return schema


def _kind_schema(model) -> dict:
    fields = exported_fields(model)
    return {
        "type": "object",
        "required": ["kind", "schema_version", "records"],
        "properties": {
            "kind": {"const": kind_of(model)},
            "schema_version": {"const": SCHEMA_VERSION},
            "exported_at": {"type": "string", "format": "date-time"},
            "records": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [f.name for f in fields],
                    "properties": {f.name: _field_schema(f) for f in fields},
                },
            },
        },
    }


def exported_models() -> list:
    """Kinds that can hold something of a member; public reference data (facilities, meetings,
    the search index) and circle-wide settings that name nobody are not theirs to export."""
    from alongside.audit.models import AuditEvent

    record_models = _record_models()

    def is_members(model) -> bool:
        return (
            model in record_models
            or model in (Circle, AuditEvent)
            or _parent_field(model, record_models) is not None
            or bool(_user_fields(model))
        )

    return sorted((m for m in _project_models() if m is not get_user_model() and is_members(m)), key=kind_of)


def export_schema() -> dict:
    """The JSON Schema of every file in an export, keyed by file name under ``files``."""
    files = {f"{kind_of(m)}.json": _kind_schema(m) for m in exported_models()}
    files["account.json"] = {
        "type": "object",
        "required": ["kind", "schema_version", "account"],
        "properties": {
            "kind": {"const": "account"},
            "schema_version": {"const": SCHEMA_VERSION},
            "exported_at": {"type": "string", "format": "date-time"},
            "account": {
                "type": "object",
                "required": ["email", "display_name", "date_joined", "email_addresses", "second_factors"],
                "properties": {
                    "public_id": {"type": "string", "format": "uuid"},
                    "email": {"type": "string"},
                    "display_name": {"type": "string"},
                    "date_joined": {"type": "string", "format": "date-time"},
                    "last_login": {"type": ["string", "null"], "format": "date-time"},
                    "email_addresses": {"type": "array", "items": {"type": "string"}},
                    "second_factors": {"type": "array", "items": {"type": "string"}},
                },
                "additionalProperties": {"type": ["string", "boolean", "integer", "null"]},
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Alongside data export",
        "description": "Each file of the zip, by name; see docs/EXPORT.md.",
        "files": files,
    }


# --- Choosing the rows -------------------------------------------------------------------------


def _rows_for(user) -> dict:
    """{model: queryset} of everything of ``user`` that goes into the export."""
    from alongside.audit.models import AuditEvent
    from alongside.audit.services import trail_for

    record_models = _record_models()
    memberships = list(Membership.objects.filter(user=user))
    person_circles = [m.circle_id for m in memberships if m.role == Role.PERSON and m.left_at is None]
    chosen: dict = {}
    for model in record_models:
        wrote = models.Q(author=user)
        about_me = models.Q(
            pk__in=model.objects.visible_to(user).filter(circle_id__in=person_circles).values("pk")
        )
        chosen[model] = model.objects.filter(wrote | about_me)
    for model in exported_models():
        if model in chosen:
            continue
        parent = _parent_field(model, record_models)
        if parent is not None:
            # Rows on a record I export, and what I wrote on anyone else's (a boundary test, an outcome).
            condition = models.Q(**{f"{parent.name}__in": chosen[parent.related_model].values("pk")})
            for field in _user_fields(model):
                condition |= models.Q(**{field.name: user})
            chosen[model] = model.objects.filter(condition)
        elif model is Circle:
            chosen[model] = Circle.objects.filter(pk__in=[m.circle_id for m in memberships])
        elif model is AuditEvent:
            condition = models.Q(actor=user)
            for membership in memberships:
                if membership.left_at is None:
                    condition |= models.Q(pk__in=trail_for(membership).values("pk"))
            chosen[model] = AuditEvent.objects.filter(condition)
        else:
            condition = models.Q(pk__in=[])
            for field in _user_fields(model):
                condition |= models.Q(**{field.name: user})
            if kind_of(model) in ABOUT_THE_PERSON:
                condition |= models.Q(circle_id__in=person_circles)
            chosen[model] = model.objects.filter(condition)
    return chosen


def _value(field: models.Field, obj) -> object:
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        if field.related_model is get_user_model():
            related = getattr(obj, field.name)
            return str(related) if related is not None else None
        raw = getattr(obj, field.attname)
        return str(raw) if raw is not None else None
    value = getattr(obj, field.attname)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal | dt.timedelta):
        return str(value)
    return value


def serialise(model, rows: Iterable) -> list[dict]:
    fields = exported_fields(model)
    return [{f.name: _value(f, obj) for f in fields} for obj in rows]


def _account(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    account = {
        field.name: _value(field, user)
        for field in user._meta.concrete_fields
        if not _is_secret(field)
        and field.name not in ("id", "is_staff", "is_superuser", "is_active")
        and not isinstance(field, models.ForeignKey)
    }
    account["email_addresses"] = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    account["second_factors"] = sorted(
        set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    )
    return account


def build_export(user, *, language: str = "en") -> tuple[bytes, dict[str, int]]:
    """The zip's bytes and the number of rows of each kind."""
    from django.utils import translation

    now = timezone.now().isoformat()
    buffer = io.BytesIO()
    counts: dict[str, int] = {}
    sections = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        account = _account(user)
        archive.writestr(
            "account.json",
            json.dumps(
                {"kind": "account", "schema_version": SCHEMA_VERSION, "exported_at": now, "account": account},
                indent=2,
            ),
        )
        for model, queryset in _rows_for(user).items():
            records = serialise(model, queryset.select_related(*[f.name for f in _user_fields(model)]))
            counts[kind_of(model)] = len(records)
            document = {
                "kind": kind_of(model),
                "schema_version": SCHEMA_VERSION,
                "exported_at": now,
                "records": records,
            }
            archive.writestr(f"{kind_of(model)}.json", json.dumps(document, indent=2, ensure_ascii=False))
            if records:
                labels = {f.name: str(f.verbose_name) for f in exported_fields(model)}
                sections.append(
                    {
                        "kind": kind_of(model),
                        "title": str(model._meta.verbose_name_plural),
                        "rows": [[(labels[k], v) for k, v in row.items()] for row in records],
                    }
                )
        with translation.override(language):
            html = render_to_string(
                "mydata/export_view.html",
                {
                    "account": account,
                    "sections": sorted(sections, key=lambda s: s["title"]),
                    "exported_at": now,
                },
            )
        archive.writestr("index.html", html)
    return buffer.getvalue(), counts


def row_count(user) -> int:
    return sum(queryset.count() for queryset in _rows_for(user).values())


def write_schema(path=None) -> None:
    """Regenerate docs/export.schema.json (a test fails while it differs from the models)."""
    from pathlib import Path

    target = Path(path) if path else Path(__file__).resolve().parents[3] / "docs" / "export.schema.json"
    target.write_text(json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
