"""`manage.py backup OUT.json`: everything worth keeping, as a portable JSON fixture."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Accounts, the directory with its history, training; not sessions, login throttling or admin logs.
APPS = ["auth.user", "auth.group", "directory", "referral"]


class Command(BaseCommand):
    help = "Write users, the directory (with its history) and training data to OUT (restore with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT.json")

    def handle(self, *args, out, **options):
        try:
            call_command("dumpdata", *APPS, natural_foreign=True, indent=1, output=out, verbosity=0)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror}", returncode=2) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {out}"))
