from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from directory.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="kazipot_fold")
