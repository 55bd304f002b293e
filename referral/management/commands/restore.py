"""`manage.py restore IN.json --yes`: replace the data that `backup` saves with a backup's content."""

import json
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from directory.models import CatalogueVersion
from directory.services import catalogue_changed, catalogue_version
from referral.management.commands.backup import APPS, NOT_RESTORED


def backed_up_models():
    kept = {apps.get_model(label) for label in NOT_RESTORED}
    models = []
    for label in APPS:
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    return [model for model in models if model not in kept]


def without_kept(path, folder):
    """The backup without what a restore never brings back (older backups hold ended cookies)."""
    kept = {label.lower() for label in NOT_RESTORED}
    with open(path, encoding="utf-8") as handle:
        objects = [obj for obj in json.load(handle) if obj.get("model", "").lower() not in kept]
    cleaned = Path(folder) / "backup.json"
    cleaned.write_text(json.dumps(objects), encoding="utf-8")
    return cleaned


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
        with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
            before = catalogue_version()
            # Children before parents: delete in reverse order of the apps' models.
            for model in reversed(models):
                model._base_manager.all().delete()
            # The backup holds the history itself: loading it must not write new history rows.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", without_kept(path, folder), verbosity=0)
            # Forward, never back: a number no process has seen, so every cache starts again
            # (the backup's own number may be one a worker cached before the restore).
            restored = catalogue_version()
            CatalogueVersion.objects.update_or_create(pk=1, defaults={"number": max(before, restored)})
            catalogue_changed(everything=True)
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}"))
