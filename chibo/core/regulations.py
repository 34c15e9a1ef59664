"""The regulation profile and working-day calendar as this deployment applies them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from chibo.core.models import CalendarException
from chibo.rules import workdays
from chibo.rules.profiles import RegulationProfile, profile_on


def today() -> date:
    """Today in Asia/Ho_Chi_Minh (the deployment's time zone)."""
    return timezone.localdate()


def profile(day: date | None = None) -> RegulationProfile:
    """The profile in force on ``day`` (default today), with the settings' overrides."""
    return profile_on(day or today(), overrides=settings.CHIBO_REGULATION_OVERRIDES or None)


def calendar_exceptions() -> tuple[frozenset[date], frozenset[date]]:
    """(extra days off, extra working days) recorded by an administrator."""
    off: set[date] = set()
    working: set[date] = set()
    for day, kind in CalendarException.objects.values_list("day", "kind"):
        (off if kind == CalendarException.Kind.DAY_OFF else working).add(day)
    return frozenset(off), frozenset(working)


def add_working_days(start: date, n: int) -> date:
    """``chibo.rules.workdays.add_working_days`` with this deployment's calendar exceptions."""
    off, working = calendar_exceptions()
    return workdays.add_working_days(start, n, extra_days_off=off, extra_working_days=working)


def calendar_kwargs() -> dict[str, frozenset[date]]:
    """The calendar exceptions as the keyword arguments of the working-day rules."""
    off, working = calendar_exceptions()
    return {"extra_days_off": off, "extra_working_days": working}
