"""Providers edit their programmes' eligibility criteria (/manage/programmes/<slug>/criteria/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from directory.forms import row_changes
from directory.manage import programme_for, save_unless_stale
from directory.services import MANAGE, Author
from referral.criteria.forms import CriterionFormSet, VersionForm
from referral.criteria.services import criteria_update


@login_required
def criteria(request, slug):
    programme = programme_for(request, slug, "directory.edit_programme")
    stale, status = None, 200
    if request.method == "POST":
        version = VersionForm(request.POST)
        formset = CriterionFormSet(request.POST, instance=programme, prefix="criteria")
        if version.is_valid() and formset.is_valid():
            stale, data = save_unless_stale(
                request,
                lambda: criteria_update(
                    programme=programme,
                    rows=row_changes(formset),
                    expected_version=version.cleaned_data["version"],
                    author=Author(request.user, MANAGE),
                ),
            )
            if stale is None:
                messages.success(request, _("Eligibility saved."))
                return redirect("referral:criteria", slug=programme.slug)
            version, status = VersionForm(data), 409
        else:
            status = 400
    else:
        version = VersionForm(initial={"version": programme.version})
        formset = CriterionFormSet(instance=programme, prefix="criteria")
    context = {"programme": programme, "formset": formset, "version": version, "stale": stale}
    return render(request, "manage/criteria.html", context, status=status)
