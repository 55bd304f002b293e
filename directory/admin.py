from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from directory.models import (
    Contact,
    Funder,
    Language,
    Location,
    Membership,
    Municipality,
    OpeningHours,
    Organisation,
    Programme,
    Term,
)
from directory.resources import ContactResource, ProgrammeResource

PROVENANCE_FIELDS = ("source", "source_note", "last_verified_at", "verified_by")


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ("user",)
    extra = 0


class ProgrammeInline(admin.TabularInline):
    model = Programme
    fields = ("slug", "name_sl", "kind", "status")
    show_change_link = True
    extra = 0


class LocationInline(admin.TabularInline):
    model = Location
    fields = (
        "name_sl",
        "name_en",
        "address",
        "postal_code",
        "city",
        "municipality",
        "confidential",
    )
    autocomplete_fields = ("municipality",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_sl", "kind", "source", "last_verified_at")
    list_filter = ("kind", "source")
    search_fields = ("slug", "name_sl", "name_en")
    inlines = [MembershipInline, LocationInline, ProgrammeInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ContactInline(admin.StackedInline):
    model = Contact
    fields = (
        ("kind", "value", "display", "position"),
        ("label_sl", "label_en"),
        ("toll_free", "anonymous", "always_open", "closed_on_holidays"),
        PROVENANCE_FIELDS,
    )
    show_change_link = True
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [ProgrammeResource]
    list_display = ("slug", "name_sl", "organisation", "kind", "status", "last_verified_at")
    list_filter = ("status", "kind", "organisation", "source", "area_national", "terms")
    search_fields = ("slug", "name_sl", "name_en", "description_sl", "description_en")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation", "area_municipalities")
    filter_horizontal = ("funders", "terms", "languages", "locations")
    inlines = [ContactInline]
    fieldsets = (
        (None, {"fields": ("slug", "organisation", "provider_uncertain", "kind", "status")}),
        (
            _("Names and texts"),
            {
                "fields": (
                    ("name_sl", "name_en"),
                    ("description_sl", "description_en"),
                    ("eligibility_sl", "eligibility_en"),
                    ("offers_sl", "offers_en"),
                    ("fees_sl", "fees_en"),
                    ("partners_sl", "partners_en"),
                    ("figures_sl", "figures_en"),
                    ("funding_note_sl", "funding_note_en"),
                )
            },
        ),
        (_("Dates"), {"fields": ("start_year", "start_date", "end_date")}),
        (
            _("Reach"),
            {
                "fields": (
                    "area_national",
                    "area_municipalities",
                    "languages",
                    "interpretation",
                    "locations",
                    "terms",
                    "funders",
                )
            },
        ),
        (_("Provenance"), {"fields": PROVENANCE_FIELDS}),
    )


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Contact)
class ContactAdmin(ImportExportMixin, admin.ModelAdmin):
    resource_classes = [ContactResource]
    list_display = ("__str__", "programme", "kind", "toll_free", "anonymous", "always_open")
    list_filter = ("kind", "toll_free", "anonymous", "always_open", "source")
    search_fields = ("value", "display", "programme__slug", "programme__name_sl")
    list_select_related = ("programme",)
    autocomplete_fields = ("programme",)
    inlines = [OpeningHoursInline]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name_sl", "organisation", "city", "confidential")
    list_filter = ("confidential", "organisation")
    search_fields = ("name_sl", "name_en", "address", "city")
    autocomplete_fields = ("organisation", "municipality")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "name_sl", "name_en")
    search_fields = ("code", "name_sl", "name_en")


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("taxonomy", "code", "name_sl", "name_en")
    list_filter = ("taxonomy",)
    search_fields = ("code", "name_sl", "name_en")


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ("slug", "abbreviation", "name_sl", "name_en")
    search_fields = ("slug", "abbreviation", "name_sl", "name_en")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "organisation__slug")
    autocomplete_fields = ("user", "organisation")
