"""The printed papers: the HTML templates that WeasyPrint turns into PDF (decisions, minutes,
sign-in sheets, lists, activation slips)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

#: The language every printed paper is in.
PAPER_LANGUAGE = "vi"


def paper_html(template_name: str, context: dict[str, Any]) -> str:
    """The paper's HTML, rendered under ``translation.override("vi")``.

    The papers are official papers of the Party organisations (decisions, minutes, sign-in sheets,
    lists for a committee's decision): they are signed, stamped and filed in Vietnamese, so they
    print in Vietnamese whatever the language of the user's interface. Their templates mark every
    string for translation (English msgids, the official Vietnamese wording in the catalogue), and
    the override makes the rest follow too: choice labels, dates and number formats (decimal comma,
    thousands dot) are those of ``vi``, not of the user who prints.
    """
    with translation.override(PAPER_LANGUAGE):
        return render_to_string(template_name, context)


def paper_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The paper as PDF: :func:`paper_html` (in Vietnamese, whatever the user's language) through
    WeasyPrint."""
    from weasyprint import HTML  # imported here: Pango is needed only when a PDF is made

    return HTML(string=paper_html(template_name, context)).write_pdf()
