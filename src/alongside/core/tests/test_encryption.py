import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from alongside.core.fields import decrypt_text, encrypt_text
from alongside.notes.models import Note

pytestmark = pytest.mark.django_db


def stored_body(note):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body FROM notes_note WHERE id = %s",
            [note.id.hex if connection.vendor == "sqlite" else note.id],
        )
        return cursor.fetchone()[0]


def test_the_same_text_encrypts_differently_each_time():
    assert encrypt_text("hello") != encrypt_text("hello")
    assert decrypt_text(encrypt_text("hello")) == "hello"


def test_rotation_moves_every_row_to_the_new_key_and_old_keys_can_then_go(settings, circle_members):
    c = circle_members
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    note = Note.objects.create(
        circle=c["circle"], author=c["organiser"], title="t", body="Rotate me", visibility="supporters"
    )
    before = stored_body(note)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))
    after = stored_body(note)
    assert after != before
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Note.objects.get(pk=note.pk).body == "Rotate me"


def test_a_row_cannot_be_read_without_its_key(settings, circle_members):
    from django.core.exceptions import ImproperlyConfigured

    c = circle_members
    note = Note.objects.create(
        circle=c["circle"], author=c["organiser"], title="t", body="secret", visibility="supporters"
    )
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured):
        Note.objects.get(pk=note.pk)
