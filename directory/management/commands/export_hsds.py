"""`manage.py export_hsds OUT`: write the directory as HSDS 3.0 JSON (OUT/sl/ and OUT/en/)."""

from django.core.management.base import BaseCommand, CommandError

from directory.hsds import write_export


class Command(BaseCommand):
    help = "Write organizations.json and services.json (HSDS 3.0) per content language into OUT."

    def add_arguments(self, parser):
        parser.add_argument("out", help="folder to write (created if missing)")

    def handle(self, *args, out, **options):
        try:
            folder = write_export(out)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror}", returncode=2) from None
        self.stdout.write(self.style.SUCCESS(f"HSDS export written to {folder}"))
