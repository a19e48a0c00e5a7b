"""Sending email after commit, without letting a mail server's hiccup break a request."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def send_after_commit(*, to: str, subject: str, body: str) -> None:
    """Send once the transaction commits (never for work that was rolled back)."""

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        except Exception:
            # The person's action has succeeded; a lost email is logged, not shown as an error.
            logger.exception("Could not send email %r", subject)

    transaction.on_commit(send)
