"""CSV import and export of programmes and contacts (django-import-export), keyed by slug."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from directory.models import Contact, Organisation, Programme

TEXTS = [f"{name}_{lang}" for name in ("name", "description", "eligibility", "offers", "fees") for lang in ("sl", "en")]


class ProgrammeResource(resources.ModelResource):
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ForeignKeyWidget(Organisation, "slug")
    )

    class Meta:
        model = Programme
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "organisation",
            "kind",
            "status",
            *TEXTS,
            "interpretation",
            "area_national",
            "start_year",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False


class ContactResource(resources.ModelResource):
    programme = fields.Field(attribute="programme", column_name="programme", widget=ForeignKeyWidget(Programme, "slug"))

    class Meta:
        model = Contact
        import_id_fields = ["uid"]
        fields = ["uid", "programme", "kind", "value", "display", "label_sl", "label_en", "toll_free", "anonymous",
                  "always_open", "closed_on_holidays", "position"]  # fmt: skip
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
