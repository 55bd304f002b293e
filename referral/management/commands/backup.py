"""`manage.py backup OUT.json`: everything worth keeping, as a portable JSON fixture."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Accounts, the directory with its history, training; not sessions, login throttling or admin logs.
APPS = ["auth.user", "auth.group", "directory", "referral"]
# What a restore must never bring back: cookies ended by quick exit or "start again", and what
# triages did once (a restore would let a replayed cookie count or refer again).
NOT_RESTORED = ["referral.EndedSeal", "referral.SealMark"]


class Command(BaseCommand):
    help = "Write users, the directory (with its history) and training data to OUT (restore with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT.json")

    def handle(self, *args, out, **options):
        try:
            call_command(
                "dumpdata",
                *APPS,
                exclude=NOT_RESTORED,
                natural_foreign=True,
                indent=1,
                output=out,
                verbosity=0,
            )
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror}", returncode=2) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {out}"))
