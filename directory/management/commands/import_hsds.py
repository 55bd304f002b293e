"""`manage.py import_hsds IN [--dry-run]`: create or update records by HSDS id, in one transaction."""

from django.core.management.base import BaseCommand, CommandError

from directory.hsds import HsdsError, import_path
from directory.translation import CONTENT_LANGUAGES


class Command(BaseCommand):
    help = "Import an export folder (sl/, en/) or one HSDS JSON file (a service, organization, list or API page)."

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="IN")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
        parser.add_argument(
            "--skip-unknown",
            action="store_true",
            help="list and skip municipalities, languages, taxonomy terms and funders the directory does not have "
            "(by default they stop the import)",
        )
        parser.add_argument(
            "--language",
            choices=CONTENT_LANGUAGES,
            default="en",
            help="content language of a single file (default en)",
        )

    def handle(self, *args, path, dry_run, language, skip_unknown, **options):
        try:
            result = import_path(path, language=language, dry_run=dry_run, skip_unknown=skip_unknown)
        except HsdsError as exc:
            raise CommandError(f"nothing imported: {exc}", returncode=2) from None
        changes = result.changes
        for line in result.skipped:
            self.stdout.write(line)
        for line in changes:
            self.stdout.write(("would " if dry_run else "") + line)
        summary = f"{len(changes)} change(s)" + (" (dry run: nothing saved)" if dry_run else "")
        self.stdout.write(self.style.SUCCESS(summary))
