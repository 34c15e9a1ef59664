"""The roster import service and commands: creates, corrections, refusals, modes, bad files."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from chibo.core.models import AuditEntry
from chibo.core.scoping import NotPermitted
from chibo.core.testing import user_with_role
from chibo.exchange import exports, services
from chibo.exchange.tests import roster
from chibo.members import services as mem
from chibo.members.models import Member, MemberEvent, MemberUnitPeriod, NameKey
from chibo.rules.errors import RuleViolation

pytestmark = pytest.mark.django_db


def _state():
    return (
        Member.objects.count(),
        MemberEvent.objects.count(),
        MemberUnitPeriod.objects.count(),
        AuditEntry.objects.count(),
        NameKey.objects.count(),
        sorted(Member.objects.values_list("pk", "version", "full_name")),
    )


def test_new_rows_create_members_with_history_names_and_one_batch_entry(tree, board, tmp_path):
    path = roster.write(tmp_path / "r.xlsx", {"Danh sách": [roster.row(i) for i in range(3)]})
    outcome = services.members_import(actor=board, unit=tree.a, path=str(path))

    assert outcome.applied and outcome.counts == {
        "rows": 3,
        "invalid": 0,
        "members_created": 3,
        "members_updated": 0,
        "members_unchanged": 0,
    }
    member = Member.objects.get(cccd=roster.cccd(1))
    assert (member.full_name, member.unit_id, member.unit_path) == (
        "Phạm Văn Nhập 1",
        tree.a1.pk,
        tree.a1.path,
    )
    assert (member.birth_date, member.sex, member.status) == (date(1980, 1, 2), "M", "official")
    assert (member.admitted_on, member.ceremony_on, member.official_on) == (
        date(2010, 3, 2),
        date(2010, 3, 20),
        date(2011, 3, 20),
    )
    assert (member.education_professional, member.theory_level, member.position) == (
        "bachelor",
        "intermediate",
        "Chuyên viên",
    )
    assert member.name_folded == "pham van nhap 1"
    assert NameKey.objects.filter(key="nhap 1").exists()
    assert member.unit_periods.get().valid_from == date(2010, 3, 2)
    assert member.events.get().kind == "recorded"
    entry = AuditEntry.objects.get(action="exchange.import")
    assert entry.is_batch and entry.actor_id == board.pk and entry.unit_id == tree.a.pk
    assert entry.after["sha256"] == services.file_sha256(str(path)) and entry.counts["members_created"] == 3


def test_a_member_recorded_during_an_import_keeps_one_period_and_one_event(
    tree, board, tmp_path, monkeypatch
):
    """Someone records a member between two chunks of an import (here inside its transaction,
    from the progress callback, as a concurrent commit would be seen): the import's periods and
    events go to its own members only, never a second one to that member."""
    monkeypatch.setattr(services, "CHUNK", 2)
    path = roster.write(tmp_path / "r.xlsx", {"Danh sách": [roster.row(i) for i in range(5)]})
    meanwhile = []

    def progress(rows_done: int) -> None:
        if not meanwhile:
            spec = mem.MemberSpec("Đinh Văn Giữa", "official", cccd="001190099999")
            meanwhile.append(
                mem.member_create(actor=None, unit=tree.b1, spec=spec, joined_on=date(2015, 1, 1))
            )

    outcome = services.members_import(actor=board, unit=tree.a, path=str(path), progress=progress)

    assert outcome.applied and outcome.created == 5 and meanwhile
    assert list(meanwhile[0].unit_periods.values_list("valid_from", flat=True)) == [date(2015, 1, 1)]
    assert meanwhile[0].events.count() == 1
    imported = Member.objects.filter(cccd__in=[roster.cccd(i) for i in range(5)])
    assert imported.count() == 5
    for member in imported:
        assert member.unit_periods.count() == 1 and member.events.get().details == {"source": "import"}


def test_an_import_takes_no_more_ids_than_it_writes(tree, board, tmp_path, monkeypatch):
    """Chunks of a few new members among corrections reserve only the ids they use: the members
    created get consecutive ids (one range for their history, none taken for nothing). It tells
    on PostgreSQL, whose sequence skips what was reserved and not used; SQLite hands out the next
    ids after the largest anyway."""
    monkeypatch.setattr(services, "CHUNK", 2)
    known = mem.member_create(
        actor=None, unit=tree.a1, spec=mem.MemberSpec("Kim Văn Cũ", "official", cccd=roster.cccd(1))
    )
    lines = [roster.row(i) for i in range(6)]  # row 1 corrects the member on record
    path = roster.write(tmp_path / "r.xlsx", {"Danh sách": lines})
    outcome = services.members_import(actor=board, unit=tree.a, path=str(path))
    assert outcome.created == 5 and outcome.updated == 1
    created = sorted(Member.objects.filter(pk__gt=known.pk).values_list("pk", flat=True))
    assert created == list(range(created[0], created[0] + 5))
    assert MemberUnitPeriod.objects.filter(member_id__in=created).count() == 5


def test_any_invalid_row_writes_nothing_and_reports_every_bad_row(tree, board, tmp_path):
    lines = [
        roster.row(0),
        roster.row(1, Số_CCCD="123"),
        roster.row(2),
        roster.row(3, Ngày_sinh="32/01/1980"),
    ]
    path = roster.write(tmp_path / "r.xlsx", {"Chi bộ 1": lines[:2], "Chi bộ 2": lines[2:]})
    before = _state()

    outcome = services.members_import(actor=board, unit=tree.a, path=str(path))

    assert not outcome.applied and _state() == before
    assert [(p.sheet, p.row, p.column, p.code) for p in outcome.problems] == [
        ("Chi bộ 1", 3, "Số CCCD", "member.cccd_format"),
        ("Chi bộ 2", 3, "Ngày sinh", "exchange.date_invalid"),
    ]
    assert outcome.rows_invalid == 2


def test_skip_invalid_writes_the_valid_rows_and_reports_the_others(tree, board, tmp_path):
    path = roster.write(
        tmp_path / "r.xlsx", {"S": [roster.row(0), roster.row(1, Họ_và_tên=""), roster.row(2)]}
    )
    outcome = services.members_import(actor=board, unit=tree.a, path=str(path), skip_invalid=True)
    assert outcome.applied and outcome.created == 2 and outcome.rows_invalid == 1
    assert [(p.row, p.code) for p in outcome.problems] == [(3, "exchange.required")]
    assert set(Member.objects.filter(cccd__startswith="001080").values_list("cccd", flat=True)) == {
        roster.cccd(0),
        roster.cccd(2),
    }


def test_dry_run_writes_nothing_and_counts_what_it_would_do(tree, board, tmp_path):
    path = roster.write(tmp_path / "r.xlsx", {"S": [roster.row(i) for i in range(4)]})
    before = _state()
    outcome = services.members_import(actor=board, unit=tree.a, path=str(path), dry_run=True)
    assert not outcome.applied and outcome.created == 4 and _state() == before


def test_known_cccd_corrects_the_member_with_before_and_after_per_member(tree, board, tmp_path):
    first = roster.write(tmp_path / "a.xlsx", {"S": [roster.row(i) for i in range(3)]})
    services.members_import(actor=board, unit=tree.a, path=str(first))
    member = Member.objects.get(cccd=roster.cccd(1))
    changed = [roster.row(0), roster.row(1, Họ_và_tên="Phạm Thị Sửa", Chức_vụ="Trưởng phòng"), roster.row(2)]
    second = roster.write(tmp_path / "b.xlsx", {"S": changed})

    outcome = services.members_import(actor=board, unit=tree.a, path=str(second))

    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 2)
    member.refresh_from_db()
    assert (member.full_name, member.position, member.version) == ("Phạm Thị Sửa", "Trưởng phòng", 2)
    assert member.name_folded == "pham thi sua" and NameKey.objects.filter(key="thi sua").exists()
    entry = AuditEntry.objects.get(action="member.update", target_id=str(member.pk))
    assert entry.before == {"full_name": "Phạm Văn Nhập 1", "position": "Chuyên viên"}
    assert entry.after == {"full_name": "Phạm Thị Sửa", "position": "Trưởng phòng"}
    assert entry.actor_id == board.pk
    event = member.events.get(kind="updated")
    assert event.details["fields"] == ["full_name", "position"]
    assert AuditEntry.objects.filter(action="member.update").count() == 1
    assert AuditEntry.objects.filter(action="exchange.import").count() == 2


def test_a_cccd_twice_in_the_file_is_refused_naming_the_first_row(tree, board, tmp_path):
    path = roster.write(tmp_path / "r.xlsx", {"A": [roster.row(0)], "B": [roster.row(5), roster.row(0)]})
    outcome = services.members_import(actor=board, unit=tree.a, path=str(path))
    assert [(p.sheet, p.row, p.code, p.params["row"]) for p in outcome.problems] == [
        ("B", 3, "exchange.cccd_repeated", 2)
    ]


def test_unit_codes_must_name_a_cell_inside_the_chosen_subtree(tree, board, tmp_path):
    lines = [
        roster.row(0, unit="B1"),
        roster.row(1, unit="A"),
        roster.row(2, unit="ZZ"),
        roster.row(3, unit="a1"),
    ]
    path = roster.write(tmp_path / "r.xlsx", {"S": lines})
    outcome = services.members_import(actor=board, unit=tree.a, path=str(path), skip_invalid=True)
    assert [(p.row, p.code) for p in outcome.problems] == [
        (2, "exchange.unit_outside"),
        (3, "unit.holds_no_members"),
        (4, "exchange.unit_outside"),
    ]
    assert outcome.created == 1  # "a1" is A1


def test_a_known_member_elsewhere_is_never_moved_or_overwritten(tree, board, tmp_path):
    other = mem.member_create(
        actor=None, unit=tree.b1, spec=mem.MemberSpec("Vũ Văn Khác", "official", cccd=roster.cccd(7))
    )
    a2 = roster.write(tmp_path / "a.xlsx", {"S": [roster.row(8)]})
    services.members_import(actor=board, unit=tree.root, path=str(a2))
    from chibo.core.testing import make_unit

    make_unit(tree.a, "A2", "chi_bo")
    path = roster.write(tmp_path / "r.xlsx", {"S": [roster.row(7), roster.row(8, unit="A2")]})
    outcome = services.members_import(actor=board, unit=tree.a, path=str(path), skip_invalid=True)
    assert [(p.row, p.code) for p in outcome.problems] == [
        (2, "member.cccd_taken"),
        (3, "exchange.unit_differs"),
    ]
    other.refresh_from_db()
    assert (other.full_name, other.unit_id) == ("Vũ Văn Khác", tree.b1.pk)


def test_the_importer_needs_the_manage_right_on_the_unit(tree, tmp_path):
    viewer = user_with_role("xem", "viewer", tree.a)
    secretary_b = user_with_role("bithu-b", "secretary", tree.b)
    path = roster.write(tmp_path / "r.xlsx", {"S": [roster.row(0)]})
    for actor in (viewer, secretary_b):
        with pytest.raises(NotPermitted):
            services.members_import(actor=actor, unit=tree.a, path=str(path))
    assert not Member.objects.filter(cccd=roster.cccd(0)).exists()


def test_tolerant_reading_titles_above_any_header_order_text_dates(tree, board, tmp_path):
    import xlsxwriter

    path = tmp_path / "r.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Tháng 6")
    sheet.write(0, 0, "DANH SÁCH ĐẢNG VIÊN")
    header = [
        "so cccd",
        "HỌ VÀ TÊN",
        "ma don vi",
        "Ngay sinh",
        "gioi tinh",
        "Ngày vào đảng",
        "Ngày quyết định kết nạp",
    ]
    header += ["Trình độ học vấn", "Dân tộc", "Tôn giáo", "Quê quán", "Ngày chính thức", "Số thẻ đảng viên"]
    sheet.write_row(2, 0, header)
    sheet.write_row(
        3, 0, ["001080000042", " Đỗ  Thị Hằng ", "A1", "05/06/1990", "Nữ", "20/03/2015", "02/03/2015"]
    )
    sheet.write_row(5, 0, [1080000043, "Đinh Văn Tú", "A1", "1991-07-08", "nam"])  # CCCD typed as a number
    workbook.close()

    outcome = services.members_import(actor=board, unit=tree.a, path=str(path))

    assert outcome.applied and outcome.created == 2, outcome.problems
    hang = Member.objects.get(cccd="001080000042")
    assert (hang.full_name, hang.sex, hang.birth_date, hang.ceremony_on) == (
        "Đỗ Thị Hằng",
        "F",
        date(1990, 6, 5),
        date(2015, 3, 20),
    )
    assert Member.objects.get(cccd="001080000043").status == "probationary"


# --- bad files: a clear refusal, nothing written ---------------------------------------------------


def _refused(board, tree, path):
    before = _state()
    with pytest.raises(RuleViolation) as refusal:
        services.members_import(actor=board, unit=tree.a, path=str(path))
    assert _state() == before
    return refusal.value


def test_not_an_xlsx_is_refused(tree, board, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_text("Mã đơn vị;Họ và tên\nA1;X\n", encoding="utf-8")
    assert _refused(board, tree, path).code == "exchange.not_xlsx"


def test_a_password_protected_workbook_is_refused(tree, board, tmp_path):
    path = tmp_path / "r.xlsx"  # what Excel writes: an OLE2 container with the encrypted package
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le"))
    assert _refused(board, tree, path).code == "exchange.encrypted"


def test_a_truncated_workbook_is_refused(tree, board, tmp_path):
    whole = roster.write(tmp_path / "w.xlsx", {"S": [roster.row(i) for i in range(50)]}).read_bytes()
    path = tmp_path / "r.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert _refused(board, tree, path).code == "exchange.corrupt"


def test_a_workbook_without_the_header_is_refused(tree, board, tmp_path):
    path = roster.write(tmp_path / "r.xlsx", {"S": [["a", "b"], ["c", "d"]]}, header=["x", "y"])
    refusal = _refused(board, tree, path)
    assert refusal.code == "exchange.no_header" and "Số CCCD" in refusal.params["columns"]


def test_missing_required_columns_are_refused(tree, board, tmp_path):
    header = [h for h in roster.HEADER if h != "Số CCCD"]
    path = roster.write(tmp_path / "r.xlsx", {"Tờ 1": [roster.row(0)[:7]]}, header=header)
    refusal = _refused(board, tree, path)
    assert (refusal.code, refusal.params["sheet"], refusal.params["columns"]) == (
        "exchange.missing_columns",
        "Tờ 1",
        "Số CCCD",
    )


def test_formulas_are_refused(tree, board, tmp_path):
    import xlsxwriter

    path = tmp_path / "r.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, roster.HEADER)
    sheet.write_row(1, 0, roster.row(0)[:2])
    sheet.write_formula(1, 7, '="001080"&"000001"', None, "001080000001")
    workbook.close()
    refusal = _refused(board, tree, path)
    assert refusal.code == "exchange.formulas" and refusal.params["sheet"] == "sheet1"


def test_a_sheet_up_to_excels_last_row_is_refused(tree, board, tmp_path):
    import xlsxwriter

    path = tmp_path / "r.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Đầy")
    sheet.write_row(0, 0, roster.HEADER)
    sheet.write_row(1, 0, roster.row(0)[:2])
    sheet.write(1_048_575, 0, "A1")
    workbook.close()
    refusal = _refused(board, tree, path)
    assert (refusal.code, refusal.params["sheet"]) == ("exchange.sheet_full", "Đầy")


def test_a_zip_that_is_no_workbook_is_refused(tree, board, tmp_path):
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert _refused(board, tree, path).code == "exchange.not_xlsx"


# --- export → import round trip ----------------------------------------------------------------


def test_an_export_reimports_to_the_same_data(tree, board, tmp_path):
    lines = [roster.row(i) for i in range(5)]
    lines[1] = roster.row(
        1, Giới_tính="Nữ", Tôn_giáo="Phật giáo", Ngày_chính_thức=None, Chuyên_môn="", Dân_tộc="Tày"
    )
    services.members_import(
        actor=board, unit=tree.a, path=str(roster.write(tmp_path / "a.xlsx", {"S": lines}))
    )
    imported = Member.objects.filter(cccd__startswith="001080").order_by("cccd")
    snapshot = [(m.pk, m.version, *[getattr(m, f) for f in services.rows.MEMBER_FIELDS]) for m in imported]

    first = tmp_path / "export1.xlsx"
    assert exports.write_roster(exports.roster_values(imported), str(first), sensitive=True) == 5
    outcome = services.members_import(actor=board, unit=tree.a, path=str(first))
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.rows_invalid) == (0, 0, 5, 0)
    again = [(m.pk, m.version, *[getattr(m, f) for f in services.rows.MEMBER_FIELDS]) for m in imported.all()]
    assert again == snapshot
    second = tmp_path / "export2.xlsx"
    exports.write_roster(exports.roster_values(imported.all()), str(second), sensitive=True)
    assert _cells(first) == _cells(second)


def test_an_export_without_the_sensitive_right_leaves_cccd_and_religion_empty(tree, board, tmp_path):
    lines = [roster.row(0, Tôn_giáo="Công giáo")]
    services.members_import(
        actor=board, unit=tree.a, path=str(roster.write(tmp_path / "a.xlsx", {"S": lines}))
    )
    out = tmp_path / "e.xlsx"
    exports.write_roster(
        exports.roster_values(Member.objects.filter(cccd=roster.cccd(0))), str(out), sensitive=False
    )
    cells = _cells(out)
    assert "Decree 13/2023" in cells[0][0] or "13/2023" in cells[0][0]
    assert cells[1] == roster.HEADER
    assert roster.cccd(0) not in cells[2] and "Công giáo" not in cells[2] and "Phạm Văn Nhập 0" in cells[2]


def _cells(path):
    workbook = CalamineWorkbook.from_path(str(path))
    return workbook.get_sheet_by_index(0).to_python()


# --- the commands --------------------------------------------------------------------------------


def _command(*args):
    try:
        call_command(*args)
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_import_command_exit_codes_and_report(tree, tmp_path):
    good = roster.write(tmp_path / "good.xlsx", {"S": [roster.row(0), roster.row(1)]})
    bad = roster.write(tmp_path / "bad.xlsx", {"S": [roster.row(2), roster.row(3, Số_CCCD="x")]})
    report = tmp_path / "report.xlsx"

    assert _command("import_members", str(good), "--unit", "A", "--dry-run") == 0
    assert not Member.objects.filter(cccd=roster.cccd(0)).exists()
    assert _command("import_members", str(bad), "--unit", "a", "--report", str(report)) == 1
    assert not Member.objects.filter(cccd=roster.cccd(2)).exists()
    problems = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(1).to_python()
    assert problems[1][:3] == ["S", 3.0, "Số CCCD"] and "x" in problems[1][3]
    assert _command("import_members", str(good), "--unit", "A") == 0
    assert Member.objects.filter(cccd__in=[roster.cccd(0), roster.cccd(1)]).count() == 2
    assert _command("import_members", str(bad), "--unit", "A", "--skip-invalid") == 0
    assert Member.objects.filter(cccd=roster.cccd(2)).exists()
    text = tmp_path / "t.xlsx"
    text.write_text("not a workbook")
    assert _command("import_members", str(text), "--unit", "A") == 1
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_members", str(good), "--unit", "NOPE")


def test_export_command_writes_the_subtree_and_is_audited(tree, tmp_path):
    out = tmp_path / "a.xlsx"
    call_command("export_members", "--unit", "A", "--out", str(out))
    cells = _cells(out)
    assert cells[0] == roster.HEADER and len(cells) == 1 + 5  # the five members of A1
    assert {row[0] for row in cells[1:]} == {"A1"}
    entry = AuditEntry.objects.get(action="member.export")
    assert entry.counts == {"members": 5} and entry.after["sensitive"] is True


# --- the pipeline: bounded structures, the reading thread ------------------------------------------


def test_the_cccd_table_finds_every_repeat_with_its_first_row_as_it_grows():
    table = services.CccdTable(capacity=4)
    assert all(table.first(roster.cccd(n), "A" if n % 2 else "B", 2 + n) is None for n in range(5000))
    assert len(table) == 5000 and table.mask + 1 >= 10_000
    assert table.first(roster.cccd(4321), "C", 9) == ("A", 4323)
    assert table.first(roster.cccd(10), "C", 9) == ("B", 12)
    assert table.first("000000000000", "C", 10) is None and table.first("000000000000", "D", 1) == ("C", 10)


def test_a_failure_while_writing_stops_the_reading_thread_and_writes_nothing(
    tree, board, tmp_path, monkeypatch
):
    import threading

    path = roster.write_fast(tmp_path / "r.xlsx", 12_000)
    calls = []

    def failing_flush(self, chunk):
        calls.append(len(chunk))
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services._Importer, "_flush", failing_flush)
    before = _state()
    with pytest.raises(RuntimeError):
        services.members_import(actor=board, unit=tree.a, path=str(path))
    assert calls == [services.CHUNK] and _state() == before
    assert not [t for t in threading.enumerate() if t.name == "roster-reader"]


def test_a_large_roster_imports_through_the_chunks(tree, board, tmp_path):
    path = roster.write_fast(tmp_path / "r.xlsx", 12_000)
    seen = []
    outcome = services.members_import(actor=board, unit=tree.a, path=str(path), progress=seen.append)
    assert outcome.applied and outcome.created == 12_000 and seen == [5000, 10_000, 12_000]
    assert Member.objects.filter(cccd__startswith="001080").count() == 12_000
    member = Member.objects.get(cccd=roster.cccd(11_999))
    assert (member.full_name, member.birth_date, member.status) == (
        "Phạm Văn Nhập 11999",
        date(1980, 1, 16),
        "official",
    )
    assert MemberUnitPeriod.objects.filter(member=member).count() == 1


def test_a_file_of_bad_rows_keeps_a_bounded_list_of_problems(tree, board, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "MAX_REPORTED", 100)
    path = roster.write_fast(tmp_path / "r.xlsx", 6000, unit="ZZ")
    seen = []
    outcome = services.members_import(actor=board, unit=tree.a, path=str(path), progress=seen.append)
    assert not outcome.applied and outcome.rows_invalid == 6000 and outcome.rows_total == 6000
    assert len(outcome.problems) == 100 and outcome.problems_dropped == 5900
    assert outcome.problems[0].code == "exchange.unit_outside" and outcome.problems[0].row == 2
    assert seen == [5000, 6000]  # bad rows are handed over in chunks too
    assert len(outcome.preview) == services.PREVIEW_ROWS and not outcome.preview[0]["ok"]
