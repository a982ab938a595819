"""Re-encrypt every encrypted field with the first key in FIELD_ENCRYPTION_KEYS.

Rotation: put a new key first (keep the old ones after it), run this command, then
remove the old keys.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from alongside.core.fields import EncryptedAtRest, rotate_token


class Command(BaseCommand):
    help = "Re-encrypt all encrypted text with the newest key."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedAtRest)]
            if not fields:
                continue
            table = model._meta.db_table
            # Raw SQL reads the stored tokens as they are, without decrypting them in Python.
            with transaction.atomic():
                quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
                pk_col = connection.ops.quote_name(model._meta.pk.column)
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT {pk_col}, {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
                    stored_rows = cursor.fetchall()
                    for pk, *stored in stored_rows:
                        updates = [rotate_token(v) if v else v for v in stored]
                        assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
                        cursor.execute(
                            f"UPDATE {connection.ops.quote_name(table)} SET {assignments} WHERE {pk_col} = %s",  # noqa: S608
                            [*updates, pk],
                        )
                        total += 1
            self.stdout.write(f"{model._meta.label}: {len(stored_rows)} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows."))
