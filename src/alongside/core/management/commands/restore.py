"""`alongside restore FILE`: put a backup back, after checking its passphrase and keys."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from alongside.core.backup import BackupError, restore_backup
from alongside.core.management.commands.backup import read_passphrase
from alongside.env import env_list


class Command(BaseCommand):
    help = "Restore an `alongside backup` file into this data directory and database."
    requires_system_checks: list = []  # the checks would fail on the very data a restore puts right

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database that already holds data."
        )

    def handle(self, *args, file: str, force: bool, **options):
        passphrase = read_passphrase(confirm=False)
        try:
            manifest = restore_backup(
                file, passphrase, force=force, env_keys=env_list("FIELD_ENCRYPTION_KEYS", [])
            )
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {file}") from exc
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} ({manifest['engine']} database)."
            )
        )
        self.stdout.write("Run `alongside check` and start Alongside as usual (it migrates if needed).")
