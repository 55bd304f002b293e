"""Admin for eligibility criteria (checked against the vocabulary) and training scenarios."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from directory.admin import FixedParentAdmin, ReferenceDataAdmin
from referral.criteria.forms import CriterionForm
from referral.models import Attempt, Criterion, Offer, PathwayNote, Scenario
from referral.training.scoring import disagreements
from referral.triage.services import triage
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
    """Where this scenario's expert key and the current rules disagree (empty lists: they agree)."""
    try:
        outcome = triage(scenario.facts)
    except InvalidFacts as exc:
        return {"invalid_facts": [f"{e['key']}: {e['message']}" for e in exc.errors]}
    return disagreements(key=scenario.key, wrong=scenario.wrong, outcome=outcome)


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("slug", "title_en", "difficulty", "agrees_with_engine")
    list_filter = ("difficulty",)
    search_fields = ("slug", "title_sl", "title_en", "story_sl", "story_en")

    @admin.display(description=_("agrees with the rules"), boolean=True)
    def agrees_with_engine(self, scenario):
        return not any(engine_disagreements(scenario).values())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        found = engine_disagreements(obj)
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


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ("user", "scenario", "created_at", "precision", "recall")
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
