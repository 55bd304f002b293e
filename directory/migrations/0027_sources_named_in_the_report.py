# Sources read again against the report (issue 30): every programme, contact and organisation
# whose source is the report says where in it (section and table); what the report does not say
# is no longer marked as from it; the Ključ line has its own description (the report's section 8.4),
# safe accommodation no longer "follows crisis accommodation" (no source says so), the working
# group's link is the report's, the day centre's two end years are both named, and the
# undocumented-fear note says what its study found. The fixtures carry the same (new databases).

from django.db import migrations
from django.db.models import F

AT = "Poročilo, razdelek {sl} / the report, section {en}"


def where(sl, en=None):
    return AT.format(sl=sl, en=en or sl.replace("tabela", "Table").replace(" in ", " and "))


PROGRAMMES = {
    "crisis-accommodation": {"source_note": where("3.4 in tabela 5")},
    "safe-accommodation": {
        "source_note": where("3.4 in tabela 5"),
        "description_sl": "Varna namestitev in spremstvo za žrtve, ki sodelujejo s policijo.",
        "description_en": "Safe housing and accompaniment for victims who cooperate with the police.",
    },
    "reintegration": {"source_note": where("3.4 in tabela 5")},
    "pats": {"source_note": where("3.4 in tabela 5")},
    "prostitution-support": {"source_note": where("3.4 (program 5) in tabela 5", "3.4 (programme 5) and Table 5")},
    "mol-crisis-accommodation": {"source_note": where("3.4 (program 6) in tabela 5", "3.4 (programme 6) and Table 5")},
    "prava-zveza": {"source_note": where("3.4 (program 7) in tabela 5", "3.4 (programme 7) and Table 5")},
    "kljuc-hotline": {
        "source_note": where("8.4 (številka, e-pošta in ure)", "8.4 (number, e-mail and hours)"),
        "description_sl": "Brezplačna telefonska številka in e-pošta Društva Ključ ob delavnikih od 9.00 do 13.00: "
        "pomoč in nasvet, kam se obrniti.",
        "description_en": "Ključ's free phone line and e-mail on working days from 9:00 to 13:00: help and advice on "
        "where to turn.",
    },
    "migrant-counselling-office": {"source_note": where("8.4")},
    "labour-inspectorate": {"source_note": where("8.4")},
    "undeclared-work-line": {
        "source_note": "Poročilo, razdelek 8.4: številko navaja takoj za inšpektoratom, lastnika ne pove / the report, "
        "section 8.4: it lists the number right after the Labour Inspectorate without naming its owner"
    },
    "furs-anonymous-line": {"source_note": where("8.4")},
    "pic-asylum-legal-aid": {"source_note": where("4.4 in tabela 8")},
    "unhcr-services-list": {"source_note": where("4.4 in tabela 8")},
    "zip-language-course": {"source_note": where("4.3 in tabela 8")},
    "uoim-integration-support": {"source_note": where("4.3 in tabela 8")},
    "filantropija-migration-counselling": {"source_note": where("8.3 in tabela 21")},
    "migrant-day-centre": {
        "source_note": "Poročilo, razdelek 8.3 in tabela 21; besedilo navaja konec decembra 2017, tabela trajanje "
        "do 31. 12. 2027 (velja tabela) / the report, section 8.3 and Table 21; its text gives December 2017 as the "
        "end, its table runs to 31 December 2027 (the table is followed here)"
    },
    "national-working-group": {"source_note": where("3.4 in tabela 4")},
    "pogum": {"source_note": where("5.2 in tabela 10")},
    "caritas-24h-line": {
        "source_note": "Poročilo, razdelek 3.4 in tabela 4; številke ne navaja, ta je iz medijev / the report, "
        "section 3.4 and Table 4; it gives no number, the one shown is from the press"
    },
}
ORGANISATIONS = {
    "csd": {
        "source": "public",
        "source_note": "Vladna stran o centrih za socialno delo / the government's page on social work centres",
    },
    "policija": {"source": "public", "source_note": "Spletna stran policije / the police's website"},
    "sos-telefon": {"source": "public", "source_note": "Spletna stran društva / the association's site"},
    "kljuc": {"source_note": where("3.4 in tabela 5")},
    "karitas": {"source_note": where("3.4 in tabela 4")},
    "filantropija": {"source_note": where("8.3 in tabela 21")},
    "furs": {"source_note": where("8.4")},
    "irsd": {"source_note": where("8.4")},
    "zsss": {"source_note": where("8.4")},
    "pic": {"source_note": where("4.4 in tabela 8")},
    "unhcr": {"source_note": where("4.4 in tabela 8")},
    "uoim": {"source_note": where("4.3 in tabela 8")},
    "vlada": {"source_note": where("3.4 in tabela 4")},
}
WORKING_GROUP_OLD = (
    "https://www.gov.si/zbirke/delovna-telesa/medresorska-delovna-skupina-za-boj-proti-trgovini-z-ljudmi/"
)
WORKING_GROUP = "https://www.gov.si/en/registries/working-bodies/the-national-working-group-for-combating-trafficking-in-human-being/"
CONTACTS = {  # value -> where the report gives it
    "+386801122": where("8.4"),
    "prijave.fu@gov.si": where("8.4"),
    "+38614784745": where("8.4"),
    "+38614361411": where("8.4"),
    "+386801722": where("8.4"),
    "info@drustvo-kljuc.si": where("8.4"),
    "https://www.pic.si/": where("4.4 in tabela 8"),
    "https://help.unhcr.org/slovenia/services/": where("4.4 in tabela 8"),
    "+386801434": where("8.4"),
    WORKING_GROUP: where("3.4 in tabela 4"),
}
UNDOCUMENTED_FEAR = {
    "text_sl": "Študija o nasilju v družini (Vah Jevšnik 2016) je ugotovila, da migrantke brez dokumentov nasilja "
    "pogosto ne prijavijo, ker se bojijo izgona: lahko jih premestijo v Center za tujce ali izženejo. Oseba brez "
    "dokumentov se policije lahko boji iz istih razlogov: najprej ponudite telefon nevladne organizacije in naj se "
    "odloči sama.",
    "text_en": "A study of domestic violence (Vah Jevšnik 2016) found that undocumented migrant women often do not "
    "report violence for fear of deportation: they may be moved to the Centre for Foreigners or deported. Someone "
    "without papers may fear the police for the same reasons: offer an NGO line first and let the person decide.",
    "source": "Research report 2023–2024, section 4.1 and Table 6 (Vah Jevšnik 2016, undocumented migrant women "
    "and domestic violence)",
}

NOTE_SOURCES = {
    "police-identify": "Research report 2023–2024, section 3.4 (programmes 1 and 6) and Tables 5 and 12",
    "crisis-30-days": "Research report 2023–2024, section 3.4 (Caritas crisis accommodation) and Table 5",
    "safe-needs-cooperation": "Research report 2023–2024, section 3.4 (Ključ safe accommodation) and Table 5",
    "mol-5-days": "Research report 2023–2024, section 3.4 (programme 6, Comprehensive care MOL) and Table 5",
}


def forward(apps, schema_editor):
    Programme = apps.get_model("directory", "Programme")
    Organisation = apps.get_model("directory", "Organisation")
    Contact = apps.get_model("directory", "Contact")
    PathwayNote = apps.get_model("referral", "PathwayNote")
    CatalogueVersion = apps.get_model("directory", "CatalogueVersion")
    for slug, fields in PROGRAMMES.items():
        Programme.objects.filter(slug=slug).update(**fields)
    for slug, fields in ORGANISATIONS.items():
        Organisation.objects.filter(slug=slug).update(**fields)
    Contact.objects.filter(value=WORKING_GROUP_OLD).update(value=WORKING_GROUP)
    for value, note in CONTACTS.items():
        Contact.objects.filter(value=value).update(source_note=note)
    PathwayNote.objects.filter(code="undocumented-fear").update(**UNDOCUMENTED_FEAR)
    for code, source in NOTE_SOURCES.items():
        PathwayNote.objects.filter(code=code).update(source=source)
    CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1, reset_at=F("number") + 1)


class Migration(migrations.Migration):
    dependencies = [("directory", "0026_hours_contact_label"), ("referral", "0012_sixty_three_cases")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
