"""A programme's eligibility criteria as its provider edits them (one row a condition)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Programme
from referral.models import Criterion
from referral.vocabulary import BOOL, FACTS, LIST, InvalidFacts, validate

NONE = "none"
SKIP = "skip"


TRUE_WORDS, FALSE_WORDS = {"true", "yes", "da"}, {"false", "no", "ne"}


class CriterionForm(forms.ModelForm):
    """A criterion with its values written as a comma-separated list, checked against the vocabulary."""

    values = forms.CharField(
        label=_("values"),
        required=False,
        help_text=_("Comma-separated vocabulary values, e.g. asylum_applicant, rejected_asylum; true or false."),
    )

    class Meta:
        model = Criterion
        fields = ["clause", "fact", "operator", "values", "explanation_sl", "explanation_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            shown = ["true" if v is True else "false" if v is False else str(v) for v in self.instance.values]
            self.initial["values"] = ", ".join(shown)

    def clean(self):
        data = super().clean()
        fact, operator = data.get("fact"), data.get("operator")
        words = [w.strip() for w in (data.get("values") or "").split(",") if w.strip()]
        kind = FACTS[fact].kind if fact in FACTS else None
        if kind == BOOL:
            words = [w.lower() in TRUE_WORDS if w.lower() in TRUE_WORDS | FALSE_WORDS else w for w in words]
        data["values"] = words
        self.instance.values = words
        if operator in {"never", "not_empty", "in_service_area"} or kind is None:
            return data
        # Every value must be one the vocabulary allows for this fact.
        for value in words:
            try:
                validate({fact: [value] if kind == LIST else value})
            except InvalidFacts as exc:
                self.add_error(
                    "values",
                    _("%(value)s: %(problem)s") % {"value": value, "problem": exc.errors[0]["message"]},
                )
        return data


CriterionFormSet = forms.inlineformset_factory(Programme, Criterion, form=CriterionForm, extra=1, can_delete=True)


class VersionForm(forms.Form):
    """The programme version the editor started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
