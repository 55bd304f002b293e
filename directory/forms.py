"""Provider edit forms: the programme, its contacts and their opening hours."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from directory.hours import overlapping
from directory.models import Contact, OpeningHours, ProblemReport, Programme, ReportReason, ReportStatus
from directory.services import CONTACT_FIELDS, EDITABLE_FIELDS, EDITABLE_M2M, RowChange
from directory.translation import CONTENT_LANGUAGES


def model_data(form):
    """A valid model form's values as plain data: the model's own fields, not the id."""
    opts = form._meta.model._meta
    names = {f.name for f in [*opts.concrete_fields, *opts.many_to_many] if f.editable and not f.primary_key}
    return {name: value for name, value in form.cleaned_data.items() if name in names}


def changed_rows(formset):
    """(form, RowChange) for each new, changed or deleted row of a valid formset."""
    for form in formset.forms:
        pk = form.instance.pk
        if form in formset.deleted_forms:
            if pk is not None:
                yield form, RowChange(pk, {}, delete=True)
        elif form.has_changed():
            yield form, RowChange(pk, model_data(form))


def row_changes(formset):
    """A valid formset as plain row changes for the write path."""
    return [change for _form, change in changed_rows(formset)]


class ProgrammeForm(forms.ModelForm):
    M2M = EDITABLE_M2M
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Programme
        fields = [*EDITABLE_FIELDS, *EDITABLE_M2M]  # what an edit changes is what a revert restores
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "area_municipalities": forms.SelectMultiple(attrs={"size": 8}),
            **{
                f"{name}_{lang}": forms.Textarea(attrs={"rows": 3})
                for name in ("description", "eligibility", "offers")
                for lang in CONTENT_LANGUAGES
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version
        for name, field in self.fields.items():  # each text is marked with its language (screen readers)
            lang = name.rsplit("_", 1)[-1]
            if lang in CONTENT_LANGUAGES:
                field.widget.attrs["lang"] = lang
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        if not data.get("area_national") and not data.get("area_municipalities"):
            self.add_error(
                "area_municipalities",
                _("Choose the municipalities it serves, or tick “serves the whole country”."),
            )
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = CONTACT_FIELDS


class HoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["contact", "days", "opens", "closes"]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = programme.contacts.all()


class BaseHoursFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        rows = [
            (
                f.cleaned_data["contact"].pk,
                f.cleaned_data["days"],
                f.cleaned_data["opens"],
                f.cleaned_data["closes"],
                f,
            )
            for f in self.forms
            if f.has_changed() or f.instance.pk
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
            if {"contact", "days", "opens", "closes"} <= f.cleaned_data.keys()
        ]
        for _first, second in overlapping(rows):
            second.add_error(
                "opens",
                ValidationError(_("These hours overlap with another row for the same contact."), code="overlap"),
            )


class BaseContactFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, queryset=programme.contacts.all(), **kwargs)


ContactFormSet = forms.modelformset_factory(
    Contact, form=ContactForm, formset=BaseContactFormSet, extra=1, can_delete=True
)
HoursFormSet = forms.modelformset_factory(
    OpeningHours, form=HoursForm, formset=BaseHoursFormSet, extra=1, can_delete=True
)


class ProblemReportForm(forms.ModelForm):
    """Report a problem with an entry. `website` is a honeypot: people leave it empty."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = ProblemReport
        fields = ["reason", "text", "reply_to"]
        widgets = {
            "reason": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
        }
        help_texts = {
            "text": _(
                "Optional, at most 500 characters. Write only about this entry: never anything about a person "
                "you are helping (no names, dates of birth or stories)."
            ),
            "reply_to": _("Optional: if you would like an answer. It is used for nothing else."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = ReportReason.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


class CloseReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(ReportStatus.RESOLVED, _("Resolved")), (ReportStatus.DISMISSED, _("Dismissed"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PublishNowForm(forms.Form):
    """Staff only, on the edit page: publish a held change at once, saying why."""

    publish_reason = forms.CharField(
        label=_("Publish at once (emergency): why this cannot wait"),
        help_text=_("Leave empty to let a member of the organisation approve the change."),
        max_length=300,
        required=False,
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])


class PlacesForm(forms.Form):
    """Free places from a phone: the figure, then save, − or +, or "full"; with the version the
    page showed, so that two phones pressing at once never lose an update."""

    available = forms.IntegerField(label=_("Free places now"), min_value=0, max_value=999)
    total = forms.IntegerField(label=_("Places in all"), min_value=1, max_value=999, required=False)
    action = forms.ChoiceField(choices=[(a, a) for a in ("save", "minus", "plus", "full")], required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        available, total = data.get("available"), data.get("total")
        action = data.get("action") or "save"
        if available is None:
            return data
        available = {"minus": max(0, available - 1), "plus": available + 1, "full": 0}.get(action, available)
        if total is not None and available > total:
            self.add_error("available", _("There cannot be more free places than places in all."))
        data["available"] = available
        return data
