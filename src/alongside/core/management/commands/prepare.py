"""`alongside prepare`: migrate, create the cache table and (in production) collect static files.

What a host runs once per release before starting the web servers and workers (compose.yaml runs
it as a one-off service); `alongside serve` does the same by itself."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.core import serving


class Command(BaseCommand):
    help = "Prepare the database and static files for serving (safe to repeat)."

    def handle(self, *args, **options):
        serving.prepare(self.stdout)
        self.stdout.write(self.style.SUCCESS("Alongside is ready to serve."))
