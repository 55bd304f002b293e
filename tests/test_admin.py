"""The admin lists and edits every model; criteria are checked against the vocabulary."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from directory.models import Contact, Location, Organisation, Programme
from referral.admin import CriterionForm
from referral.models import Criterion

pytestmark = pytest.mark.django_db

MODELS = [
    f"directory_{name}"
    for name in ("organisation", "programme", "contact", "location", "municipality", "language", "term", "funder")
] + ["referral_criterion"]


@pytest.fixture
def staff_client(client):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_and_search_work_for_every_model(staff_client, model):
    url = reverse(f"admin:{model}_changelist")
    assert staff_client.get(url).status_code == 200
    assert staff_client.get(url, {"q": "kljuc"}).status_code == 200


def test_admin_change_pages_render_with_inlines(staff_client):
    programme = Programme.objects.get(slug="crisis-accommodation")
    page = staff_client.get(reverse("admin:directory_programme_change", args=[programme.pk])).content.decode()
    assert "criteria-TOTAL_FORMS" in page and "Contact_programmes-TOTAL_FORMS" in page
    for model, obj in [
        ("organisation", Organisation.objects.get(slug="kljuc")),
        ("contact", Contact.objects.first()),
        ("location", Location.objects.first()),
    ]:
        assert staff_client.get(reverse(f"admin:directory_{model}_change", args=[obj.pk])).status_code == 200


def criterion_form(**data):
    programme = Programme.objects.get(slug="pats")
    base = {"programme": programme.pk, "clause": 1, "explanation_sl": "x", "explanation_en": "x"}
    return CriterionForm(data={**base, **data}, instance=Criterion(programme=programme))


def test_a_criterion_value_outside_the_vocabulary_is_refused():
    form = criterion_form(fact="migration_status", operator="in", values="martian")
    assert not form.is_valid()
    assert "martian" in str(form.errors["values"])


def test_a_valid_criterion_is_accepted():
    assert criterion_form(fact="exploitation", operator="includes_any", values="labour").is_valid()


def test_is_needs_exactly_one_value():
    form = criterion_form(fact="police_identified", operator="is", values="true, false")
    assert not form.is_valid() and "values" in form.errors


def test_a_need_served_added_in_the_admin_goes_through_the_write_path():
    from directory.models import Programme
    from directory.services import ADMIN, Author, writer_for
    from referral.models import Offer
    from referral.triage.cache import load_catalogue

    programme = Programme.objects.get(slug="kljuc-hotline")
    version = programme.version
    offer = writer_for(Offer).create({"programme": programme, "need": "psychosocial"}, Author(None, ADMIN))
    programme.refresh_from_db()
    assert programme.version == version + 1
    rule = next(r for r in load_catalogue().rules if r.slug == "kljuc-hotline")
    assert "psychosocial" in rule.offered_needs  # the catalogue sees it at once
    writer_for(Offer).delete(offer, Author(None, ADMIN))
    programme.refresh_from_db()
    assert programme.version == version + 2 and not Offer.objects.filter(pk=offer.pk).exists()
