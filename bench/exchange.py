"""`make bench`, data exchange part: the roster import end to end on PostgreSQL.

Uses its own database — BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/chibo_bench_exchange
— with a tree of one đảng bộ and 1,000 chi bộ. Generates roster files (raw SpreadsheetML, kept in
var/bench/ between runs) of BENCH_EXCHANGE_ROWS rows (default 1,000,000) and a tenth of that —
names drawn as the national preset draws them, or all different (BENCH_EXCHANGE_DISTINCT_NAMES=1,
the worst case for the name keys) — then for each size:

- reads and checks every row without a database (the streaming reader ``chibo.exchange.
  xlsx_stream`` and the row rules) in a fresh process: rows/s and peak RSS — the part of the
  import that is Python, and the memory that must not grow with the file;
- empties the member tables and runs ``manage.py import_members`` in a fresh process: streaming
  read, every row checked (in a thread beside the writes), COPY into the member table, periods,
  events, name keys and the audit batch entry, one transaction. Reports rows/s, the peak RSS and
  where the CPU went: the importing process's core-seconds, the rest of the machine's (PostgreSQL),
  and the core-seconds the wall time offered — the budget a faster import has to fit in.

Beside it, on the same run and database, django-import-export imports the first
BENCH_EXCHANGE_BASELINE_ROWS rows (default 20,000) of the same file with a ModelResource doing
the same mapping (its Dataset filled from a python-calamine read, since its own xlsx reader needs
openpyxl, which the project does not install; that read is left out of its time). Then the
re-import of the large file, where every row matches a member and nothing changes, and the export
of BENCH_EXCHANGE_EXPORT_ROWS members (default 200,000) with xlsxwriter. Nothing asserts a time.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/chibo_bench_exchange")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
ROWS = int(os.environ.get("BENCH_EXCHANGE_ROWS", "1000000"))
BASELINE_ROWS = int(os.environ.get("BENCH_EXCHANGE_BASELINE_ROWS", "20000"))
EXPORT_ROWS = int(os.environ.get("BENCH_EXCHANGE_EXPORT_ROWS", "200000"))
#: Names as the national preset draws them (demo_data.full_name: 117,000 distinct names in a
#: million members, as real rosters repeat names), or, with BENCH_EXCHANGE_DISTINCT_NAMES=1, every
#: name different (a number at its end): the worst case for the name keys (four new keys a row).
DISTINCT_NAMES = os.environ.get("BENCH_EXCHANGE_DISTINCT_NAMES") == "1"
CELLS = 1000
FOLDER = ROOT / "var" / "bench"

import psycopg  # noqa: E402


def ensure_database() -> None:
    admin = URL.rsplit("/", 1)[0] + "/postgres"
    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Đức",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Phương",
]


def roster_file(rows: int) -> Path:
    """A valid roster of ``rows`` members spread over the 1,000 cells (written once, then kept).

    Written as raw SpreadsheetML into the zip (inline strings, dates as serial numbers with a
    date format): xlsxwriter needs minutes for a million rows of 16 columns on a busy 2-core
    machine, and the file is only the input here."""
    import random
    import zipfile

    from chibo.core import demo_data
    from chibo.exchange.rows import HEADER

    path = FOLDER / (f"roster-{rows}-distinct.xlsx" if DISTINCT_NAMES else f"roster-{rows}-v2.xlsx")
    if path.exists():
        return path
    FOLDER.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    epoch = date(1899, 12, 30).toordinal()

    def serial(day: date) -> int:
        return day.toordinal() - epoch

    def text(value: str) -> str:
        return f'<c t="inlineStr"><is><t>{value}</t></is></c>'

    def number_day(day: date) -> str:
        return f'<c s="1"><v>{serial(day)}</v></c>'

    with zipfile.ZipFile(str(path) + ".tmp", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, body in _PACKAGE.items():
            archive.writestr(name, body)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            sheet.write(("<row>" + "".join(text(h) for h in HEADER) + "</row>").encode())
            lines = []
            rng = random.Random(1)
            for i in range(rows):
                if DISTINCT_NAMES:
                    name = f"{FAMILY[i % 12]} {MIDDLE[i // 12 % 8]} {GIVEN[i // 96 % 14]} {i // 1344}"
                else:
                    name = demo_data.full_name(rng, "M" if i % 2 else "F", 1960 + i % 40)
                cells = [
                    text(f"C{i % CELLS:04d}"),
                    text(name),
                    number_day(date(1960 + i % 40, 1 + i % 12, 1 + i % 28)),
                    text("Nam" if i % 2 else "Nữ"),
                    text("Kinh"),
                    "<c/>",
                    text("Hà Nội"),
                    text(f"0010{80 + i % 20:02d}{i:06d}"),
                    number_day(date(2000 + i % 20, 3, 2)),
                    number_day(date(2000 + i % 20, 3, 20)),
                    number_day(date(2001 + i % 20, 3, 20)),
                    text(f"{i:08d}"),
                    text("12/12"),
                    text("Đại học"),
                    text("Trung cấp"),
                    text("Chuyên viên"),
                ]
                lines.append("<row>" + "".join(cells) + "</row>")
                if len(lines) == 10_000:
                    sheet.write("".join(lines).encode())
                    lines = []
            sheet.write(("".join(lines) + "</sheetData></worksheet>").encode())
    os.replace(str(path) + ".tmp", path)
    print(f"  generated {path.name} in {time.perf_counter() - started:.0f} s")
    return path


_NS = "http://schemas.openxmlformats.org"
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<worksheet xmlns="{_NS}/spreadsheetml/2006/main"><sheetData>'
)
_PACKAGE = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Types xmlns="{_NS}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{_NS}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{_NS}/spreadsheetml/2006/main" '
        f'xmlns:r="{_NS}/officeDocument/2006/relationships">'
        '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{_NS}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_NS}/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<styleSheet xmlns="{_NS}/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>"
    ),
}


def setup_tree() -> None:
    from django.core.management import call_command

    from chibo.organizations.models import Unit
    from chibo.organizations.services import BulkUnit, unit_create, units_bulk_load

    call_command("migrate", verbosity=0)
    if Unit.objects.filter(code="D").exists():
        return
    root = unit_create(
        actor=None, parent=None, code="R", name="Đảng bộ Khối", level="upper", founded_on=date(1990, 1, 1)
    )
    units = [BulkUnit("D", "Đảng bộ cơ sở thử", "dang_bo_co_so", None, date(1990, 1, 1))]
    units += [BulkUnit(f"C{i:04d}", f"Chi bộ {i}", "chi_bo", "D", date(1990, 1, 1)) for i in range(CELLS)]
    units_bulk_load(actor=None, parent=root, units=units)


def empty_members() -> None:
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(
            "TRUNCATE members_memberevent, members_memberunitperiod, members_namekey, members_member "
            "RESTART IDENTITY CASCADE"
        )
        conn.execute("DELETE FROM core_auditentry WHERE action IN ('exchange.import', 'member.update')")
        conn.execute("VACUUM ANALYZE members_member")


def _busy_core_seconds() -> float | None:
    """CPU time the whole machine spent busy since boot (Linux /proc/stat), or None elsewhere."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return None
    return (sum(ticks[:3]) + sum(ticks[5:7])) / os.sysconf("SC_CLK_TCK")  # user nice system irq softirq


def run_import(path: Path) -> tuple[float, float, str, str]:
    """Seconds and peak RSS (MB) of ``manage.py import_members`` in its own process, its summary,
    and where the CPU went: the importing process's core-seconds against the rest of the machine
    (PostgreSQL, on an otherwise idle machine) and the core-seconds the wall time offered."""
    code = (
        "import resource, sys, time, django; django.setup();"
        "from django.core.management import call_command;"
        "t = time.perf_counter();"
        f"call_command('import_members', {str(path)!r}, '--unit', 'D');"
        "u = resource.getrusage(resource.RUSAGE_SELF);"
        "print('BENCH', time.perf_counter() - t, u.ru_maxrss / 1024, u.ru_utime + u.ru_stime)"
    )
    busy = _busy_core_seconds()
    done = subprocess.run(  # noqa: S603 — our own code
        [sys.executable, "-c", code], cwd=ROOT, env=os.environ, capture_output=True, text=True, check=False
    )
    after = _busy_core_seconds()
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH")]
    if done.returncode or not lines:
        raise SystemExit(f"import failed ({done.returncode}): {done.stderr[-2000:]} {done.stdout[-500:]}")
    _, seconds, rss, own = lines[0].split()
    summary = [line for line in done.stdout.splitlines() if line.startswith("rows=")]
    cpu = f"CPU: importing process {float(own):.0f} core-s"
    if busy is not None and after is not None:
        cpu += (
            f", rest of the machine {after - busy - float(own):.0f} core-s, "
            f"of {(os.cpu_count() or 1) * float(seconds):.0f} the wall time offered on {os.cpu_count()} cores"
        )
    return float(seconds), float(rss), summary[0] if summary else "", cpu


def run_read(path: Path) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) and rows of reading and checking ``path`` with no database."""
    code = (
        "import resource, time, django; django.setup(); from datetime import date;"
        "from chibo.exchange import reader, rows, services;"
        "checker = rows.RowChecker(today=date.today(), choices=services._choices());"
        "t = time.perf_counter(); n = 0\n"
        f"for sheet, number, cells in reader.read_rows({str(path)!r}):\n"
        "    checker.check(cells); n += 1\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print('BENCH', time.perf_counter() - t, peak, n)"
    )
    done = subprocess.run(  # noqa: S603 — our own code
        [sys.executable, "-c", code], cwd=ROOT, env=os.environ, capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH")]
    if done.returncode or not lines:
        raise SystemExit(f"read failed ({done.returncode}): {done.stderr[-2000:]}")
    _, seconds, rss, count = lines[0].split()
    return float(seconds), float(rss), int(count)


def baseline(path: Path, rows: int) -> tuple[float, int]:
    """django-import-export on the first ``rows`` rows: rows/s (the file read is not timed)."""
    import tablib
    from import_export import fields, resources, widgets
    from python_calamine import CalamineWorkbook

    from chibo.exchange.rows import HEADER
    from chibo.members.models import Member
    from chibo.organizations.models import Unit
    from chibo.rules.text import fold, roster_sort_key

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    data = sheet.to_python(nrows=rows + 1)
    dataset = tablib.Dataset(*[tuple(line) for line in data[1:]], headers=HEADER)
    levels = {"Đại học": "bachelor", "Trung cấp": "intermediate"}

    class MemberResource(resources.ModelResource):
        unit = fields.Field("unit", "Mã đơn vị", widgets.ForeignKeyWidget(Unit, "code"))
        full_name = fields.Field("full_name", "Họ và tên")
        birth_date = fields.Field("birth_date", "Ngày sinh", widgets.DateWidget())
        sex = fields.Field("sex", "Giới tính")
        ethnicity = fields.Field("ethnicity", "Dân tộc")
        home_town = fields.Field("home_town", "Quê quán")
        cccd = fields.Field("cccd", "Số CCCD")
        admitted_on = fields.Field("admitted_on", "Ngày quyết định kết nạp", widgets.DateWidget())
        ceremony_on = fields.Field("ceremony_on", "Ngày vào Đảng", widgets.DateWidget())
        official_on = fields.Field("official_on", "Ngày chính thức", widgets.DateWidget())
        card_number = fields.Field("card_number", "Số thẻ đảng viên")
        education_general = fields.Field("education_general", "Trình độ học vấn")
        education_professional = fields.Field("education_professional", "Chuyên môn")
        theory_level = fields.Field("theory_level", "Lý luận chính trị")
        position = fields.Field("position", "Chức vụ")

        class Meta:
            model = Member
            import_id_fields = ("cccd",)
            fields = (
                "unit", "full_name", "birth_date", "sex", "ethnicity", "home_town", "cccd", "admitted_on",
                "ceremony_on", "official_on", "card_number", "education_general", "education_professional",
                "theory_level", "position",
            )  # fmt: skip
            skip_unchanged = True

        def before_import_row(self, row, **kwargs):  # type: ignore[no-untyped-def]
            row["Giới tính"] = "M" if row["Giới tính"] == "Nam" else "F"
            row["Chuyên môn"] = levels.get(row["Chuyên môn"], "")
            row["Lý luận chính trị"] = levels.get(row["Lý luận chính trị"], "")

        def before_save_instance(self, instance, row, **kwargs):  # type: ignore[no-untyped-def]
            instance.unit_path = instance.unit.path
            instance.name_folded, instance.name_sort = (
                fold(instance.full_name),
                roster_sort_key(instance.full_name),
            )
            instance.status = "official"

    started = time.perf_counter()
    result = MemberResource().import_data(dataset, dry_run=False, raise_errors=True)
    seconds = time.perf_counter() - started
    assert not result.has_errors()
    return rows / seconds, Member.objects.count()


def export_seconds() -> tuple[float, int]:
    import tempfile

    from chibo.exchange import exports
    from chibo.members.models import Member

    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        count = exports.write_roster(
            exports.roster_values(Member.objects.order_by("unit_path", "name_sort", "id")[:EXPORT_ROWS]),
            out,
            sensitive=True,
        )
    return time.perf_counter() - started, count


def main() -> None:
    ensure_database()
    import django

    django.setup()
    setup_tree()
    sizes = sorted({max(1, ROWS // 10), ROWS})
    names = "every name different" if DISTINCT_NAMES else "names drawn as in the national preset"
    print(f"Roster import, PostgreSQL ({URL.rsplit('/', 1)[1]}), {CELLS} cells, {names}")
    files = {rows: roster_file(rows) for rows in sizes}
    for rows in sizes:
        seconds, rss, count = run_read(files[rows])
        print(
            f"  read+check {count:>8,} rows, no database: {seconds:7.1f} s = {count / seconds:8,.0f} rows/s, "
            f"peak RSS {rss:,.0f} MB"
        )
    for rows in sizes:
        empty_members()
        seconds, rss, summary, cpu = run_import(files[rows])
        size = files[rows].stat().st_size / 1e6
        print(
            f"  import {rows:>9,} rows ({size:.0f} MB): {seconds:7.1f} s = {rows / seconds:8,.0f} rows/s, "
            f"peak RSS {rss:,.0f} MB  [{summary}]\n    {cpu}"
        )
    seconds, rss, summary, cpu = run_import(files[ROWS])
    print(
        f"  re-import {ROWS:>6,} rows, all unchanged: {seconds:7.1f} s = {ROWS / seconds:8,.0f} rows/s, "
        f"peak RSS {rss:,.0f} MB\n    {cpu}"
    )
    seconds, count = export_seconds()
    print(
        f"  export    {count:>6,} rows (xlsxwriter constant_memory): {seconds:7.1f} s = "
        f"{count / seconds:8,.0f} rows/s"
    )
    empty_members()
    rate, _ = baseline(files[sizes[0]], min(BASELINE_ROWS, sizes[0]))
    print(
        f"  baseline django-import-export, {min(BASELINE_ROWS, sizes[0]):,} rows (row by row): "
        f"{rate:8,.0f} rows/s"
    )
    print(f"  (this process's peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB)")


if __name__ == "__main__":
    main()
