"""`manage.py export_hsds OUT`: write the directory as HSDS 3.0 JSON (OUT/sl/ and OUT/en/), or
with `--tabular` as the HSDS tabular form (CSV files and OUT/datapackage.json) in one language."""

from django.core.management.base import BaseCommand, CommandError

from directory.hsds import LANGUAGES, export_documents, write_export
from directory.hsds_tabular import write_tabular


class Command(BaseCommand):
    help = "Write the directory as HSDS 3.0: JSON per content language, or --tabular CSV + datapackage.json."

    def add_arguments(self, parser):
        parser.add_argument("out", help="folder to write (created if missing)")
        parser.add_argument(
            "--tabular", action="store_true", help="the HSDS tabular form: one CSV per table and datapackage.json"
        )
        parser.add_argument(
            "--language", default=LANGUAGES[0], help=f"content language of --tabular ({', '.join(LANGUAGES)})"
        )

    def handle(self, *args, out, tabular=False, language=LANGUAGES[0], **options):
        if language not in LANGUAGES:
            raise CommandError(f"--language must be one of {', '.join(LANGUAGES)}, not {language!r}", returncode=2)
        try:
            if tabular:
                counts = write_tabular(out, *export_documents(language), lang=language)
                rows = sum(counts.values())
                self.stdout.write(
                    self.style.SUCCESS(f"HSDS tabular package written to {out}: {len(counts)} tables, {rows} rows")
                )
                return
            folder = write_export(out)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror}", returncode=2) from None
        self.stdout.write(self.style.SUCCESS(f"HSDS export written to {folder}"))
