"""The printed papers are rendered in Vietnamese whatever the active language, numbers and dates
included, and the user's language is back once the paper is made."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace as NS

from django.utils import translation

from chibo.core import papers
from chibo.core.testing import printed_papers


def _results() -> dict[str, object]:
    """The evaluation results' context, as plain objects: the template reads only attributes."""
    cells = [("HTXSNV", 1, Decimal("12.5")), ("HTTNV", 7, Decimal("87.5"))]
    row = NS(unit=NS(name="Chi bộ Văn phòng"), members=NS(total=8, cells=cells), units=NS(total=0, cells=[]))
    member = NS(
        member=NS(full_name="Lê Thị Hoa"), unit=NS(name="Chi bộ Văn phòng"), score=Decimal("91.50"),
        grade="HTXSNV", decision_number="12-QĐ/ĐU", decided_on=date(2025, 12, 15),
    )  # fmt: skip
    return {
        "results": NS(unit=NS(name="Đảng bộ Sở Tài chính"), year=2025, rows=[row]),
        "members": [member],
        "units": [],
        "grades": ("HTXSNV", "HTTNV"),
    }


def test_a_paper_is_vietnamese_with_vietnamese_numbers_for_an_english_user():
    with translation.override("en"):
        html = papers.paper_html("evaluations/results_pdf.html", _results())
        assert translation.get_language() == "en"
    assert "Kết quả đánh giá, xếp loại chất lượng năm 2025" in html
    assert "<h2>III. Danh sách đảng viên</h2>" in html and "<th>Xếp loại</th>" in html
    assert ">91,50<" in html and "(12,5%)" in html  # decimal comma, as Vietnamese writes it
    assert "12-QĐ/ĐU ngày 15/12/2025" in html
    assert "Results" not in html and "91.50" not in html


def test_paper_pdf_prints_the_vietnamese_html():
    with translation.override("en"), printed_papers() as printed:
        pdf = papers.paper_pdf(
            "commendations/list_pdf.html", {"rows": [], "heading": "Đảng bộ X", "year": 2025}
        )
    assert pdf.startswith(b"%PDF")
    (html,) = printed
    assert "<h1>Danh sách khen thưởng</h1>" in html and "Năm 2025" in html
    assert "<th>TT</th><th>Họ tên / Tập thể</th>" in html and ">Không có<" in html


def test_the_papers_do_not_share_a_wording_with_the_interface():
    """A signed paper's wording must not change because a screen's label was reworded: every
    string a paper's template marks either is its own or carries a context ("printed paper").
    Not covered: choice labels (``get_…_display``) and headings passed in from Python, which
    papers share with the screens."""
    from pathlib import Path

    from chibo.core.tests.test_i18n import SOURCE, _marked_in_code, _template_ids

    paper_files = {
        str(path)
        for path in SOURCE.glob("templates/*/*_pdf.html")
        if path.name != "statistics_pdf.html"  # a report on screen's terms, in the user's language
    }
    assert len(paper_files) == 8
    in_papers = {
        key
        for path in paper_files
        for key in _template_ids(Path(path).read_text(encoding="utf-8"))
        if not key[0]
    }
    elsewhere = {key for key, where in _marked_in_code().items() if not where <= paper_files}
    assert sorted(msgid for _context, msgid in in_papers & elsewhere) == []
