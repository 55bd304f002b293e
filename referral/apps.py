from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "referral"
    verbose_name = _("Referral")
