"""A trainee's picks of the programmes a case should be referred to."""

from django import forms
from django.utils.translation import gettext_lazy as _

NONE = "none"
SKIP = "skip"


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
