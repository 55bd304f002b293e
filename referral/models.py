"""Training: case scenarios with an expert key, and trainees' scored attempts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.translation import Translated
from referral.training import f1


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class Scenario(models.Model):
    """A short story, the facts an expert takes from it, and the referrals an expert makes."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_sl = models.CharField(_("title (Slovenian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    story_sl = models.TextField(_("story (Slovenian)"))
    story_en = models.TextField(_("story (English)"))
    facts = models.JSONField(_("expert facts"), default=dict, help_text=_("Triage vocabulary v1."))
    key = models.JSONField(_("expert referrals"), default=list, help_text=_("Programme slugs."))
    wrong = models.JSONField(_("wrong referrals"), default=list, blank=True, help_text=_("Programme slugs."))
    difficulty = models.CharField(_("difficulty"), max_length=10, choices=Difficulty, default=Difficulty.MEDIUM)
    tags = models.JSONField(_("tags"), default=list, blank=True, help_text=_("e.g. labour, minor, asylum"))

    title = Translated()
    story = Translated()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("training scenario")
        verbose_name_plural = _("training scenarios")
        constraints = [
            models.CheckConstraint(condition=Q(difficulty__in=Difficulty.values), name="scenario_difficulty_valid"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("referral:training-scenario", args=[self.slug])


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
        """F1: one number that needs both the right referrals and no wrong ones."""
        return f1(self.precision, self.recall)
