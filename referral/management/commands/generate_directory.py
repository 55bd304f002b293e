"""`manage.py generate_directory --services N --seed S`: a realistic synthetic directory for benchmarks.

Adds organisations (one per ten services), services with one to three contacts, opening hours,
service areas, languages, taxonomy terms and three to ten eligibility criteria each, in bulk.
Slugs start with `syn-` so the canonical catalogue is never touched; the same seed gives the
same directory, and running it again adds N more.
"""

import random
import uuid
from datetime import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.models import (
    Contact,
    Language,
    Municipality,
    OpeningHours,
    Organisation,
    Programme,
    ServiceKind,
    Term,
    search_document_for,
)
from directory.services import catalogue_changed
from referral.models import Criterion

DOMAIN_WORDS = [
    "pomoč",
    "podpora",
    "svetovanje",
    "namestitev",
    "varna",
    "krizna",
    "pravna",
    "delavci",
    "migranti",
    "mladi",
    "ženske",
    "otroci",
    "telefon",
    "center",
    "društvo",
    "zavod",
    "program",
    "mreža",
    "integracija",
    "zdravje",
    "dokumenti",
    "jezik",
    "tečaj",
    "zaposlitev",
    "support",
    "counselling",
    "shelter",
    "legal",
    "workers",
    "migrants",
    "youth",
    "women",
    "children",
    "helpline",
    "centre",
    "network",
]
SYLLABLES = ["ka", "ro", "mi", "se", "lo", "va", "du", "ne", "ri", "po", "ta", "be", "zi", "go", "ču", "še", "li", "mo"]


def _vocabulary(rng, size=2000):
    """Domain words plus pseudo-words: like real text, any one word is in a few percent of entries."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return DOMAIN_WORDS + sorted(words)


CRITERIA = [
    ("immediate_danger", "is", [True]),
    ("age_group", "in", ["adult"]),
    ("age_group", "in", ["minor"]),
    ("gender", "in", ["female"]),
    ("migration_status", "not_in", ["citizen"]),
    ("migration_status", "in", ["asylum_applicant", "international_protection"]),
    ("police_identified", "is", [True]),
    ("police_cooperation", "in", ["yes"]),
    ("exploitation", "includes_any", ["labour"]),
    ("exploitation", "includes_any", ["sexual", "servitude"]),
    ("exploitation", "not_empty", []),
    ("labour_indicators", "includes_any", ["no_insurance", "unpaid_wages"]),
    ("in_prostitution", "is", [True]),
    ("stage", "in", ["rebuilding"]),
    ("needs", "includes_any", ["accommodation"]),
    ("needs", "includes_any", ["legal", "documents"]),
    ("wants_anonymity", "is", [True]),
    ("municipality", "in_service_area", []),
]
BATCH = 2000


class Command(BaseCommand):
    help = "Fill the database with N synthetic services (slugs syn-…) for benchmarks and load tests."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, services, seed, **options):
        if services < 1 or services > 1_000_000:
            raise CommandError("--services must be between 1 and 1,000,000", returncode=2)
        municipalities = list(Municipality.objects.values_list("pk", flat=True))
        languages = list(Language.objects.values_list("pk", flat=True))
        terms = list(Term.objects.values_list("pk", flat=True))
        if not municipalities or not languages:
            raise CommandError("load the catalogue first (make setup)", returncode=2)
        self.words = _vocabulary(random.Random(0))
        start = Programme.objects.filter(slug__startswith="syn-").count()
        before = Organisation.objects.filter(slug__startswith="syn-").count()
        # The same seed on an empty directory gives the same directory; run again, it adds more.
        rng = random.Random(seed if start == before == 0 else f"{seed}+{start}+{before}")
        with transaction.atomic():
            orgs = self._organisations(rng, start, services)
            for offset in range(0, services, BATCH):
                count = min(BATCH, services - offset)
                self._batch(rng, start + offset, count, orgs, municipalities, languages, terms)
            catalogue_changed()  # bulk rows skip the write path: tell the caches
        total = start + services
        self.stdout.write(self.style.SUCCESS(f"Generated {services} services (seed {seed}); {total} synthetic in all."))

    def _name(self, rng, n):
        return " ".join(rng.choice(self.words) for _ in range(n)).capitalize()

    def _uid(self, rng):
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    def _organisations(self, rng, start, services):
        wanted = max(1, services // 10)
        first = Organisation.objects.filter(slug__startswith="syn-").count()
        Organisation.objects.bulk_create(
            Organisation(
                uid=self._uid(rng),
                slug=f"syn-org-{first + i}",
                kind="ngo",
                name_sl=self._name(rng, 3),
                name_en=self._name(rng, 3),
                description_sl=self._name(rng, 12),
            )
            for i in range(wanted)
        )
        return list(Organisation.objects.filter(slug__startswith="syn-org-").only("pk", "name_sl", "name_en"))

    def _batch(self, rng, start, count, orgs, municipalities, languages, terms):
        new = [
            Programme(
                uid=self._uid(rng),
                slug=f"syn-{start + i}",
                organisation=rng.choice(orgs),
                kind=rng.choice(ServiceKind.values),
                name_sl=self._name(rng, 4),
                name_en=self._name(rng, 4),
                description_sl=self._name(rng, 25),
                description_en=self._name(rng, 25),
                eligibility_sl=self._name(rng, 10),
                eligibility_en=self._name(rng, 10),
                offers_sl=self._name(rng, 15),
                offers_en=self._name(rng, 15),
                area_national=rng.random() < 0.6,
                interpretation=rng.random() < 0.2,
            )
            for i in range(count)
        ]
        for programme in new:  # bulk rows skip the write path, which keeps the document
            programme.search_document = search_document_for(programme)
        programmes = Programme.objects.bulk_create(new)
        if programmes[0].pk is None:  # backends that do not return ids from bulk_create
            programmes = list(Programme.objects.filter(slug__in=[p.slug for p in programmes]).order_by("pk"))
        contacts, served, hours, criteria, areas, langs, tags = [], [], [], [], [], [], []
        numbers = Contact.objects.count()  # distinct numbers: one row per organisation and number
        Areas, Langs, Tags = (
            Programme.area_municipalities.through,
            Programme.languages.through,
            Programme.terms.through,
        )
        for p in programmes:
            for position in range(rng.randint(1, 3)):
                numbers += 1
                contacts.append(
                    Contact(
                        uid=self._uid(rng),
                        organisation_id=p.organisation_id,
                        kind="phone",
                        position=position,
                        value=f"+3861{1000000 + numbers % 9000000}",
                        always_open=rng.random() < 0.1,
                    )
                )
                served.append(p)
            for clause, (fact, op, values) in enumerate(rng.sample(CRITERIA, rng.randint(3, 10)), start=1):
                criteria.append(
                    Criterion(
                        programme=p,
                        clause=clause,
                        fact=fact,
                        operator=op,
                        values=values,
                        explanation_sl="Pogoj.",
                        explanation_en="Criterion.",
                    )
                )
            if not p.area_national:
                areas += [Areas(programme=p, municipality_id=m) for m in rng.sample(municipalities, 3)]
            langs += [Langs(programme=p, language_id=lang) for lang in rng.sample(languages, 2)]
            tags += [Tags(programme=p, term_id=t) for t in rng.sample(terms, min(3, len(terms)))]
        contacts = Contact.objects.bulk_create(contacts, batch_size=BATCH)
        if contacts and contacts[0].pk is None:
            by_uid = dict(Contact.objects.filter(uid__in=[c.uid for c in contacts]).values_list("uid", "pk"))
            for c in contacts:
                c.pk = by_uid[c.uid]
        Links = Contact.programmes.through
        Links.objects.bulk_create(
            [Links(contact_id=c.pk, programme_id=p.pk) for c, p in zip(contacts, served, strict=True)], batch_size=BATCH
        )
        for c in contacts:
            if not c.always_open:
                opens, closes = time(rng.randint(7, 10)), time(rng.randint(13, 18))
                row = OpeningHours(uid=self._uid(rng), contact=c, days="working_days", opens=opens, closes=closes)
                hours.append(row)
        OpeningHours.objects.bulk_create(hours, batch_size=BATCH)
        Criterion.objects.bulk_create(criteria, batch_size=BATCH)
        for model, rows in ((Areas, areas), (Langs, langs), (Tags, tags)):
            model.objects.bulk_create(rows, batch_size=BATCH)
