"""Mail goes out through the configured backend; a send that fails is logged and kept for staff
(admin: mail failures), because the page that asked for it cannot always say so."""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("kazipot.mail")


class RecordingBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.real = get_connection(settings.KAZIPOT_MAIL_BACKEND, fail_silently=False, **kwargs)

    def send_messages(self, email_messages):
        try:
            return self.real.send_messages(email_messages)
        except Exception as exc:
            from directory.models import MailFailure

            error = f"{type(exc).__name__}: {exc}"[:500]
            for message in email_messages:
                logger.error("mail not sent (%s): %s", message.subject[:200], error)
                MailFailure.objects.create(
                    subject=message.subject[:200], recipients=", ".join(message.to)[:500], error=error
                )
            if not self.fail_silently:
                raise
            return 0
