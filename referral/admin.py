"""Eligibility criteria edited inline on each programme, checked against the triage vocabulary."""

from django.contrib import admin

from directory.admin import ProgrammeAdmin
from directory.models import Criterion, Programme
from referral.forms import CriterionForm


class CriterionInline(admin.TabularInline):
    model = Criterion
    form = CriterionForm
    extra = 0


class ProgrammeWithCriteriaAdmin(ProgrammeAdmin):
    inlines = [*ProgrammeAdmin.inlines, CriterionInline]


admin.site.unregister(Programme)
admin.site.register(Programme, ProgrammeWithCriteriaAdmin)


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    form = CriterionForm
    list_display = ("programme", "clause", "fact", "operator", "values", "explanation_en")
    list_filter = ("fact", "operator")
    search_fields = ("programme__slug", "explanation_sl", "explanation_en")
    list_select_related = ("programme",)
    autocomplete_fields = ("programme",)
