"""The admin: a thin mapping onto the write path (directory.services), recorded as "admin"."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from directory.factors import remove_all_factors
from directory.forms import changed_rows, model_data
from directory.models import (
    AuditEvent,
    Contact,
    Funder,
    Language,
    Location,
    MailFailure,
    Membership,
    Municipality,
    OpeningHours,
    Organisation,
    PendingChange,
    Programme,
    SearchConcept,
    Term,
)
from directory.resources import ContactResource, ProgrammeResource
from directory.services import ADMIN, Author, catalogue_changed, writer_for

PROVENANCE_FIELDS = ("source", "source_note", "last_verified_at", "verified_by")


def save_formset_rows(formset, parent, author):
    """An inline's rows through the write path (rows of models outside it are saved as usual),
    noting what changed as formset.save() would, for the admin's change message."""
    writer, model = writer_for(formset.model), formset.model
    if writer is None:
        formset.save()
        return
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form, change in changed_rows(formset):
        if change.delete:
            obj = model.objects.get(pk=change.pk)
            writer.delete(obj, author)
            formset.deleted_objects.append(obj)
        elif change.pk is None:
            formset.new_objects.append(writer.create({**change.data, formset.fk.name: parent}, author))
        else:
            saved = writer.update(model.objects.get(pk=change.pk), {**change.data, formset.fk.name: parent}, author)
            formset.changed_objects.append((saved, form.changed_data))


class WritePathAdmin(admin.ModelAdmin):
    """Saves and deletions go through the model's writer: validated, versioned, in the history."""

    def save_model(self, request, obj, form, change):
        pass  # saved with its inlines in save_related, in one transaction

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        author = Author(request.user, ADMIN)
        writer, obj = writer_for(self.model), form.instance
        if change:
            saved = self.model.objects.get(pk=obj.pk)
            if form.has_changed():
                saved = writer.update(saved, model_data(form), author)
        else:
            saved = writer.create(model_data(form), author)
            obj.pk = saved.pk  # the admin's log and redirect use the form's instance
        for formset in formsets:
            save_formset_rows(formset, saved, author)

    def delete_model(self, request, obj):
        writer_for(self.model).delete(obj, Author(request.user, ADMIN))

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class FixedParentAdmin(WritePathAdmin):
    """A row that belongs to a programme or contact stays there once created."""

    parent = "programme"

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *([self.parent] if obj else []))


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
class OrganisationAdmin(WritePathAdmin):
    list_display = ("slug", "name_sl", "kind", "source", "last_verified_at")
    list_filter = ("kind", "source")
    search_fields = ("slug", "name_sl", "name_en")
    inlines = [MembershipInline, LocationInline, ProgrammeInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ContactLinkInline(admin.TabularInline):
    """The contacts a programme shows: its organisation's, linked (a contact's own page edits it
    for every programme it serves)."""

    model = Contact.programmes.through
    autocomplete_fields = ("contact",)
    verbose_name = _("contact")
    verbose_name_plural = _("contacts")
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(ImportExportMixin, WritePathAdmin, SimpleHistoryAdmin):
    resource_classes = [ProgrammeResource]
    list_display = ("slug", "name_sl", "organisation", "kind", "status", "last_verified_at")
    list_filter = ("status", "kind", "organisation", "source", "area_national", "terms")
    search_fields = ("slug", "name_sl", "name_en", "description_sl", "description_en")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation", "area_municipalities")
    filter_horizontal = ("funders", "terms", "languages", "locations")
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

    def get_inlines(self, request, obj):
        # Other apps' inlines (referral: criteria, needs served), declared in the settings.
        return [ContactLinkInline, *map(import_string, settings.PROGRAMME_ADMIN_INLINES)]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Contact)
class ContactAdmin(ImportExportMixin, FixedParentAdmin):
    resource_classes = [ContactResource]
    parent = "organisation"
    list_display = ("__str__", "organisation", "kind", "toll_free", "anonymous", "always_open")
    list_filter = ("kind", "toll_free", "anonymous", "always_open", "source")
    search_fields = ("value", "display", "organisation__slug", "programmes__slug", "programmes__name_sl")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("programmes",)
    fields = (
        "organisation",
        "programmes",
        ("kind", "value", "display", "position"),
        ("label_sl", "label_en"),
        ("toll_free", "anonymous", "always_open", "closed_on_holidays"),
        PROVENANCE_FIELDS,
    )
    inlines = [OpeningHoursInline]


@admin.register(Location)
class LocationAdmin(WritePathAdmin):
    list_display = ("name_sl", "organisation", "city", "confidential")
    list_filter = ("confidential", "organisation")
    search_fields = ("name_sl", "name_en", "address", "city")
    autocomplete_fields = ("organisation", "municipality")


class ReferenceDataAdmin(admin.ModelAdmin):
    """Municipalities, languages (and referral's pathway notes): what triage reads besides the
    programmes, so a change tells the caches. A municipality or language reaches into programmes'
    rules without moving their versions: the caches start again (`everything`)."""

    everything = True

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalogue_changed(everything=self.everything)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        catalogue_changed(everything=self.everything)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        catalogue_changed(everything=self.everything)


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")


@admin.register(Language)
class LanguageAdmin(ReferenceDataAdmin):
    list_display = ("code", "name_sl", "name_en")
    search_fields = ("code", "name_sl", "name_en")


@admin.register(SearchConcept)
class SearchConceptAdmin(ReferenceDataAdmin):
    """The search thesaurus: a change shows in search at once (listings are keyed by the version)."""

    everything = False
    list_display = ("code", "label_sl", "label_en")
    search_fields = ("code", "label_sl", "label_en", "phrases", "finds")


@admin.register(Term)
class TermAdmin(WritePathAdmin):
    list_display = ("taxonomy", "code", "name_sl", "name_en")
    list_filter = ("taxonomy",)
    search_fields = ("code", "name_sl", "name_en")


@admin.register(Funder)
class FunderAdmin(WritePathAdmin):
    list_display = ("slug", "abbreviation", "name_sl", "name_en")
    search_fields = ("slug", "abbreviation", "name_sl", "name_en")


@admin.register(Membership)
class MembershipAdmin(WritePathAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "organisation__slug")
    autocomplete_fields = ("user", "organisation")


@admin.register(MailFailure)
class MailFailureAdmin(admin.ModelAdmin):
    list_display = ("at", "subject", "recipients", "error")
    readonly_fields = ("at", "subject", "recipients", "error")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept by the app itself: staff read it, nobody edits it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PendingChange)
class PendingChangeAdmin(ReadOnlyAdmin):
    """Decided on /manage/changes/ (approve, reject); kept here for the record."""

    list_display = ("proposed_at", "programme", "action", "state", "proposed_by", "decided_by")
    list_filter = ("state", "action")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "user", "by", "note")
    list_filter = ("kind",)
    search_fields = ("user__username",)


# Accounts: staff reset the factors of a member who lost them (after checking who they are outside
# Kažipot), and unlock an account that a "this was not us" locked.
User = get_user_model()


@admin.action(description=_("Remove the second factors (the account sets up new ones at its next sign-in)"))
def reset_factors(modeladmin, request, queryset):
    for user in queryset:
        remove_all_factors(user, by=request.user)
    modeladmin.message_user(
        request,
        ngettext("Second factors removed: %(n)d account.", "Second factors removed: %(n)d accounts.", queryset.count())
        % {"n": queryset.count()},
    )


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    actions = [reset_factors]
