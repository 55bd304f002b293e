"""Referral codes: made with the person's consent, checked by the worker, answered by the provider."""

from django import forms
from django.utils.translation import gettext_lazy as _

from referral.loop.services import parsed
from referral.models import DeclineReason, ReferralStatus
from referral.questions import QUESTIONS

NONE = "none"
SKIP = "skip"


class ReferForm(forms.Form):
    """Refer to one programme: the person's consent (required) and, optionally, which of their needs."""

    consent = forms.BooleanField(
        label=_("The person agreed to be referred to this programme"),
        help_text=_(
            "Ask first. Referring means the programme learns that someone may contact them or be brought "
            "to them, with a code: no name, no contact details, nothing else about the person."
        ),
        error_messages={"required": _("Tick this box once the person has agreed to be referred.")},
    )
    needs = forms.MultipleChoiceField(
        label=_("For which of the person’s needs (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(QUESTIONS["needs"].options)
        self.fields["needs"].choices = [(need, labels.get(need, need)) for need in needs]
        if not needs:
            del self.fields["needs"]


class ReferralStatusForm(forms.Form):
    """A provider's answer to a referral: a status and, for a decline, a reason code."""

    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices[1:])
    reason = forms.ChoiceField(
        label=_("Reason (when declined)"), required=False, choices=[("", _("—")), *DeclineReason.choices]
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == ReferralStatus.DECLINED and not data.get("reason"):
            self.add_error("reason", _("Choose why the referral was declined."))
        if data.get("status") != ReferralStatus.DECLINED:
            data["reason"] = ""
        return data


class ReferralCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Referral code"),
        max_length=20,
        help_text=_("Nine letters and digits, as on the sheet, e.g. K7M-2QX-9PF."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = parsed(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(_("A code has nine letters and digits, e.g. K7M-2QX-9PF."))
        return code
