"""Eligibility criteria (the rules as data), and training: scenarios with an expert key, scored attempts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import Programme
from directory.translation import Translated
from referral.training.scoring import case_score
from referral.vocabulary import FACTS, NOTE_OPERATORS, OPERATORS

FACT_CHOICES = [(fact.key, fact.label) for fact in FACTS.values()]
OPERATOR_CHOICES = list(OPERATORS.items())
# How many values each operator takes: exactly one (1), at least one (None); others take none.
OPERATOR_VALUES = {"is": 1, "in": None, "not_in": None, "includes_any": None}


class Criterion(models.Model):
    """One eligibility condition on a fact of the vocabulary. Criteria with the same clause number
    are alternatives (any one suffices); different clauses must all hold."""

    WRITER = "referral.criteria.services.CRITERION_WRITER"  # its door onto the one write path

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="criteria")
    clause = models.PositiveSmallIntegerField(_("clause"), default=1)
    fact = models.CharField(_("fact"), max_length=30, choices=FACT_CHOICES, blank=True)
    operator = models.CharField(_("operator"), max_length=20, choices=OPERATOR_CHOICES)
    values = models.JSONField(_("values"), default=list, blank=True)
    explanation_sl = models.CharField(_("explanation (Slovenian)"), max_length=300)
    explanation_en = models.CharField(_("explanation (English)"), max_length=300)
    # The rule as a rule ("Only for people in Ljubljana"): what an excluded result shows, never a
    # statement about the person. Alternatives of one clause carry the clause's whole requirement.
    requirement_sl = models.CharField(_("requirement (Slovenian)"), max_length=300, blank=True)
    requirement_en = models.CharField(_("requirement (English)"), max_length=300, blank=True)

    explanation = Translated()
    requirement = Translated()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "clause", "pk"]
        verbose_name = _("eligibility criterion")
        verbose_name_plural = _("eligibility criteria")
        constraints = [
            models.CheckConstraint(condition=Q(operator__in=list(OPERATORS)), name="criterion_operator_valid"),
            models.CheckConstraint(
                condition=Q(operator="never") | Q(fact__in=list(FACTS)),
                name="criterion_names_a_fact",
            ),
        ]

    def __str__(self):
        return f"{self.fact} {self.get_operator_display()} {self.values}"

    def clean(self):
        if not isinstance(self.values, list):
            raise ValidationError({"values": _('Values must be a JSON list, e.g. ["labour"].')})
        if self.operator == "never":
            return
        if not self.fact:
            raise ValidationError({"fact": _("Choose the fact this criterion tests.")})
        if self.operator in OPERATOR_VALUES:
            expected = OPERATOR_VALUES[self.operator]
            if not self.values or (expected and len(self.values) != expected):
                message = _("This operator needs exactly one value.") if expected else _("List at least one value.")
                raise ValidationError({"values": message})


NEED_CHOICES = [(need, need) for need in FACTS["needs"].values]


class Offer(models.Model):
    """A need of the vocabulary that a programme serves (DOMAIN v1.2: what it offers is data).
    Criteria that ask for a need imply it too; these rows add what the criteria do not name."""

    WRITER = "referral.criteria.services.OFFER_WRITER"  # its door onto the one write path

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="needs_offered")
    need = models.CharField(_("need"), max_length=30, choices=NEED_CHOICES)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "need"]
        verbose_name = _("need served")
        verbose_name_plural = _("needs served")
        constraints = [
            models.UniqueConstraint(fields=["programme", "need"], name="offer_unique"),
            models.CheckConstraint(condition=Q(need__in=FACTS["needs"].values), name="offer_need_valid"),
        ]

    def __str__(self):
        return f"{self.programme_id}: {self.need}"


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


# Scenario tags as people read them (the tags themselves stay codes in the data).
TOPICS = {
    "adult": _("Adult"),
    "anonymity": _("Anonymity"),
    "asylum-applicant": _("Asylum applicant"),
    "begging": _("Forced begging"),
    "citizen": _("Slovenian citizen"),
    "criminality": _("Forced criminality"),
    "danger": _("Immediate danger"),
    "eu-citizen": _("EU citizen"),
    "forced_marriage": _("Forced marriage"),
    "holiday": _("On a public holiday"),
    "illegal_adoption": _("Illegal adoption"),
    "labour": _("Labour exploitation"),
    "minor": _("Child"),
    "night": _("At night"),
    "organs": _("Organ removal"),
    "other": _("Other"),
    "protection-holder": _("International protection"),
    "rejected-asylum": _("Rejected asylum applicant"),
    "servitude": _("Servitude"),
    "sexual": _("Sexual exploitation"),
    "temporary-protection": _("Temporary protection"),
    "third-country": _("Third-country national"),
    "undocumented": _("Undocumented"),
    "woman": _("Woman"),
    "untagged": _("No topic"),
}


def topic(tag):
    """A tag in words: its label, or the tag with its dashes and underscores as spaces."""
    return TOPICS.get(tag) or tag.replace("-", " ").replace("_", " ").capitalize()


class Scenario(models.Model):
    """A short story, the facts an expert takes from it, and the referrals an expert makes."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_sl = models.CharField(_("title (Slovenian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    story_sl = models.TextField(_("story (Slovenian)"))
    story_en = models.TextField(_("story (English)"))
    facts = models.JSONField(_("expert facts"), default=dict, help_text=_("Triage vocabulary v1."))
    key = models.JSONField(_("must refer"), default=list, help_text=_("Programme slugs."))
    also_right = models.JSONField(
        _("also right"), default=list, blank=True, help_text=_("Programme slugs: a good choice, never penalised.")
    )
    wrong = models.JSONField(
        _("wrong referrals"),
        default=list,
        blank=True,
        help_text=_("Programme slugs: a mistake here; the rules say why (the key check keeps them excluded)."),
    )
    difficulty = models.CharField(_("difficulty"), max_length=10, choices=Difficulty, default=Difficulty.MEDIUM)
    tags = models.JSONField(_("tags"), default=list, blank=True, help_text=_("e.g. labour, minor, asylum"))
    # When the worker meets the person: a weekday (0 = Monday) or a fixed public holiday ("MM-DD"),
    # at an hour; the case is played at the next such moment, so "who can be reached now" is trained.
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True, help_text=_("0 = Monday."))
    holiday = models.CharField(_("public holiday"), max_length=5, blank=True, help_text=_("MM-DD, e.g. 12-25."))
    hour = models.PositiveSmallIntegerField(_("hour"), default=10)
    # The key check (training/keys.py) after every catalogue change: what the rules now disagree
    # with; a flagged case is hidden from trainees until staff review it.
    checked_version = models.BigIntegerField(_("key checked at catalogue version"), default=0)
    checked_on = models.DateField(_("key checked on"), null=True, blank=True)
    flagged = models.JSONField(_("disagreements with the rules"), default=dict, blank=True)
    accepted = models.JSONField(_("disagreements staff accepted"), default=dict, blank=True)

    title = Translated()
    story = Translated()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("training scenario")
        verbose_name_plural = _("training scenarios")
        constraints = [
            models.CheckConstraint(condition=Q(difficulty__in=Difficulty.values), name="scenario_difficulty_valid"),
            models.CheckConstraint(condition=Q(hour__lte=23), name="scenario_hour_valid"),
            models.CheckConstraint(
                condition=(
                    Q(weekday__isnull=False, weekday__lte=6, holiday="")
                    | Q(weekday__isnull=True, holiday__regex=r"^[01][0-9]-[0-3][0-9]$")
                ),
                name="scenario_weekday_or_holiday",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("referral:training-scenario", args=[self.slug])

    @property
    def topics(self):
        return [str(topic(tag)) for tag in self.tags or []]


class Attempt(models.Model):
    """A signed-in trainee's routing of a scenario (fictional cases only; nothing about real people)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="attempts")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    facts = models.JSONField(_("trainee's facts"), default=dict)
    picked = models.JSONField(_("referrals picked"), default=list)
    missed = models.JSONField(_("referrals missed"), default=list)
    precision = models.FloatField(_("precision"))
    recall = models.FloatField(_("recall"))
    critical_misses = models.JSONField(_("critical misses"), default=list)
    required = models.PositiveSmallIntegerField(_("referrals required"), default=0)
    found = models.PositiveSmallIntegerField(_("required referrals found"), default=0)
    wrong_picks = models.JSONField(_("wrong picks"), default=list)
    # The interview mode: questions asked, the field questionnaire's number for the case, danger first.
    questions = models.PositiveSmallIntegerField(_("questions asked"), null=True, blank=True)
    minimum = models.PositiveSmallIntegerField(_("questions the questionnaire needs"), null=True, blank=True)
    danger_first = models.BooleanField(_("asked about danger first"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("training attempt")
        verbose_name_plural = _("training attempts")
        constraints = [
            models.CheckConstraint(
                condition=Q(precision__gte=0, precision__lte=1, recall__gte=0, recall__lte=1),
                name="attempt_scores_are_fractions",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.scenario.slug} · {self.created_at:%Y-%m-%d}"

    @property
    def score(self):
        """The share of required referrals found, one taken off for each wrong pick; a critical
        miss fails the case (training/scoring.py)."""
        return case_score(self.found, self.required, len(self.wrong_picks), bool(self.critical_misses))


class Review(models.Model):
    """A trainee's Leitner box for one topic (training/schedule.py): a topic got wrong goes back to
    box 1 and is due the next day; each right answer moves it up a box and further away."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    topic = models.CharField(_("topic"), max_length=40)
    box = models.PositiveSmallIntegerField(_("box"), default=1)
    due = models.DateField(_("due"))

    class Meta:
        ordering = ["due", "topic"]
        verbose_name = _("topic to review")
        verbose_name_plural = _("topics to review")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="review_one_box_per_topic"),
            models.CheckConstraint(condition=Q(box__gte=1, box__lte=5), name="review_box_1_to_5"),
        ]

    def __str__(self):
        return f"{self.user} · {self.topic} · box {self.box}"


class Cohort(models.Model):
    """Trainees a trainer follows together, and the cases assigned to them."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="cohorts", blank=True)
    cases = models.ManyToManyField(Scenario, related_name="cohorts", blank=True, verbose_name=_("assigned cases"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self):
        return self.name


class SealRecord(models.Model):
    """A SHA-256 about a private cookie's random id, kept until `until`: it says nothing about anyone."""

    digest = models.CharField(max_length=64, unique=True)
    until = models.DateTimeField(db_index=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.digest[:12]


class EndedSeal(SealRecord):
    """A private-state cookie ended by "start again" or quick exit (the hash of its random id),
    kept until the cookie would have expired anyway."""

    class Meta:
        verbose_name = _("ended private cookie")
        verbose_name_plural = _("ended private cookies")


class SealMark(SealRecord):
    """That one triage (a private cookie's random id, hashed with what happened: "counted", or a
    referral to one programme) did it once already: a replayed copy of the cookie counts nothing
    again and refers nobody twice. Kept 30 days."""

    class Meta:
        verbose_name = _("done once by a private cookie")
        verbose_name_plural = _("done once by private cookies")


class PathwayNote(models.Model):
    """Short, sourced guidance shown above the programmes when the facts meet its condition.
    The condition is a list of clauses that must all hold; a clause is a list of alternatives,
    each {"fact", "operator", "values"} over the vocabulary (the criteria's operators, and
    "unknown"). A note never describes the person: it says how help works."""

    code = models.SlugField(_("id"), max_length=60, unique=True)
    condition = models.JSONField(_("shown when"), default=list)
    text_sl = models.TextField(_("text (Slovenian)"), max_length=1000)
    text_en = models.TextField(_("text (English)"), max_length=1000)
    source = models.CharField(_("source"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # The text written to the worker stays off paper; a note the person may read carries this
    # separate text, safe to hand over, per sheet language ({"uk": "…"}); empty: worker only.
    person_text = models.JSONField(_("text for the person"), default=dict, blank=True)

    text = Translated()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("pathway note")
        verbose_name_plural = _("pathway notes")

    def __str__(self):
        return self.code

    def clean(self):
        problem = condition_problem(self.condition)
        if problem:
            raise ValidationError({"condition": problem})
        from referral.questionnaire.sheet import LANGUAGES

        if not isinstance(self.person_text, dict) or not all(
            code in LANGUAGES and isinstance(text, str) for code, text in self.person_text.items()
        ):
            raise ValidationError({"person_text": _('An object of sheet languages and texts, e.g. {"uk": "…"}.')})


def condition_problem(condition):
    """Why a note's condition does not follow the vocabulary, or None."""
    example = _('e.g. [[{"fact": "age_group", "operator": "is", "values": ["minor"]}]]')
    if not isinstance(condition, list) or not condition:
        return _("List at least one clause, %(example)s.") % {"example": example}
    for clause in condition:
        if not isinstance(clause, list) or not clause:
            return _("Each clause is a list of alternatives, %(example)s.") % {"example": example}
        for test in clause:
            if not isinstance(test, dict) or test.get("fact") not in FACTS:
                return _("Each alternative names a fact of the vocabulary, %(example)s.") % {"example": example}
            if test.get("operator") not in NOTE_OPERATORS:
                return _("Unknown operator %(op)s.") % {"op": test.get("operator")}
            if not isinstance(test.get("values", []), list):
                return _("Values must be a list.")
    return None


# Closing the loop without knowing the person (DOMAIN.md v1.1) ---------------------------------


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No free places")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    UNABLE_TO_CONTACT = "unable_to_contact", _("Could not make contact")
    PERSON_DECLINED = "person_declined", _("The person declined")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")
    OTHER = "other", _("Other")


class Referral(models.Model):
    """A referral to a programme, known only by its code: which programme, for which needs
    (vocabulary codes), that the person agreed, the week it was made, where it stands. Nothing
    about the person; deleted 30 days after its last change (`purge_referrals`)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="referrals")
    needs = models.JSONField(_("needs"), default=list, blank=True)
    consent = models.BooleanField(_("the person agreed to be referred"))
    week = models.CharField(_("week"), max_length=8)  # ISO week: 2026-W49
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus, default=ReferralStatus.SENT)
    reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason, blank=True)
    changed_on = models.DateField(_("last changed"))

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="referral_needs_consent"),
            models.CheckConstraint(condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"),
            # a reason exactly when declined, and one of the known ones
            models.CheckConstraint(
                condition=(Q(status=ReferralStatus.DECLINED) & Q(reason__in=DeclineReason.values))
                | (~Q(status=ReferralStatus.DECLINED) & Q(reason="")),
                name="referral_reason_when_declined",
            ),
            models.CheckConstraint(condition=Q(week__regex=r"^[0-9]{4}-W[0-9]{2}$"), name="referral_week_iso"),
        ]
        indexes = [models.Index(fields=["changed_on"], name="referral_changed_on")]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        """In groups of three, as printed and read aloud: K7M-2QX-9PF."""
        return "-".join(self.code[i : i + 3] for i in range(0, len(self.code), 3))

    @property
    def need_labels(self):
        from referral.questions import QUESTIONS

        labels = dict(QUESTIONS["needs"].options)
        return [str(labels.get(need, need)) for need in self.needs]


class GapCount(models.Model):
    """A counter of the gap report: how often, in a month and a statistical region, a need met an
    outcome. Counters only, never a row per case."""

    month = models.CharField(_("month"), max_length=7)  # 2026-11
    region = models.CharField(_("region"), max_length=30)
    need = models.CharField(_("need"), max_length=30)
    outcome = models.CharField(_("outcome"), max_length=60)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        ordering = ["month", "region", "need", "outcome"]
        verbose_name = _("gap report counter")
        verbose_name_plural = _("gap report counters")
        constraints = [
            models.UniqueConstraint(fields=["month", "region", "need", "outcome"], name="gapcount_unique"),
            models.CheckConstraint(condition=Q(month__regex=r"^[0-9]{4}-[0-9]{2}$"), name="gapcount_month"),
        ]

    def __str__(self):
        return f"{self.month} {self.region} {self.need} {self.outcome}: {self.count}"
