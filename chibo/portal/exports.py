"""The printed activation slips: eight to an A4 page, each with the member's user name, code,
expiry and a QR code of the prefilled activation page (WeasyPrint, as the meetings' sign-in sheet)."""

from __future__ import annotations

import segno

from chibo.core import papers
from chibo.portal.services import IssuedCode, IssueResult
from chibo.portal.services.accounts import activation_link, password_min_length

SLIPS_PER_PAGE = 8


def activation_slips_pdf(
    result: IssueResult, *, activate_url: str, items: list[IssuedCode] | None = None
) -> bytes:
    """The slips of ``items`` (default: the codes nobody received by e-mail). ``activate_url`` is the
    absolute address of the activation page: the QR code opens it with the user name and code filled.
    The slips are in Vietnamese whatever the language of the secretary who prints them."""
    items = result.to_print if items is None else items
    slips = []
    for item in items:
        link = activation_link(activate_url, item.username, item.code)
        qr = segno.make(link, error="m").svg_data_uri(scale=3, border=2)
        slips.append({"item": item, "qr": qr, "link": link})
    pages = [slips[i : i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    return papers.paper_pdf(
        "portal/activation_slips_pdf.html",
        {
            "pages": pages,
            "unit": result.unit,
            "activate_url": activate_url,
            "min_length": password_min_length(),
        },
    )
