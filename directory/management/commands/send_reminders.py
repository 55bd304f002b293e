"""`manage.py send_reminders [--dry-run]`: mail members about programmes due for checking (daily cron)."""

from django.core.management.base import BaseCommand

from directory.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each member about their programmes due (90 days), stale (180) or never verified; not twice in 7 days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list who would be reminded, send nothing")

    def handle(self, *args, dry_run, **options):
        lines, failures = send_reminders(dry_run=dry_run)
        for line in lines:
            self.stdout.write(("would remind " if dry_run else "reminded ") + line)
        summary = f"{len(lines)} member(s)" + (" (dry run: nothing sent)" if dry_run else "")
        if failures:
            summary += f"; {failures} mail(s) failed (see the admin: Mail failures)"
        self.stdout.write(self.style.SUCCESS(summary))
