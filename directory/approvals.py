"""A second pair of eyes. A member's change to what a person in danger acts on (a public phone,
e-mail or website, a contact added or removed, a programme's status) is held as a PendingChange:
every public output keeps the previous value until another member of the organisation or staff
approves it. Staff may publish at once with a reason. Every other member and staff are mailed,
with a signed "this was not us" link that rejects the change (undoing it if it was published)
and locks the proposing account for staff review. Everything else publishes at once.
"""

from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory import services
from directory.models import (
    AuditKind,
    ChangeState,
    Membership,
    PendingChange,
    Programme,
    Proposal,
    audit,
)
from directory.services import MANAGE, Author

# The contact fields a person dials or opens: a change to them waits for approval.
HELD_CONTACT_FIELDS = ("kind", "value", "display")
SHOWN_CONTACT_FIELDS = ("kind", "value", "display")
SALT = "kazipot.not-us"
LINK_DAYS = 14


def holds(author):
    """Whether this author's high-risk changes wait: the provider pages' (staff there may publish
    at once with a reason). The admin, imports and commands are staff's and operators' doors."""
    return author.via == MANAGE


def _contact_values(contact):
    return {name: getattr(contact, name) for name in SHOWN_CONTACT_FIELDS}


def _held_fields(contact, data):
    """The fields of a contact row that change what is dialled or opened."""
    held = {}
    for name in HELD_CONTACT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "value":
            value = services.normalised(data.get("kind", contact.kind), value)
        if value != getattr(contact, name):
            held[name] = value
    if "value" in held and "display" not in held and contact.display:
        held["display"] = ""  # the old number's written form would show beside the new number
    return held


def split(*, programme, data, contacts):
    """(data, contact rows to apply now, proposals to hold) of a provider's edit."""
    proposals, now = [], []
    stored = Programme.objects.filter(pk=programme.pk).values_list("status", flat=True).first()  # a form set it
    if "status" in data and data["status"] != stored:
        proposals.append((Proposal.STATUS, None, {"status": data["status"]}, {"status": stored}))
        data = services.without(data, "status")
    for change in contacts:
        if change.pk is None:
            proposals.append((Proposal.CONTACT_ADD, None, dict(change.data), {}))
            continue
        contact = programme.contacts.get(pk=change.pk)  # another programme's contact is not found
        if change.delete:
            proposals.append((Proposal.CONTACT_REMOVE, contact, {}, _contact_values(contact)))
            continue
        held = _held_fields(contact, change.data)
        if held:
            data_now = {k: v for k, v in change.data.items() if k not in HELD_CONTACT_FIELDS}
            proposals.append((Proposal.CONTACT_CHANGE, contact, held, _contact_values(contact)))
            if data_now:
                now.append(replace(change, data=data_now))
        else:
            now.append(change)
    return data, now, proposals


@transaction.atomic
def edit(*, programme, data, m2m, contacts, hours, expected_version, author, publish_reason=""):
    """The provider's edit page: what may publish at once is saved (programme_edit, StaleEdit as
    ever); the rest is proposed, or published at once by staff who give a reason. Returns the
    PendingChange rows made."""
    held = []
    if holds(author):
        if publish_reason and not author.user.is_staff:
            raise PermissionDenied
        data, contacts, held = split(programme=programme, data=data, contacts=contacts)
    services.programme_edit(
        programme=programme,
        data=data,
        m2m=m2m,
        contacts=contacts,
        hours=hours,
        expected_version=expected_version,
        author=author,
    )
    made = [
        propose(programme=programme, action=action, contact=contact, data=values, before=before, author=author)
        for action, contact, values, before in held
    ]
    if publish_reason:
        for change in made:
            publish(change=change, by=author.user, reason=publish_reason)
    return made


def propose(*, programme, action, contact, data, before, author):
    change = PendingChange.objects.create(
        organisation=programme.organisation,
        programme=programme,
        contact=contact,
        action=action,
        data=data,
        before=before,
        proposed_by=author.user,
    )
    audit(AuditKind.PROPOSED, author.user, change=change, note=f"{programme.slug}: {action}")
    transaction.on_commit(lambda: notify(change))
    return change


def may_decide(user, change):
    """Another member of the organisation, or staff; never the proposer."""
    if not user.is_authenticated or not user.is_active or user.pk == change.proposed_by_id:
        return False
    return user.is_staff or Membership.objects.filter(user=user, organisation_id=change.organisation_id).exists()


def _apply(change, author, note):
    """Carry the change out on the one write path; returns the contact made, if any."""
    if change.action == Proposal.STATUS:
        services.programme_update(programme=change.programme, data=change.data, author=author, note=note)
    elif change.action == Proposal.CONTACT_ADD:
        return services.contact_create(
            organisation=change.organisation, data=change.data, author=author, programmes=[change.programme]
        )
    elif change.contact is None:
        raise ValidationError(_("The contact this change was for no longer exists."))
    elif change.action == Proposal.CONTACT_CHANGE:
        services.contact_update(contact=change.contact, data=change.data, author=author, note=note)
    else:
        services.contact_unlink(contact=change.contact, programme=change.programme, author=author)
    return None


def _decide(change, by, state, reason=""):
    """Mark a waiting change decided, once however many times it is posted (a conditional update)."""
    decided = PendingChange.objects.filter(pk=change.pk, state=ChangeState.WAITING).update(
        state=state, decided_by=by, decided_at=timezone.now(), reason=reason
    )
    if not decided:
        raise ValidationError(_("This change was already decided."), code="decided")
    change.refresh_from_db()


@transaction.atomic
def approve(*, change, by):
    if not may_decide(by, change):
        raise PermissionDenied
    _decide(change, by, ChangeState.APPROVED)
    proposer = change.proposed_by.get_username() if change.proposed_by else "?"
    made = _apply(change, Author(by, MANAGE), note=f"approved:{proposer}"[:90])
    if made is not None:
        PendingChange.objects.filter(pk=change.pk).update(contact=made)
    audit(AuditKind.APPROVED, change.proposed_by, by=by, change=change)
    return change


@transaction.atomic
def publish(*, change, by, reason):
    """Staff publish a held change at once (an emergency), saying why."""
    if not by.is_staff:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"publish_reason": _("Say why this cannot wait for approval.")})
    _decide(change, by, ChangeState.PUBLISHED, reason.strip()[:300])
    made = _apply(change, Author(by, MANAGE), note="emergency")
    if made is not None:
        PendingChange.objects.filter(pk=change.pk).update(contact=made)
        change.contact = made
    audit(AuditKind.PUBLISHED, change.proposed_by, by=by, change=change, note=reason)
    return change


def _undo(change, author):
    """Put back what a published change replaced."""
    if change.action == Proposal.STATUS:
        services.programme_update(programme=change.programme, data=change.before, author=author, note="rejected")
    elif change.contact is None:
        if change.action == Proposal.CONTACT_REMOVE:
            services.contact_create(
                organisation=change.organisation, data=change.before, author=author, programmes=[change.programme]
            )
    elif change.action == Proposal.CONTACT_CHANGE:
        services.contact_update(contact=change.contact, data=change.before, author=author, note="rejected")
    elif change.action == Proposal.CONTACT_ADD:
        services.contact_unlink(contact=change.contact, programme=change.programme, author=author)
    else:  # removed from this programme, kept for others: linked again
        served = set(change.contact.programmes.values_list("pk", flat=True)) | {change.programme_id}
        services.contact_update(contact=change.contact, data={}, author=author, programmes=served)


@transaction.atomic
def reject(*, change, by):
    """ "This was not us": the change is rejected (undone if it was published), every other change
    the proposer is waiting on too, and the proposing account is locked for staff review."""
    change = (
        PendingChange.objects.select_for_update(of=("self",)).select_related("programme", "contact").get(pk=change.pk)
    )
    if change.state == ChangeState.REJECTED:
        raise ValidationError(_("This change was already rejected."), code="decided")
    author = Author(by, MANAGE)
    if change.state in (ChangeState.APPROVED, ChangeState.PUBLISHED):
        _undo(change, author)
    PendingChange.objects.filter(pk=change.pk).update(
        state=ChangeState.REJECTED, decided_by=by, decided_at=timezone.now(), reason=_("This was not us.")
    )
    audit(AuditKind.REJECTED, change.proposed_by, by=by, change=change)
    proposer = change.proposed_by
    if proposer is not None:
        others = PendingChange.objects.filter(proposed_by=proposer, state=ChangeState.WAITING)
        for other in others:
            audit(AuditKind.REJECTED, proposer, by=by, change=other, note="with a rejected change")
        others.update(state=ChangeState.REJECTED, decided_by=by, decided_at=timezone.now(), reason=_("Locked."))
        lock(proposer, by=by)
    change.refresh_from_db()
    return change


def lock(user, *, by=None):
    """The account signs in no more until staff review it; its open sessions end with it (the
    backend that signed it in gives no inactive user back: every request of theirs is anonymous)."""
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    audit(AuditKind.LOCKED, user, by=by)


# Links and notice ----------------------------------------------------------------------------------


def not_us_token(change, recipient):
    return signing.dumps({"c": change.pk, "u": recipient.pk}, salt=SALT)


def from_not_us_token(token):
    """(change, recipient) of a "this was not us" link, or ValidationError saying why not."""
    try:
        found = signing.loads(token, salt=SALT, max_age=timedelta(days=LINK_DAYS))
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired. Sign in and look at the changes page.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    change = PendingChange.objects.select_related("programme", "proposed_by").filter(pk=found.get("c")).first()
    recipient = get_user_model().objects.filter(pk=found.get("u"), is_active=True).first()
    if change is None or recipient is None:
        raise ValidationError(_("This link is not valid."))
    return change, recipient


def reviewers(change):
    """Who hears of a change: every other active member of the organisation (in the language of
    their reminders) and every active staff member, with an address."""
    found = {}
    members = Membership.objects.filter(organisation_id=change.organisation_id).select_related("user")
    for membership in members:
        found[membership.user] = membership.language
    for user in get_user_model().objects.filter(is_staff=True, is_active=True):
        found.setdefault(user, settings.LANGUAGE_CODE)
    return [
        (user, lang)
        for user, lang in found.items()
        if user.pk != change.proposed_by_id and user.is_active and user.email
    ]


def notify(change):
    base = settings.KAZIPOT_BASE_URL.rstrip("/")
    review = base + reverse("manage:change", args=[change.pk])
    for user, lang in reviewers(change):
        with translation.override(lang):
            context = {
                "change": change,
                "programme": change.programme,
                "review_url": review,
                "not_us_url": base + reverse("not-us", args=[not_us_token(change, user)]),
                "link_days": LINK_DAYS,
            }
            subject = (
                _("Kažipot: a change to “%(name)s” was published at once")
                if change.state == ChangeState.PUBLISHED
                else _("Kažipot: a change to “%(name)s” waits for your approval")
            )
            send_mail(
                subject % {"name": change.programme.name},
                render_to_string("manage/change_email.txt", context),
                None,
                [user.email],
                fail_silently=True,
            )


def waiting_for(user):
    """The changes `user` may approve or reject: their organisations', or every one for staff."""
    rows = PendingChange.objects.filter(state=ChangeState.WAITING).select_related("programme", "proposed_by")
    if not user.is_staff:
        rows = rows.filter(organisation__memberships__user=user)
    return rows.exclude(proposed_by=user)


def waiting_on(programme):
    return programme.pending_changes.filter(state=ChangeState.WAITING).select_related("proposed_by", "contact")
