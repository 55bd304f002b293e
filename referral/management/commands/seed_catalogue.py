"""Load the canonical catalogue once: a database that already holds programmes is left alone."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from directory.models import Programme
from directory.services import catalogue_changed

FIXTURES = ["municipalities", "catalogue", "criteria", "scenarios", "search_concepts"]


class Command(BaseCommand):
    help = "Load the catalogue fixtures into an empty directory (idempotent; --force reloads)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reload the fixtures even if programmes exist (overwrites catalogue rows).",
        )

    def handle(self, *args, force=False, **options):
        if Programme.objects.exists() and not force:
            self.stdout.write("Catalogue already loaded; nothing changed.")
            return
        call_command("loaddata", *FIXTURES, verbosity=0)
        Programme.objects.rebuild_search_documents()  # a raw load skips the write path
        catalogue_changed(everything=True)
        self.stdout.write(self.style.SUCCESS(f"Catalogue loaded: {Programme.objects.count()} programmes."))
