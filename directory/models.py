"""The directory, shaped like Open Referral HSDS 3: organisations, programmes (HSDS "service"),
locations, contacts with opening hours, service areas, languages, funders and taxonomy terms."""

import uuid
from datetime import timedelta
from functools import reduce
from operator import or_

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumbers import shortnumberinfo
from simple_history.models import HistoricalRecords

from directory import hours as hours_lib
from directory.search import fold, ranked_search
from directory.translation import CONTENT_LANGUAGES, Translated
from directory.words import lemmas


class Source(models.TextChoices):
    REPORT = "report", _("Research report on trafficking in Slovenia (2023–2024)")
    PUBLIC = "public", _("Public information")
    PRESS = "press", _("A press article")
    PROVIDER = "provider", _("The provider")


class Provenance(models.Model):
    """Where a fact comes from and when its provider last confirmed it."""

    source = models.CharField(_("source"), max_length=20, choices=Source, default=Source.PROVIDER)
    source_note = models.CharField(_("source details"), max_length=300, blank=True)
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def verification_age_days(self, now=None):
        """Days since the provider last confirmed this, or None if never."""
        if self.last_verified_at is None:
            return None
        return ((now or timezone.now()) - self.last_verified_at).days

    @property
    def verification_state(self):
        """fresh, due, stale or never (ProgrammeQuerySet.with_staleness is its SQL twin)."""
        return Staleness.of(self.last_verified_at).name.lower()

    @property
    def source_note_shown(self):
        """The source note in the active language: notes written "Slovenian / English" show the
        half for the reader, a note in one language shows as it is."""
        parts = [part.strip() for part in self.source_note.split(" / ")]
        if len(parts) != 2:
            return self.source_note
        return parts[0] if get_language() == "sl" else parts[1]


class Region(models.TextChoices):
    """The 12 statistical regions of SURS (NUTS 3); each municipality belongs to one."""

    POMURSKA = "pomurska", "Pomurska"
    PODRAVSKA = "podravska", "Podravska"
    KOROSKA = "koroska", "Koroška"
    SAVINJSKA = "savinjska", "Savinjska"
    ZASAVSKA = "zasavska", "Zasavska"
    POSAVSKA = "posavska", "Posavska"
    JUGOVZHODNA = "jugovzhodna-slovenija", "Jugovzhodna Slovenija"
    OSREDNJESLOVENSKA = "osrednjeslovenska", "Osrednjeslovenska"
    GORENJSKA = "gorenjska", "Gorenjska"
    PRIMORSKO_NOTRANJSKA = "primorsko-notranjska", "Primorsko-notranjska"
    GORISKA = "goriska", "Goriška"
    OBALNO_KRASKA = "obalno-kraska", "Obalno-kraška"


class Municipality(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("statistical region"), max_length=30, choices=Region, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class Language(models.Model):
    """A language a programme works in (ISO 639-1 code)."""

    code = models.CharField(
        _("ISO 639-1 code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[a-z]{2,3}$", _("Use a lower-case ISO 639-1 code, e.g. sl."))],
    )
    name_sl = models.CharField(_("name (Slovenian)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    name = Translated()

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Taxonomy(models.TextChoices):
    EXPLOITATION = "exploitation", _("Form of exploitation")
    AUDIENCE = "audience", _("Who it is for")


class Term(models.Model):
    """A taxonomy term (HSDS taxonomy_term): a form of exploitation or a group a programme serves."""

    taxonomy = models.CharField(_("taxonomy"), max_length=20, choices=Taxonomy)
    code = models.SlugField(_("code"), max_length=40)
    name_sl = models.CharField(_("name (Slovenian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name = Translated()

    history = HistoricalRecords()

    class Meta:
        ordering = ["taxonomy", "code"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="term_unique_code"),
            models.CheckConstraint(condition=Q(taxonomy__in=Taxonomy.values), name="term_taxonomy_valid"),
        ]

    def __str__(self):
        return self.name


class SearchConcept(models.Model):
    """A concept of the search thesaurus: everyday words and phrases, in either language, that mean
    what some programmes offer or deal with ("varna hiša", "streha nad glavo" -> accommodation).
    A query holding a phrase (in any word form) finds the programmes whose text holds any of the
    concept's words. Staff keep it in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_sl = models.CharField(_("label (Slovenian)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120)
    phrases = models.TextField(_("what people type"), help_text=_("One word or phrase a line, in either language."))
    finds = models.TextField(
        _("words programmes use"),
        help_text=_("One word, or the start of one, a line (e.g. “nastanit”): any of them finds a programme."),
    )
    label = Translated()

    class Meta:
        ordering = ["code"]
        verbose_name = _("search concept")
        verbose_name_plural = _("search concepts")

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        if not _lines(self.phrases):
            errors["phrases"] = _("Write at least one word or phrase.")
        if not _lines(self.finds) or any(len(w) < 3 for w in _lines(self.finds)):
            errors["finds"] = _("Write at least one word, each of three letters or more.")
        if errors:
            raise ValidationError(errors)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Funder(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    name_sl = models.CharField(_("name (Slovenian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name = Translated()

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self):
        return self.abbreviation or self.name


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("Non-governmental organisation")
    PUBLIC = "public", _("Public body")
    UNION = "union", _("Trade union")
    NETWORK = "network", _("Network")


class OrganisationQuerySet(models.QuerySet):
    def for_page(self):
        return self.prefetch_related(Prefetch("programmes", queryset=Programme.objects.for_directory().ended_last()))


class Organisation(Provenance):
    uid = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind)
    name_sl = models.CharField(_("name (Slovenian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_sl = models.TextField(_("description (Slovenian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    founded = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    name = Translated()
    description = Translated()
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"),
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__gte=1800, founded__lte=2100),
                name="organisation_founded_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:organisation", args=[self.slug])

    @property
    def meta_description(self):
        """One line for search results: who they are and what they do."""
        text = f"{self.name} – {self.get_kind_display()}. {self.description or ''}"
        return Truncator(" ".join(text.split())).chars(160)


class Location(models.Model):
    """A physical place. A confidential one (a safe house) never shows, exports or sends its address."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="locations")
    name_sl = models.CharField(_("name (Slovenian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confidential = models.BooleanField(
        _("confidential address"),
        default=False,
        help_text=_("A safe house: the address is never shown, exported or sent by the API."),
    )

    name = Translated()

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "pk"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name

    @property
    def public_address(self):
        """The address for public display; empty for a confidential location."""
        if self.confidential:
            return ""
        street = ", ".join(p for p in [self.address, f"{self.postal_code} {self.city}".strip()] if p)
        return street


PLACES_FRESH_HOURS = 24


class ServiceKind(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency number")
    HELPLINE = "helpline", _("Helpline")
    REPORTING = "reporting", _("Reporting line")
    ACCOMMODATION = "accommodation", _("Accommodation")
    SUPPORT = "support", _("Support and counselling")
    LEGAL = "legal", _("Legal help")
    INTEGRATION = "integration", _("Integration")
    NETWORK = "network", _("Professional network")


class Status(models.TextChoices):
    """HSDS service status, in our words."""

    ACTIVE = "active", _("Active")
    TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
    ENDED = "ended", _("Ended")


def verification_cutoffs(now=None):
    """(due, stale): confirmed before `due` is due for checking, before `stale` is stale."""
    now = now or timezone.now()
    return now - timedelta(days=settings.VERIFICATION_DUE_DAYS), now - timedelta(days=settings.VERIFICATION_STALE_DAYS)


class Staleness(models.IntegerChoices):
    """How long ago a provider confirmed a programme; the order is the directory's sort order."""

    FRESH = 0, _("Fresh")
    DUE = 1, _("Due for checking")
    NEVER = 2, _("Never verified")
    STALE = 3, _("Stale")

    @classmethod
    def of(cls, last_verified_at, now=None):
        if last_verified_at is None:
            return cls.NEVER
        due, stale = verification_cutoffs(now)
        if last_verified_at < stale:
            return cls.STALE
        return cls.DUE if last_verified_at <= due else cls.FRESH


def ended_q(today=None):
    """Ended by its status, or by an end date that has passed (nobody has to edit it)."""
    return Q(status=Status.ENDED) | Q(end_date__lt=today or timezone.localdate())


def results_prefetches():
    """A results card's contacts (in order) with their hours, and languages."""
    return (Prefetch("contacts", queryset=Contact.objects.order_by("position", "pk")), "contacts__hours", "languages")


class ProgrammeQuerySet(models.QuerySet):
    def with_staleness(self, now=None):
        due, stale = verification_cutoffs(now)
        return self.annotate(
            staleness=models.Case(
                models.When(last_verified_at__isnull=True, then=models.Value(Staleness.NEVER)),
                models.When(last_verified_at__lt=stale, then=models.Value(Staleness.STALE)),
                models.When(last_verified_at__lte=due, then=models.Value(Staleness.DUE)),
                default=models.Value(Staleness.FRESH),
            )
        )

    def kept_by(self, user):
        """What `user` keeps current: everything for staff, else their organisations' programmes."""
        if user.is_staff:
            return self
        return self.filter(organisation__memberships__user=user)

    def running(self, today=None):
        """Current and started: what can be reached today (a programme not started yet cannot)."""
        today = today or timezone.localdate()
        return self.current(today).exclude(start_date__gt=today)

    def current(self, today=None):
        """Not ended: neither marked so nor past its end date."""
        return self.exclude(ended_q(today))

    def ended(self, today=None):
        return self.filter(ended_q(today))

    def ended_last(self, today=None):
        return self.order_by(models.Case(models.When(ended_q(today), then=1), default=0), "slug")

    def for_results(self):
        """What triage results and sheets show: provider, contacts with their hours, languages."""
        return self.select_related("organisation").prefetch_related(*results_prefetches())

    def for_directory(self):
        """Everything a list or detail page shows, in a fixed number of queries."""
        return self.for_results().prefetch_related("terms", "area_municipalities")

    def for_detail(self):
        return (
            self.for_directory()
            .select_related("verified_by")
            .prefetch_related(
                "funders",
                Prefetch("locations", queryset=Location.objects.select_related("municipality")),
            )
        )

    def serving(self, municipality):
        """Programmes for the whole country or with `municipality` in their service area."""
        in_area = Programme.area_municipalities.through.objects.filter(
            programme=OuterRef("pk"), municipality=municipality
        )
        return self.filter(Q(area_national=True) | Exists(in_area))

    def speaking(self, language):
        """Programmes that work in `language` or with interpreters."""
        speaks = Programme.languages.through.objects.filter(programme=OuterRef("pk"), language=language)
        return self.filter(Q(interpretation=True) | Exists(speaks))

    def open_at(self, at=None):
        return self.filter(Exists(Contact.objects.filter(programmes=OuterRef("pk")).open_at(at)))

    def search(self, text, query=None, every=True):
        """Programmes for what was typed, in any word form (directory.words), concepts of the
        thesaurus and places understood (`query`: `thesaurus.understood(text)`), annotated
        with `name_hit` (every part found in its names), `reachable` (a phone open now) and
        `relevance`."""
        if query is None:
            from directory.thesaurus import understood

            query = understood(text)
        found = self
        for place in query.places:
            found = found.serving(Municipality.objects.filter(slug=place.code).values("pk")[:1])
        if query.groups:
            found = ranked_search(found, query.groups, " ".join(w for w, _ in query.plain) or text, every)
        else:
            found = found.annotate(relevance=models.Value(0.0, output_field=models.FloatField()))
        # The score that orders what was found: for each part of the query, 3 when what was typed is
        # in a name, 2 when a concept's word is, 1 when what was typed is anywhere in the text; 2
        # for a programme serving a place named (not only the whole country).
        names = ("name_sl", "name_en", "organisation__name_sl", "organisation__name_en")

        def points(alternatives, fields, worth):
            if not alternatives:
                return models.Value(0)
            hit = reduce(or_, (Q(**{f"{n}__folded__contains": a}) for a in alternatives for n in fields))
            return models.Case(models.When(hit, then=worth), default=0)

        score = models.Value(0)
        for group, exact in zip(query.groups, query.exact, strict=True):
            score = score + points(exact, names, 3) + points(group - exact, names, 2)
            score = score + points(exact, ("search_document",), 1)
        for place in query.places:
            local = Programme.area_municipalities.through.objects.filter(
                programme=OuterRef("pk"), municipality__slug=place.code
            )
            score = score + models.Case(models.When(Exists(local), then=2), default=0)
        phones = Contact.objects.filter(programmes=OuterRef("pk"), kind=ContactKind.PHONE).open_at()
        return found.annotate(
            name_hit=models.ExpressionWrapper(score, output_field=models.IntegerField()),
            reachable=Exists(phones),
        )

    def rebuild_search_documents(self):
        """After a raw load (fixtures), or when a provider's name changed (see directory.services)."""
        batch = []
        for programme in self.select_related("organisation").iterator(chunk_size=2000):
            programme.search_document = search_document_for(programme)
            batch.append(programme)
            if len(batch) == 2000:
                Programme.objects.bulk_update(batch, ["search_document"])
                batch = []
        Programme.objects.bulk_update(batch, ["search_document"])


SEARCH_FIELDS = [
    f"{field}_{lang}" for field in ("name", "description", "eligibility", "offers") for lang in CONTENT_LANGUAGES
] + ["slug"]


def search_document_for(programme):
    """What search matches, folded: names (the programme's and its provider's) | the other texts |
    the base forms of every word (directory.words), so that "delavci" finds "delavec". PostgreSQL
    weighs the first part higher when ranking and reads the first two only."""
    names = [programme.name_sl, programme.name_en]
    if programme.organisation_id is not None:
        names += [programme.organisation.name_sl, programme.organisation.name_en]
    rest = [getattr(programme, name) or "" for name in SEARCH_FIELDS if not name.startswith("name_")]
    written = " ".join(n or "" for n in names) + " | " + " ".join(rest)
    return fold(written) + " | " + lemmas(written)


class Programme(Provenance):
    """A support programme or service (HSDS "service")."""

    uid = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    provider_uncertain = models.BooleanField(
        _("provider not confirmed"),
        default=False,
        help_text=_("The source does not say for certain who runs this."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    name_sl = models.CharField(_("name (Slovenian)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250)
    description_sl = models.TextField(_("description (Slovenian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    eligibility_sl = models.TextField(_("who it is for (Slovenian)"), blank=True)
    eligibility_en = models.TextField(_("who it is for (English)"), blank=True)
    offers_sl = models.TextField(_("what it offers (Slovenian)"), blank=True)
    offers_en = models.TextField(_("what it offers (English)"), blank=True)
    fees_sl = models.CharField(_("fees (Slovenian)"), max_length=200, blank=True)
    fees_en = models.CharField(_("fees (English)"), max_length=200, blank=True)
    partners_sl = models.TextField(_("partners (Slovenian)"), blank=True)
    partners_en = models.TextField(_("partners (English)"), blank=True)
    figures_sl = models.TextField(_("figures (Slovenian)"), blank=True)
    figures_en = models.TextField(_("figures (English)"), blank=True)
    funding_note_sl = models.TextField(_("funding history (Slovenian)"), blank=True)
    funding_note_en = models.TextField(_("funding history (English)"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("running since (year)"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    funders = models.ManyToManyField(Funder, verbose_name=_("funders"), blank=True)
    terms = models.ManyToManyField(Term, verbose_name=_("taxonomy terms"), blank=True)
    languages = models.ManyToManyField(Language, verbose_name=_("languages"), blank=True)
    interpretation = models.BooleanField(
        _("interpretation available"),
        default=False,
        help_text=_("Works with interpreters, so it can serve people in other languages too."),
    )
    area_national = models.BooleanField(_("serves the whole country"), default=True)
    area_municipalities = models.ManyToManyField(Municipality, verbose_name=_("municipalities served"), blank=True)
    locations = models.ManyToManyField(Location, verbose_name=_("locations"), blank=True, related_name="programmes")
    # Folded text of SEARCH_FIELDS, kept by directory.services: one indexed column makes search fast at 100k rows.
    search_document = models.TextField(editable=False, blank=True, default="")
    # Optimistic locking: every change through directory.services increments it; an edit made from an
    # older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    modified_at = models.DateTimeField(_("last modified"), auto_now=True, null=True)
    verifier_email = models.EmailField(
        _("verifier's e-mail"), blank=True, help_text=_("Published as the HSDS assurer e-mail.")
    )
    # Free places (HSDS 3.1 service_capacity), for accommodation: kept by its provider.
    places_available = models.PositiveSmallIntegerField(_("free places"), null=True, blank=True)
    places_total = models.PositiveSmallIntegerField(_("places in all"), null=True, blank=True)
    places_updated_at = models.DateTimeField(_("free places updated"), null=True, blank=True)
    places_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(
        m2m_fields=[languages, area_municipalities], excluded_fields=["search_document", "modified_at"]
    )

    name = Translated()
    description = Translated()
    eligibility = Translated()
    offers = Translated()
    fees = Translated()
    partners = Translated()
    figures = Translated()
    funding_note = Translated()

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="programme_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=ServiceKind.values), name="programme_kind_valid"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__gte=1900, start_year__lte=2100),
                name="programme_start_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(places_available__isnull=True)
                | Q(places_total__isnull=True)
                | Q(places_available__lte=models.F("places_total")),
                name="programme_places_within_total",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:programme", args=[self.slug])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must not be before the start date.")})
        self.clean_places()

    @property
    def current_status(self):
        """The status as of today: a programme past its end date has ended."""
        if self.end_date and self.end_date < timezone.localdate():
            return Status.ENDED
        return Status(self.status)

    @property
    def is_ended(self):
        return self.current_status == Status.ENDED

    @property
    def places(self):
        """Free places as results show them: None when not kept, else (available, total, updated,
        known); an update older than PLACES_FRESH_HOURS is not known any more."""
        if self.places_updated_at is None or self.places_available is None:
            return None
        known = timezone.now() - self.places_updated_at <= timedelta(hours=PLACES_FRESH_HOURS)
        return {
            "available": self.places_available,
            "total": self.places_total,
            "updated": self.places_updated_at,
            "known": known,
        }

    def clean_places(self):
        available, total = self.places_available, self.places_total
        if available is not None and total is not None and available > total:
            raise ValidationError({"places_available": _("There cannot be more free places than places in all.")})

    @property
    def meta_description(self):
        """One line for search results: what it is and who runs it, then what it does."""
        text = f"{self.name} – {self.organisation.name}. {self.description or self.offers or ''}"
        return Truncator(" ".join(text.split())).chars(160)

    @property
    def is_free(self):
        """The data says it costs nothing (fees recorded as "free")."""
        return self.fees_en.strip().lower() == "free" or self.fees_sl.strip().lower() == "brezplačno"

    @property
    def starts_later(self):
        """A programme whose start date is still ahead: listed, never suggested yet."""
        return bool(self.start_date and self.start_date > timezone.localdate())

    def open_now(self, at=None):
        """True if any contact is open, False if all with known hours are closed, None if unknown."""
        states = [contact.open_now(at) for contact in self.contacts.all()]
        if any(states):
            return True
        return False if any(s is False for s in states) else None

    @property
    def exploitation_terms(self):
        return [term for term in self.terms.all() if term.taxonomy == Taxonomy.EXPLOITATION]


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Website")
    SOCIAL = "social", _("Social network")


class ContactQuerySet(models.QuerySet):
    def open_at(self, at=None):
        """Contacts open at `at` (now by default): the SQL twin of `hours.is_open`."""
        day, moment, holiday = hours_lib.local_moment(at)
        in_hours = Exists(
            OpeningHours.objects.filter(
                contact=OuterRef("pk"),
                days__in=hours_lib.day_codes(day),
                opens__lte=moment,
                closes__gt=moment,
            )
        )
        if holiday:
            in_hours &= Q(closed_on_holidays=False)
        return self.filter(Q(always_open=True) | in_hours)


def normalise_phone(raw):
    """The stored form of a Slovenian or international phone number (E.164) or short code (112)."""
    try:
        number = phonenumbers.parse(raw, "SI")
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number is not None and shortnumberinfo.is_valid_short_number(number):
        return str(number.national_number)
    raise ValidationError(
        _("“%(value)s” is not a valid phone number. Write it as people dial it, e.g. 080 17 22 or +386 1 234 56 78."),
        params={"value": raw},
        code="invalid_phone",
    )


# Numbers set in law: 112 and 113 (Electronic Communications Act), 116 000 and 116 111 (the EU's
# harmonised 116 numbers, Commission Decision 2007/116/EC).
OFFICIAL_NUMBERS = frozenset({"112", "113", "116000", "116111"})


class Contact(Provenance):
    """A way to reach an organisation's programmes: phone, e-mail, web or social link, with its own
    hours. One row however many programmes it serves (HSDS puts phones on organisations and on
    services): one edit changes it everywhere, one history, one revert."""

    uid = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    programmes = models.ManyToManyField(
        Programme, related_name="contacts", verbose_name=_("programmes it serves"), blank=True
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind)
    value = models.CharField(
        _("value"),
        max_length=300,
        help_text=_("Phones are stored in E.164 (+386…) or as a short code (112)."),
    )
    display = models.CharField(
        _("shown as"),
        max_length=100,
        blank=True,
        help_text=_("How people write it, e.g. 080 17 22."),
    )
    label_sl = models.CharField(_("label (Slovenian)"), max_length=200, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    toll_free = models.BooleanField(_("toll-free"), default=False)
    anonymous = models.BooleanField(_("can be used anonymously"), default=False)
    always_open = models.BooleanField(_("24/7"), default=False)
    closed_on_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    label = Translated()
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "position", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ContactKind.values), name="contact_kind_valid"),
            models.CheckConstraint(
                condition=Q(toll_free=False) | Q(kind=ContactKind.PHONE),
                name="contact_toll_free_only_phone",
            ),
            models.UniqueConstraint(fields=["organisation", "kind", "value"], name="contact_one_row_per_organisation"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.shown}"

    def clean(self):
        value = (self.value or "").strip()
        if self.kind == ContactKind.PHONE:
            try:
                self.value = normalise_phone(value)
            except ValidationError as exc:
                raise ValidationError({"value": exc}) from None
            self.display = self.display or value
        else:
            validator = (
                EmailValidator(message=_("Enter a valid e-mail address."))
                if self.kind == ContactKind.EMAIL
                else URLValidator(message=_("Enter a full web address starting with https://."))
            )
            try:
                validator(value)
            except ValidationError as exc:
                raise ValidationError({"value": exc}) from None
            self.value = value
        if self.toll_free and self.kind != ContactKind.PHONE:
            raise ValidationError({"toll_free": _("Only a phone number can be toll-free.")})

    @property
    def shown(self):
        return self.display or self.value

    @property
    def is_official(self):
        """A number set in law (emergency 112, police 113, the European 116 numbers): shown as
        official, never as "not verified" by a provider."""
        return self.kind == ContactKind.PHONE and self.value in OFFICIAL_NUMBERS

    @property
    def href(self):
        if self.kind == ContactKind.PHONE:
            return f"tel:{self.value}"
        if self.kind == ContactKind.EMAIL:
            return f"mailto:{self.value}"
        return self.value

    def _hours(self):
        return {
            "always_open": self.always_open,
            "closed_on_holidays": self.closed_on_holidays,
            "hours": [(h.days, h.opens, h.closes) for h in self.hours.all()],
        }

    def open_now(self, at=None):
        return hours_lib.is_open(**self._hours(), at=at)

    def next_open(self, at=None):
        """When it opens next if closed now (None: open, always open or hours unknown)."""
        return hours_lib.next_open(**self._hours(), at=at)


class Days(models.TextChoices):
    WORKING_DAYS = hours_lib.WORKING_DAYS, _("Working days (Monday–Friday, not public holidays)")
    EVERY_DAY = hours_lib.EVERY_DAY, _("Every day")
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


class OpeningHours(models.Model):
    """One weekly interval (HSDS schedule): e.g. working days 09:00–13:00."""

    uid = models.UUIDField(_("HSDS id"), default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="hours", verbose_name=_("contact"))
    days = models.CharField(_("days"), max_length=20, choices=Days)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["contact", "pk"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=Q(days__in=Days.values), name="hours_days_valid"),
            models.CheckConstraint(condition=Q(opens__lt=models.F("closes")), name="hours_open_before_close"),
        ]

    def __str__(self):
        return f"{self.get_days_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.opens >= self.closes:
            raise ValidationError({"closes": _("Closing time must be after opening time.")})


class CatalogueVersion(models.Model):
    """One row whose number the write path raises with every change to the directory, in the same
    transaction: caches in any process (the triage rules) key on it."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)
    # The number of the last change that programmes' own versions do not show (reference data, a
    # restore, a fixture load): caches built before it start again from scratch.
    reset_at = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("catalogue version")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="catalogue_version_single_row")]

    def __str__(self):
        return str(self.number)


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Manager")


class Membership(models.Model):
    """A user works for an organisation and may keep its programmes current."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.EDITOR)
    language = models.CharField(
        _("language of reminders"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation.slug} ({self.get_role_display()})"


class MailFailure(models.Model):
    """A message the mail server did not take: staff see these in the admin."""

    at = models.DateTimeField(_("when"), auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=200)
    recipients = models.CharField(_("recipients"), max_length=500)
    error = models.CharField(_("error"), max_length=500)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("mail failure")
        verbose_name_plural = _("mail failures")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject}"


REPORT_LOOK_DAYS, REPORT_RESOLVE_DAYS = 2, 5  # working days


class ReportReason(models.TextChoices):
    PHONE_WRONG = "phone_wrong", _("A phone number is wrong")
    EMAIL_OR_WEB_WRONG = "email_or_web_wrong", _("An e-mail or web address is wrong")
    HOURS_WRONG = "hours_wrong", _("The opening hours are wrong")
    CLOSED_OR_ENDED = "closed_or_ended", _("It is closed or has ended")
    ELIGIBILITY_WRONG = "eligibility_wrong", _("Who it is for is wrong")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class ProblemReportQuerySet(models.QuerySet):
    def handled_by(self, user):
        """What `user` may look at: everything for staff, else their organisations' programmes."""
        if user.is_staff:
            return self
        return self.filter(programme__organisation__memberships__user=user)


class ProblemReport(models.Model):
    """A public note that an entry is wrong. About an entry, never about a person; nothing is
    kept about who sent it beyond the optional reply address they chose to give."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("what is wrong"), max_length=30, choices=ReportReason)
    text = models.CharField(_("details"), max_length=500, blank=True)
    reply_to = models.EmailField(_("reply address"), blank=True)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus, default=ReportStatus.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The contact change that fixed a "phone wrong" report, where there is one (its history id).
    fixed_by = models.PositiveBigIntegerField(null=True, blank=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        constraints = [
            models.CheckConstraint(condition=Q(reason__in=ReportReason.values), name="report_reason_valid"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.OPEN, closed_at__isnull=True)
                | ~Q(status=ReportStatus.OPEN) & Q(closed_at__isnull=False),
                name="report_closed_when_not_open",
            ),
        ]

    def __str__(self):
        return f"{self.programme.slug}: {self.get_reason_display()}"

    @property
    def is_open(self):
        return self.status == ReportStatus.OPEN

    def working_days_open(self, now=None):
        """Working days since it was made (to `now`, or to when it was closed)."""
        end = self.closed_at or now or timezone.now()
        return hours_lib.working_days_between(timezone.localdate(self.created_at), timezone.localdate(end))

    @property
    def overdue(self):
        """Targets: looked at within 2 working days, resolved within 5."""
        if not self.is_open:
            return None
        days = self.working_days_open()
        return "resolve" if days > REPORT_RESOLVE_DAYS else "look" if days > REPORT_LOOK_DAYS else None


class Reminder(models.Model):
    """A verification reminder sent to a member about one programme; its link confirms "still
    correct" once, within REMINDER_LINK_DAYS."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("verification reminder")
        verbose_name_plural = _("verification reminders")

    def __str__(self):
        return f"{self.user} · {self.programme.slug} · {self.sent_at:%Y-%m-%d}"


REMINDER_LINK_DAYS, REMINDER_GAP_DAYS = 14, 7


# Changes that wait for a second pair of eyes, and what staff see of accounts ---------------------


class Proposal(models.TextChoices):
    CONTACT_CHANGE = "contact_change", _("change a contact")
    CONTACT_ADD = "contact_add", _("add a contact")
    CONTACT_REMOVE = "contact_remove", _("remove a contact")
    STATUS = "status", _("change the status")


class ChangeState(models.TextChoices):
    WAITING = "waiting", _("waiting for approval")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published at once by staff")
    REJECTED = "rejected", _("rejected")


class PendingChange(models.Model):
    """A high-risk change (a public phone, e-mail or website; a contact added or removed; a
    programme's status) proposed by a member: nothing public shows it until another member of the
    organisation or staff approves it (directory.approvals)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pending_changes")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pending_changes")
    contact = models.ForeignKey(
        "Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="pending_changes"
    )
    action = models.CharField(_("change"), max_length=20, choices=Proposal)
    data = models.JSONField(_("proposed values"), default=dict, blank=True)
    before = models.JSONField(_("values shown until then"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ChangeState, default=ChangeState.WAITING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="proposed_changes"
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="decided_changes"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("change waiting for approval")
        verbose_name_plural = _("changes waiting for approval")
        constraints = [
            models.CheckConstraint(condition=Q(action__in=Proposal.values), name="pendingchange_action_valid"),
            models.CheckConstraint(condition=Q(state__in=ChangeState.values), name="pendingchange_state_valid"),
            # Staff publishing at once say why; a decision names who and when.
            models.CheckConstraint(
                condition=~Q(state=ChangeState.PUBLISHED) | ~Q(reason=""), name="pendingchange_publish_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(state=ChangeState.WAITING) | Q(decided_at__isnull=False),
                name="pendingchange_decision_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.programme.slug}: {self.get_action_display()} ({self.get_state_display()})"

    @property
    def is_waiting(self):
        return self.state == ChangeState.WAITING

    def shown(self, values):
        """A contact's or programme's values in words: 'Phone: +386 80 17 22'."""
        if "status" in values:
            return str(Status(values["status"]).label) if values["status"] in Status.values else values["status"]
        kind = values.get("kind", "")
        label = ContactKind(kind).label if kind in ContactKind.values else kind
        return f"{label}: {values.get('display') or values.get('value', '')}".strip(": ")

    @property
    def before_shown(self):
        return self.shown(self.before) if self.before else ""

    @property
    def proposed_shown(self):
        return self.shown(self.data) if self.data else ""


class AuditKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("wrong password")
    FACTOR_FAILED = "factor_failed", _("wrong second-factor code")
    FACTOR_ADDED = "factor_added", _("second factor added")
    FACTOR_REMOVED = "factor_removed", _("second factor removed")
    RECOVERY_USED = "recovery_used", _("recovery code used")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    PROPOSED = "proposed", _("change proposed")
    APPROVED = "approved", _("change approved")
    PUBLISHED = "published", _("change published at once by staff")
    REJECTED = "rejected", _("change rejected: “this was not us”")
    LOCKED = "locked", _("account locked for staff review")


class AuditEvent(models.Model):
    """What staff see of accounts: sign-ins, factors, approvals, rejections, locks. Never anything
    about a person being helped, never an address or a typed value."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=AuditKind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    change = models.ForeignKey(PendingChange, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        constraints = [models.CheckConstraint(condition=Q(kind__in=AuditKind.values), name="auditevent_kind_valid")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.user or ''}"


def audit(kind, user=None, *, by=None, change=None, note=""):
    return AuditEvent.objects.create(kind=kind, user=user, by=by, change=change, note=note[:300])
