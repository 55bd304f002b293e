"""Eligibility criteria edited inline on each programme, checked against the triage vocabulary."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from directory.admin import ProgrammeAdmin
from directory.models import Criterion, Operator, Programme
from referral.vocabulary import FACTS, LIST, InvalidFacts, validate


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["clause", "fact", "operator", "values", "explanation_sl", "explanation_en"]

    def clean(self):
        data = super().clean()
        fact, operator, values = data.get("fact"), data.get("operator"), data.get("values")
        if operator in {Operator.NEVER, Operator.NOT_EMPTY, Operator.IN_SERVICE_AREA} or not fact:
            return data
        # Every value must be one the vocabulary allows for this fact.
        kind = FACTS[fact].kind
        for value in values if isinstance(values, list) else []:
            sample = {fact: [value] if kind == LIST else value}
            try:
                validate(sample)
            except InvalidFacts as exc:
                self.add_error(
                    "values",
                    _("%(value)s: %(problem)s") % {"value": value, "problem": exc.errors[0]["message"]},
                )
        return data


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
