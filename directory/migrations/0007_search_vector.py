from django.db import migrations


def rebuild_documents(apps, schema_editor):
    from directory.models import search_document_for

    Programme = apps.get_model("directory", "Programme")
    for programme in Programme.objects.select_related("organisation"):
        programme.search_document = search_document_for(programme)
        programme.save(update_fields=["search_document"])


def add_vector(apps, schema_editor):
    # PostgreSQL only: a stored full-text vector of the search document, for ranking without
    # recomputing to_tsvector() on every matching row. Django never writes it (it is generated).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE directory_programme ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (setweight(to_tsvector('simple', split_part(search_document, '|', 1)), 'A') || "
            "setweight(to_tsvector('simple', split_part(search_document, '|', 2)), 'B')) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS programme_search_vector ON directory_programme USING gin (search_vector)"
        )


def drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE directory_programme DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_search_document")]

    operations = [
        migrations.RunPython(rebuild_documents, migrations.RunPython.noop),
        migrations.RunPython(add_vector, drop_vector),
    ]
