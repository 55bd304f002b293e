"""A second pair of eyes: a member's change to a public phone, e-mail or website, a contact added or
removed, or a status waits until another member or staff approves it; every public output shows
the previous value meanwhile. "This was not us" rejects it, undoes it and locks the proposer."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client

from directory import approvals
from directory.models import AuditEvent, Contact, PendingChange, Programme
from directory.services import Author, programme_verify
from tests.directory.formdata import edit_page_data
from tests.directory.users import make_user
from tests.factors import Browser

pytestmark = pytest.mark.django_db
EDIT = "/manage/programmes/kljuc-hotline/edit/"
OLD, NEW = "+386801722", "+386801799"


@pytest.fixture
def kljuc(client):
    """Two members of Ključ (one signed in, with both factors) and a staff member, each with an address."""
    proposer = make_user("ngo-kljuc", org="kljuc")
    colleague = make_user("ngo-kljuc-2", org="kljuc")
    staff = make_user("admin", staff=True)
    make_user("ngo-karitas", org="karitas")
    client.force_login(proposer)
    return {"proposer": proposer, "colleague": colleague, "staff": staff}


def propose_phone(client, value="080 17 99", **extra):
    data = edit_page_data(client.get(EDIT))
    row = next(k for k, v in data.items() if k.endswith("-value") and v == OLD)
    data[row] = value
    data.update(extra)
    return client.post(EDIT, data)


def public_outputs():
    """What anyone reads: the programme page, the directory, the HSDS API, the triage API, the sheet."""
    anyone = Client(HTTP_ACCEPT_LANGUAGE="en")
    pages = [
        anyone.get("/directory/kljuc-hotline/").content.decode(),
        anyone.get("/directory/").content.decode(),
        anyone.get("/api/hsds/services/" + str(Programme.objects.get(slug="kljuc-hotline").uid)).content.decode(),
        json.dumps(anyone.post("/api/triage/", {"exploitation": ["sexual"]}, content_type="application/json").json()),
    ]
    anyone.post("/triage/")
    anyone.post("/triage/q/immediate_danger/", {"answer": "no"})
    pages.append(anyone.get("/triage/sheet/", {"lang": "fa"}).content.decode())
    return pages


def shown_everywhere(value):
    return all(value in re.sub(r"[\s\u202a-\u202e\u2066-\u2069]", "", page) for page in public_outputs())


def test_a_stolen_session_cannot_publish_a_phone_change(client, kljuc, mailoutbox, django_capture_on_commit_callbacks):
    # Whoever holds the member's signed-in session (both factors shown) changes the helpline's number.
    with django_capture_on_commit_callbacks(execute=True):
        response = propose_phone(client)
    assert response.status_code == 302
    assert Contact.objects.filter(value=OLD).exists() and not Contact.objects.filter(value=NEW).exists()
    assert shown_everywhere(OLD) and not any(NEW in page for page in public_outputs())
    change = PendingChange.objects.get()
    assert (change.action, change.state, change.data["value"]) == ("contact_change", "waiting", NEW)
    page = client.get(EDIT).content.decode()
    assert "Waiting for approval" in page and NEW in page
    # "Still correct" does not make it true either: it verifies what is shown, the old number.
    client.post("/manage/programmes/kljuc-hotline/verify/")
    assert Contact.objects.filter(value=OLD).exists()


def test_the_other_members_and_staff_are_mailed_with_a_link_to_approve_and_one_to_reject(
    client, kljuc, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        propose_phone(client)
    assert sorted(m.to[0] for m in mailoutbox) == ["admin@example.org", "ngo-kljuc-2@example.org"]
    body = mailoutbox[0].body
    change = PendingChange.objects.get()
    assert f"/manage/changes/{change.pk}/" in body and "/not-us/" in body
    assert "+386 80 17 22" in body or "080 17 22" in body  # what is shown now, and what is proposed
    assert "ngo-kljuc" in body  # who proposed it (members and staff only)


def test_approval_by_a_second_member_from_the_mail_link_publishes_it_and_names_both(
    client, kljuc, django_capture_on_commit_callbacks
):
    propose_phone(client)
    change = PendingChange.objects.get()
    own = client.post(f"/manage/changes/{change.pk}/", {"decision": "approve"})
    assert own.status_code == 403  # never one's own
    colleague = Browser(HTTP_ACCEPT_LANGUAGE="en")
    colleague.force_login(kljuc["colleague"])
    assert "Approve and publish" in colleague.get(f"/manage/changes/{change.pk}/").content.decode()
    assert colleague.post(f"/manage/changes/{change.pk}/", {"decision": "approve"}).status_code == 302
    assert shown_everywhere(NEW)
    record = Contact.objects.get(value=NEW).history.first()
    assert (record.history_user, record.history_change_reason) == (kljuc["colleague"], "manage:approved:ngo-kljuc")
    history = client.get("/manage/programmes/kljuc-hotline/history/").content.decode()
    assert "Proposed by ngo-kljuc, approved" in history
    # Posted again (a second tab, a double tap): decided once.
    colleague.post(f"/manage/changes/{change.pk}/", {"decision": "approve"})
    assert AuditEvent.objects.filter(kind="approved").count() == 1


def test_this_was_not_us_rejects_restores_and_locks_the_proposer(
    client, kljuc, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        propose_phone(client)
        data = edit_page_data(client.get(EDIT))
        data["status"] = "ended"
        client.post(EDIT, data)  # and a second change, the status
    link = re.search(r"http://[^\s]+/not-us/[^\s]+/", next(m.body for m in mailoutbox if "ngo-kljuc-2" in m.to[0]))
    path = link.group(0).split("testserver", 1)[-1].split("8000", 1)[-1]
    anyone = Client(HTTP_ACCEPT_LANGUAGE="en")  # no sign-in needed: the link is signed for its recipient
    assert "Reject the change and lock the account" in anyone.get(path).content.decode()
    assert PendingChange.objects.filter(state="waiting").count() == 2  # a look changes nothing
    assert anyone.post(path).status_code == 200
    assert set(PendingChange.objects.values_list("state", flat=True)) == {"rejected"}
    assert shown_everywhere(OLD) and Programme.objects.get(slug="kljuc-hotline").status == "active"
    proposer = get_user_model().objects.get(username="ngo-kljuc")
    assert not proposer.is_active
    assert client.get("/manage/").status_code == 302  # their session has ended
    kinds = list(AuditEvent.objects.values_list("kind", flat=True))
    assert "rejected" in kinds and "locked" in kinds
    assert AuditEvent.objects.get(kind="locked").by == kljuc["colleague"]


def test_not_us_after_an_emergency_publish_puts_the_old_number_back(kljuc):
    staff = kljuc["staff"]
    contact = Contact.objects.get(value=OLD)
    programme = Programme.objects.get(slug="kljuc-hotline")
    change = approvals.propose(
        programme=programme,
        action="contact_change",
        contact=contact,
        data={"value": NEW},
        before={"kind": "phone", "value": OLD, "display": contact.display},
        author=Author(kljuc["proposer"]),
    )
    approvals.publish(change=change, by=staff, reason="The old line is down tonight")
    assert Contact.objects.filter(value=NEW).exists()
    approvals.reject(change=change, by=kljuc["colleague"])
    assert Contact.objects.get(pk=contact.pk).value == OLD


def test_a_link_that_is_forged_or_for_a_locked_account_is_refused(kljuc):
    anyone = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert anyone.get("/not-us/forged-token/").status_code == 410
    assert anyone.post("/not-us/forged-token/").status_code == 410
    change = approvals.propose(
        programme=Programme.objects.get(slug="kljuc-hotline"),
        action="status",
        contact=None,
        data={"status": "ended"},
        before={"status": "active"},
        author=Author(kljuc["proposer"]),
    )
    link = f"/not-us/{approvals.not_us_token(change, kljuc['colleague'])}/"
    assert anyone.get(link).status_code == 200  # a good link, for an active member
    approvals.lock(kljuc["colleague"])
    assert anyone.post(link).status_code == 410  # its recipient was locked meanwhile: it does nothing
    change.refresh_from_db()
    assert change.state == "waiting" and get_user_model().objects.get(username="ngo-kljuc").is_active


def test_staff_publishing_at_once_tell_the_members_it_was_published_not_that_it_waits(
    client, kljuc, mailoutbox, django_capture_on_commit_callbacks
):
    from directory.models import Membership

    Membership.objects.update(language="en")  # the mails are in each member's language
    client.force_login(kljuc["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        propose_phone(client, publish_reason="The old line is broken tonight")
    assert sorted(m.to[0] for m in mailoutbox) == ["ngo-kljuc-2@example.org", "ngo-kljuc@example.org"]
    assert all("published at once" in m.subject and "broken tonight" in m.body for m in mailoutbox)


def test_staff_publish_at_once_only_with_a_reason_and_it_is_recorded(client, kljuc, django_capture_on_commit_callbacks):
    client.force_login(kljuc["staff"])
    response = propose_phone(client, publish_reason="Ključ called: the old line is broken tonight")
    assert response.status_code == 302
    assert Contact.objects.filter(value=NEW).exists()
    change = PendingChange.objects.get()
    assert (change.state, change.decided_by, change.reason) == (
        "published",
        kljuc["staff"],
        "Ključ called: the old line is broken tonight",
    )
    event = AuditEvent.objects.get(kind="published")
    assert event.by == kljuc["staff"] and "broken tonight" in event.note
    with pytest.raises(ValidationError):
        approvals.publish(change=change, by=kljuc["staff"], reason="  ")


def test_a_member_cannot_publish_at_once():
    member = make_user("ngo-kljuc", org="kljuc")
    with pytest.raises(approvals.PermissionDenied):
        approvals.edit(
            programme=Programme.objects.get(slug="kljuc-hotline"),
            data={},
            m2m={},
            contacts=[],
            hours=[],
            expected_version=1,
            author=Author(member),
            publish_reason="because",
        )


def test_descriptions_hours_and_labels_publish_at_once_beside_a_held_phone(client, kljuc):
    response = propose_phone(client, offers_en="Counselling by phone, day and night", **{"hours-0-closes": "15:00"})
    assert response.status_code == 302
    programme = Programme.objects.get(slug="kljuc-hotline")
    assert programme.offers_en == "Counselling by phone, day and night"
    assert programme.contacts.get(kind="phone").hours.get().closes.hour == 15
    assert PendingChange.objects.get().action == "contact_change"


def test_adding_and_removing_contacts_wait_too(client, kljuc):
    data = edit_page_data(client.get(EDIT))
    extra = int(data["contacts-TOTAL_FORMS"]) - 1
    data.update({f"contacts-{extra}-kind": "phone", f"contacts-{extra}-value": "01 234 56 78"})
    row = next(k for k, v in data.items() if k.endswith("-value") and v == OLD)
    data[row.replace("-value", "-DELETE")] = "on"
    assert client.post(EDIT, data).status_code == 302
    assert sorted(PendingChange.objects.values_list("action", flat=True)) == ["contact_add", "contact_remove"]
    assert Programme.objects.get(slug="kljuc-hotline").contacts.filter(value=OLD).exists()
    assert not Contact.objects.filter(value="+38612345678").exists()
    for change in PendingChange.objects.all():
        approvals.approve(change=change, by=kljuc["staff"])
    hotline = Programme.objects.get(slug="kljuc-hotline")
    assert hotline.contacts.filter(value="+38612345678").exists() and not hotline.contacts.filter(value=OLD).exists()


def test_a_member_of_another_organisation_can_neither_see_nor_decide(kljuc):
    change = approvals.propose(
        programme=Programme.objects.get(slug="kljuc-hotline"),
        action="status",
        contact=None,
        data={"status": "ended"},
        before={"status": "active"},
        author=Author(kljuc["proposer"]),
    )
    outsider = get_user_model().objects.get(username="ngo-karitas")
    assert not approvals.may_decide(outsider, change)
    assert list(approvals.waiting_for(outsider)) == []
    with pytest.raises(approvals.PermissionDenied):
        approvals.approve(change=change, by=outsider)


def test_no_account_name_or_address_in_any_public_page_or_hsds_answer(client, kljuc):
    programme_verify(programme=Programme.objects.get(slug="kljuc-hotline"), author=Author(kljuc["proposer"]))
    propose_phone(client)
    approvals.approve(change=PendingChange.objects.get(), by=kljuc["colleague"])
    anyone = Client(HTTP_ACCEPT_LANGUAGE="en")
    uid = str(Programme.objects.get(slug="kljuc-hotline").uid)
    outputs = [
        *public_outputs(),
        anyone.get("/organisations/kljuc/").content.decode(),
        anyone.get(f"/api/hsds/services/{uid}").content.decode(),
        anyone.get("/api/hsds/services/").content.decode(),
        anyone.get("/api/hsds/organizations/").content.decode(),
    ]
    for text in outputs:
        for secret in ("ngo-kljuc", "@example.org"):
            assert secret not in text


def test_the_public_metadata_lists_contact_changes_by_door_and_date_only(client, kljuc):
    propose_phone(client)
    approvals.approve(change=PendingChange.objects.get(), by=kljuc["colleague"])
    uid = str(Programme.objects.get(slug="kljuc-hotline").uid)
    records = Client().get(f"/api/hsds/services/{uid}").json()["metadata"]
    contact_rows = [r for r in records if r["resource_type"] == "contact"]
    doors = {r["updated_by"] for r in contact_rows}
    assert doors == {Programme.objects.get(slug="kljuc-hotline").organisation.name, "Kažipot"}  # the provider, a load
    assert all((r["previous_value"], r["replacement_value"]) == ("", "") for r in contact_rows)
