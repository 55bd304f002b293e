from django.db import migrations


def add_names(apps, schema_editor):
    # PostgreSQL only: the names part of the search document, short enough for a cheap,
    # indexed typo match (trigram word similarity); whole documents are too long for that.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE directory_programme ADD COLUMN IF NOT EXISTS search_names text "
            "GENERATED ALWAYS AS (split_part(search_document, '|', 1)) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS programme_search_names_trgm "
            "ON directory_programme USING gin (search_names gin_trgm_ops)"
        )


def drop_names(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE directory_programme DROP COLUMN IF EXISTS search_names")


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_search_vector")]

    operations = [migrations.RunPython(add_names, drop_names)]
