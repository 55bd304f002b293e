# The first set of pathway notes (DOMAIN v1.1), in our own words; staff edit them in the admin.

from django.db import migrations


def c(fact, operator, *values):
    return {"fact": fact, "operator": operator, "values": list(values)}


NOTES = [
    (
        "police-identify",
        [[c("police_identified", "is", False), c("police_identified", "unknown")], [c("exploitation", "not_empty")]],
        "V Sloveniji osebo formalno identificira kot (domnevno) žrtev trgovine z ljudmi le policija. Krizna "
        "namestitev je za osebe, ki jih je policija identificirala; v Ljubljani je za še neidentificirane na voljo "
        "petdnevna namestitev. Nevladna organizacija (Ključ, Karitas) lahko svetuje že prej, pred kakršnim koli "
        "stikom s policijo.",
        "In Slovenia only the police formally identify someone as a (presumed) victim of trafficking. Crisis "
        "accommodation is for people the police have identified; in Ljubljana a five-day place exists for those not "
        "(yet) identified. An NGO (Ključ, Caritas) can advise first, before any contact with the police.",
        "Research report 2023–2024, programme descriptions (Tables 5 and 12)",
    ),
    (
        "crisis-30-days",
        [[c("police_identified", "is", True)], [c("immediate_danger", "is", True), c("needs", "includes_any", "accommodation")]],
        "Krizna namestitev traja največ 30 dni. Namenjena je osebam, ki jih je identificirala policija in morajo "
        "takoj na varno.",
        "Crisis accommodation lasts up to 30 days. It is for people identified by the police who need to leave at once.",
        "Research report 2023–2024, Caritas programme",
    ),
    (
        "safe-needs-cooperation",
        [[c("needs", "includes_any", "accommodation")], [c("police_cooperation", "not_in", "yes"), c("police_cooperation", "unknown")]],
        "Dolgoročnejša varna namestitev je za osebe, ki sodelujejo s policijo.",
        "Longer-term safe accommodation is for people who cooperate with the police.",
        "Research report 2023–2024, Ključ programme",
    ),
    (
        "mol-5-days",
        [[c("police_identified", "is", False)], [c("municipality", "in", "ljubljana")],
         [c("immediate_danger", "is", True), c("needs", "includes_any", "accommodation")]],
        "V Ljubljani lahko osebe, ki jih policija (še) ni identificirala, dobijo krizno namestitev za pet dni.",
        "In Ljubljana, people not (yet) identified by the police can get crisis accommodation for five days.",
        "Research report 2023–2024, MOL programme",
    ),
    (
        "undocumented-fear",
        [[c("migration_status", "in", "third_country_undocumented", "rejected_asylum")]],
        "Ljudje brez dokumentov se policije pogosto bojijo: poročilo navaja, da jih lahko namestijo v Center za tujce "
        "ali izženejo. Najprej ponudite telefon nevladne organizacije in naj se oseba odloči sama.",
        "People without papers often fear the police: the report notes that they may be taken to the Centre for "
        "Foreigners or deported. Offer an NGO line first and let the person decide.",
        "Research report 2023–2024, section 4 (Vah Jevšnik 2016)",
    ),
    (
        "minor",
        [[c("age_group", "is", "minor")]],
        "Otrok: vključite center za socialno delo. Otrok v prostituciji je spolno izkoriščan otrok.",
        "A child: involve the social work centre. A child in prostitution is a child exploited sexually.",
        "Expert rules v1",
    ),
]


def add_notes(apps, schema_editor):
    PathwayNote = apps.get_model("referral", "PathwayNote")
    for position, (code, condition, text_sl, text_en, source) in enumerate(NOTES):
        PathwayNote.objects.update_or_create(
            code=code,
            defaults={"condition": condition, "text_sl": text_sl, "text_en": text_en, "source": source, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("referral", "0004_pathway_notes")]

    operations = [migrations.RunPython(add_notes, migrations.RunPython.noop)]
