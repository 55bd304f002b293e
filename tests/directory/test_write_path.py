"""Every door into the directory (admin, CSV import, HSDS import, provider pages) goes through the
one write path: the version moves on, an editor holding the old one gets the conflict page and
loses nothing, and the history names who or what made the change."""

import json

import pytest
import tablib
from django.core.management import call_command
from django.urls import reverse

from directory.hsds import import_path
from directory.models import Contact, Organisation, Programme
from directory.resources import ContactResource, ProgrammeResource
from directory.services import catalogue_version
from tests.directory.formdata import admin_page_data, edit_page_data
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    """A Ključ member with the edit page of a programme open (loaded before anyone else's change)."""
    user = make_user("ngo-kljuc", org="kljuc")
    client.force_login(user)
    return user


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")


def admin_change(client, staff, slug=None, obj=None):
    """Staff's own browser on the admin change page of a programme (or of `obj`): (browser, url,
    submitted data)."""
    obj = obj or Programme.objects.get(slug=slug)
    admin = type(client)(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(staff)
    url = reverse(f"admin:directory_{obj._meta.model_name}_change", args=[obj.pk])
    return admin, url, admin_page_data(admin.get(url))


def open_edit_page(client, slug):
    return edit_page_data(client.get(f"/manage/programmes/{slug}/edit/"))


def assert_the_old_version_is_refused_and_nothing_lost(client, slug, held, field, kept):
    """The editor saves what they loaded earlier: 409, their words still in the form, the other change kept."""
    held[field] = "The editor's own words"
    response = client.post(f"/manage/programmes/{slug}/edit/", held)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this programme" in page and "The editor&#x27;s own words" in page
    programme = Programme.objects.get(slug=slug)
    assert getattr(programme, field) != "The editor's own words"
    for name, value in kept.items():
        assert getattr(programme, name) == value
    return programme


def test_after_an_admin_change_an_editor_holding_the_old_version_gets_the_conflict_page(client, editor, staff):
    held = open_edit_page(client, "reintegration")
    admin, url, data = admin_change(client, staff, "reintegration")
    data["fees_en"] = "Free, set in the admin"
    response = admin.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    programme = assert_the_old_version_is_refused_and_nothing_lost(
        client, "reintegration", held, "offers_en", {"fees_en": "Free, set in the admin"}
    )
    assert programme.version == 2
    last = programme.history.first()
    assert (last.history_user, last.history_change_reason) == (staff, "admin")
    assert last.fees_en == "Free, set in the admin"
    assert "in the admin" in client.get("/manage/programmes/reintegration/history/").content.decode()


def test_an_admin_change_to_a_shared_contact_moves_every_programme_it_serves(client, editor, staff):
    held = open_edit_page(client, "kljuc-hotline")
    phone = Contact.objects.get(programmes__slug="kljuc-hotline", kind="phone")
    before = dict(phone.programmes.values_list("slug", "version"))
    admin, url, data = admin_change(client, staff, obj=phone)
    data["display"] = "080 17 22 (admin)"
    assert admin.post(url, data).status_code == 302
    phone.refresh_from_db()
    assert phone.display == "080 17 22 (admin)" and phone.history.first().history_change_reason == "admin"
    after = dict(phone.programmes.values_list("slug", "version"))
    assert after.keys() == before.keys() and all(after[slug] == before[slug] + 1 for slug in before)
    assert_the_old_version_is_refused_and_nothing_lost(client, "kljuc-hotline", held, "offers_en", {})


def test_linking_a_contact_in_the_programme_admin_goes_through_the_write_path(client, staff):
    admin, url, data = admin_change(client, staff, "prava-zveza")
    phone = Contact.objects.get(organisation__slug="kljuc", kind="phone")
    prefix = "Contact_programmes"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-contact": str(phone.pk)})
    assert admin.post(url, data).status_code == 302
    assert phone.programmes.filter(slug="prava-zveza").exists()
    assert Programme.objects.get(slug="prava-zveza").version == 2


def test_an_admin_deletion_of_a_criterion_goes_through_the_write_path(staff, client):
    from referral.models import Criterion

    client.force_login(staff)
    criterion = Criterion.objects.filter(programme__slug="pats").first()
    before = catalogue_version()
    url = reverse("admin:referral_criterion_delete", args=[criterion.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    assert Programme.objects.get(slug="pats").version == 2 and catalogue_version() > before
    assert Criterion.history.filter(id=criterion.pk).first().history_change_reason == "admin"


def test_after_a_csv_import_an_editor_holding_the_old_version_gets_the_conflict_page(client, editor, staff):
    held = open_edit_page(client, "pats")
    data = ProgrammeResource().export()
    row = data.dict[[r["slug"] for r in data.dict].index("pats")]
    changed = tablib.Dataset(headers=data.headers)
    changed.append([row[h] if h != "fees_en" else "free, from the CSV" for h in data.headers])
    result = ProgrammeResource().import_data(changed, dry_run=False, user=staff)
    assert not result.has_errors() and not result.has_validation_errors()
    programme = assert_the_old_version_is_refused_and_nothing_lost(
        client, "pats", held, "offers_en", {"fees_en": "free, from the CSV"}
    )
    assert programme.version == 2
    last = programme.history.first()
    assert (last.history_user, last.history_change_reason) == (staff, "csv")
    assert "by a CSV import" in client.get("/manage/programmes/pats/history/").content.decode()


def test_a_csv_contact_import_moves_every_programme_it_serves_and_cannot_move_a_contact(staff):
    data = ContactResource().export()
    index = next(i for i, r in enumerate(data.dict) if r["value"] == "'+386801722")
    assert set(data.dict[index]["programmes"].split(",")) >= {"kljuc-hotline", "pats"}  # one row, six programmes
    rows = tablib.Dataset(headers=data.headers)
    rows.append([data.dict[index][h] if h != "display" else "080 17 22 (CSV)" for h in data.headers])
    assert not ContactResource().import_data(rows, dry_run=False, user=staff).has_errors()
    assert Programme.objects.get(slug="kljuc-hotline").version == 2 and Programme.objects.get(slug="pats").version == 2
    moved = tablib.Dataset(headers=data.headers)
    moved.append([data.dict[index][h] if h != "organisation" else "karitas" for h in data.headers])
    result = ContactResource().import_data(moved, dry_run=False, user=staff, use_transactions=True)
    assert result.has_errors() or result.has_validation_errors()
    assert Contact.objects.get(uid=data.dict[index]["uid"]).organisation.slug == "kljuc"


def test_after_an_hsds_import_an_editor_holding_the_old_version_gets_the_conflict_page(client, editor, tmp_path):
    held = open_edit_page(client, "pats")
    call_command("export_hsds", str(tmp_path / "out"), verbosity=0)
    services = json.loads((tmp_path / "out" / "en" / "services.json").read_text())
    pats = next(s for s in services if s["id"] == str(Programme.objects.get(slug="pats").uid))
    pats["name"] = "PATS, renamed by an import"
    (tmp_path / "pats.json").write_text(json.dumps(pats))
    import_path(tmp_path / "pats.json", language="en")
    programme = assert_the_old_version_is_refused_and_nothing_lost(
        client, "pats", held, "offers_en", {"name_en": "PATS, renamed by an import"}
    )
    assert programme.version == 2  # the import that renamed it once left it at 1
    last = programme.history.first()
    assert (last.history_user, last.history_change_reason) == (None, "import")
    assert "by an HSDS import" in client.get("/manage/programmes/pats/history/").content.decode()
    assert "pats" in [p.slug for p in Programme.objects.search("renamed")]  # the search document follows


def test_an_hsds_file_cannot_take_over_another_programmes_phone(tmp_path):
    call_command("export_hsds", str(tmp_path / "out"), verbosity=0)
    services = json.loads((tmp_path / "out" / "en" / "services.json").read_text())
    pats = next(s for s in services if s["id"] == str(Programme.objects.get(slug="pats").uid))
    police = Contact.objects.get(programmes__slug="police-113", kind="phone")
    pats["phones"] = [{"id": str(police.uid), "number": "080 17 22"}]
    (tmp_path / "pats.json").write_text(json.dumps(pats))
    with pytest.raises(Exception, match="another organisation's phone"):
        import_path(tmp_path / "pats.json", language="en")
    assert list(Contact.objects.get(uid=police.uid).programmes.values_list("slug", flat=True)) == ["police-113"]


def test_an_organisation_renamed_in_the_admin_renames_its_programmes_search_documents(client, staff):
    client.force_login(staff)
    kljuc = Organisation.objects.get(slug="kljuc")
    url = reverse("admin:directory_organisation_change", args=[kljuc.pk])
    data = admin_page_data(client.get(url))
    data["name_en"] = "Keystone Society"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert "kljuc-hotline" in [p.slug for p in Programme.objects.search("keystone")]
    record = Organisation.objects.get(slug="kljuc").history.first()
    assert (record.name_en, record.history_user, record.history_change_reason) == ("Keystone Society", staff, "admin")


def test_saving_a_model_directly_has_no_side_effects():
    """Models keep no write logic: only the write path refreshes the search document."""
    programme = Programme.objects.get(slug="pats")
    programme.name_en = "Directly saved"
    programme.save()
    assert "directly" not in Programme.objects.get(slug="pats").search_document


def test_a_write_that_changes_nothing_writes_nothing(staff):
    from directory.models import CatalogueVersion, Language
    from directory.services import Author, programme_update

    programme = Programme.objects.get(slug="kljuc-hotline")
    before = (programme.version, CatalogueVersion.objects.get(pk=1).number, programme.history.count())
    same = {"name_en": programme.name_en, "status": programme.status}
    languages = list(programme.languages.all())
    programme_update(programme=programme, data=same, m2m={"languages": languages}, author=Author(staff, "admin"))
    assert programme.has_updated is False
    programme.refresh_from_db()
    assert (programme.version, CatalogueVersion.objects.get(pk=1).number, programme.history.count()) == before
    programme_update(
        programme=programme,
        data={**same, "name_en": "Ključ's line"},
        m2m={"languages": languages},
        author=Author(staff),
    )
    assert programme.has_updated is True and programme.version == before[0] + 1
    assert programme.history.count() == before[2] + 2  # the state loaded from the catalogue, then the change
    programme_update(
        programme=programme, data={}, m2m={"languages": [Language.objects.get(code="en")]}, author=Author(staff)
    )
    assert programme.has_updated is True and programme.version == before[0] + 2


def test_a_stale_write_that_changes_nothing_is_still_refused(staff):
    from directory.services import Author, StaleEdit, programme_update

    programme = Programme.objects.get(slug="kljuc-hotline")
    with pytest.raises(StaleEdit):
        programme_update(
            programme=programme,
            data={"name_en": programme.name_en},
            expected_version=programme.version - 1,
            author=Author(staff),
        )


def test_a_term_renamed_in_the_admin_is_recorded_and_seen_at_once(client, staff):
    from directory.models import Term

    client.get("/directory/")  # the listing cached for this catalogue version
    term = Term.objects.get(code="labour")
    named = dict(Programme.objects.filter(terms=term).values_list("slug", "version"))
    before = catalogue_version()
    admin, url, data = admin_change(client, staff, obj=term)
    data["name_en"] = "Forced or exploited labour"
    assert admin.post(url, data).status_code == 302
    assert catalogue_version() > before
    assert term.history.first().history_change_reason == "admin" and term.history.first().history_user == staff
    assert "Forced or exploited labour" in client.get("/directory/").content.decode()
    after = dict(Programme.objects.filter(terms=term).values_list("slug", "version"))
    assert named and all(after[slug] == version + 1 for slug, version in named.items())


def test_a_location_added_on_the_organisation_page_goes_through_the_write_path(client, staff):
    from directory.models import Location

    admin, url, data = admin_change(client, staff, obj=Organisation.objects.get(slug="zsss"))
    total = int(data["locations-TOTAL_FORMS"])
    data.update(
        {
            "locations-TOTAL_FORMS": str(total + 1),
            f"locations-{total}-name_sl": "Pisarna",
            f"locations-{total}-name_en": "Office",
        }
    )
    assert admin.post(url, data).status_code == 302
    office = Location.objects.get(name_en="Office")
    assert office.history.get().history_change_reason == "admin"


def test_the_service_refuses_a_programme_that_serves_nowhere(staff):
    from django.core.exceptions import ValidationError

    from directory.services import Author, programme_create, programme_update

    programme = Programme.objects.get(slug="pats")
    with pytest.raises(ValidationError, match="municipalities it serves"):
        programme_update(programme=programme, data={"area_national": False}, m2m={}, author=Author(staff))
    with pytest.raises(ValidationError, match="municipalities it serves"):
        programme_create(
            data={
                "slug": "nowhere",
                "organisation": programme.organisation,
                "kind": "support",
                "name_sl": "N",
                "name_en": "N",
                "area_national": False,
            },
            author=Author(staff),
        )


def test_a_reminder_link_is_used_once_however_often_it_is_posted(staff):
    from django.core.exceptions import ValidationError

    from directory.models import Reminder
    from directory.services import Author, reminder_use

    reminder = Reminder.objects.create(user=staff, programme=Programme.objects.get(slug="pats"))
    reminder_use(reminder=reminder, author=Author(staff))
    with pytest.raises(ValidationError, match="already been used"):
        reminder_use(reminder=reminder, author=Author(staff))
    assert Programme.objects.get(slug="pats").history.filter(history_change_reason="manage:verified").count() == 1
