"""`alongside backup [FILE]`: an encrypted, consistent copy of everything, while the server runs."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.core.backup import MIN_PASSPHRASE, BackupError, write_backup

PASSPHRASE_ENV = "ALONGSIDE_BACKUP_PASSPHRASE"


def read_passphrase(*, confirm: bool) -> str:
    """The passphrase from ALONGSIDE_BACKUP_PASSPHRASE, or asked for at the prompt."""
    passphrase = os.environ.get(PASSPHRASE_ENV, "")
    if passphrase:
        return passphrase
    try:
        passphrase = getpass.getpass("Backup passphrase: ")
        if confirm and getpass.getpass("The same passphrase again: ") != passphrase:
            raise CommandError("The two passphrases differ.")
    except EOFError as exc:
        raise CommandError(f"No passphrase: set {PASSPHRASE_ENV} or run this at a terminal.") from exc
    return passphrase


class Command(BaseCommand):
    help = "Write an encrypted backup: the database, its field-encryption keys and the generated secrets."
    requires_system_checks: list = []  # a backup must work even when something else is misconfigured

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="Where to write it (default: alongside-<date>.backup here)."
        )
        parser.add_argument(
            "--without-keys",
            action="store_true",
            help="Leave the field-encryption keys and secrets out (keep them somewhere else; restore then needs "
            "FIELD_ENCRYPTION_KEYS).",
        )

    def handle(self, *args, file: str | None, without_keys: bool, **options):
        destination = Path(file or f"alongside-{datetime.now(UTC):%Y%m%d-%H%M%S}.backup")
        passphrase = read_passphrase(confirm=True)
        if len(passphrase) < MIN_PASSPHRASE:
            raise CommandError(f"The passphrase must be at least {MIN_PASSPHRASE} characters long.")
        try:
            manifest = write_backup(destination, passphrase, include_keys=not without_keys)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {destination} ({manifest['engine']} database).")
        )
        if without_keys:
            self.stdout.write(
                "The keys are NOT in it: keep FIELD_ENCRYPTION_KEYS safe, apart from this file."
            )
        else:
            self.stdout.write(
                "It holds the encryption keys: without the passphrase nobody can open it; keep both."
            )
