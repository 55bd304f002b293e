from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent-free and typo-tolerant search on PostgreSQL (both operations do nothing elsewhere)."""

    dependencies = [("directory", "0004_hsds_ids")]

    operations = [UnaccentExtension(), TrigramExtension()]
