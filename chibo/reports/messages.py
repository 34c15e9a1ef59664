"""Messages for the refusal codes raised by chibo.reports (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "report.as_of_future": _(
        "The report date (%(day)s) is after today (%(today)s): a statistics report counts what has "
        "happened (DOMAIN.md §11, thống kê cơ bản)."
    ),
    "report.period_reversed": _(
        "The period starts on %(start)s, after its end %(end)s: give the first day before the last."
    ),
    "report.period_after_as_of": _(
        "The period ends on %(end)s, after the report date %(as_of)s: the flows are counted up to the "
        "report date."
    ),
    "quality.too_large": _(
        "The subtree of %(unit)s holds more than %(limit)s active members, more than can be checked "
        "for data quality at once: check one of its units, or the whole subtree in the background "
        "from its data-quality page."
    ),
    "quality.run_not_needed": _(
        "The subtree of %(unit)s is small enough to be checked at once: its data-quality page shows "
        "the check."
    ),
    "quality.run_in_progress": _(
        "The data quality of %(unit)s is already being checked (asked at %(since)s): its result will "
        "show here when it is done."
    ),
}
