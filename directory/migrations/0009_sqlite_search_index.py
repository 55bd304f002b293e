from django.db import migrations

FTS = "directory_programme_fts"


def add_index(apps, schema_editor):
    # SQLite only: a trigram full-text index of the search document, kept in step by triggers, so
    # substring search needs no scan of every programme (PostgreSQL has its GIN indexes).
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(search_document, content='directory_programme', "
        "content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON directory_programme BEGIN "
        f"INSERT INTO {FTS}(rowid, search_document) VALUES (new.id, new.search_document); END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON directory_programme BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_document) VALUES ('delete', old.id, old.search_document); END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF search_document ON directory_programme BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, search_document) VALUES ('delete', old.id, old.search_document); "
        f"INSERT INTO {FTS}(rowid, search_document) VALUES (new.id, new.search_document); END",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]:
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in [f"DROP TRIGGER IF EXISTS {FTS}_{t}" for t in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {FTS}"]:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_search_names")]

    operations = [migrations.RunPython(add_index, drop_index)]
