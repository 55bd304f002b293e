"""Referral codes: refer from the results, the provider's inbox, and the worker's status check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from directory.limits import Allowance
from directory.manage import object_for
from directory.models import Programme
from referral.loop import services as loop
from referral.loop.forms import ReferForm, ReferralCodeForm, ReferralStatusForm
from referral.models import Referral, ReferralStatus
from referral.questionnaire.sealed import first_time
from referral.questionnaire.session import TriageSession
from referral.triage.cache import load_catalogue

CHECKS_PER_WINDOW, WINDOW_SECONDS = 10, 600  # status checks per address
REFERRALS_PER_HOUR = 30  # new codes per address


def _referable(answers, programme):
    """Whether this triage found the programme eligible or possible (only those can be referred)."""
    outcome = load_catalogue().outcome(answers)
    position = outcome.catalogue.index.position.get(programme.slug)
    return position is not None and bool((outcome.eligible | outcome.possible) >> position & 1)


@never_cache
def refer(request, slug):
    state = TriageSession(request.sealed)
    if not state.started:
        return redirect("referral:start")
    programme = get_object_or_404(Programme.objects.select_related("organisation"), slug=slug)
    if not _referable(state.answers, programme):
        raise Http404(_("This programme is not among the suggestions for these answers."))
    if slug in state.referrals:
        messages.info(request, _("Already referred: code %(code)s.") % {"code": loop.shown(state.referrals[slug])})
        return redirect(reverse("referral:results") + f"#s-{slug}")
    form = ReferForm(request.POST or None, needs=state.answers.get("needs", ()))
    status = 200
    if request.method == "POST":
        allowance = Allowance(request, "refer", REFERRALS_PER_HOUR, 3600)
        if allowance.spent or (form.is_valid() and not allowance.take()):
            status = allowance.refuse(
                form, _("Too many referrals from this address in the last hour. Please wait a while.")
            )
        elif form.is_valid() and not first_time(request.sealed.id, f"refer:{slug}"):
            # A copy of the cookie from before the referral: this triage referred here already.
            status = allowance.refuse(form, _("This triage has already referred someone to this programme."))
        elif form.is_valid():
            referral = loop.referral_create(
                programme=programme, needs=form.cleaned_data.get("needs", []), consent=form.cleaned_data["consent"]
            )
            state.referred(slug, referral.code)
            messages.success(
                request,
                _("Referred to %(programme)s. Code %(code)s — it is on the sheet; check its status at %(url)s.")
                % {
                    "programme": programme.name,
                    "code": loop.shown(referral.code),
                    "url": reverse("referral:referral-status"),
                },
            )
            return redirect(reverse("referral:results") + f"#s-{slug}")
        else:
            status = 400
    return render(request, "referral/refer.html", {"programme": programme, "form": form}, status=status)


@never_cache
def status(request):
    """A worker checks a code: its status, programme and the week of its last change. No account;
    a limited number of checks per address."""
    form, found, status_code = ReferralCodeForm(request.POST or None), None, 200
    if request.method == "POST":
        allowance = Allowance(request, "referral-check", CHECKS_PER_WINDOW, WINDOW_SECONDS)
        if allowance.spent or not allowance.take():
            message = _("Too many checks from this address. Please wait ten minutes and try again.")
            status_code = allowance.refuse(form, message)
        else:
            if form.is_valid():
                found = Referral.objects.select_related("programme").filter(code=form.cleaned_data["code"]).first()
                if found is None:
                    form.add_error(
                        "code", _("No referral has this code. Codes are deleted 30 days after their last change.")
                    )
                    status_code = 404
            else:
                status_code = 400
    context = {"form": form, "referral": found, "week": loop.iso_week(found.changed_on) if found else None}
    return render(
        request, "referral/referral_status.html", {**context, "keep_days": loop.KEEP_DAYS}, status=status_code
    )


ORDER = Case(*[When(status=s, then=n) for n, s in enumerate(ReferralStatus.values)], output_field=IntegerField())


@login_required
def inbox(request):
    return _inbox(request)


def _inbox(request, failed=None, form=None, status=200):
    """Referrals to the programmes this user keeps, by status, newest first; `failed`: the code
    whose status form came back with errors (shown next to its fields)."""
    kept = Programme.objects.kept_by(request.user)
    referrals = (
        Referral.objects.filter(programme__in=kept)
        .select_related("programme")
        .annotate(order=ORDER)
        .order_by("order", "-changed_on", "-pk")
    )
    groups = {value: [] for value in ReferralStatus.values}
    for referral in referrals:
        shown = ReferralStatusForm(prefix=referral.code, initial=shown_status(referral))
        referral.form = form if referral.code == failed else shown
        groups[referral.status].append(referral)
    sections = [(label, groups[value], value) for value, label in ReferralStatus.choices]
    context = {"sections": sections, "keep_days": loop.KEEP_DAYS, "any": any(groups.values())}
    return render(request, "manage/referrals.html", context, status=status)


def shown_status(referral):
    """The control shows where the referral stands (a new one: "received", the next step)."""
    status = ReferralStatus.RECEIVED if referral.status == ReferralStatus.SENT else referral.status
    return {"status": status, "reason": referral.reason}


@login_required
@require_POST
def set_status(request, code):
    # Only referrals to programmes this user keeps are looked in: "not yours" and "no such code"
    # answer the same 404, so an account cannot test which codes exist.
    rows = Referral.objects.filter(programme__in=Programme.objects.kept_by(request.user)).select_related("programme")
    referral = object_for(request, rows, "directory.handle_referral", code=code)
    form = ReferralStatusForm(request.POST, prefix=code)
    if not form.is_valid():
        return _inbox(request, failed=code, form=form, status=400)
    loop.referral_set_status(referral=referral, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"])
    messages.success(
        request,
        _("%(code)s: %(status)s.") % {"code": loop.shown(code), "status": referral.get_status_display()},
    )
    return redirect("referral:inbox")
