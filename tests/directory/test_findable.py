"""Findable by search engines: public pages indexable with a description, canonical URL and
hreflang alternates; everything personal noindex and out of the sitemap; robots.txt; schema.org
data for programmes (phones, free of charge only where true, never an address); icon and manifest."""

import json
import re
from xml.etree import ElementTree

import pytest

from directory.models import Location, Programme, Status
from tests.directory.users import make_user

pytestmark = pytest.mark.django_db
INDEX, NOINDEX = '<meta name="robots" content="index, follow">', '<meta name="robots" content="noindex">'


def sitemap_urls(client):
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)
    return [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


@pytest.mark.parametrize(
    "url", ["/", "/directory/", "/directory/pats/", "/organisations/kljuc/", "/directory/pats/?hl=en"]
)
def test_public_pages_are_indexable_with_description_canonical_and_alternates(client, url):
    page = client.get(url).content.decode()
    assert INDEX in page and NOINDEX not in page
    description = re.search(r'<meta name="description" content="([^"]+)"', page).group(1)
    assert 40 <= len(description) <= 200
    path = url.split("?")[0]
    assert f'hreflang="sl" href="http://testserver{path}"' in page
    assert f'hreflang="en" href="http://testserver{path}?hl=en"' in page
    assert f'hreflang="x-default" href="http://testserver{path}"' in page


def test_the_language_parameter_gives_the_page_and_its_canonical_in_that_language(client):
    slovene = client.get("/directory/pats/?hl=sl", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sl"' in slovene and '<link rel="canonical" href="http://testserver/directory/pats/">' in slovene
    english = client.get("/directory/pats/?hl=en", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert '<html lang="en"' in english and 'canonical" href="http://testserver/directory/pats/?hl=en"' in english


@pytest.mark.parametrize(
    "url",
    ["/triage/", "/triage/results/", "/triage/sheet/", "/training/", "/accounts/login/", "/referrals/", "/offline/"],
)
def test_personal_and_working_pages_are_noindex(client, url):
    client.post("/triage/")
    client.post("/triage/q/immediate_danger/", {"answer": "no"})
    page = client.get(url).content.decode()
    assert NOINDEX in page and INDEX not in page


def test_manage_pages_are_noindex(client):
    client.force_login(make_user("ngo", org="kljuc"))
    assert NOINDEX in client.get("/manage/").content.decode()


def test_the_sitemap_lists_active_programmes_and_organisations_in_both_languages_and_nothing_personal(client):
    Programme.objects.filter(slug="pogum").update(status=Status.ENDED)
    urls = sitemap_urls(client)
    assert "http://testserver/directory/pats/" in urls and "http://testserver/directory/pats/?hl=en" in urls
    assert "http://testserver/organisations/kljuc/" in urls and "http://testserver/" in urls
    assert not any("/pogum/" in url for url in urls)
    assert not any(part in url for url in urls for part in ("/triage", "/manage", "/training", "/accounts", "/api"))
    active = Programme.objects.filter(status=Status.ACTIVE).count()
    assert sum("/directory/" in url and url.count("/") == 5 for url in urls) == 2 * active


def test_robots_txt_keeps_crawlers_out_of_personal_pages_and_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    for path in ("/triage/", "/manage/", "/training/", "/accounts/", "/referrals/"):
        assert f"Disallow: {path}" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def jsonld(client, slug):
    page = client.get(f"/directory/{slug}/").content.decode()
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_each_programme_page_carries_schema_org_data_with_its_phones(client):
    data = jsonld(client, "kljuc-hotline")
    programme = Programme.objects.get(slug="kljuc-hotline")
    assert data["@type"] in ("Service", "GovernmentService") and data["name"] == programme.name_en
    phones = [c["servicePhone"]["telephone"] for c in data["availableChannel"] if "servicePhone" in c]
    assert phones == [c.value for c in programme.contacts.filter(kind="phone")]
    hours = data["availableChannel"][0]["servicePhone"]["hoursAvailable"][0]
    assert hours["dayOfWeek"][:2] == ["Monday", "Tuesday"] and hours["opens"] == "09:00"
    assert data["provider"]["name"] == programme.organisation.name_en


def test_free_of_charge_only_where_the_data_says_so(client):
    free = [p for p in Programme.objects.for_detail() if p.is_free]
    paid = [p for p in Programme.objects.for_detail() if not p.is_free]
    assert free and paid
    assert jsonld(client, free[0].slug)["isAccessibleForFree"] is True
    assert "isAccessibleForFree" not in jsonld(client, paid[0].slug)


def test_a_confidential_address_never_reaches_the_structured_data(client):
    Location.objects.filter(name_en="Safe accommodation").update(address="Skrivna ulica 7", city="Ljubljana")
    page = client.get("/directory/safe-accommodation/").content.decode()
    assert "Skrivna ulica" not in page
    assert "address" not in json.dumps(jsonld(client, "safe-accommodation")).lower()


def test_icon_and_manifest_are_served_from_our_own_files(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon" and icon.content[:4] == b"\0\0\1\0"
    manifest = client.get("/manifest.webmanifest").json()
    assert (
        manifest["name"] == "Kažipot"
        and manifest["theme_color"]
        and {i["sizes"] for i in manifest["icons"]}
        >= {
            "192x192",
            "512x512",
        }
    )
    assert all(i["src"].startswith("/static/") for i in manifest["icons"])
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").content.decode()


def test_structured_data_cannot_close_its_script_element(client):
    Programme.objects.filter(slug="pats").update(name_en="PATS </script><b>bold</b> & more")
    assert jsonld(client, "pats")["name"] == "PATS </script><b>bold</b> & more"
    assert "</script><b>" not in client.get("/directory/pats/").content.decode()
