"""The HSDS 3.0 tabular form: the export's documents as a Frictionless Tabular Data Package, one
CSV file per HSDS table (the schema files' `path`: services.csv, phones.csv, ...) and a
`datapackage.json` describing them, as the HSDS 3 specification describes it. The tables, their
columns, types, required fields and order come from the official schema files
(fixtures/hsds-3.0/schema), so the package follows the standard rather than our reading of it.

A nested document becomes rows: its scalar fields are the row, each array of objects becomes rows
of the child table with the parent's `<table>_id` filled in where the child has that column, and
a nested object (an attribute's taxonomy term) becomes a row of its own table, once per id."""

import csv
import json
import uuid
from pathlib import Path

from django.conf import settings

from directory.hsds import NAMESPACE

SCHEMA_DIR = Path(settings.BASE_DIR) / "fixtures" / "hsds-3.0" / "schema"
# Foreign keys declared in the package (and so checked by its validators): column -> table.
REFERENCES = {
    "organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "contact_id": "contact",
    "program_id": "program",
    "taxonomy_term_id": "taxonomy_term",
    "taxonomy_id": "taxonomy",
    "service_at_location_id": "service_at_location",
}
NOT_REFERENCES = {("attribute", "link_id"), ("metadata", "resource_id")}  # point at any table


def table_schemas():
    """{table name: its HSDS schema} for every schema that is a table (has a CSV `path`), in the
    order the standard gives its data package."""
    found = {}
    for path in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(path.read_text())
        if "path" in schema:
            found[schema["name"]] = schema
    return dict(sorted(found.items(), key=lambda item: item[1]["datapackage_metadata"]["order"]))


def _ref_table(ref):
    return ref.removesuffix(".json")


def _is_column(spec):
    return "$ref" not in spec and spec.get("type") != "array"


def _children(doc, table, tables):
    """(child document, child table) for each nested object and array item of `doc`."""
    for name, spec in tables[table]["properties"].items():
        value = doc.get(name)
        if "$ref" in spec and isinstance(value, dict):
            yield value, _ref_table(spec["$ref"]), False
        elif spec.get("type") == "array" and "$ref" in spec.get("items", {}):
            for item in value or []:
                yield item, _ref_table(spec["items"]["$ref"]), True


def flatten(roots, tables):
    """{table: {id: row}} from [(table, documents)]. A record shared by several parents (one phone
    of two programmes) is one row per parent in a table, each with an id derived from the
    record's and the parent's (its attributes follow it): HSDS tables link a row to one parent."""
    parents = {}

    def count(doc, table, parent=None):
        if parent:
            parents.setdefault((table, doc["id"]), set()).add(parent)
        for child, child_table, owned in _children(doc, table, tables):
            count(child, child_table, (table, doc["id"]) if owned else None)

    for table, documents in roots:
        for doc in documents:
            count(doc, table)
    rows = {name: {} for name in tables}

    def visit(doc, table, parent=None, renamed=None):
        renamed = dict(renamed or {})
        properties = tables[table]["properties"]
        row = {name: doc.get(name) for name, spec in properties.items() if _is_column(spec) and name in doc}
        if parent and len(parents.get((table, doc["id"]), ())) > 1:
            renamed[doc["id"]] = row["id"] = str(uuid.uuid5(NAMESPACE, f"{doc['id']}:{parent[1]}"))
        elif doc.get("link_id") in renamed:  # an attribute of a record given a row per parent
            row["id"] = str(uuid.uuid5(NAMESPACE, f"{doc['id']}:{renamed[doc['link_id']]}"))
        for column, value in row.items():
            if column != "id" and value in renamed:
                row[column] = renamed[value]
        if parent and f"{parent[0]}_id" in properties:
            row[f"{parent[0]}_id"] = parent[1]
        for child, child_table, owned in _children(doc, table, tables):
            visit(child, child_table, (table, row["id"]) if owned else None, renamed)
        rows[table].setdefault(row["id"], {}).update(row)

    for table, documents in roots:
        for doc in documents:
            visit(doc, table)
    return rows


FIELD_TYPES = {
    ("string", "uuid"): {"type": "string", "format": "uuid"},
    ("string", "uri"): {"type": "string", "format": "uri"},
    ("string", "email"): {"type": "string", "format": "email"},
    ("string", "date"): {"type": "date"},
    ("string", "date-time"): {"type": "datetime", "format": "any"},
    ("string", "time"): {"type": "time", "format": "any"},
    ("number", None): {"type": "number"},
    ("integer", None): {"type": "integer"},
    ("boolean", None): {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
}


def _field(name, spec, required):
    field = {"name": name, **FIELD_TYPES.get((spec.get("type"), spec.get("format")), {"type": "string"})}
    if spec.get("title"):
        field["title"] = spec["title"]
    if spec.get("description"):
        field["description"] = spec["description"]
    constraints = {"required": True} if name in required else {}
    if spec.get("enum"):
        constraints["enum"] = list(spec["enum"])
    if constraints:
        field["constraints"] = constraints
    return field


def resource(name, schema, written):
    """The data package resource for one table: its fields from the HSDS schema, `id` as the
    primary key, and foreign keys to the tables the package holds."""
    columns = [(column, spec) for column, spec in schema["properties"].items() if _is_column(spec)]
    foreign = [
        {"fields": column, "reference": {"resource": REFERENCES[column], "fields": "id"}}
        for column, _spec in columns
        if REFERENCES.get(column) in written and (name, column) not in NOT_REFERENCES
    ]
    table_schema = {
        "fields": [_field(column, spec, set(schema.get("required", ()))) for column, spec in columns],
        "primaryKey": ["id"],
    }
    if foreign:
        table_schema["foreignKeys"] = foreign
    return {
        "name": name,
        "path": schema["path"],
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": schema.get("description", ""),
        "schema": table_schema,
    }


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_tabular(out_dir, organizations, services, *, lang):
    """Write OUT/<table>.csv for each table with rows and OUT/datapackage.json; returns the
    {table: number of rows} written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = table_schemas()
    rows = flatten([("organization", organizations), ("service", services)], tables)
    written = [name for name in tables if rows[name]]
    resources = []
    for name in written:
        schema = tables[name]
        columns = [column for column, spec in schema["properties"].items() if _is_column(spec)]
        with (out_dir / schema["path"]).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in sorted(rows[name].values(), key=lambda r: r["id"]):
                writer.writerow([_cell(row.get(column)) for column in columns])
        resources.append(resource(name, schema, written))
    package = {
        "name": f"kazipot-hsds-{lang}",
        "title": "Kažipot: victim-support programmes in Slovenia (HSDS 3.0)",
        "profile": "tabular-data-package",
        "version": "3.0",
        "language": lang,
        "homepage": "https://docs.openreferral.org/en/3.0/hsds/overview.html",
        "resources": resources,
    }
    (out_dir / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    return {name: len(rows[name]) for name in written}
