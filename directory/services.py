"""Operations on the directory: the one place each rule about changing a programme lives."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Programme

# What an edit form changes, and so what a revert restores.
EDITABLE_FIELDS = [
    "status",
    "name_sl",
    "name_en",
    "description_sl",
    "description_en",
    "eligibility_sl",
    "eligibility_en",
    "offers_sl",
    "offers_en",
    "fees_sl",
    "fees_en",
    "interpretation",
    "area_national",
]
EDITABLE_M2M = ["languages", "area_municipalities"]


class StaleEdit(Exception):
    """The programme changed since the editor loaded it; `current` is the stored one."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"{current.slug} is at version {current.version}")


def claim_version(programme, expected_version):
    """Move the stored version on by one, only if it is still the one the editor started from."""
    claimed = Programme.objects.filter(pk=programme.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise StaleEdit(Programme.objects.select_related("organisation").get(pk=programme.pk))
    programme.version = expected_version + 1


def programme_verify(*, programme, user, now=None):
    """'Still correct': the provider confirms the programme and its contacts as they are."""
    now = now or timezone.now()
    programme.last_verified_at = now
    programme.verified_by = user
    programme.verifier_email = user.email
    programme._change_reason = _("Verified as still correct")
    programme._history_user = user
    programme.save(update_fields=["last_verified_at", "verified_by", "verifier_email", "modified_at"])
    programme.contacts.update(last_verified_at=now, verified_by=user)
    return programme


@transaction.atomic
def programme_update(*, programme, form, formsets, expected_version, user):
    """Save an edit (the programme form and its contact and hours formsets) or raise StaleEdit."""
    claim_version(programme, expected_version)
    programme = form.save(commit=False)
    programme.version = expected_version + 1
    programme._history_user = user
    programme.save()
    form.save_m2m()
    for formset in formsets:
        formset.save()
    return programme


@transaction.atomic
def programme_revert(*, programme, record, user):
    """Restore the editable fields as they were in a history `record` (contacts stay as they are)."""
    claim_version(programme, programme.version)
    old = record.instance
    for name in EDITABLE_FIELDS:
        setattr(programme, name, getattr(old, name))
    programme._history_user = user
    programme._change_reason = _("Reverted to the version of %(when)s") % {
        "when": timezone.localtime(record.history_date).strftime("%d.%m.%Y %H:%M")
    }
    programme.save()
    for name in EDITABLE_M2M:
        through_rows = getattr(record, name).all()
        target = Programme._meta.get_field(name).related_model._meta.model_name
        getattr(programme, name).set([getattr(row, f"{target}_id") for row in through_rows])
    return programme


@transaction.atomic
def programme_criteria_update(*, programme, formset, expected_version, user):
    """Save the eligibility criteria of a programme, or raise StaleEdit."""
    claim_version(programme, expected_version)
    for criterion in formset.save(commit=False):
        criterion._history_user = user
        criterion.save()
    for criterion in formset.deleted_objects:
        criterion._history_user = user
        criterion.delete()
    return programme
