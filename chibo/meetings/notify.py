"""How a notice reaches a member: always in the app, by e-mail where an address exists, by SMS when
a gateway is configured.

An SMS gateway is a class named by the setting ``CHIBO_SMS_BACKEND`` (dotted path) with a method
``send(phone: str, text: str) -> None``; none is configured by default, so no SMS is sent. E-mail
uses Django's mail settings (``EMAIL_URL``). Called by the services inside their transaction: the
e-mails go out only once it commits, so a refused publication sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.module_loading import import_string


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None: ...


def sms_gateway() -> SmsGateway | None:
    path = getattr(settings, "CHIBO_SMS_BACKEND", "")
    return import_string(path)() if path else None


def deliver_after_commit(people: Iterable[Any], *, subject: str, body: str) -> None:
    """Send the e-mails (where an address exists) and SMS (when a gateway is set) once the calling
    service's transaction commits; the in-app notices are written by the service itself."""
    people = list(people)
    mails = [(subject, body, settings.DEFAULT_FROM_EMAIL, [m.email]) for m in people if m.email]
    phones = [m.phone for m in people if m.phone]
    gateway = sms_gateway()

    def deliver() -> None:
        if mails:
            send_mass_mail(mails, fail_silently=True)
        if gateway is not None:
            for phone in phones:
                gateway.send(phone, f"{subject}\n{body}"[:300])

    transaction.on_commit(deliver)
