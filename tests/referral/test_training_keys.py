"""Keys that stay true: after every change of the catalogue each case's key is checked against the
rules at the case's moment; a case the rules now disagree with is flagged to staff and hidden from
trainees until reviewed."""

import pytest

from directory.models import Programme, Status
from directory.services import Author, programme_update
from referral.criteria.services import criterion_delete
from referral.models import Criterion, Scenario
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
STAFF = Author(None, "admin")


def listed(client):
    return {scenario.slug for scenario, *_rest in client.get("/training/").context["rows"]}


def with_in_key(slug):
    return {s.slug for s in Scenario.objects.all() if slug in s.key}


def test_no_case_is_flagged_while_the_rules_agree(client):
    assert len(listed(client)) == Scenario.objects.count()
    assert not Scenario.objects.exclude(flagged={}).exists()


def test_a_required_referral_the_rules_no_longer_suggest_flags_and_hides_the_case(client):
    before = listed(client)
    tom = Programme.objects.get(slug="tom-telefon")
    programme_update(programme=tom, data={"status": Status.ENDED}, author=STAFF)
    flagged = with_in_key("tom-telefon")
    assert listed(client) == before - flagged
    case = Scenario.objects.get(slug="boy-begging-at-market")
    assert case.flagged == {"key_not_suggested": ["tom-telefon"]}
    assert client.get(f"/training/{case.slug}/").status_code == 404
    assert client.get(f"/training/{case.slug}/interview/").status_code == 404
    # staff see why, and may still open it
    client.force_login(make_user("admin", staff=True))
    review = client.get("/training/cohort/", HTTP_ACCEPT_LANGUAGE="en")
    assert {s.slug for s in review.context["flagged"]} == flagged
    assert "Required, but the rules no longer suggest:" in review.content.decode()
    assert client.get(f"/training/{case.slug}/").status_code == 200


def test_a_wrong_pick_the_rules_now_suggest_flags_the_case(client):
    listed(client)
    support = Programme.objects.get(slug="prostitution-support")
    for criterion in Criterion.objects.filter(programme=support, fact="in_prostitution"):
        criterion_delete(criterion=criterion, author=STAFF)
    listed(client)
    case = Scenario.objects.get(slug="asylum-seeker-sexual-violence")
    assert case.flagged == {"wrong_but_suggested": ["prostitution-support"]}


def test_staff_keep_a_key_once_and_it_stays_until_the_disagreement_changes(client):
    tom = Programme.objects.get(slug="tom-telefon")
    programme_update(programme=tom, data={"status": Status.ENDED}, author=STAFF)
    listed(client)
    staff = make_user("admin", staff=True)
    client.force_login(staff)
    response = client.post("/training/boy-begging-at-market/keep-key/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "trainees see the case again" in response.content.decode()
    client.force_login(make_user("trainee"))
    assert "boy-begging-at-market" in listed(client)
    # another change, the same disagreement: still kept; a new disagreement flags it again
    programme_update(programme=Programme.objects.get(slug="pats"), data={"name_en": "PATS, renamed"}, author=STAFF)
    assert "boy-begging-at-market" in listed(client)
    programme_update(programme=Programme.objects.get(slug="kljuc-hotline"), data={"status": Status.ENDED}, author=STAFF)
    assert "boy-begging-at-market" not in listed(client)


def test_putting_the_rule_back_clears_the_flag(client):
    tom = Programme.objects.get(slug="tom-telefon")
    programme_update(programme=tom, data={"status": Status.ENDED}, author=STAFF)
    assert "boy-begging-at-market" not in listed(client)
    programme_update(programme=tom, data={"status": Status.ACTIVE}, author=STAFF)
    assert "boy-begging-at-market" in listed(client)


@pytest.mark.parametrize(("name", "org"), [("trainee", None), ("ngo-kljuc", "kljuc")])
def test_only_staff_may_keep_a_key(client, name, org):
    client.force_login(make_user(name, org=org))
    assert client.post("/training/boy-begging-at-market/keep-key/").status_code == 403


def test_the_check_runs_once_per_catalogue_version(client, django_assert_num_queries):
    listed(client)
    with django_assert_num_queries(4):  # catalogue version, cases to check (none), the list, nothing else
        client.get("/training/")
