"""Provider self-service (/manage/): dashboard, "still correct", edit with no lost updates, history."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Prefetch, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from directory import approvals
from directory.factors import recent_factor
from directory.forms import (
    CloseReportForm,
    ContactFormSet,
    DecideForm,
    HoursFormSet,
    PlacesForm,
    ProgrammeForm,
    PublishNowForm,
    row_changes,
)
from directory.history import change_log, conflicts
from directory.models import (
    REPORT_LOOK_DAYS,
    REPORT_RESOLVE_DAYS,
    AuditEvent,
    Contact,
    OpeningHours,
    ProblemReport,
    Programme,
    Reminder,
    ReportStatus,
    ServiceKind,
)
from directory.reminders import LinkError, reminder_from
from directory.services import (
    MANAGE,
    Author,
    StaleEdit,
    contact_revert,
    places_update,
    programme_revert,
    programme_verify,
    reminder_use,
    report_close,
)


def object_for(request, rows, perm, **lookup):
    """The one access check: the row of `rows` (a programme, or a row that belongs to one), or
    404 if unknown, or 403 if this user may not do `perm` with its programme."""
    found = get_object_or_404(rows, **lookup)
    if not request.user.has_perm(perm, getattr(found, "programme", found)):
        raise PermissionDenied
    return found


def programme_for(request, slug, perm):
    return object_for(request, Programme.objects.select_related("organisation"), perm, slug=slug)


def save_unless_stale(request, save):
    """Run `save()`. If the programme changed meanwhile, nothing was saved: return the stored
    programme and the submitted data carrying its version, so a second save is deliberate."""
    try:
        save()
    except StaleEdit as stale:
        data = request.POST.copy()
        data["version"] = stale.current.version
        return stale.current, data
    return None, None


@login_required
def dashboard(request):
    programmes = (
        Programme.objects.kept_by(request.user)
        .with_staleness()
        .select_related("organisation", "verified_by")
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.select_related("verified_by")))
        .order_by("-staleness", "slug")
    )
    thresholds = {"due_days": settings.VERIFICATION_DUE_DAYS, "stale_days": settings.VERIFICATION_STALE_DAYS}
    counts = {
        "to_approve": approvals.waiting_for(request.user).count(),
        "new_referrals": new_referrals(request.user),
    }
    return render(request, "manage/dashboard.html", {"programmes": programmes, **thresholds, **counts})


def new_referrals(user):
    """Referrals to this user's programmes nobody has answered yet."""
    from referral.models import Referral, ReferralStatus

    return Referral.objects.filter(programme__in=Programme.objects.kept_by(user), status=ReferralStatus.SENT).count()


@login_required
@require_POST
def verify(request, slug):
    programme = programme_for(request, slug, "directory.verify_programme")
    programme_verify(programme=programme, author=Author(request.user, MANAGE))
    messages.success(request, _("Marked “%(name)s” as still correct.") % {"name": programme.name})
    return redirect("manage:dashboard")


def _edit_forms(request, programme, data=None):
    hours = OpeningHours.objects.filter(contact__in=programme.contacts.all()).select_related("contact")
    return (
        ProgrammeForm(data, instance=programme),
        ContactFormSet(data, programme=programme, prefix="contacts"),
        HoursFormSet(data, queryset=hours, prefix="hours", form_kwargs={"programme": programme}),
        PublishNowForm(data) if request.user.is_staff else None,
    )


def _edit(programme, form, contacts, hours, publish, user):
    data = {name: form.cleaned_data[name] for name in form.Meta.fields}
    return approvals.edit(
        programme=programme,
        data={name: value for name, value in data.items() if name not in ProgrammeForm.M2M},
        m2m={name: data[name] for name in ProgrammeForm.M2M},
        contacts=row_changes(contacts),
        hours=row_changes(hours),
        expected_version=form.cleaned_data["version"],
        author=Author(user, MANAGE),
        publish_reason=publish.cleaned_data["publish_reason"] if publish else "",
    )


def _saved_message(request, held):
    if not held:
        messages.success(request, _("Saved. Thank you for keeping this current."))
    elif held[0].state == "published":
        messages.success(request, _("Saved and published at once; the organisation's members were told."))
    else:
        messages.info(
            request,
            _(
                "Saved. A change to a phone, e-mail, website or status waits for approval by another member "
                "of your organisation or by staff; until then the directory shows the previous value."
            ),
        )


@login_required
@recent_factor
def edit(request, slug):
    """The provider's edit page; a change to what a person dials waits for a second pair of eyes."""
    programme = programme_for(request, slug, "directory.edit_programme")
    conflict, status = None, 200
    if request.method == "POST":
        form, contacts, hours, publish = _edit_forms(request, programme, request.POST)
        if all(f.is_valid() for f in (form, contacts, hours, publish) if f is not None):
            held = []
            current, data = save_unless_stale(
                request, lambda: held.extend(_edit(programme, form, contacts, hours, publish, request.user))
            )
            if current is None:
                _saved_message(request, held)
                return redirect("manage:edit", slug=programme.slug)
            # Keep everything they typed and show what changed.
            conflict = conflicts(current, form)
            form, contacts, hours, publish = _edit_forms(request, current, data)
            status = 409
        else:
            status = 400
    else:
        form, contacts, hours, publish = _edit_forms(request, programme)
    context = {
        "programme": programme,
        "form": form,
        "contacts": contacts,
        "hours": hours,
        "publish": publish,
        "conflict": conflict,
        "waiting": approvals.waiting_on(programme),
    }
    return render(request, "manage/edit.html", context, status=status)


@login_required
def history(request, slug):
    programme = programme_for(request, slug, "directory.view_programme_history")
    records = programme.history.select_related("history_user").order_by("-history_date", "-history_id")[:100]
    contact_records = (
        Contact.history.filter(id__in=programme.contacts.values("pk"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:200]
    )
    return render(
        request,
        "manage/history.html",
        {
            "programme": programme,
            "entries": change_log(list(records), m2m=["languages", "area_municipalities"]),
            "contact_entries": change_log(list(contact_records)),
        },
    )


@login_required
@require_POST
def revert(request, slug, history_id):
    programme = programme_for(request, slug, "directory.revert_programme")
    record = get_object_or_404(programme.history, history_id=history_id)
    try:
        programme_revert(programme=programme, record=record, author=Author(request.user, MANAGE))
    except StaleEdit:
        messages.error(request, _("Someone changed this programme a moment ago. Look at the history again."))
    else:
        messages.success(request, _("Restored the earlier version. The change is in the history too."))
    return redirect("manage:history", slug=programme.slug)


@login_required
@require_POST
def revert_contact(request, slug, history_id):
    """Restore one of the programme's contacts as it was in a record of its history."""
    programme = programme_for(request, slug, "directory.revert_programme")
    record = get_object_or_404(Contact.history.filter(id__in=programme.contacts.values("pk")), history_id=history_id)
    contact_revert(contact=programme.contacts.get(pk=record.id), record=record, author=Author(request.user, MANAGE))
    messages.success(request, _("Restored the earlier version of the contact, for every programme it serves."))
    return redirect("manage:history", slug=programme.slug)


@login_required
def reports(request):
    """The problem reports about the programmes this user keeps: open ones first, oldest first."""
    found = (
        ProblemReport.objects.handled_by(request.user)
        .select_related("programme", "closed_by")
        .order_by(Case(When(status=ReportStatus.OPEN, then=0), default=1), "created_at")
    )
    return render(request, "manage/reports.html", {"reports": found, "close_form": CloseReportForm()})


@login_required
@require_POST
def close_report(request, pk):
    report = object_for(request, ProblemReport.objects.select_related("programme"), "directory.handle_report", pk=pk)
    form = CloseReportForm(request.POST)
    if not report.is_open:
        messages.error(request, _("This report was already closed."))
    elif form.is_valid():
        report_close(report=report, author=Author(request.user, MANAGE), **form.cleaned_data)
        messages.success(request, _("Report closed. Thank you."))
    else:
        messages.error(request, _("Choose “resolved” or “dismissed”; a note can be at most 500 characters."))
    return redirect("manage:reports")


@login_required
def places(request, slug):
    """Free places of an accommodation programme, updated in two taps from a phone."""
    programme = programme_for(request, slug, "directory.edit_programme")
    if programme.kind != ServiceKind.ACCOMMODATION:
        raise Http404("Only accommodation programmes keep free places")
    form, status = PlacesForm(request.POST or None, initial=_places_initial(programme)), 200
    if request.method == "POST":
        try:
            if form.is_valid():
                places_update(
                    programme=programme,
                    available=form.cleaned_data["available"],
                    total=form.cleaned_data["total"],
                    expected_version=form.cleaned_data["version"],
                    author=Author(request.user, MANAGE),
                )
                messages.success(
                    request,
                    ngettext("Saved: %(n)d free place.", "Saved: %(n)d free places.", form.cleaned_data["available"])
                    % {"n": form.cleaned_data["available"]},
                )
                return redirect("manage:places", slug=programme.slug)
            status = 400
        except ValidationError as refused:  # the rules of the write path (more free places than in all)
            for problems in refused.message_dict.values():
                for problem in problems:
                    form.add_error("available", problem)
            status = 400
        except StaleEdit as stale:  # another phone saved first: show its figure, save nothing
            programme = stale.current
            form = PlacesForm(initial=_places_initial(programme))
            form.stale = True
            status = 409
    return render(request, "manage/places.html", {"programme": programme, "form": form}, status=status)


def _places_initial(programme):
    return {"available": programme.places_available or 0, "total": programme.places_total, "version": programme.version}


@login_required
def confirm(request, token):
    """A reminder's link: after signing in, its member confirms "still correct" (once, in time)."""
    try:
        reminder = reminder_from(token)
    except LinkError as error:
        return render(request, "manage/confirm.html", {"error": str(error)}, status=410)
    if reminder.user_id != request.user.pk:
        raise PermissionDenied
    if request.method == "POST":
        try:
            reminder_use(reminder=reminder, author=Author(request.user, MANAGE))
        except ValidationError as used:
            return render(request, "manage/confirm.html", {"error": used.messages[0]}, status=410)
        messages.success(request, _("Marked “%(name)s” as still correct.") % {"name": reminder.programme.name})
        return redirect("manage:dashboard")
    return render(request, "manage/confirm.html", {"programme": reminder.programme})


@login_required
def freshness(request):
    """Staff: how current the directory is, how reports are handled, reminders sent."""
    if not request.user.is_staff:
        raise PermissionDenied
    now = timezone.now()
    active = Programme.objects.current().filter(status="active")
    total = active.count()
    fresh = active.filter(last_verified_at__gte=now - timedelta(days=settings.VERIFICATION_STALE_DAYS)).count()
    open_reports = list(ProblemReport.objects.filter(status=ReportStatus.OPEN))
    context = {
        "total": total,
        "fresh": fresh,
        "share": round(100 * fresh / total) if total else 100,
        "goal": 95,
        "open_reports": len(open_reports),
        "past_look": sum(r.working_days_open(now) > REPORT_LOOK_DAYS for r in open_reports),
        "past_resolve": sum(r.working_days_open(now) > REPORT_RESOLVE_DAYS for r in open_reports),
        "reminders_30_days": Reminder.objects.filter(sent_at__gte=now - timedelta(days=30)).count(),
        "reminders_used": Reminder.objects.filter(sent_at__gte=now - timedelta(days=30), used_at__isnull=False).count(),
    }
    return render(request, "manage/freshness.html", context)


# A second pair of eyes ---------------------------------------------------------------------------


@login_required
def changes(request):
    """The changes this member may approve (their organisations'; every one for staff), and
    their own that wait."""
    mine = approvals.PendingChange.objects.filter(proposed_by=request.user, state="waiting").select_related("programme")
    return render(request, "manage/changes.html", {"waiting": approvals.waiting_for(request.user), "mine": mine})


@login_required
def change(request, pk):
    """One held change: what it replaces, who proposed it; approve or reject (another member or staff)."""
    found = get_object_or_404(
        approvals.PendingChange.objects.select_related("programme", "proposed_by", "decided_by"), pk=pk
    )
    may_decide = approvals.may_decide(request.user, found)
    if not may_decide and found.proposed_by_id != request.user.pk:
        raise PermissionDenied
    if request.method == "POST":
        form = DecideForm(request.POST)
        if not may_decide or not form.is_valid():
            raise PermissionDenied
        try:
            if form.cleaned_data["decision"] == "approve":
                approvals.approve(change=found, by=request.user)
                messages.success(request, _("Approved: the directory shows the change now."))
            else:
                approvals.reject(change=found, by=request.user)
                messages.success(request, _("Rejected. The account that proposed it is locked until staff review it."))
        except ValidationError as refused:
            messages.error(request, refused.messages[0])
        return redirect("manage:change", pk=found.pk)
    return render(request, "manage/change.html", {"change": found, "may_decide": may_decide})


def not_us(request, token):
    """The mailed "this was not us" link: no sign-in needed (its signature names the recipient);
    the page asks once more, and the post rejects the change and locks the proposer."""
    try:
        found, recipient = approvals.from_not_us_token(token)
    except ValidationError as error:
        return render(request, "manage/not_us.html", {"error": error.messages[0]}, status=410)
    done = found.state == "rejected"
    if request.method == "POST" and not done:
        try:
            approvals.reject(change=found, by=recipient)
        except ValidationError as error:
            return render(request, "manage/not_us.html", {"error": error.messages[0]}, status=410)
        done = True
        found.refresh_from_db()
    return render(request, "manage/not_us.html", {"change": found, "done": done})


@login_required
def audit_log(request):
    """Staff: sign-ins, factors, approvals, rejections and locks (never anything about a person)."""
    if not request.user.is_staff:
        raise PermissionDenied
    events = AuditEvent.objects.select_related("user", "by", "change__programme")[:500]
    return render(request, "manage/audit.html", {"events": events})
