"""One form per question; 'I don't know' is a separate submit button that skips it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from referral.vocabulary import BOOL, FACTS, LIST

NONE = "none"
SKIP = "skip"


class QuestionForm(forms.Form):
    def __init__(self, *args, question, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.kind = FACTS[question.key].kind
        if self.kind == LIST:
            self.fields["answer"] = forms.MultipleChoiceField(
                choices=[*choices, (NONE, _("None of these"))],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _("Choose at least one, or “None of these”, or press “I don’t know”.")
                },
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
        """The answer in vocabulary terms."""
        value = self.cleaned_data["answer"]
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
