from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.core.testing import add_members, user_with_role
from chibo.members.models import Member, MemberStatus, Transfer
from chibo.members.services import MemberSpec, member_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_client(client, board):
    client.force_login(board)
    return client


def _duc(tree):  # type: ignore[no-untyped-def]
    return member_create(
        actor=None,
        unit=tree.a1,
        spec=MemberSpec(
            "Nguyễn Văn Đức",
            "official",
            birth_date=date(1980, 5, 2),
            sex="M",
            admitted_on=date(2005, 3, 1),
            ceremony_on=date(2005, 3, 20),
            official_on=date(2006, 3, 20),
            cccd="001080012345",
            card_number="12345678",
            religion="Phật giáo",
            residence="Số 1 Hàng Bài, Hà Nội",
        ),
    )


def test_list_search_ignores_diacritics_and_finds_card_and_cccd(board_client, tree):
    _duc(tree)
    for q in ["nguyen van duc", "ĐỨC", "duc", "123456", "00108"]:
        html = board_client.get(reverse("members:list"), {"q": q}).content.decode()
        assert "Nguyễn Văn Đức" in html, q


def test_list_query_count_does_not_grow_with_rows(board_client, tree, django_assert_max_num_queries):
    add_members(tree.a1, official=60)
    with django_assert_max_num_queries(8):
        response = board_client.get(reverse("members:list"))
    assert response.context["page"].has_next and len(response.context["page"]) == 50


def test_list_of_a_subtree_and_filters(board_client, tree):
    html = board_client.get(reverse("members:list"), {"unit": "B", "status": "official"}).content.decode()
    assert "B1 0" in html and "A1 0" not in html
    html = board_client.get(reverse("members:list"), {"status": "probationary"}).content.decode()
    assert "Trần Thị A1 0" in html and "Nguyễn Văn A1 0" not in html


def test_detail_hides_sensitive_fields_until_asked_and_audits_the_view(board_client, tree):
    duc = _duc(tree)
    html = board_client.get(reverse("members:detail", args=[duc.pk])).content.decode()
    assert "001080012345" not in html and "Phật giáo" not in html and "Hàng Bài" not in html
    response = board_client.post(reverse("members:sensitive", args=[duc.pk]), HTTP_HX_REQUEST="true")
    assert "001080012345" in response.content.decode()
    assert AuditEntry.objects.filter(action="member.view_sensitive", target_id=str(duc.pk)).count() == 1


def test_a_secretary_never_sees_sensitive_fields(client, tree):
    duc = _duc(tree)
    client.force_login(user_with_role("sec", "secretary", tree.a))
    html = client.get(reverse("members:detail", args=[duc.pk])).content.decode()
    assert "001080012345" not in html and 'hx-post="/members/' not in html
    assert client.post(reverse("members:sensitive", args=[duc.pk])).status_code == 403
    assert not AuditEntry.objects.filter(action="member.view_sensitive").exists()


def test_create_form_names_the_bad_field(board_client, tree):
    count = Member.objects.count()
    response = board_client.post(
        reverse("members:create", args=["A1"]),
        {"full_name": "Lê Văn Tám", "status": "official", "cccd": "12345", "ethnicity": "Kinh"},
    )
    assert response.status_code == 200 and Member.objects.count() == count
    assert response.context["form"].non_field_errors()


def test_create_form_records_a_member(board_client, tree):
    response = board_client.post(
        reverse("members:create", args=["A1"]),
        {
            "full_name": "  Lê   Văn Tám ",
            "status": "official",
            "cccd": "001 080 099 999",
            "sex": "M",
            "birth_date": "1980-01-01",
            "admitted_on": "2010-02-03",
            "ethnicity": "Kinh",
        },
    )
    member = Member.objects.get(full_name="Lê Văn Tám")
    assert response.status_code == 302 and member.cccd == "001080099999" and member.unit == tree.a1


def test_edit_with_a_stale_version_is_refused(board_client, tree):
    duc = _duc(tree)
    form = {"full_name": "Nguyễn Văn Đức", "ethnicity": "Kinh", "phone": "0900000001", "version": duc.version}
    assert board_client.post(reverse("members:edit", args=[duc.pk]), form).status_code == 302
    stale = {**form, "phone": "0900000002"}
    response = board_client.post(reverse("members:edit", args=[duc.pk]), stale)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    duc.refresh_from_db()
    assert duc.phone == "0900000001"


def test_transfer_form_moves_the_member(board_client, tree):
    duc = _duc(tree)
    response = board_client.post(
        reverse("members:transfer", args=[duc.pk]),
        {"to_unit": "b1", "effective_on": "2025-07-01", "purpose": "work"},
    )
    assert response.status_code == 302
    duc.refresh_from_db()
    assert duc.unit == tree.b1 and duc.unit_path == tree.b1.path


def test_transfer_out_appears_in_progress_and_arrival_clears_it(board_client, tree):
    duc = _duc(tree)
    board_client.post(
        reverse("members:transfer_out", args=[duc.pk]),
        {
            "external_org": "Đảng bộ tỉnh Nam Định",
            "letter_number": "15-GGT",
            "letter_date": "2025-07-01",
            "decision_effective_on": "2025-06-20",
            "purpose": "work",
        },
    )
    duc.refresh_from_db()
    assert duc.status == MemberStatus.LEFT
    html = board_client.get(reverse("members:transfers")).content.decode()
    assert "Nguyễn Văn Đức" in html and "table-danger" in html  # 30 working days after 1/7/2025 are long past
    transfer = Transfer.objects.get(member=duc)
    board_client.post(reverse("members:transfer_arrival", args=[transfer.pk]), {"arrived_on": "2025-07-15"})
    assert "Nguyễn Văn Đức" not in board_client.get(reverse("members:transfers")).content.decode()


def test_leave_then_readmit_keeps_party_age_from_the_first_decision(board_client, tree):
    duc = _duc(tree)
    board_client.post(reverse("members:leave", args=[duc.pk]), {"reason": "removed", "on": "2010-03-01"})
    board_client.post(reverse("members:readmit", args=[duc.pk]), {"unit": "A1", "admitted_on": "2012-03-01"})
    duc.refresh_from_db()
    assert duc.first_admitted_on == date(2005, 3, 1) and duc.readmissions == 1
    response = board_client.get(reverse("members:detail", args=[duc.pk]))
    years, _months = response.context["party_age"]
    # 2005-03-01 → today minus the 2 years out of the Party
    assert years == date.today().year - 2005 - 2 - (
        1 if (date.today().month, date.today().day) < (3, 1) else 0
    )


def _sheet_xml(response) -> str:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


def test_excel_export_has_the_roster_header_and_audits(board_client, tree):
    _duc(tree)
    response = board_client.get(reverse("members:export", args=["xlsx"]), {"unit": "A", "q": "duc"})
    xml = _sheet_xml(response)
    assert "Mã đơn vị" in xml and "Nguyễn Văn Đức" in xml and "001080012345" in xml
    assert "Nguyễn Văn A1 0" not in xml
    entry = AuditEntry.objects.get(action="member.export")
    assert entry.counts == {"members": 1} and entry.after["sensitive"] is True


def test_a_secretary_exports_without_sensitive_columns(client, tree):
    _duc(tree)
    client.force_login(user_with_role("sec", "secretary", tree.a))
    xml = _sheet_xml(client.get(reverse("members:export", args=["xlsx"]), {"unit": "A"}))
    assert "Nguyễn Văn Đức" in xml and "001080012345" not in xml and "Phật giáo" not in xml


def test_register_pdf(board_client, tree):
    _duc(tree)
    response = board_client.get(reverse("members:export", args=["pdf"]), {"unit": "A1"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert board_client.get(reverse("members:export", args=["csv"])).status_code == 404


def test_the_register_prints_in_vietnamese_for_an_english_interface(tree):
    """The register is an official paper (Mẫu 7-HSĐV): filed in Vietnamese whatever the language
    of the user who prints it (chibo.core.papers)."""
    from django.utils import translation

    from chibo.core.testing import printed_papers
    from chibo.members import exports

    _duc(tree)
    with translation.override("en"), printed_papers() as printed:
        exports.register_pdf(
            Member.objects.filter(unit__path__startswith=tree.a.path), unit_name="A", sensitive=False
        )
    (register,) = printed
    with translation.override("vi"):
        assert translation.gettext("Register of party members") in register
    assert "Register of party members" not in register and "Nguyễn Văn Đức" in register


def test_member_page_query_count_does_not_grow_with_history(
    board_client, tree, django_assert_max_num_queries
):
    from chibo.members import services as svc

    duc = _duc(tree)
    for day in range(1, 8):
        svc.member_absence_record(
            actor=None, member=duc, kind="away", reason="Công tác", start_on=date(2025, 1, day)
        )
    with django_assert_max_num_queries(16):
        response = board_client.get(reverse("members:detail", args=[duc.pk]))
    assert len(response.context["history"]) == 8


def test_only_those_who_see_cccds_can_search_by_cccd(client, tree):
    _duc(tree)
    client.force_login(user_with_role("sec", "secretary", tree.a))
    assert "Nguyễn Văn Đức" not in client.get(reverse("members:list"), {"q": "00108001"}).content.decode()
    assert "Nguyễn Văn Đức" in client.get(reverse("members:list"), {"q": "1234567"}).content.decode()
