"""The code an authenticator app shows now for a key (RFC 6238 through django-otp's TOTP)."""

from __future__ import annotations

import time

from django_otp.oath import TOTP


def current_code(key: bytes, *, step: int = 30, digits: int = 6) -> str:
    totp = TOTP(key, step=step, digits=digits)
    totp.time = time.time()
    return f"{totp.token():0{digits}d}"
