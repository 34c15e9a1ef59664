"""Messages for the refusal codes raised by chibo.evaluations (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _  # noqa: F401

MESSAGES: dict[str, Any] = {}
