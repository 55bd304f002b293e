"""Permission matrix on a kljuc programme: every user × view / edit / verify / history / revert."""

import pytest

from directory.models import Programme
from tests.directory.users import named_users

pytestmark = pytest.mark.django_db

LOGIN, FACTOR = "login", "factor"
OK, REDIRECT, FORBIDDEN = 200, 302, 403
MATRIX = {
    #                 view  edit       verify     history    revert
    "anonymous": (OK, LOGIN, LOGIN, LOGIN, LOGIN),
    "trainee": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "kljuc member": (OK, OK, REDIRECT, OK, REDIRECT),
    "karitas member": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "staff": (OK, OK, REDIRECT, OK, REDIRECT),
}
ACTIONS = ["view", "edit", "verify", "history", "revert"]


@pytest.fixture
def users():
    return named_users()


@pytest.fixture
def pats_record():
    programme = Programme.objects.get(slug="pats")
    programme.fees_en = "free of charge"
    programme.save()
    return programme.history.first()


def request(client, action, record):
    if action == "view":
        return client.get("/directory/pats/")
    if action in ("edit", "history"):
        return client.get(f"/manage/programmes/pats/{action}/")
    if action == "verify":
        return client.post("/manage/programmes/pats/verify/")
    return client.post(f"/manage/programmes/pats/history/{record.history_id}/revert/")


@pytest.mark.parametrize("who", MATRIX)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(client, users, pats_record, who, action):
    if users[who]:
        client.force_login(users[who])
    response = request(client, action, pats_record)
    expected = MATRIX[who][ACTIONS.index(action)]
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected
        if expected == REDIRECT:
            assert not response["Location"].startswith("/accounts/login/")


def test_a_refused_verify_changes_nothing(client, users):
    client.force_login(users["karitas member"])
    client.post("/manage/programmes/pats/verify/")
    assert Programme.objects.get(slug="pats").last_verified_at is None


def test_an_unknown_programme_is_404_for_members(client, users):
    client.force_login(users["kljuc member"])
    assert client.get("/manage/programmes/no-such/edit/").status_code == 404


def test_the_dashboard_lists_only_the_members_own_programmes(client, users):
    client.force_login(users["karitas member"])
    listed = {p.slug for p in client.get("/manage/").context["programmes"]}
    assert listed == {"crisis-accommodation", "caritas-24h-line"}
    client.force_login(users["staff"])
    assert len(client.get("/manage/").context["programmes"]) == Programme.objects.count()


def test_a_trainee_sees_an_empty_dashboard_with_guidance(client, users):
    client.force_login(users["trainee"])
    page = client.get("/manage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You do not keep any programme yet" in page


def test_the_dashboard_requires_login(client):
    assert client.get("/manage/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "who, expected", [("trainee", 403), ("karitas member", 403), ("kljuc member", 200), ("staff", 200)]
)
def test_eligibility_page_follows_the_same_permissions(client, users, who, expected):
    client.force_login(users[who])
    assert client.get("/manage/programmes/pats/criteria/").status_code == expected


# The second pair of eyes and the audit log: who may look at and decide a change that waits (a
# phone of pats proposed by another Ključ member), and read the audit log.
EYES = {
    #                 list changes  look at one  approve    audit log
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN),
    "trainee": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "kljuc member": (OK, OK, REDIRECT, FORBIDDEN),
    "karitas member": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "staff": (OK, OK, REDIRECT, OK),
    "the proposer": (OK, OK, FORBIDDEN, FORBIDDEN),
    "kljuc member, password only": (FACTOR, FACTOR, FACTOR, FACTOR),
}


@pytest.fixture
def waiting():
    from directory.approvals import propose
    from directory.models import Proposal
    from directory.services import Author
    from tests.directory.users import make_user

    programme = Programme.objects.get(slug="pats")
    contact = programme.contacts.get(kind="phone")
    proposer = make_user("ngo-kljuc-2", org="kljuc")
    change = propose(
        programme=programme,
        action=Proposal.CONTACT_CHANGE,
        contact=contact,
        data={"value": "+386801723"},
        before={"kind": "phone", "value": contact.value, "display": contact.display},
        author=Author(proposer),
    )
    return change


@pytest.mark.parametrize("who", EYES)
def test_permission_matrix_of_changes_and_the_audit_log(client, users, waiting, who):
    user = waiting.proposed_by if who == "the proposer" else users[who.split(",")[0]]
    if user:
        client.force_login(user, factor="password only" not in who)
    responses = [
        client.get("/manage/changes/"),
        client.get(f"/manage/changes/{waiting.pk}/"),
        client.post(f"/manage/changes/{waiting.pk}/", {"decision": "approve"}),
        client.get("/manage/audit/"),
    ]
    for response, expected in zip(responses, EYES[who], strict=True):
        if expected in (LOGIN, FACTOR):
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/" if expected == LOGIN else "/accounts/factors/")
        else:
            assert response.status_code == expected
    waiting.refresh_from_db()
    assert (waiting.state == "approved") is (EYES[who][2] == REDIRECT)
