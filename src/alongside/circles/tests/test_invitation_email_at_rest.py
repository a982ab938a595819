"""The address an invitation is e-mailed to is encrypted at rest, like its label: stored as a
token, never looked up by the database, and rows written before are converted by the migration."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from alongside.circles import services
from alongside.circles.models import Invitation
from alongside.core.fields import TOKEN_PREFIX

ADDRESS = "aunt.rosa.marker@example.org"


def _stored_email(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM circles_invitation WHERE id = %s", [pk.hex])
        row = cursor.fetchone()
        if row is None:  # PostgreSQL stores the UUID with its dashes
            cursor.execute("SELECT email FROM circles_invitation WHERE id = %s", [str(pk)])
            row = cursor.fetchone()
        return row[0]


@pytest.mark.django_db
def test_the_invitation_address_is_stored_as_a_token_and_read_back_in_clear(circle_members):
    c = circle_members
    invitation, _token = services.create_invitation(
        c["organiser"], c["circle"], role="supporter", label="Rosa", email=f"  {ADDRESS} "
    )
    stored = _stored_email(invitation.pk)
    assert stored.startswith(TOKEN_PREFIX) and ADDRESS not in stored
    assert Invitation.objects.get(pk=invitation.pk).email == ADDRESS


@pytest.mark.django_db
def test_the_database_cannot_be_asked_for_an_invitation_by_its_address(circle_members):
    with pytest.raises(FieldError):
        list(Invitation.objects.filter(email=ADDRESS))
    with pytest.raises(FieldError):
        list(Invitation.objects.filter(email__iexact=ADDRESS))


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_addresses_stored_in_clear_before_it(circle_members):
    c = circle_members
    before, after = (
        ("circles", "0004_alter_recordchange_changed_by_label"),
        (
            "circles",
            "0005_encrypt_invitation_email",
        ),
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([before])
        old_apps = executor.loader.project_state([before]).apps
        OldInvitation = old_apps.get_model("circles", "Invitation")
        pk = uuid.uuid4()
        OldInvitation.objects.create(
            id=pk,
            circle_id=c["circle"].pk,
            role="supporter",
            token_hash="x" * 64,
            label="",
            email=ADDRESS,
            expires_at=timezone.now() + timedelta(days=7),
        )
        assert _stored_email(pk) == ADDRESS  # in clear, as the old column kept it

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([after])
        stored = _stored_email(pk)
        assert stored.startswith(TOKEN_PREFIX) and ADDRESS not in stored
        assert Invitation.objects.get(pk=pk).email == ADDRESS

        # And back: the reverse step gives the clear address to the old column.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([before])
        assert _stored_email(pk) == ADDRESS
    finally:
        call_command("migrate", verbosity=0)
