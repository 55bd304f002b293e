"""Admin for eligibility criteria (checked against the vocabulary) and training scenarios."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from directory.admin import FixedParentAdmin, ReferenceDataAdmin
from referral.criteria.forms import CriterionForm
from referral.models import Attempt, Cohort, Criterion, Offer, PathwayNote, Scenario
from referral.training.cases import key_disagreements
from referral.triage.cache import load_catalogue
from referral.vocabulary import InvalidFacts


class CriterionInline(admin.TabularInline):
    model = Criterion
    form = CriterionForm
    extra = 0


class OfferInline(admin.TabularInline):
    """The needs the programme serves besides those its criteria name (plans read them)."""

    model = Offer
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(FixedParentAdmin):
    form = CriterionForm
    list_display = ("programme", "clause", "fact", "operator", "values", "explanation_en")
    list_filter = ("fact", "operator")
    search_fields = ("programme__slug", "explanation_sl", "explanation_en")
    list_select_related = ("programme",)
    autocomplete_fields = ("programme",)


def engine_disagreements(scenario):
    """Where this case's key and the rules at its moment disagree (empty: they agree)."""
    try:
        return key_disagreements(scenario, load_catalogue())
    except InvalidFacts as exc:
        return {"invalid_facts": [f"{e['key']}: {e['message']}" for e in exc.errors]}


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("slug", "title_en", "difficulty", "agrees_with_engine")
    list_filter = ("difficulty",)
    search_fields = ("slug", "title_sl", "title_en", "story_sl", "story_en")
    readonly_fields = ("checked_version", "checked_on", "flagged")

    @admin.display(description=_("agrees with the rules"), boolean=True)
    def agrees_with_engine(self, scenario):
        return not scenario.flagged

    def save_model(self, request, obj, form, change):
        found = engine_disagreements(obj)
        obj.checked_version = 0  # checked again at the next training request (training/cases.py)
        obj.accepted = {}
        super().save_model(request, obj, form, change)
        if found.get("invalid_facts"):
            messages.warning(request, _("The expert facts are not valid: %s") % "; ".join(found["invalid_facts"]))
        if found.get("key_not_suggested"):
            messages.warning(
                request,
                _("The rules do not suggest these expert referrals: %s") % ", ".join(found["key_not_suggested"]),
            )
        if found.get("wrong_but_suggested"):
            messages.warning(
                request,
                _("The rules suggest these referrals the key calls wrong: %s")
                % ", ".join(found["wrong_but_suggested"]),
            )


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    filter_horizontal = ("members", "cases")


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("user", "scenario", "created_at", "found", "required")
    list_filter = ("scenario",)
    list_select_related = ("user", "scenario")
    search_fields = ("user__username", "scenario__slug")
    readonly_fields = [f.name for f in Attempt._meta.fields]


@admin.register(PathwayNote)
class PathwayNoteAdmin(ReferenceDataAdmin):
    """Staff edit the notes; a change reaches every process's cached rules at once (notes are
    read again on every refresh, so no full rebuild)."""

    everything = False

    list_display = ("code", "position", "text_en", "source")
    search_fields = ("code", "text_sl", "text_en", "source")
