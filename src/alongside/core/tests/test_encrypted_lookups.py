from __future__ import annotations

import pytest
from django.core.exceptions import FieldError

from alongside.notes.models import Note

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "lookup", ["title", "title__exact", "title__icontains", "title__in", "title__startswith"]
)
def test_filtering_on_an_encrypted_field_fails_loudly_instead_of_matching_nothing(circle_members, lookup):
    c = circle_members
    Note.objects.create(
        circle=c["circle"], author=c["supporter"], visibility="supporters", title="Groceries", body="b"
    )
    value = ["Groceries"] if lookup.endswith("__in") else "Groceries"
    with pytest.raises(FieldError, match="encrypted"):
        list(Note.objects.filter(**{lookup: value}))


def test_asking_whether_an_encrypted_field_is_empty_still_works(circle_members):
    c = circle_members
    Note.objects.create(
        circle=c["circle"], author=c["supporter"], visibility="supporters", title="t", body="b"
    )
    assert Note.objects.filter(title__isnull=False).count() == 1
