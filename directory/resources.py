"""CSV import and export of programmes and contacts (django-import-export), keyed by slug and id.
Imported rows are saved through the write path (directory.services), recorded as "csv"."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from directory.models import Contact, Organisation, Programme
from directory.services import CONTACT_FIELDS, CSV, WRITERS, Author, contact_update
from directory.translation import CONTENT_LANGUAGES

TEXTS = [
    f"{name}_{lang}" for name in ("name", "description", "eligibility", "offers", "fees") for lang in CONTENT_LANGUAGES
]


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A text cell a spreadsheet shows as text: a leading apostrophe before a formula start."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_formula_text(value):
    """The text of a cell that `neutralise_formula` wrote (so exports import back unchanged)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class WritePathResource(resources.ModelResource):
    """Rows are created, updated and deleted by the model's writer, never saved directly. Exported
    cells never start a formula (CSV injection); imports read such cells back as the text."""

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for key in list(row.keys()):
            row[key] = restore_formula_text(row[key])

    def before_import(self, dataset, **kwargs):
        self.author = Author(kwargs.get("user"), CSV)

    def do_instance_save(self, instance, is_create):
        model = self._meta.model
        m2m = {f.name for f in model._meta.many_to_many}
        data = {
            name: getattr(instance, name)
            for name in self._meta.fields
            if name not in self._meta.import_id_fields and name not in m2m
        }
        writer = WRITERS[model]
        if is_create:
            instance.pk = writer.create({**data, **self._ids(instance)}, self.author).pk
        else:
            writer.update(model.objects.get(pk=instance.pk), data, self.author)

    def delete_instance(self, instance, row, **kwargs):
        WRITERS[self._meta.model].delete(instance, self.author)

    def _ids(self, instance):
        return {name: getattr(instance, name) for name in self._meta.import_id_fields}


class ProgrammeResource(WritePathResource):
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ForeignKeyWidget(Organisation, "slug")
    )

    class Meta:
        model = Programme
        import_id_fields = ["slug"]
        fields = ["slug", "organisation", "kind", "status", *TEXTS, "interpretation", "area_national", "start_year"]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False


class ContactResource(WritePathResource):
    """One row a contact, with its organisation and the programmes it serves (slugs, comma-separated)."""

    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ForeignKeyWidget(Organisation, "slug")
    )
    programmes = fields.Field(
        attribute="programmes",
        column_name="programmes",
        widget=ManyToManyWidget(Programme, separator=",", field="slug"),
    )

    def save_m2m(self, instance, row, **kwargs):
        """The programmes it serves, through the write path (the contact itself is saved by then)."""
        if instance.pk is not None:
            contact = Contact.objects.get(pk=instance.pk)
            wanted = self.fields["programmes"].clean(row)
            contact_update(contact=contact, data={}, author=self.author, programmes=list(wanted))

    class Meta:
        model = Contact
        import_id_fields = ["uid"]
        fields = ["uid", "organisation", "programmes", *CONTACT_FIELDS]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
