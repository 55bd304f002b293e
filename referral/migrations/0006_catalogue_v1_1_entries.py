# The v1.1 catalogue entries (fixtures/catalogue.json) for a database whose catalogue was loaded
# before them: PIC's own website, the UNHCR list of services, the national working group. A new,
# empty database gets them from the fixtures instead (seed_catalogue), so nothing happens there.

import uuid

from django.db import migrations
from django.db.models import F

from directory.models import search_document_for

NS = uuid.UUID("6f1c1a52-8d1e-4f0e-9a52-6b0c5a1f2e11")
UNHCR = "https://help.unhcr.org/slovenia/services/"
GROUP_PAGE = "https://www.gov.si/zbirke/delovna-telesa/medresorska-delovna-skupina-za-boj-proti-trgovini-z-ljudmi/"


def uid(kind, slug):
    return uuid.uuid5(NS, f"{kind}:{slug}")


def add_entries(apps, schema_editor):
    Programme = apps.get_model("directory", "Programme")
    if not Programme.objects.exists() or Programme.objects.filter(slug="unhcr-services-list").exists():
        return
    Organisation = apps.get_model("directory", "Organisation")
    Contact = apps.get_model("directory", "Contact")
    Criterion = apps.get_model("referral", "Criterion")
    CatalogueVersion = apps.get_model("directory", "CatalogueVersion")
    Contact.objects.filter(programme__slug="pic-asylum-legal-aid", value=UNHCR).update(
        value="https://www.pic.si/", label_sl="Spletna stran PIC", label_en="PIC's website"
    )
    unhcr, _ = Organisation.objects.get_or_create(
        slug="unhcr",
        defaults=dict(
            uid=uid("organisation", "unhcr"), kind="public", source="report",
            name_sl="UNHCR – Visoki komisariat ZN za begunce", name_en="UNHCR – the UN Refugee Agency",
            description_sl="Agencija Združenih narodov za begunce; vodi seznam organizacij, ki v Sloveniji pomagajo tujcem.",
            description_en="The United Nations refugee agency; it keeps a list of organisations that help foreigners in Slovenia.",
        ),
    )
    vlada, _ = Organisation.objects.get_or_create(
        slug="vlada",
        defaults=dict(
            uid=uid("organisation", "vlada"), kind="public", source="report",
            name_sl="Vlada Republike Slovenije", name_en="Government of the Republic of Slovenia",
            description_sl="Vlada vodi medresorsko delovno skupino za boj proti trgovini z ljudmi prek nacionalnega koordinatorja.",
            description_en="The government leads the inter-ministerial working group against trafficking through the national coordinator.",
        ),
    )
    entries = [
        ("unhcr-services-list", unhcr, "support", None, dict(
            name_sl="Seznam storitev UNHCR v Sloveniji", name_en="UNHCR list of services in Slovenia",
            description_sl="Pregled organizacij v Sloveniji, od pravnega svetovanja in združevanja družin do podpore žrtvam trgovine z ljudmi.",
            description_en="An overview of organisations in Slovenia, from legal and family-reunification advice to support for trafficking victims.",
            eligibility_sl="Vsak, ki ni slovenski državljan, in tisti, ki mu pomagajo.",
            eligibility_en="Anyone who is not a Slovenian citizen, and those who help them.",
            offers_sl="Spletni seznam organizacij in njihovih stikov.", offers_en="An online list of organisations and how to reach them.",
        ), (UNHCR, "Seznam storitev UNHCR", "UNHCR list of services", "report", ""),
         ("migration_status", "not_in", ["citizen"], "Oseba ni slovenska državljanka.", "The person is not a Slovenian citizen.")),
        ("national-working-group", vlada, "network", 2003, dict(
            name_sl="Medresorska delovna skupina za boj proti trgovini z ljudmi",
            name_en="Inter-ministerial Working Group for Combating Trafficking in Human Beings",
            description_sl="Skupina, ki jo vodi nacionalni koordinator; ustanovljena 2003; 18 članov iz institucij in 7 zunanjih članov; vsako leto pripravi akcijski načrt in poročilo.",
            description_en="Led by the national coordinator; set up in 2003; 18 members from institutions and 7 external members; a yearly action plan and report.",
            eligibility_sl="Strokovnjaki in institucije; ni storitev za posameznike.",
            eligibility_en="Professionals and institutions; not a service for individuals.",
            offers_sl="Usklajevanje ukrepov, letni akcijski načrti in poročila.",
            offers_en="Coordination of measures, yearly action plans and reports.",
        ), (GROUP_PAGE, "Stran delovne skupine na gov.si", "The working group's page on gov.si", "public", "gov.si; preveriti / to verify"),
         ("", "never", [], "Mreža za strokovnjake, ne storitev za posameznike.", "A network for professionals, not a service for individuals.")),
    ]
    for slug, org, kind, year, texts, (value, label_sl, label_en, source, note), (fact, op, values, ex_sl, ex_en) in entries:
        programme = Programme.objects.create(
            uid=uid("programme", slug), slug=slug, organisation=org, kind=kind, start_year=year, source="report",
            search_document="", **texts,
        )
        Contact.objects.create(
            uid=uid("contact", f"{slug}:web"), programme=programme, kind="web", value=value, label_sl=label_sl,
            label_en=label_en, source=source, source_note=note,
        )
        Criterion.objects.create(programme=programme, clause=1, fact=fact, operator=op, values=values,
                                 explanation_sl=ex_sl, explanation_en=ex_en)
    for programme in Programme.objects.filter(slug__in=[e[0] for e in entries]).select_related("organisation"):
        Programme.objects.filter(pk=programme.pk).update(search_document=search_document_for(programme))
    CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1)


class Migration(migrations.Migration):
    dependencies = [("referral", "0005_first_pathway_notes"), ("directory", "0015_reminders")]

    operations = [migrations.RunPython(add_entries, migrations.RunPython.noop)]
