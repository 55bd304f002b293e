# DOMAIN v1.2 for a database whose catalogue was loaded before it: each criterion's requirement (the rule
# as a rule), temporary protection in the UOIM rule, the needs each programme serves, notes' texts
# for the person (in the twelve sheet languages) and the police-identify note without "victim" for
# the person. A new, empty database gets the criteria and offers from the fixtures instead.

from django.db import migrations, models

# (slug, clause) -> (sl, en): the rule of one clause as a rule, never a statement about the person.
DANGER = ("Samo za osebe v neposredni nevarnosti.", "Only for people in immediate danger.")
DANGER_OR_BED = (
    "Samo za osebe v neposredni nevarnosti ali za tiste, ki potrebujejo nastanitev.",
    "Only for people in immediate danger or who need somewhere to stay.",
)
NOT_CITIZEN = ("Samo za osebe, ki niso slovenski državljani.", "Only for people who are not Slovenian citizens.")
LABOUR = ("Samo ob izkoriščanju pri delu.", "Only where work is exploited.")
NO_INSURANCE = (
    "Samo za delo brez plačanega zdravstvenega ali pokojninskega zavarovanja.",
    "Only for work without health or pension insurance paid.",
)
MINOR = ("Samo za otroke in mladostnike, mlajše od 18 let.", "Only for children and young people under 18.")
ANY_CASE = (
    "Samo ob sumu izkoriščanja ali za osebe v prostituciji.",
    "Only where exploitation is suspected, or for people in prostitution.",
)
REQUIREMENTS = {
    ("emergency-112", 1): DANGER,
    ("police-113", 1): DANGER,
    ("crisis-accommodation", 1): (
        "Samo za osebe, ki jih je policija formalno identificirala.",
        "Only for people the police have formally identified.",
    ),
    ("crisis-accommodation", 2): DANGER_OR_BED,
    ("safe-accommodation", 1): ("Samo za osebe, ki sodelujejo s policijo.", "Only for people who cooperate with the police."),
    ("safe-accommodation", 2): ("Samo za osebe, ki potrebujejo nastanitev.", "Only for people who need somewhere to stay."),
    ("mol-crisis-accommodation", 1): (
        "Samo za osebe, ki jih policija (še) ni identificirala.",
        "Only for people the police have not (yet) identified.",
    ),
    ("mol-crisis-accommodation", 2): ("Samo za osebe v Ljubljani.", "Only for people in Ljubljana."),
    ("mol-crisis-accommodation", 3): DANGER_OR_BED,
    ("reintegration", 1): (
        "Samo za osebe, ki so krizo že prebrodile in si znova gradijo življenje.",
        "Only for people past the crisis who are rebuilding their lives.",
    ),
    ("reintegration", 2): (
        "Samo za osebe, ki jih je identificirala policija ali ki so bile izkoriščane.",
        "Only for people identified by the police or who have been exploited.",
    ),
    ("reintegration", 3): (
        "Samo za osebe, ki potrebujejo tečaj slovenščine, izobraževanje, delo, dokumente ali psihosocialno podporo.",
        "Only for people who need Slovenian lessons, education, work, documents or psychosocial support.",
    ),
    ("pats", 1): (
        "Samo za prosilce za mednarodno zaščito (azil).",
        "Only for applicants for international protection (asylum).",
    ),
    ("prostitution-support", 1): ("Samo za osebe v prostituciji.", "Only for people in prostitution."),
    ("prostitution-support", 2): (
        "Samo za odrasle (za otroka v prostituciji poskrbita center za socialno delo in policija).",
        "Only for adults (for a child in prostitution, the social work centre and the police act).",
    ),
    ("kljuc-hotline", 1): ANY_CASE,
    ("caritas-24h-line", 1): ANY_CASE,
    ("migrant-counselling-office", 1): LABOUR,
    ("migrant-counselling-office", 2): NOT_CITIZEN,
    ("labour-inspectorate", 1): LABOUR,
    ("undeclared-work-line", 1): NO_INSURANCE,
    ("furs-anonymous-line", 1): NO_INSURANCE,
    ("pic-asylum-legal-aid", 1): (
        "Samo za prosilce za azil, zavrnjene prosilce in osebe brez veljavnih dokumentov.",
        "Only for asylum applicants, refused applicants and people without valid papers.",
    ),
    ("pic-asylum-legal-aid", 2): ("Samo za osebe, ki potrebujejo pravno pomoč.", "Only for people who need legal help."),
    ("filantropija-migration-counselling", 1): NOT_CITIZEN,
    ("migrant-day-centre", 1): NOT_CITIZEN,
    ("migrant-day-centre", 2): (
        "Samo za osebe v Ljubljani, Mariboru ali Logatcu.",
        "Only for people in Ljubljana, Maribor or Logatec.",
    ),
    ("uoim-integration-support", 1): (
        "Samo za prosilce za mednarodno zaščito ter osebe z mednarodno ali začasno zaščito.",
        "Only for applicants for international protection and people with international or temporary protection.",
    ),
    ("zip-language-course", 1): (
        "Samo za osebe iz držav zunaj EU z dovoljenjem za prebivanje.",
        "Only for people from outside the EU with a residence permit.",
    ),
    ("zip-language-course", 2): ("Samo za osebe, ki želijo tečaj slovenščine.", "Only for people who want Slovenian lessons."),
    ("social-work-centre", 1): MINOR,
    ("tom-telefon", 1): MINOR,
    ("sos-helpline", 1): ("Samo za ženske in otroke.", "Only for women and children."),
    ("sos-helpline", 2): (
        "Samo ob spolnem izkoriščanju, prisilni poroki ali služabništvu.",
        "Only for sexual exploitation, forced marriage or servitude.",
    ),
    ("police-anonymous-line", 1): (
        "Samo za prijavo kaznivega dejanja ali za anonimno prijavo.",
        "Only for reporting a crime, or for reporting anonymously.",
    ),
    ("police-anonymous-line", 2): (
        "Samo za prijavo kaznivega dejanja ali suma izkoriščanja.",
        "Only for reporting a crime or suspected exploitation.",
    ),
    ("pogum", 1): ("Ta program se je končal.", "This programme has ended."),
    ("prava-zveza", 1): (
        "Mreža za strokovnjake, ne napotitev za posameznika.",
        "A network for professionals, not a referral for a person.",
    ),
    ("missing-children-116000", 1): ("Samo za pogrešanega otroka.", "Only for a missing child."),
    ("unhcr-services-list", 1): NOT_CITIZEN,
    ("national-working-group", 1): (
        "Mreža za strokovnjake, ne storitev za posameznike.",
        "A network for professionals, not a service for individuals.",
    ),
}

# What each programme serves beyond the needs its criteria name (the report's "what it offers").
# The emergency numbers and the lines for any case belong to "open now", not to one need.
OFFERS = {
    "crisis-accommodation": ["accommodation", "financial", "health", "interpretation", "legal", "psychosocial", "return_home"],
    "safe-accommodation": ["accommodation", "financial", "health", "legal", "psychosocial", "return_home"],
    "mol-crisis-accommodation": ["accommodation"],
    "reintegration": ["documents", "education", "employment", "language_course", "psychosocial"],
    "pats": ["psychosocial"],
    "prostitution-support": ["health", "psychosocial"],
    "migrant-counselling-office": ["legal"],
    "pic-asylum-legal-aid": ["legal"],
    "filantropija-migration-counselling": ["health", "legal", "psychosocial"],
    "migrant-day-centre": ["psychosocial"],
    "uoim-integration-support": ["accommodation", "psychosocial"],
    "zip-language-course": ["language_course"],
    "social-work-centre": ["accommodation", "financial", "psychosocial"],
    "unhcr-services-list": ["legal"],
}

# Notes a person may read: a separate text, safe to hand over, in every sheet language.
PERSON_TEXTS = {
    "crisis-30-days": {
        "sl": "Krizna namestitev je varno mesto za bivanje za največ 30 dni.",
        "en": "Crisis accommodation is a safe place to stay for up to 30 days.",
        "uk": "Кризове житло — це безпечне місце, де можна пожити до 30 днів.",
        "ru": "Кризисное жильё — это безопасное место, где можно пожить до 30 дней.",
        "ro": "Cazarea de criză este un loc sigur unde puteți sta până la 30 de zile.",
        "es": "El alojamiento de crisis es un lugar seguro donde quedarse hasta 30 días.",
        "zh-hans": "危机住所是一个安全的住处，最多可住 30 天。",
        "hu": "A krízisszállás biztonságos hely, ahol legfeljebb 30 napig lehet lakni.",
        "sr-latn": "Krizni smještaj je sigurno mjesto za boravak do 30 dana.",
        "sq": "Strehimi i krizës është një vend i sigurt për të qëndruar deri në 30 ditë.",
        "ar": "السكن في حالات الأزمات مكان آمن للإقامة لمدة تصل إلى 30 يومًا.",
        "fa": "اقامتگاه بحران جایی امن برای ماندن تا 30 روز است.",
    },
    "mol-5-days": {
        "sl": "V Ljubljani je na voljo varno mesto za bivanje za pet dni, tudi brez prijave policiji.",
        "en": "In Ljubljana there is a safe place to stay for five days, also without going to the police.",
        "uk": "У Любляні є безпечне місце, де можна пожити п’ять днів, навіть без звернення до поліції.",
        "ru": "В Любляне есть безопасное место, где можно пожить пять дней, даже без обращения в полицию.",
        "ro": "La Ljubljana există un loc sigur unde puteți sta cinci zile, chiar și fără să mergeți la poliție.",
        "es": "En Liubliana hay un lugar seguro donde quedarse cinco días, también sin acudir a la policía.",
        "zh-hans": "在卢布尔雅那有一个安全的住处，可住五天，无需先去警察局。",
        "hu": "Ljubljanában öt napra biztonságos szállás kapható, rendőrségi bejelentés nélkül is.",
        "sr-latn": "U Ljubljani postoji sigurno mjesto za boravak od pet dana, i bez odlaska u policiju.",
        "sq": "Në Lubjanë ka një vend të sigurt për të qëndruar pesë ditë, edhe pa shkuar në polici.",
        "ar": "في ليوبليانا يوجد مكان آمن للإقامة لمدة خمسة أيام، حتى من دون التوجه إلى الشرطة.",
        "fa": "در لیوبلیانا جایی امن برای ماندن به مدت پنج روز هست، حتی بدون رفتن به پلیس.",
    },
}

# The worker notes, reworded where they named the person a "(presumed) victim".
NOTE_TEXTS = {
    "police-identify": (
        "V Sloveniji formalno identifikacijo (domnevne žrtve trgovine z ljudmi) opravi le policija. Krizna namestitev "
        "je za osebe, ki jih je policija identificirala; v Ljubljani je za še neidentificirane na voljo petdnevna "
        "namestitev. Nevladna organizacija (Ključ, Karitas) lahko svetuje že prej, pred kakršnim koli stikom s policijo.",
        "In Slovenia only the police carry out formal identification in a trafficking case. Crisis accommodation is "
        "for people the police have identified; in Ljubljana a five-day place exists for those not (yet) identified. "
        "An NGO (Ključ, Caritas) can advise first, before any contact with the police.",
    ),
}


TEMPORARY_PROTECTION_CASE = {'slug': 'temporary-protection-koper-night',
 'difficulty': 'hard',
 'tags': ['labour', 'temporary-protection', 'woman', 'adult'],
 'title_sl': 'Petek zvečer v Kopru: delavka z začasno zaščito',
 'title_en': 'Friday night in Koper: a worker with temporary protection',
 'story_sl': 'Ob desetih zvečer v petek policist v Kopru sreča žensko, ki je pred vojno prišla iz Ukrajine '
             'in ima začasno zaščito. Delala je v hotelski kuhinji, plače ni dobila že dva meseca, '
             'delodajalec ji je vzel potni list in jo nocoj vrgel iz sobe, ki ji jo je dajal. Nima kje '
             'prespati.',
 'story_en': 'At ten on a Friday evening a police officer in Koper meets a woman who fled the war in Ukraine '
             'and holds temporary protection. She worked in a hotel kitchen, has not been paid for two '
             'months, the employer took her passport and tonight threw her out of the room he gave her. She '
             'has nowhere to sleep.',
 'facts': {'age_group': 'adult',
           'gender': 'female',
           'migration_status': 'temporary_protection',
           'exploitation': ['labour'],
           'labour_indicators': ['unpaid_wages', 'documents_withheld', 'poor_housing'],
           'immediate_danger': False,
           'police_identified': False,
           'stage': 'just_left',
           'municipality': 'koper',
           'needs': ['accommodation'],
           'in_prostitution': False},
 'key': ['uoim-integration-support',
         'caritas-24h-line',
         'kljuc-hotline',
         'migrant-counselling-office',
         'labour-inspectorate'],
 'wrong': ['pats', 'pic-asylum-legal-aid', 'mol-crisis-accommodation', 'crisis-accommodation']}


def forward(apps, schema_editor):
    PathwayNote = apps.get_model("referral", "PathwayNote")
    for code, texts in PERSON_TEXTS.items():
        PathwayNote.objects.filter(code=code).update(person_text=texts)
    for code, (text_sl, text_en) in NOTE_TEXTS.items():
        PathwayNote.objects.filter(code=code).update(text_sl=text_sl, text_en=text_en)
    Scenario = apps.get_model("referral", "Scenario")
    if Scenario.objects.exists() and not Scenario.objects.filter(slug=TEMPORARY_PROTECTION_CASE["slug"]).exists():
        Scenario.objects.create(**TEMPORARY_PROTECTION_CASE)
    Programme = apps.get_model("directory", "Programme")
    if not Programme.objects.exists():
        return
    Criterion = apps.get_model("referral", "Criterion")
    Offer = apps.get_model("referral", "Offer")
    for criterion in Criterion.objects.select_related("programme"):
        found = REQUIREMENTS.get((criterion.programme.slug, criterion.clause))
        if found and not (criterion.requirement_sl or criterion.requirement_en):
            criterion.requirement_sl, criterion.requirement_en = found
            criterion.save(update_fields=["requirement_sl", "requirement_en"])
    for criterion in Criterion.objects.filter(programme__slug="uoim-integration-support", fact="migration_status"):
        if "temporary_protection" not in criterion.values:
            criterion.values = [*criterion.values, "temporary_protection"]
            criterion.save(update_fields=["values"])
    for slug, needs in OFFERS.items():
        programme = Programme.objects.filter(slug=slug).first()
        if programme is not None:
            for need in needs:
                Offer.objects.get_or_create(programme=programme, need=need)
    Programme.objects.update(version=models.F("version") + 1)
    CatalogueVersion = apps.get_model("directory", "CatalogueVersion")
    CatalogueVersion.objects.filter(pk=1).update(number=models.F("number") + 1, reset_at=models.F("number") + 1)


class Migration(migrations.Migration):
    dependencies = [("referral", "0008_requirements_offers_person_texts"), ("directory", "0018_municipality_region")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
