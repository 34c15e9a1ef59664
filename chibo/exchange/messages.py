"""Messages for the refusal codes raised by chibo.exchange (merged into chibo.core.messages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Any] = {
    "exchange.not_xlsx": _(
        "The file is not an Excel workbook (.xlsx): save it as “Excel Workbook (.xlsx)” and upload it again."
    ),
    "exchange.encrypted": _(
        "The workbook is protected by a password: remove the password in Excel (File › Info › Protect "
        "Workbook) and upload it again."
    ),
    "exchange.corrupt": _(
        "The workbook is damaged and cannot be read: open it in Excel, save it again and retry."
    ),
    "exchange.formulas": _(
        "Sheet “%(sheet)s” contains formulas: a roster must hold values (copy the cells and paste them as "
        "values), because a formula's stored result may be out of date."
    ),
    "exchange.sheet_full": _(
        "Sheet “%(sheet)s” reaches Excel's last row (%(rows)s): the data was probably cut off. "
        "Split the roster over several sheets or files."
    ),
    "exchange.no_header": _(
        "No sheet has the roster's header row in its first 10 rows. The columns are: %(columns)s."
    ),
    "exchange.missing_columns": _("Sheet “%(sheet)s” lacks the required columns: %(columns)s."),
    "exchange.too_large": _(
        "The file is %(size)s bytes; files up to %(limit)s bytes can be imported. Split the roster."
    ),
    "exchange.required": _("Column “%(column)s” is required in every row."),
    "exchange.too_long": _("Column “%(column)s” holds at most %(max)s characters."),
    "exchange.date_invalid": _("“%(value)s” is not a date: use an Excel date or dd/mm/yyyy."),
    "exchange.choice_invalid": _("Column “%(column)s”: “%(value)s” is not one of the levels of the record."),
    "exchange.cccd_repeated": _(
        "Citizen ID (CCCD) %(cccd)s already appears in sheet “%(sheet)s”, row %(row)s: a member appears "
        "once per file (the national database keys members on the CCCD, DOMAIN.md §11)."
    ),
    "exchange.cccd_left": _(
        "Citizen ID (CCCD) %(cccd)s belongs to someone who is no longer a member: record a re-admission "
        "instead of an import."
    ),
    "exchange.unit_outside": _(
        "Unit code “%(code)s” is not a unit under “%(root)s”, the unit chosen for the import."
    ),
    "exchange.unit_differs": _(
        "The member is recorded in unit “%(current)s”, not “%(code)s”: a move between units is a transfer "
        "(chuyển sinh hoạt đảng), not a correction."
    ),
    "exchange.not_checked": _("Only a checked import can be confirmed (this one is: %(state)s)."),
    "exchange.invalid_rows": _(
        "%(count)s row(s) are invalid: correct the file, or upload it again choosing to import only the "
        "valid rows."
    ),
}
