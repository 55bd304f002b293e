# The first search thesaurus (issue 25), from the triage vocabulary (needs, forms of exploitation,
# who a programme is for) and the words the catalogue uses; staff edit it in the admin. Search
# documents gain the base forms of their words (directory.words), so every programme's is rebuilt.

from django.db import migrations


def c(code, label_sl, label_en, phrases, finds):
    return code, label_sl, label_en, "\n".join(phrases), "\n".join(finds)


CONCEPTS = [
    c("accommodation", "Nastanitev", "Accommodation",
      ["nastanitev", "namestitev", "varna hiša", "zatočišče", "prenočišče", "streha nad glavo", "kje spati",
       "prespati", "bivanje", "stanovanje", "postelja", "krizni center", "materinski dom", "safe house", "shelter",
       "accommodation", "housing", "place to stay", "somewhere to sleep", "a bed"],
      ["nastanit", "namestit", "accommodation", "housing", "shelter", "zatocisc"]),
    c("labour", "Izkoriščanje pri delu", "Labour exploitation",
      ["prisilno delo", "izkoriščanje delavcev", "delovno izkoriščanje", "izkoriščanje pri delu", "neplačana plača",
       "neizplačana plača", "neplačano delo", "plača", "delodajalec", "delavske pravice", "delo na črno",
       "forced labour", "forced labor", "labour exploitation", "labor exploitation", "unpaid wages", "employer",
       "workers rights", "undeclared work"],
      ["delavc", "delavsk", "delovn", "delodajal", "delo na crno", "labour", "worker", "undeclared work"]),
    c("trafficking", "Trgovina z ljudmi", "Trafficking in human beings",
      ["trgovina z ljudmi", "trgovanje z ljudmi", "trgovina ljudi", "thb", "human trafficking", "trafficking",
       "trafficked"],
      ["trgovin", "trgovanj", "trafficking"]),
    c("minors", "Otroci in mladi", "Children and young people",
      ["otrok", "mladoletnik", "mladoletna oseba", "mladostnik", "najstnik", "deček", "deklica", "child",
       "children", "minor", "teenager", "young people", "unaccompanied"],
      ["otrok", "otroc", "mladolet", "mladostn", "mladi", "child", "minor", "teenager", "young"]),
    c("sexual", "Spolno izkoriščanje in prostitucija", "Sexual exploitation and prostitution",
      ["prostitucija", "prostitutka", "spolno izkoriščanje", "spolno delo", "spolno nasilje", "seks", "sex work",
       "prostitution", "sexual exploitation", "sexual violence"],
      ["prostitu", "spoln", "sexual"]),
    c("asylum", "Azil in mednarodna zaščita", "Asylum and international protection",
      ["azil", "prosilec za azil", "azilni dom", "begunec", "mednarodna zaščita", "asylum", "asylum seeker",
       "refugee", "international protection"],
      ["azil", "mednarodno zascit", "mednarodna zascit", "asylum", "international protection"]),
    c("migrants", "Migranti in tujci", "Migrants and foreigners",
      ["migrant", "tujec", "priseljenec", "delavec migrant", "brez dokumentov", "foreigner", "migrant worker",
       "immigrant", "undocumented"],
      ["migrant", "tuj", "priseljen", "tretjih drzav", "third-country", "foreign"]),
    c("temporary-protection", "Začasna zaščita", "Temporary protection",
      ["začasna zaščita", "temporary protection", "Ukrajina", "Ukrajinka", "Ukrajinec", "Ukraine", "Ukrainian",
       "razseljeni", "displaced"],
      ["zascit", "protection", "integracij", "integration"]),
    c("legal", "Pravna pomoč", "Legal help",
      ["pravna pomoč", "pravni nasvet", "odvetnik", "pravnik", "pravice", "zastopanje", "lawyer", "legal aid",
       "legal advice", "rights"],
      ["pravn", "odvetni", "pravic", "legal", "lawyer", "rights"]),
    c("health", "Zdravje", "Health",
      ["zdravnik", "zdravstvo", "zdravje", "bolnišnica", "zdravstvena oskrba", "doctor", "health", "medical",
       "hospital"],
      ["zdrav", "health", "medic"]),
    c("psychosocial", "Psihosocialna podpora", "Psychosocial support",
      ["psiholog", "psihoterapija", "pogovor", "svetovanje", "psihosocialna podpora", "travma", "counselling",
       "counseling", "therapy", "someone to talk to", "trauma"],
      ["psiho", "svetovan", "pogovor", "counsel", "therap", "talk to"]),
    c("helpline", "Telefon za pomoč", "Helpline",
      ["telefon za pomoč", "dežurni telefon", "svetovalni telefon", "klic", "hotline", "helpline", "phone line",
       "call"],
      ["telefon", "helpline", "phone", "line"]),
    c("emergency", "Nujna pomoč", "Emergency",
      ["nujno", "nevarnost", "klic v sili", "policija", "emergency", "danger", "police"],
      ["nujn", "nevarnost", "emergency", "danger", "polic"]),
    c("language-course", "Tečaj slovenščine", "Slovenian course",
      ["tečaj slovenščine", "slovenščina", "učenje slovenščine", "jezikovni tečaj", "slovenian lessons",
       "language course", "learn slovenian"],
      ["tecaj", "slovenscin", "slovenian course", "slovenian lessons"]),
    c("employment", "Zaposlitev", "Employment",
      ["služba", "zaposlitev", "iskanje dela", "delo iskati", "job", "employment", "finding work"],
      ["zaposlit", "job", "employment"]),
    c("documents", "Dokumenti", "Documents",
      ["dokumenti", "osebni dokument", "potni list", "papirji", "dovoljenje za prebivanje", "documents",
       "passport", "papers", "residence permit"],
      ["dokument", "document", "dovoljenj", "permit"]),
    c("interpretation", "Tolmačenje", "Interpreting",
      ["tolmač", "tolmačenje", "prevajalec", "prevod", "interpreter", "interpreting", "translation"],
      ["tolmac", "prevaj", "interpret", "translat"]),
    c("return-home", "Vrnitev domov", "Returning home",
      ["vrnitev domov", "vrnitev v domovino", "domov", "return home", "go home", "repatriation"],
      ["vrnit", "domov", "return", "repatriat"]),
    c("report", "Prijava", "Reporting",
      ["prijava", "prijaviti", "anonimna prijava", "ovaditi", "report", "reporting", "anonymous report"],
      ["prijav", "report"]),
    c("anonymous", "Anonimno", "Anonymously",
      ["anonimno", "brez imena", "anonymous", "anonymously", "without a name"],
      ["anonim", "anonymous", "without giving your name"]),
    c("money", "Denar za osnovne potrebe", "Money for basic needs",
      ["denar", "finančna pomoč", "socialna pomoč", "hrana", "money", "financial help", "food"],
      ["financn", "denar", "material", "financial", "hrana", "food"]),
    c("begging", "Beračenje", "Forced begging",
      ["beračenje", "prosjačenje", "berač", "begging", "forced begging"],
      ["berac", "prosjac", "begging"]),
    c("forced-marriage", "Prisilna poroka", "Forced marriage",
      ["prisilna poroka", "poroka", "forced marriage", "marriage"],
      ["poro", "marriage"]),
    c("servitude", "Služabništvo", "Domestic servitude",
      ["služabništvo", "suženjstvo", "gospodinjsko delo", "servitude", "domestic work", "slavery"],
      ["sluzabn", "suzenj", "servitud", "slavery", "gospodinj"]),
    c("violence", "Nasilje", "Violence",
      ["nasilje", "nasilje v družini", "zloraba", "violence", "domestic violence", "abuse"],
      ["nasilj", "violence", "abuse", "zlorab"]),
    c("women", "Ženske", "Women",
      ["ženska", "ženske", "dekle", "woman", "women", "girl"],
      ["zensk", "women", "woman", "girl", "dekl"]),
]


def add_concepts(apps, schema_editor):
    SearchConcept = apps.get_model("directory", "SearchConcept")
    for code, label_sl, label_en, phrases, finds in CONCEPTS:
        SearchConcept.objects.get_or_create(
            code=code, defaults={"label_sl": label_sl, "label_en": label_en, "phrases": phrases, "finds": finds}
        )


def rebuild_documents(apps, schema_editor):
    from directory.models import search_document_for  # reads plain fields: historical rows will do

    Programme = apps.get_model("directory", "Programme")
    batch = []
    for programme in Programme.objects.select_related("organisation").iterator(chunk_size=2000):
        programme.search_document = search_document_for(programme)
        batch.append(programme)
    Programme.objects.bulk_update(batch, ["search_document"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("directory", "0019_search_concepts")]

    operations = [
        migrations.RunPython(add_concepts, migrations.RunPython.noop),
        migrations.RunPython(rebuild_documents, migrations.RunPython.noop),
    ]
