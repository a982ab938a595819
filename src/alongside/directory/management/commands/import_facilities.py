"""alongside import_facilities FILE [FILE ...]: the US locator's JSON export (one page or many) or a CSV list."""

from __future__ import annotations

import contextlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.directory.importers import ImportFileError, import_files, parse_mapping, sniff_format


class Command(BaseCommand):
    help = (
        "Import treatment facilities from the US locator's JSON export (give every page together so rows "
        "that disappeared are removed) or from a CSV file with a column mapping."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="JSON pages of the locator's export, or one CSV file")
        parser.add_argument(
            "--format", choices=["locator", "csv"], default="", help="default: from the file name"
        )
        parser.add_argument(
            "--source", default="", help="a short key naming the source (CSV: default the file name)"
        )
        parser.add_argument("--label", default="", help="the source's name as shown beside each result")
        parser.add_argument(
            "--map", default="", help='CSV column mapping, e.g. "id=Site ID,name=Program,phone=Tel"'
        )
        parser.add_argument("--country", default="", help="CSV: the country of rows without one (US or CA)")

    def _progress(self, count: int, seconds: float) -> None:
        rate = round(count / seconds) if seconds else count
        self.stderr.write(f"{count} rows read, {rate} rows a second")

    def handle(self, *args, **options):
        paths: list[Path] = []
        for name in options["files"]:
            path = Path(name)
            if path.is_dir():
                paths.extend(sorted(path.glob("*.json")))
            elif path.is_file():
                paths.append(path)
            else:
                raise CommandError(f"{name}: no such file.")
        # Every file is opened, never read whole: the import streams a row at a time.
        with contextlib.ExitStack() as stack:
            files = [(str(p), stack.enter_context(p.open("rb"))) for p in paths]
            fmt = options["format"]
            if not fmt and paths:
                with paths[0].open("rb") as head:
                    fmt = sniff_format(paths[0].name, head.read(64))
            try:
                report = import_files(
                    files,
                    fmt=fmt,
                    source_key=options["source"],
                    source_label=options["label"],
                    mapping=parse_mapping(options["map"]),
                    country=options["country"],
                    progress=self._progress,
                )
            except ImportFileError as exc:
                raise CommandError(str(exc)) from None
        self.stderr.write(f"Done: {report.rows_read} rows in {report.seconds:.1f} s.")
        self._report(report)

    def _report(self, report) -> None:
        self.stdout.write(report.summary())
        for note in report.notes:
            self.stdout.write(note)
        if report.rejected:
            self.stdout.write("Rejected rows by reason:")
            for reason, count in report.rejected_by_reason():
                self.stdout.write(f"  {count} × {reason}")
        for rejected in report.rejected:
            self.stderr.write(f"rejected {rejected}")
        if report.rejected_not_shown:
            self.stderr.write(f"… and {report.rejected_not_shown} more rejected rows.")
