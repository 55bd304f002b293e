"""`manage.py restore IN.json --yes`: replace the data that `backup` saves with a backup's content."""

import json

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from directory.services import catalogue_changed
from referral.management.commands.backup import APPS


def backed_up_models():
    models = []
    for label in APPS:
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    return models


class Command(BaseCommand):
    help = "Replace users, the directory and training data with those of a backup (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="IN.json")
        parser.add_argument("--yes", action="store_true", help="confirm that current data may be replaced")

    def handle(self, *args, path, yes, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                json.load(handle)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} is not a backup (invalid JSON at line {exc.lineno})", returncode=2) from None
        models = backed_up_models()
        if not yes and any(model.objects.exists() for model in models):
            raise CommandError("the database holds data; add --yes to replace it with the backup", returncode=2)
        with transaction.atomic():
            # Children before parents: delete in reverse order of the apps' models.
            for model in reversed(models):
                model._base_manager.all().delete()
            # The backup holds the history itself: loading it must not write new history rows.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", path, verbosity=0)
            catalogue_changed(everything=True)  # every process's caches must see the restored catalogue
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}"))
