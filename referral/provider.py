"""Providers edit their programmes' eligibility criteria (/manage/programmes/<slug>/criteria/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from directory.models import Programme
from directory.services import StaleEdit, programme_criteria_update
from referral.forms import CriterionFormSet, VersionForm


@login_required
def criteria(request, slug):
    programme = get_object_or_404(Programme.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("directory.edit_programme", programme):
        raise PermissionDenied
    stale, status = None, 200
    if request.method == "POST":
        version = VersionForm(request.POST)
        formset = CriterionFormSet(request.POST, instance=programme, prefix="criteria")
        if version.is_valid() and formset.is_valid():
            try:
                programme_criteria_update(
                    programme=programme,
                    formset=formset,
                    expected_version=version.cleaned_data["version"],
                    user=request.user,
                )
            except StaleEdit as exc:
                stale, status = exc.current, 409
                data = request.POST.copy()
                data["version"] = exc.current.version
                version = VersionForm(data)
            else:
                messages.success(request, _("Eligibility saved."))
                return redirect("referral:criteria", slug=programme.slug)
        else:
            status = 400
    else:
        version = VersionForm(initial={"version": programme.version})
        formset = CriterionFormSet(instance=programme, prefix="criteria")
    context = {"programme": programme, "formset": formset, "version": version, "stale": stale}
    return render(request, "manage/criteria.html", context, status=status)
