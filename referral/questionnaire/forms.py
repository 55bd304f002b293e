"""One form per question; 'I don't know' is a separate submit button that skips it."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referral.questionnaire.sheet import LANGUAGES
from referral.vocabulary import BOOL, FACTS, LIST, ROLES

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
            return lang.name if lang.name.casefold() == lang.name_here.casefold() else f"{lang.name} ({lang.name_here})"

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


ROLE_LABELS = {
    "police": _("Police"),
    "social_work": _("Social work"),
    "ngo": _("NGO or charity"),
    "asylum_home": _("Asylum home"),
    "labour_inspection": _("Labour inspection"),
    "health": _("Health care"),
    "other": _("Other"),
}
assert set(ROLE_LABELS) == set(ROLES)


class RoleForm(forms.Form):
    """The worker's own role: a remembered preference of this device, never part of the answers."""

    role = forms.ChoiceField(
        label=_("Your work (optional)"),
        required=False,
        choices=[("", _("Not said")), *ROLE_LABELS.items()],
        help_text=_("Only changes how next steps are worded for you. Kept on this device, not with the answers."),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose one of the roles in the list.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class PlanTimeForm(forms.Form):
    """Plan for another moment than now (Ljubljana time): tonight, tomorrow morning, any time."""

    at = forms.DateTimeField(
        label=_("Plan for another time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text=_("Date and time in Slovenia. Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time, e.g. 2026-12-04 22:00.")},
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at is not None and abs((at - timezone.now()).days) > 366:
            raise forms.ValidationError(_("Choose a time within a year from now."))
        return at

    def moment(self):
        """The moment asked for, or None (now) when none or a wrong one was given."""
        return self.cleaned_data.get("at") if self.is_valid() else None

    @staticmethod
    def presets(now=None):
        """(label, value) of the usual moments to plan for: tonight at 22:00, tomorrow at 08:00."""
        now = timezone.localtime(now)
        tonight = now.replace(hour=22, minute=0, second=0, microsecond=0)
        morning = (now + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
        return [
            (_("Today at 22:00"), f"{tonight:%Y-%m-%dT%H:%M}"),
            (_("Tomorrow at 08:00"), f"{morning:%Y-%m-%dT%H:%M}"),
        ]
