from django.apps import AppConfig
from django.core.checks import Warning, register
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from directory.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="kazipot_fold")
        register(mail_configured, deploy=True)


def mail_configured(app_configs, **kwargs):
    """In production, password-reset mail needs a mail server (EMAIL_URL or EMAIL_HOST)."""
    from django.conf import settings

    if settings.MAIL_CONFIGURED:
        return []
    return [
        Warning(
            "No mail server is configured: password-reset mail only reaches the log.",
            hint="Set EMAIL_URL (smtp://user:password@host:587) or EMAIL_HOST and the EMAIL_* variables.",
            id="kazipot.W001",
        )
    ]
