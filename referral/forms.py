"""One form per question; 'I don't know' is a separate submit button that skips it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Programme
from referral.models import Criterion
from referral.sheet import LANGUAGES
from referral.vocabulary import BOOL, FACTS, LIST, InvalidFacts, validate

NONE = "none"
SKIP = "skip"


class QuestionForm(forms.Form):
    """One question. `optional` (training: all questions on one page) lets a blank mean "don't know"."""

    def __init__(self, *args, question, choices, optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.question = question
        self.kind = FACTS[question.key].kind
        if self.kind == LIST:
            self.fields["answer"] = forms.MultipleChoiceField(
                choices=[*choices, (NONE, _("None of these"))],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Choose at least one, or “None of these”, or press “I don’t know”.")},
            )
        elif choices and len(choices) > 12:
            self.fields["answer"] = forms.ChoiceField(
                choices=[("", _("Choose…")), *choices],
                widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
                error_messages={"required": _("Choose one from the list, or press “I don’t know”.")},
            )
        else:
            self.fields["answer"] = forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Choose an answer, or press “I don’t know”.")},
            )
        self.fields["answer"].label = question.title
        self.fields["answer"].help_text = question.hint
        if optional:
            self.fields["answer"].required = False
            if self.kind != LIST and not self.is_select:
                self.fields["answer"].choices = [*self.fields["answer"].choices, ("", _("Don’t know"))]

    @property
    def is_select(self):
        return isinstance(self.fields["answer"].widget, forms.Select) and not isinstance(
            self.fields["answer"].widget, forms.RadioSelect
        )

    def clean_answer(self):
        value = self.cleaned_data["answer"]
        if self.kind == LIST and NONE in value and len(value) > 1:
            raise forms.ValidationError(_("“None of these” cannot be chosen together with other answers."))
        return value

    def fact_value(self):
        """The answer in vocabulary terms; None when an optional question was left blank."""
        value = self.cleaned_data["answer"]
        if self.optional and not value:
            return None
        if self.kind == BOOL:
            return value == "yes"
        if self.kind == LIST:
            return sorted(v for v in value if v != NONE)
        return value

    @staticmethod
    def initial_for(kind, value):
        if kind == BOOL:
            return "yes" if value else "no"
        if kind == LIST:
            return value or [NONE]
        return value


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


class PickForm(forms.Form):
    """The referrals a trainee would make: any programme of the directory."""

    picked = forms.MultipleChoiceField(
        label=_("Which programmes would you refer the person to?"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Pick at least one programme you would refer the person to.")},
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["picked"].choices = [(p.slug, p.name) for p in programmes]


class LanguageSelect(forms.Select):
    """Each option names a language in itself: its `lang` lets a screen reader say it right."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class SheetLanguageForm(forms.Form):
    """The language of the referral sheet and the person page; the person's own languages first."""

    lang = forms.ChoiceField(
        label=_("Language for the person"),
        required=False,
        widget=LanguageSelect(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    def __init__(self, *args, theirs=(), **kwargs):
        super().__init__(*args, **kwargs)

        def label(lang):
            return lang.name if lang.name == lang.name_here else f"{lang.name} ({lang.name_here})"

        others = [(lang.code, label(lang)) for lang in LANGUAGES.values() if lang not in theirs]
        if theirs:
            choices = [
                (_("The person’s languages"), [(lang.code, label(lang)) for lang in theirs]),
                (_("Other languages"), others),
            ]
        else:
            choices = others
        self.fields["lang"].choices = choices

    def language(self, default):
        """The chosen code, or `default` when nothing (valid) was chosen."""
        return (self.is_valid() and self.cleaned_data["lang"]) or default
