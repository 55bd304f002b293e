"""WSGI entry point. The triage catalogue is built here, before the first request: under
gunicorn's `--preload` the master builds it once and the workers it forks share it."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _warm():
    from django.db import DatabaseError, connections

    from referral.triage.cache import warm

    try:
        warm()
    except DatabaseError as error:  # e.g. not migrated yet: the first request builds it instead
        logging.getLogger(__name__).warning("Triage catalogue not built at start-up: %s", error)
    finally:
        connections.close_all()  # forked workers must not share the master's connection


if os.environ.get("KAZIPOT_WARM", "1") != "0":
    _warm()
