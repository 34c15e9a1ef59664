"""Services of chibo.exchange: every write, in one transaction, with its audit entry.

The roster import (``members_import`` from the command, ``import_job_run`` from the UI and the
API) streams the workbook once (``chibo.exchange.reader``): a thread reads each row and checks it
by the pure rules (``chibo.exchange.rows``) and against the subtree's units and the CCCDs met
before in the file, and hands chunks of rows to the writing thread, which checks them against the
members on record and writes them while the next chunk is read — new members by COPY
(``chibo.members.services._common.NewMembers``: their periods, events and name keys set-based at
the end), corrections by
bulk UPDATE with one history event and one audit entry (before/after) per changed member. Memory
does not grow with the file but for the CCCDs met (``CccdTable``, ~32 bytes a row) and at most
``MAX_REPORTED`` problems. The whole import is one transaction: any invalid row in the default
all-or-nothing mode, a refusal of the file, an error or a killed process leaves the database as it
was. One audit batch entry per import records the file's SHA-256 and the counts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone, translation

from chibo.accounts.roles import Action
from chibo.core import audit, regulations
from chibo.core.models import AuditEntry
from chibo.core.scoping import require, subtree_q
from chibo.exchange import reader, rows
from chibo.exchange.models import ImportJob, job_lock_key, progress_path
from chibo.members.models import (
    ActivityState,
    Member,
    MemberEvent,
    MemberStatus,
    ProfessionalLevel,
    TheoryLevel,
)
from chibo.members.services import MEMBER_COPY_COLUMNS
from chibo.members.services._common import NewMembers, keep_searchable
from chibo.organizations.models import Unit
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation

CHUNK = 5000
#: The report lists at most this many bad cells (a file of a million bad rows is refused anyway);
#: the rest are counted. Kept in memory until the report is written: a bound whatever the file.
MAX_REPORTED = 50_000
#: Chunks of checked rows waiting for the database (the reading thread stops when they are there).
QUEUED_CHUNKS = 2
PREVIEW_ROWS = 20
ACTIVE = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)


def max_upload_bytes() -> int:
    """Files above this size are refused before they are read (settings.EXCHANGE_MAX_UPLOAD_BYTES)."""
    return int(getattr(settings, "EXCHANGE_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))


# --- the outcome ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Problem:
    sheet: str
    row: int
    column: str
    code: str
    params: dict[str, Any]


@dataclass
class ImportOutcome:
    sha256: str = ""
    rows_total: int = 0
    rows_invalid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False  # written and committed
    problems: list[Problem] = field(default_factory=list)
    problems_dropped: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows_total,
            "invalid": self.rows_invalid,
            "members_created": self.created,
            "members_updated": self.updated,
            "members_unchanged": self.unchanged,
        }


# --- the import ----------------------------------------------------------------------------------


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _choices() -> dict[str, dict[str, str]]:
    """Folded codes and labels (English and Vietnamese) of the choice columns → codes."""
    from chibo.rules.text import fold

    result: dict[str, dict[str, str]] = {}
    for name, enum in (("education_professional", ProfessionalLevel), ("theory_level", TheoryLevel)):
        labels = {fold(text): code for code, text in rows.LEVEL_NAMES[name].items()}
        for code, label in enum.choices:
            labels.setdefault(fold(code), code)
            for language in ("en", "vi"):
                with translation.override(language):
                    labels.setdefault(fold(str(label)), code)
        result[name] = labels
    return result


class _Importer:
    def __init__(
        self,
        actor: Any,
        unit: Unit,
        *,
        skip_invalid: bool,
        dry_run: bool,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.actor, self.unit = actor, unit
        self.skip_invalid, self.dry_run, self.progress = skip_invalid, dry_run, progress
        self.today = regulations.today()
        self.choices = _choices()
        self.units = {
            code: (pk, path, level, dissolved)
            for pk, code, path, level, dissolved in Unit.objects.filter(subtree_q(unit.path)).values_list(
                "pk", "code", "path", "level", "dissolved_on"
            )
        }
        self.seen = CccdTable()
        self.outcome = ImportOutcome()
        self.actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.new_members = NewMembers(
            day=self.today, from_admission=True, actor_id=self.actor_id, details={"source": "import"}
        )
        self.checker = rows.RowChecker(today=self.today, choices=self.choices)

    @property
    def writing(self) -> bool:
        return not self.dry_run and (self.skip_invalid or self.outcome.rows_invalid == 0)

    def run(self, source: Iterator[tuple[reader.Sheet, int, Any]]) -> None:
        """Read and check the rows in a thread (pure Python: the reader and the row rules, no
        database) while this thread writes the previous chunk: the database works on one chunk
        while the next is read. The thread hands over chunks of at most ``CHUNK`` valid rows
        with the refusals and the preview met on the way, through a queue of ``QUEUED_CHUNKS``
        (memory stays bounded); only this thread touches the outcome and the database."""
        handover: queue.Queue[Any] = queue.Queue(maxsize=QUEUED_CHUNKS)
        stop = threading.Event()
        reading = threading.Thread(
            target=self._read, args=(source, handover, stop), name="roster-reader", daemon=True
        )
        reading.start()
        try:
            while True:
                item = handover.get()
                if isinstance(item, BaseException):
                    raise item
                if item is None:
                    break
                counted, previews, refusals, chunk = item
                self.outcome.rows_total += counted
                self.outcome.preview.extend(previews[: PREVIEW_ROWS - len(self.outcome.preview)])
                for sheet, number, errors in refusals:
                    self._refuse(sheet, number, errors)
                self._flush(chunk)
                if self.progress is not None and counted:
                    self.progress(self.outcome.rows_total)
        finally:
            stop.set()
            while reading.is_alive():  # let a blocked put() see the stop
                with contextlib.suppress(queue.Empty):
                    handover.get(timeout=0.05)
            reading.join()

    def _read(
        self,
        source: Iterator[tuple[reader.Sheet, int, Any]],
        handover: queue.Queue[Any],
        stop: threading.Event,
    ) -> None:
        def hand(item: Any) -> bool:
            while not stop.is_set():
                try:
                    handover.put(item, timeout=0.1)
                    return True
                except queue.Full:
                    continue
            return False

        check, check_unit, check_repeat = self.checker.check, self._check_unit, self._check_repeat
        counted, previews, refusals, chunk = 0, [], [], []
        previewed = 0
        try:
            for sheet, number, cells in source:
                counted += 1
                values, errors = check(cells)
                if values["unit_code"]:
                    errors += check_unit(values)
                if values["cccd"]:
                    errors += check_repeat(values, sheet.name, number)
                if previewed < PREVIEW_ROWS:
                    previewed += 1
                    previews.append(_preview(sheet.name, number, values, errors))
                if errors:
                    refusals.append((sheet.name, number, errors))
                else:
                    chunk.append((sheet.name, number, values))
                if len(chunk) >= CHUNK or len(refusals) >= CHUNK:  # a file of bad rows too
                    if not hand((counted, previews, refusals, chunk)):
                        return
                    counted, previews, refusals, chunk = 0, [], [], []
            if hand((counted, previews, refusals, chunk)):
                hand(None)
        except BaseException as exc:  # a refused file, a bug: raised again by the writing thread
            hand(exc)
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    def _refuse(self, sheet: str, number: int, errors: list[rows.RowError]) -> None:
        self.outcome.rows_invalid += 1
        for error in errors:
            if len(self.outcome.problems) < MAX_REPORTED:
                self.outcome.problems.append(Problem(sheet, number, error.column, error.code, error.params))
            else:
                self.outcome.problems_dropped += 1

    def _check_unit(self, values: dict[str, Any]) -> list[rows.RowError]:
        code = values.get("unit_code")
        if not code:
            return []
        header = rows.BY_FIELD["unit_code"].header
        if code not in self.units:
            return [rows.RowError(header, "exchange.unit_outside", {"code": code, "root": self.unit.code})]
        _, _, level, dissolved = self.units[code]
        if dissolved is not None:
            return [rows.RowError(header, "restructure.target_dissolved", {"dissolved_on": dissolved})]
        try:
            org_rules.check_holds_members(level)
        except RuleViolation as refusal:
            return [rows.RowError(header, refusal.code, refusal.params)]
        return []

    def _check_repeat(self, values: dict[str, Any], sheet: str, number: int) -> list[rows.RowError]:
        cccd = values.get("cccd")
        if not cccd:
            return []
        first = self.seen.first(cccd, sheet, number)
        if first is not None:
            header = rows.BY_FIELD["cccd"].header
            return [
                rows.RowError(
                    header, "exchange.cccd_repeated", {"cccd": cccd, "sheet": first[0], "row": first[1]}
                )
            ]
        return []

    def _flush(self, chunk: list[tuple[str, int, dict[str, Any]]]) -> None:
        if not chunk:
            return
        on_record = _members_by_cccd([values["cccd"] for _, _, values in chunk], lock=self.writing)
        creates: list[dict[str, Any]] = []
        updates: list[tuple[Member, dict[str, Any]]] = []
        for sheet, number, values in chunk:
            member = on_record.get(values["cccd"])
            error = self._check_existing(member, values)
            if error is not None:
                self._refuse(sheet, number, [error])
            elif member is None:
                creates.append(values)
            else:
                updates.append((member, values))
        if self.writing:
            self._create(creates)
            self._update(updates)
        else:
            self.outcome.created += len(creates)
            self.outcome.updated += sum(1 for m, v in updates if _changes(m, v))
            self.outcome.unchanged += sum(1 for m, v in updates if not _changes(m, v))

    def _check_existing(self, member: Member | None, values: dict[str, Any]) -> rows.RowError | None:
        header = rows.BY_FIELD["cccd"].header
        if member is None:
            return None
        if member.status not in ACTIVE:
            return rows.RowError(header, "exchange.cccd_left", {"cccd": values["cccd"]})
        if not member.unit_path.startswith(self.unit.path):
            return rows.RowError(header, "member.cccd_taken", {"cccd": values["cccd"]})
        if self.units[values["unit_code"]][0] != member.unit_id:
            return rows.RowError(
                rows.BY_FIELD["unit_code"].header,
                "exchange.unit_differs",
                {"code": values["unit_code"], "current": member.unit.code},
            )
        return None

    def _create(self, creates: list[dict[str, Any]]) -> None:
        if not creates:
            return
        try:
            with transaction.atomic():
                self.outcome.created += self.new_members.copy(
                    map(self._copy_row, creates), count=len(creates)
                )
        except IntegrityError as exc:  # a concurrent record took a CCCD
            raise RuleViolation("member.cccd_taken", cccd="") from exc

    def _copy_row(self, values: dict[str, Any]) -> list[Any]:
        """The COPY line of a new member, with its name keys (MEMBER_COPY_COLUMNS' order)."""
        pk, path, _, _ = self.units[values["unit_code"]]
        name = values["full_name"]  # normalised by rows.parse_text
        line = [name, *rows.name_keys(name), *_COPY_TEMPLATE, pk, path]
        for position, name in _COPY_FROM_VALUES:
            value = values[name]
            if value:
                line[position] = value
        if values["official_on"]:
            line[_STATUS_AT] = MemberStatus.OFFICIAL
        line += _COPY_TAIL
        return line

    def _update(self, updates: list[tuple[Member, dict[str, Any]]]) -> None:
        changed: list[Member] = []
        events: list[MemberEvent] = []
        entries: list[AuditEntry] = []
        fields: set[str] = set()
        names: list[tuple[str, str]] = []
        repr_actor = self.actor.get_username() if self.actor_id else "system"
        now = timezone.now()
        for member, values in updates:
            diff = _changes(member, values)
            if not diff:
                self.outcome.unchanged += 1
                continue
            before = audit.snapshot(member, diff)
            for name in diff:
                setattr(member, name, values[name] if values[name] is not None else _BLANK.get(name))
            if "full_name" in diff:
                member.name_folded, member.name_sort = rows.name_keys(member.full_name)
                names.append((member.name_folded, member.name_sort))
            member.version += 1
            fields.update(diff)
            changed.append(member)
            events.append(
                MemberEvent(
                    member=member,
                    kind=MemberEvent.Kind.UPDATED,
                    effective_on=self.today,
                    recorded_at=now,
                    actor_id=self.actor_id,
                    unit_id=member.unit_id,
                    details={"fields": diff, "source": "import"},
                )
            )
            entries.append(
                AuditEntry(
                    at=now,
                    actor_id=self.actor_id,
                    actor_repr=repr_actor,
                    action="member.update",
                    target_type=Member._meta.label_lower,
                    target_id=str(member.pk),
                    target_repr=str(member)[:255],
                    unit_id=member.unit_id,
                    before=before,
                    after=audit.snapshot(member, diff),
                    note="import",
                )
            )
        if not changed:
            return
        if "full_name" in fields:
            fields |= {"name_folded", "name_sort"}
        try:
            with transaction.atomic():
                Member.objects.bulk_update(changed, [*sorted(fields), "version"], batch_size=500)
        except IntegrityError as exc:
            raise RuleViolation("member.cccd_taken", cccd="") from exc
        MemberEvent.objects.bulk_create(events, batch_size=2000)
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
        if names:
            keep_searchable(names)
        self.outcome.updated += len(changed)

    def finish(self) -> None:
        """The periods, events and searchable names of the members created, set-based once for
        the whole import (``NewMembers.finish``: chunk by chunk was measured slower)."""
        if self.outcome.created:
            self.new_members.finish()


#: Values of the fields a roster leaves empty, for a new record.
_BLANK: dict[str, Any] = {
    name: ("" if name not in ("birth_date", "admitted_on", "ceremony_on", "official_on") else None)
    for name in MEMBER_COPY_COLUMNS
}


#: The COPY line of a new member (``_copy_row``): the spec columns' blanks, where each roster
#: value goes, the status (probationary unless the official date is known: rows.status_for).
_SPEC_COLUMNS = MEMBER_COPY_COLUMNS[3:-6]
_COPY_TEMPLATE = [
    MemberStatus.PROBATIONARY if name == "status" else _BLANK.get(name) for name in _SPEC_COLUMNS
]
_COPY_FROM_VALUES = [(3 + i, name) for i, name in enumerate(_SPEC_COLUMNS) if name in rows.MEMBER_FIELDS]
_STATUS_AT = 3 + _SPEC_COLUMNS.index("status")
_COPY_TAIL = [ActivityState.NORMAL, "", 0, 1]
assert MEMBER_COPY_COLUMNS[-6:] == [
    "unit_id",
    "unit_path",
    "activity",
    "leave_reason",
    "readmissions",
    "version",
]


class CccdTable:
    """The CCCDs met so far in the file with the sheet and row of each, for ``exchange.
    cccd_repeated``: an open-addressing table in two arrays (the 12 digits as an integer, the
    row packed with the sheet's index), about 32 bytes a row instead of ~180 for a dict of
    strings — it grows with the file's rows (the one structure that must), not with the cells."""

    def __init__(self, capacity: int = 1 << 14) -> None:
        self.keys = array("q", bytes(8 * capacity))  # 0: empty; else the CCCD + 1
        self.rows = array("q", bytes(8 * capacity))
        self.mask, self.used = capacity - 1, 0
        self.sheets: list[str] = []
        self.sheet_index: dict[str, int] = {}

    def first(self, cccd: str, sheet: str, number: int) -> tuple[str, int] | None:
        """Where ``cccd`` was first met, or ``None`` (and it is recorded at sheet/number)."""
        key = int(cccd) + 1  # 12 digits (rows.parse_cccd): fits in 40 bits
        mask, keys = self.mask, self.keys
        slot = ((key * 0x9E3779B97F4A7C15) >> 24) & mask
        while True:
            found = keys[slot]
            if found == 0:
                break
            if found == key:
                packed = self.rows[slot]
                return self.sheets[packed >> 21], packed & 0x1FFFFF
            slot = (slot + 1) & mask
        index = self.sheet_index.get(sheet)
        if index is None:
            index = self.sheet_index[sheet] = len(self.sheets)
            self.sheets.append(sheet)
        keys[slot] = key
        self.rows[slot] = (index << 21) | number
        self.used += 1
        if self.used * 2 > mask:
            self._grow()
        return None

    def __len__(self) -> int:
        return self.used

    def _grow(self) -> None:
        old = zip(self.keys, self.rows, strict=True)
        capacity = (self.mask + 1) * 2
        self.keys, self.rows = array("q", bytes(8 * capacity)), array("q", bytes(8 * capacity))
        self.mask = mask = capacity - 1
        keys, rows_ = self.keys, self.rows
        for key, packed in old:
            if key:
                slot = ((key * 0x9E3779B97F4A7C15) >> 24) & mask
                while keys[slot]:
                    slot = (slot + 1) & mask
                keys[slot], rows_[slot] = key, packed


def _preview(sheet: str, number: int, values: dict[str, Any], errors: list[rows.RowError]) -> dict[str, Any]:
    return {
        "sheet": sheet,
        "row": number,
        "values": _plain(values),
        "ok": not errors,
        "errors": [[e.column, e.code, {k: str(v) for k, v in e.params.items()}] for e in errors],
    }


def _members_by_cccd(cccds: list[str], *, lock: bool) -> dict[str, Member]:
    """The members on record with these CCCDs: the active one if there is one, else one who left.
    The CCCDs on record are found first with one array parameter (an index-only look-up; a new
    roster matches none), then only those members are read and, when writing, locked."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT cccd FROM {Member._meta.db_table} WHERE cccd = ANY(%s)",  # noqa: S608
                [cccds],
            )
            cccds = [row[0] for row in cursor.fetchall()]
        if not cccds:
            return {}
    query = Member.objects.filter(cccd__in=cccds).select_related("unit").order_by("pk")
    if lock:
        query = query.select_for_update(of=("self",))
    found: dict[str, Member] = {}
    for member in query:
        if member.cccd not in found or member.status in ACTIVE:
            found[member.cccd] = member
    return found


def _changes(member: Member, values: dict[str, Any]) -> list[str]:
    return [
        name
        for name in rows.MEMBER_FIELDS
        if (values[name] if values[name] is not None else _BLANK.get(name)) != getattr(member, name)
    ]


_SEX_NAMES = {"M": "Nam", "F": "Nữ"}


def _plain(values: dict[str, Any]) -> list[Any]:
    """The row's values in the layout's order, as the roster writes them (dates dd/mm/yyyy, the
    Vietnamese names of sex and levels), for the preview. The CCCD shows its last 4 digits and the
    religion is left out: the preview is read by every manager of the unit, not only those who may
    see sensitive data."""
    shown = []
    for column in rows.COLUMNS:
        value = values.get(column.field)
        if isinstance(value, date):
            value = value.strftime("%d/%m/%Y")
        elif column.field == "sex":
            value = _SEX_NAMES.get(value or "", value)
        elif column.field in rows.LEVEL_NAMES:
            value = rows.LEVEL_NAMES[column.field].get(value or "", value)
        elif column.field == "cccd" and value:
            value = "•" * 8 + value[-4:]
        elif column.field == "religion" and value:
            value = "•••"
        shown.append(value)
    return shown


def _import(
    *,
    actor: Any,
    unit: Unit,
    path: str,
    filename: str,
    skip_invalid: bool,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
    on_applied: Callable[[ImportOutcome], None] | None = None,
) -> ImportOutcome:
    """The import (see the module's docstring); file refusals raise, row refusals are reported."""
    require(actor, Action.MANAGE, unit)
    sha256 = file_sha256(path)
    with transaction.atomic():
        importer = _Importer(actor, unit, skip_invalid=skip_invalid, dry_run=dry_run, progress=progress)
        importer.outcome.sha256 = sha256
        importer.run(reader.read_rows(path))
        outcome = importer.outcome
        if not importer.writing:
            transaction.set_rollback(True)
            return outcome
        importer.finish()
        audit.record_batch(
            actor=actor,
            action="exchange.import",
            target=unit,
            unit=unit,
            counts=outcome.counts,
            after={"sha256": sha256, "file": filename[:255], "skip_invalid": skip_invalid},
        )
        outcome.applied = True
        if on_applied is not None:
            on_applied(outcome)
    return outcome


def members_import(
    *,
    actor: Any,
    unit: Unit,
    path: str,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Import a roster workbook (``manage.py import_members``) into ``unit``'s subtree; see the
    module's docstring. ``dry_run`` checks everything and writes nothing (no audit either);
    ``progress`` is called with the rows read after each chunk."""
    return _import(
        actor=actor,
        unit=unit,
        path=path,
        filename=os.path.basename(path),
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        progress=progress,
    )


# --- the report ----------------------------------------------------------------------------------


def report_xlsx(outcome: ImportOutcome, out: Any) -> None:
    """The report of an import as .xlsx, in Vietnamese: a summary, then every bad cell with its
    sheet, row, column and reason (the refusal's message, which names the rule)."""
    import xlsxwriter

    from chibo.core.messages import violation_message

    with translation.override("vi"):
        from django.utils.translation import gettext as _

        workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
        bold = workbook.add_format({"bold": True})
        summary = workbook.add_worksheet(_("Summary")[:31])
        lines = [
            (_("Rows read"), outcome.rows_total),
            (_("Invalid rows"), outcome.rows_invalid),
            (_("Members created"), outcome.created),
            (_("Members updated"), outcome.updated),
            (_("Members unchanged"), outcome.unchanged),
            (_("Written"), _("yes") if outcome.applied else _("no, nothing was written")),
            ("SHA-256", outcome.sha256),
        ]
        for index, (label, value) in enumerate(lines):
            summary.write_string(index, 0, str(label), bold)
            summary.write(index, 1, value)
        if outcome.problems_dropped:
            summary.write_string(
                len(lines),
                0,
                _("%(count)s further problems are not listed.") % {"count": outcome.problems_dropped},
            )
        sheet = workbook.add_worksheet(_("Problems")[:31])
        sheet.write_row(0, 0, [str(_("Sheet")), str(_("Row")), str(_("Column")), str(_("Reason"))], bold)
        sheet.set_column(3, 3, 90)
        for index, problem in enumerate(outcome.problems, start=1):
            sheet.write_string(index, 0, problem.sheet)
            sheet.write_number(index, 1, problem.row)
            sheet.write_string(index, 2, problem.column)
            sheet.write_string(
                index, 3, str(violation_message(RuleViolation(problem.code, **problem.params)))
            )
        workbook.close()


# --- the jobs of the UI and the API ----------------------------------------------------------------


def _write_progress(job_id: int, rows_done: int) -> None:
    target = progress_path(job_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps({"rows": rows_done}))
    temporary.replace(target)


@contextmanager
def _at_work(job: ImportJob) -> Iterator[None]:
    """The worker's sign of life while it checks or imports ``job``'s file: its progress file, and
    on PostgreSQL the job's session advisory lock (``models.JOB_LOCK``), taken first and let go
    last, outside any transaction, and gone with the connection if the worker dies. The file is
    removed before the lock is let go, so a page that finds the lock free and the file still
    there knows the worker is gone (``ImportJob.lost``). A worker stopped by a signal
    (``SystemExit``, ``KeyboardInterrupt``) leaves its file, so that its job is shown lost too."""
    locking = connection.vendor == "postgresql"
    if locking:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_lock(CAST(%s AS integer), CAST(%s AS integer))", job_lock_key(job.pk)
            )
    stopped = False
    try:
        _write_progress(job.pk, 0)
        yield
    except BaseException as exc:
        stopped = not isinstance(exc, Exception)
        raise
    finally:
        try:
            if not stopped:
                progress_path(job.pk).unlink(missing_ok=True)
        finally:
            if locking:
                # a connection that is gone took the lock with it; the first error is the one to tell
                with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_unlock(CAST(%s AS integer), CAST(%s AS integer))",
                        job_lock_key(job.pk),
                    )


@contextmanager
def _local_file(job: ImportJob) -> Iterator[str]:
    """A path to the job's file: the stored file itself, or a temporary copy (other storages)."""
    try:
        stored_path = job.file.path
    except NotImplementedError:
        stored_path = ""
    if stored_path and os.path.isfile(stored_path):
        yield stored_path
        return
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy, job.file.open("rb") as stored:
        while chunk := stored.read(1 << 20):
            copy.write(chunk)
        copy.flush()
        yield copy.name


@transaction.atomic
def import_job_create(*, actor: Any, unit: Unit, upload: File, skip_invalid: bool = False) -> ImportJob:
    """Keep an uploaded roster for checking (the check runs in the background: the request never
    parses a workbook). Files over ``max_upload_bytes`` are refused (``exchange.too_large``)."""
    require(actor, Action.MANAGE, unit)
    size = upload.size or 0
    if size > max_upload_bytes():
        raise RuleViolation("exchange.too_large", size=size, limit=max_upload_bytes())
    if size == 0:
        raise RuleViolation("exchange.not_xlsx")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    name = os.path.basename(upload.name or "roster.xlsx")[:255]
    job = ImportJob(
        unit=unit,
        created_by=actor if getattr(actor, "pk", None) else None,
        filename=name,
        size=size,
        sha256=digest.hexdigest(),
        skip_invalid=skip_invalid,
    )
    upload.seek(0)
    job.file.save(f"{digest.hexdigest()[:16]}.xlsx", upload, save=False)
    job.save()
    audit.record(
        actor=actor,
        action="exchange.upload",
        target=job,
        unit=unit,
        after={"file": name, "size": size, "sha256": job.sha256, "skip_invalid": skip_invalid},
    )
    return job


def _store_report(job: ImportJob, outcome: ImportOutcome) -> None:
    with tempfile.TemporaryFile() as out:
        report_xlsx(outcome, out)
        out.seek(0)
        job.report.save(f"bao-cao-{job.pk}.xlsx", ContentFile(out.read()), save=False)


def _fill(job: ImportJob, outcome: ImportOutcome) -> None:
    job.rows_total, job.rows_invalid = outcome.rows_total, outcome.rows_invalid
    job.created, job.updated, job.unchanged = outcome.created, outcome.updated, outcome.unchanged
    job.preview = outcome.preview
    _store_report(job, outcome)


def _file_refused(job: ImportJob, refusal: RuleViolation) -> None:
    from chibo.core.messages import violation_message

    with translation.override("vi"):
        job.problem = str(violation_message(refusal))


def _job_import(
    actor: Any, job: ImportJob, *, dry_run: bool, on_applied: Callable[[ImportOutcome], None] | None = None
) -> ImportOutcome:
    """The import of a job's stored file with its progress written for the pages: the check (a
    dry run reporting every row) or the import itself (skipping invalid rows if the job says so)."""
    with _local_file(job) as path:
        return _import(
            actor=actor,
            unit=job.unit,
            path=path,
            filename=job.filename,
            skip_invalid=dry_run or job.skip_invalid,
            dry_run=dry_run,
            progress=lambda done: _write_progress(job.pk, done),
            on_applied=on_applied,
        )


def import_job_check(*, actor: Any, job: ImportJob) -> ImportJob:
    """The check of an uploaded roster (a dry run): the preview, the counts and the report; the
    job waits for confirmation, or is refused when the file cannot be read. The page shows the
    rows checked so far (``_at_work``)."""
    require(actor, Action.MANAGE, job.unit)
    with _at_work(job), transaction.atomic():
        try:
            outcome = _job_import(actor, job, dry_run=True)
        except RuleViolation as refusal:
            _file_refused(job, refusal)
            job.state = ImportJob.State.REFUSED
        else:
            _fill(job, outcome)
            job.state = ImportJob.State.CHECKED
        job.save()
        audit.record(
            actor=actor,
            action="exchange.check",
            target=job,
            unit=job.unit,
            after={"state": job.state, "rows": job.rows_total, "invalid": job.rows_invalid},
        )
    return job


@transaction.atomic
def import_job_confirm(*, actor: Any, job: ImportJob) -> ImportJob:
    """Confirm a checked import: it is queued for the background worker."""
    job = ImportJob.objects.select_for_update().select_related("unit").get(pk=job.pk)
    require(actor, Action.MANAGE, job.unit)
    if job.state != ImportJob.State.CHECKED:
        raise RuleViolation("exchange.not_checked", state=job.get_state_display())
    if job.rows_invalid and not job.skip_invalid:
        raise RuleViolation("exchange.invalid_rows", count=job.rows_invalid)
    job.state = ImportJob.State.QUEUED
    job.save(update_fields=["state"])
    audit.record(
        actor=actor, action="exchange.confirm", target=job, unit=job.unit, after={"state": job.state}
    )
    return job


def import_job_run(*, actor: Any, job: ImportJob) -> ImportJob:
    """Run a confirmed import (the background worker). The members, the job's result and the
    audit batch entry are written in one transaction; a refused import only marks the job."""
    require(actor, Action.MANAGE, job.unit)
    with _at_work(job):  # first: a running import always has its sign of life
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
        return _run(actor, job)


def _run(actor: Any, job: ImportJob) -> ImportJob:
    """``import_job_run``'s import, while its worker shows it is at work."""

    def applied(outcome: ImportOutcome) -> None:
        _fill(job, outcome)
        job.state, job.finished_at = ImportJob.State.DONE, timezone.now()
        job.save()

    try:
        outcome = _job_import(actor, job, dry_run=False, on_applied=applied)
    except RuleViolation as refusal:
        _file_refused(job, refusal)
        outcome = None
    if outcome is None or not outcome.applied:
        if outcome is not None:
            _fill(job, outcome)
            job.problem = ""
        job.state, job.finished_at = ImportJob.State.FAILED, timezone.now()
        job.save()
    return job


@transaction.atomic
def import_job_crashed(*, actor: Any, job_id: int) -> None:
    """Mark a job whose background run ended in an unexpected error (the worker logged it); its
    import's own transaction was rolled back, so nothing of it was written."""
    job = ImportJob.objects.select_for_update().select_related("unit").get(pk=job_id)
    job.state, job.finished_at = ImportJob.State.FAILED, timezone.now()
    job.problem = job.problem or "internal error"
    job.save(update_fields=["state", "finished_at", "problem"])
    progress_path(job.pk).unlink(missing_ok=True)
    audit.record(actor=actor, action="exchange.crash", target=job, unit=job.unit, after={"state": job.state})
