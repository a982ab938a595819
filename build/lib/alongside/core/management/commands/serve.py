"""`alongside serve`: everything a laptop needs, in one command."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from alongside.core import serving


class Command(BaseCommand):
    help = "Prepare the database and run Alongside (optionally with a demo circle)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Load the demo circle and sample data.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host: str, port: int, demo: bool, threads: int, **options):
        address = serving.laptop_address(host, port)
        serving.use_address_for_links(address)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if demo:
            call_command("load_demo", stdout=self.stdout)
        for hook in serving.before_serve_hooks():
            hook(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Alongside is running at {address}"))
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        self.stdout.write("Press Ctrl+C to stop.")
        serving.run(host=host, port=port, threads=threads)
