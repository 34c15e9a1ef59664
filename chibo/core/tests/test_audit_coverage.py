"""Every service writes its audit entry; nothing but services writes domain models."""

from __future__ import annotations

import ast
import importlib
import inspect
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from chibo.core import regulations
from chibo.core.app_registries import CASE_APPS
from chibo.core.models import AuditEntry, CalendarException
from chibo.core.testing import make_unit, user_with_role
from chibo.members.models import Member
from chibo.members.services import MemberSpec

SERVICE_MODULES = [
    "chibo.organizations.services",
    "chibo.members.services",
    "chibo.accounts.services",
    "chibo.core.services",
    "chibo.admissions.services",
    "chibo.meetings.services",
    "chibo.badges.services",
]
#: Parts of a restructuring service: they run inside its transaction (they assert it) and the
#: calling service writes the audit entry with their counts.
#: (``sign_in_log_follow`` keeps django-axes' sign-in log, not a domain record.)
NO_OWN_AUDIT = {
    "members_transfer_all",
    "member_paths_resync",
    "candidates_transfer_all",
    "sign_in_log_follow",
}
#: Reads the admission services share with the views and selectors: they write nothing.
#: Reads the meeting services share with the views and selectors (the summoned list, the vote base).
#: The badge services share the members' gaps out of the Party with the selectors.
READ_HELPERS = {
    "needs_second_factor",
    "confirmed_totp",
    "grassroots_of",
    "deciding_unit_for",
    "official_members_of",
    "summoned_members",
    "vote_base_of",
    "gaps_of",
}
D = date(2025, 7, 1)
#: Apps that keep their services' cases beside their tests (chibo.<app>.tests.audit_cases).
APP_CASES = [importlib.import_module(f"chibo.{app}.tests.audit_cases") for app in CASE_APPS]
SERVICE_MODULES += [cases.SERVICE_MODULE for cases in APP_CASES]
for _cases in APP_CASES:
    NO_OWN_AUDIT |= _cases.NO_OWN_AUDIT
    READ_HELPERS |= _cases.READ_HELPERS


def _person(tree: Any, **extra: Any) -> Member:
    from chibo.members import services as mem

    values = {
        "full_name": "Hoàng Thị Mai",
        "status": "official",
        "birth_date": date(1950, 3, 1),
        "sex": "F",
        "admitted_on": date(1980, 1, 1),
        "ceremony_on": date(1980, 2, 1),
        "official_on": date(1981, 2, 1),
        **extra,
    }
    return mem.member_create(actor=None, unit=tree.a1, spec=MemberSpec(**values), joined_on=date(2020, 1, 1))


def _member_calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.members import services as mem

    return {
        "member_update": lambda: mem.member_update(
            actor=board, member=(m := _person(tree)), version=m.version, changes={"phone": "0912345678"}
        ),
        "member_sensitive_view": lambda: mem.member_sensitive_view(actor=board, member=_person(tree)),
        "member_link_account": lambda: mem.member_link_account(
            actor=board, member=_person(tree), user=user_with_role("dangvien-link")
        ),
        "member_recognise_official": lambda: mem.member_recognise_official(
            actor=board,
            member=_person(
                tree,
                status="probationary",
                admitted_on=date(2024, 1, 2),
                ceremony_on=date(2024, 2, 1),
                official_on=None,
            ),
            decided_on=date(2025, 3, 1),
        ),
        "member_transfer_internal": lambda: mem.member_transfer_internal(
            actor=board, member=_person(tree), to_unit=tree.b1, effective_on=D
        ),
        "member_temporary_return": lambda: mem.member_temporary_return(
            actor=board,
            returned_on=date(2025, 9, 1),
            transfer=mem.member_transfer_internal(
                actor=None,
                member=_person(tree),
                to_unit=tree.b1,
                effective_on=D,
                temporary_until=date(2025, 12, 1),
            ),
        ),
        "member_transfer_out": lambda: mem.member_transfer_out(
            actor=board,
            member=_person(tree),
            external_org="Đảng bộ tỉnh Nam Định",
            letter_number="12-GGT",
            letter_date=D,
            decision_effective_on=D,
        ),
        "transfer_confirm_arrival": lambda: mem.transfer_confirm_arrival(
            actor=board,
            arrived_on=date(2025, 7, 10),
            transfer=mem.member_transfer_out(
                actor=None,
                member=_person(tree),
                external_org="Đảng bộ X",
                letter_number="1",
                letter_date=D,
                decision_effective_on=D,
            ),
        ),
        "member_transfer_in": lambda: mem.member_transfer_in(
            actor=board,
            unit=tree.a1,
            spec=MemberSpec("Vũ Văn Nam", "official"),
            external_org="Đảng bộ Y",
            letter_number="7-GGT",
            letter_date=D,
            presented_on=date(2025, 7, 5),
        ),
        "member_exempt": lambda: mem.member_exempt(
            actor=board, member=_person(tree), reason="old_age", start_on=date(2026, 1, 1)
        ),
        "member_exemption_end": lambda: mem.member_exemption_end(
            actor=board,
            ended_on=date(2026, 2, 1),
            exemption=mem.member_exempt(
                actor=None, member=_person(tree), reason="old_age", start_on=date(2026, 1, 1)
            ),
        ),
        "member_absence_record": lambda: mem.member_absence_record(
            actor=board,
            member=_person(tree),
            kind="abroad",
            country="Nhật Bản",
            reason="Thăm con",
            start_on=date(2026, 3, 1),
        ),
        "member_absence_return": lambda: mem.member_absence_return(
            actor=board,
            returned_on=date(2026, 4, 1),
            report="Đã về",
            absence=mem.member_absence_record(
                actor=None, member=_person(tree), kind="away", reason="Công tác", start_on=date(2026, 3, 1)
            ),
        ),
        "member_list_exported": lambda: mem.member_list_exported(
            actor=board, unit=tree.a, fmt="xlsx", count=5, sensitive=True, query="q=x"
        ),
        "members_bulk_load": lambda: mem.members_bulk_load(
            actor=board, batch_target=tree.a, rows=[("A1", MemberSpec("Lê Văn Năm", "official"))], joined_on=D
        ),
        "member_leave": lambda: mem.member_leave(actor=board, member=_person(tree), reason="died", on=D),
        "member_readmit": lambda: mem.member_readmit(
            actor=board,
            unit=tree.a1,
            admitted_on=date(2025, 8, 1),
            member=mem.member_leave(actor=None, member=_person(tree), reason="removed", on=D),
        ),
    }


def _admission_calls(tree: Any, board: Any) -> dict[str, Any]:
    """A candidacy of A1 brought to the stage each step needs (system actor), the step by ``board``.

    The pipeline dates are those of the admission tests (2024–2025, all before today)."""
    from chibo.admissions import services as adm
    from chibo.admissions.tests.conftest import (
        BIRTH,
        CELL_VOTE,
        CEREMONY,
        CERTIFICATE,
        DECISION,
        DOSSIER,
        ENTERED,
        RECOGNITION,
        RECOGNITION_VOTE,
        UPPER,
        advance,
        introduce,
        make_candidate,
        record_papers,
    )
    from chibo.members import services as mem

    def at(stage: str) -> Any:
        return advance(make_candidate(tree), tree, stage)

    def trained_with_papers() -> Any:
        candidate = at("trained")
        introduce(candidate, tree)
        record_papers(candidate)
        return candidate

    def official_of_a1() -> Member:
        return Member.objects.filter(unit=tree.a1, status="official").order_by("pk").first()

    def introducer() -> Any:
        return adm.introducer_assign(
            actor=None,
            candidate=make_candidate(tree),
            member=official_of_a1(),
            together_since=date(2020, 1, 1),
            assigned_on=ENTERED,
            replacement=False,
        )

    def paper() -> Any:
        return adm.dossier_paper_record(
            actor=None, candidate=make_candidate(tree), kind="cv", number="LL-1", issued_on=CERTIFICATE
        )

    def admitted() -> Member:
        return mem.member_admit(
            actor=None, unit=tree.a1, spec=MemberSpec("Đỗ Văn Mười", "probationary", admitted_on=DECISION)
        )

    return {
        "candidate_create": lambda: adm.candidate_create(
            actor=board,
            unit=tree.a1,
            spec=adm.CandidateSpec(full_name="Lê Thị Hoa", birth_date=BIRTH),
            entered_on=ENTERED,
        ),
        "candidate_update": lambda: adm.candidate_update(
            actor=board,
            candidate=(c := make_candidate(tree)),
            version=c.version,
            changes={"phone": "0912345678"},
        ),
        "introducer_assign": lambda: adm.introducer_assign(
            actor=board,
            candidate=make_candidate(tree),
            member=official_of_a1(),
            together_since=date(2020, 1, 1),
            assigned_on=ENTERED,
            replacement=False,
        ),
        "introducer_release": lambda: adm.introducer_release(
            actor=board, introducer=introducer(), released_on=CERTIFICATE, reason="Chuyển công tác"
        ),
        "dossier_paper_record": lambda: adm.dossier_paper_record(
            actor=board, candidate=make_candidate(tree), kind="application", number="1", issued_on=CERTIFICATE
        ),
        "dossier_scan_viewed": lambda: adm.dossier_scan_viewed(actor=board, paper=paper()),
        "candidate_certificate": lambda: adm.candidate_certificate(
            actor=board, candidate=make_candidate(tree), number="CN-1", issued_on=CERTIFICATE
        ),
        "candidate_dossier_complete": lambda: adm.candidate_dossier_complete(
            actor=board, candidate=trained_with_papers(), on=DOSSIER
        ),
        "candidate_cell_vote": lambda: adm.candidate_cell_vote(
            actor=board, candidate=at("dossier"), held_on=CELL_VOTE, in_favour=4, against=0
        ),
        "candidate_dossier_redo": lambda: adm.candidate_dossier_redo(
            actor=board, candidate=at("dossier"), on=date(2025, 4, 1)
        ),
        "candidate_upper_resolution": lambda: adm.candidate_upper_resolution(
            actor=board, candidate=at("cell_resolved"), on=UPPER, number="NQ-1"
        ),
        "candidate_decide": lambda: adm.candidate_decide(
            actor=board, candidate=at("upper_resolved"), decided_on=DECISION, number="QĐ-1"
        ),
        "candidate_ceremony": lambda: adm.candidate_ceremony(
            actor=board, candidate=at("decided"), held_on=CEREMONY
        ),
        "candidate_recognition_vote": lambda: adm.candidate_recognition_vote(
            actor=board, candidate=at("probation"), held_on=RECOGNITION_VOTE, in_favour=4, against=0
        ),
        "candidate_recognise": lambda: adm.candidate_recognise(
            actor=board, candidate=at("recognition_voted"), decided_on=RECOGNITION, number="QĐ-2"
        ),
        "candidate_not_recognised": lambda: adm.candidate_not_recognised(
            actor=board, candidate=at("probation"), decided_on=RECOGNITION, number="QĐ-9", reason="Vi phạm"
        ),
        "candidate_withdraw": lambda: adm.candidate_withdraw(
            actor=board, candidate=make_candidate(tree), on=CERTIFICATE, reason="Chuyển công tác"
        ),
        "candidate_reject": lambda: adm.candidate_reject(
            actor=board, candidate=make_candidate(tree), on=CERTIFICATE, reason="Không đủ tiêu chuẩn"
        ),
        "target_set": lambda: adm.target_set(
            actor=board, unit=tree.a, year=regulations.today().year, target=3
        ),
        "member_admit": lambda: mem.member_admit(
            actor=board,
            unit=tree.a1,
            spec=MemberSpec("Đỗ Văn Mười", "probationary", admitted_on=DECISION),
            decision="QĐ-1",
        ),
        "member_ceremony_record": lambda: mem.member_ceremony_record(
            actor=board, member=admitted(), held_on=CEREMONY
        ),
    }


def _meeting_calls(tree: Any, board: Any) -> dict[str, Any]:
    """A meeting of A1 that started two hours ago, brought to the state each step needs (system
    actor), the step by ``board``."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chibo.meetings import services as mtg
    from chibo.meetings.tests.conftest import all_present, hours_ago

    def planned() -> Any:
        return mtg.meeting_create(
            actor=None, unit=tree.a1, kind="regular", starts_at=hours_ago(2), ends_at=hours_ago(0.5)
        )

    def published() -> Any:
        meeting = planned()
        mtg.meeting_publish(actor=None, meeting=meeting)
        return meeting

    def held() -> Any:
        meeting = published()
        mtg.attendance_record(actor=None, meeting=meeting, entries=all_present(meeting))
        return meeting

    def drafted() -> Any:
        meeting = held()
        mtg.minutes_save(
            actor=None, meeting=meeting, version=None, changes={"chair": "Bí thư", "recorder": "Phó bí thư"}
        )
        return meeting

    def finalised() -> Any:
        meeting = drafted()
        mtg.minutes_finalise(actor=None, meeting=meeting)
        return meeting

    def board_as_member(meeting: Any) -> Member:
        """The first summoned member of ``meeting``, linked to the ``board`` user (the portal)."""
        member = meeting.attendances.order_by("pk").first().member
        Member.objects.filter(pk=member.pk).update(user=board)
        member.refresh_from_db()
        return member

    return {
        "meeting_create": lambda: mtg.meeting_create(
            actor=board, unit=tree.a1, kind="regular", starts_at=hours_ago(-48)
        ),
        "meetings_plan_year": lambda: mtg.meetings_plan_year(actor=board, unit=tree.a1, year=2027, day=5),
        "meeting_update": lambda: mtg.meeting_update(
            actor=board, meeting=(m := planned()), version=m.version, changes={"place": "Hội trường"}
        ),
        "meeting_cancel": lambda: mtg.meeting_cancel(actor=board, meeting=published(), reason="Bão"),
        "meeting_document_add": lambda: mtg.meeting_document_add(
            actor=board,
            meeting=planned(),
            title="Dự thảo nghị quyết",
            file=SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4"),
        ),
        "meeting_publish": lambda: mtg.meeting_publish(actor=board, meeting=planned()),
        "attendance_record": lambda: mtg.attendance_record(
            actor=board, meeting=(m := published()), entries=all_present(m)
        ),
        "attendance_checkin": lambda: mtg.attendance_checkin(
            actor=board,
            member=(m := published()).attendances.order_by("pk").first().member,
            token=m.checkin_token,
        ),
        "attendance_self_report": lambda: mtg.attendance_self_report(
            actor=board, member=board_as_member(m := published()), meeting=m, status="present"
        ),
        "minutes_save": lambda: mtg.minutes_save(
            actor=board, meeting=held(), version=None, changes={"discussion": "Ý kiến các đồng chí"}
        ),
        "resolution_add": lambda: mtg.resolution_add(
            actor=board, meeting=held(), text="Thông qua nghị quyết tháng", in_favour=3
        ),
        "minutes_finalise": lambda: mtg.minutes_finalise(actor=board, meeting=drafted()),
        "minutes_correct": lambda: mtg.minutes_correct(
            actor=board, meeting=finalised(), text="Sửa: đồng chí X đến muộn"
        ),
    }


def _badge_calls(tree: Any, board: Any) -> dict[str, Any]:
    """A member of A1 admitted on 10/1/1994 (30 years on 10/1/2024), in A's round of 3/2/2024
    prepared, or approved (system actor) for the steps that need it; the step by ``board``."""
    from chibo.badges import services as bdg
    from chibo.members import services as mem

    day = date(2024, 2, 3)

    def veteran() -> Member:
        spec = MemberSpec(
            "Lý Văn Ba", "official", admitted_on=date(1994, 1, 10), official_on=date(1995, 1, 10)
        )
        return mem.member_create(actor=None, unit=tree.a1, spec=spec)

    def prepared(actor: Any = None) -> Any:
        veteran()
        return bdg.badge_round_prepare(actor=actor, unit=tree.a, award_date=day)

    def awarded() -> Any:
        round_ = bdg.badge_round_approve(
            actor=None, round=prepared(), decision_number="12-QĐ/ĐU", decided_on=date(2024, 1, 25)
        )
        return round_.awards.get()

    return {
        "badge_round_prepare": lambda: prepared(board),
        "badge_round_add": lambda: bdg.badge_round_add(
            actor=board,
            round=bdg.badge_round_prepare(actor=None, unit=tree.a, award_date=date(2023, 11, 7)),
            member=veteran(),
            early_months=3,
            early_reason="illness",
        ),
        "badge_award_remove": lambda: bdg.badge_award_remove(
            actor=board, award=prepared().awards.get(), reason="Đang bị kỷ luật"
        ),
        "badge_round_approve": lambda: bdg.badge_round_approve(
            actor=board, round=prepared(), decision_number="12-QĐ/ĐU", decided_on=date(2024, 1, 25)
        ),
        "badge_round_discard": lambda: bdg.badge_round_discard(
            actor=board, round=prepared(), reason="Lập nhầm đợt"
        ),
        "badge_number_record": lambda: bdg.badge_number_record(actor=board, award=awarded(), number="HH30-7"),
        "badge_history_record": lambda: bdg.badge_history_record(
            actor=board, member=veteran(), threshold=30, award_date=date(2024, 9, 2), badge_number="HH30-8"
        ),
    }


def _call(name: str, tree: Any, board: Any) -> Any:
    from chibo.accounts import services as acc
    from chibo.core import services as core
    from chibo.members import services as mem
    from chibo.organizations import services as org

    calls = {
        "unit_create": lambda: org.unit_create(
            actor=board, parent=tree.a, code="N1", name="N", level="chi_bo", founded_on=D
        ),
        "unit_update": lambda: org.unit_update(actor=board, unit=tree.a1, workers_count=7),
        "unit_rename": lambda: org.unit_rename(actor=board, unit=tree.a1, name="Mới", effective_on=D),
        "unit_move": lambda: org.unit_move(actor=board, unit=tree.a1, new_parent=tree.b, effective_on=D),
        "unit_merge": lambda: org.unit_merge(actor=board, source=tree.a1, target=tree.b1, effective_on=D),
        "unit_split": lambda: org.unit_split(
            actor=board, source=tree.a1, effective_on=D, parts=[org.SplitPart(code="S1", name="S")]
        ),
        "units_bulk_load": lambda: org.units_bulk_load(
            actor=board, parent=tree.a, units=[org.BulkUnit("BL1", "Chi bộ mới", "chi_bo", None, D)]
        ),
        "unit_dissolve": lambda: org.unit_dissolve(
            actor=board, unit=make_unit(tree.a, "E1", "chi_bo"), effective_on=D
        ),
        "member_create": lambda: mem.member_create(
            actor=board, unit=tree.a1, spec=MemberSpec(full_name="Lê Văn Tám", status="official")
        ),
        "members_bulk_create": lambda: mem.members_bulk_create(
            actor=board,
            unit_specs=[(tree.a1, [MemberSpec("Lê Thị Chín", "official")])],
            joined_on=D,
            batch_target=tree.a1,
        ),
        "user_create": lambda: acc.user_create(actor=board, username="moi", password="mat-khau-dai-123"),
        "role_grant": lambda: acc.role_grant(
            actor=board, user=user_with_role("u1"), unit=tree.a, role="viewer"
        ),
        "role_revoke": lambda: acc.role_revoke(
            actor=board,
            assignment=acc.role_grant(actor=None, user=user_with_role("u2"), unit=tree.a, role="viewer"),
        ),
        **_second_factor_calls(tree, board),
        "calendar_exception_set": lambda: core.calendar_exception_set(
            actor=board, day=D, kind="off", reason="Tết"
        ),
        "calendar_exception_delete": lambda: core.calendar_exception_delete(
            actor=board, exception=core.calendar_exception_set(actor=None, day=D, kind="off", reason="x")
        ),
        **_member_calls(tree, board),
        **_admission_calls(tree, board),
        **_meeting_calls(tree, board),
        **_badge_calls(tree, board),
    }
    for cases in APP_CASES:
        calls.update(cases.calls(tree, board))
    return calls[name]()


def _second_factor_calls(tree: Any, board: Any) -> dict[str, Any]:
    from chibo.accounts import services as acc
    from chibo.core.testing import give_totp, totp_code

    def confirm() -> Any:
        device = acc.second_factor_start(actor=board)
        return acc.second_factor_confirm(actor=board, device=device, token=totp_code(device))

    def reset() -> Any:
        other = user_with_role("lost-phone", "inspector", tree.a)
        give_totp(other)
        return acc.second_factor_reset(actor=board, user=other)

    return {
        "second_factor_start": lambda: acc.second_factor_start(actor=board),
        "second_factor_confirm": confirm,
        "second_factor_verify": lambda: acc.second_factor_verify(
            actor=board, token=totp_code(give_totp(board))
        ),
        "recovery_codes_renew": lambda: (give_totp(board), acc.recovery_codes_renew(actor=board)),
        "second_factor_reset": reset,
    }


EXPECTED_ACTION = {
    "unit_create": "unit.create",
    "unit_update": "unit.update",
    "unit_rename": "unit.rename",
    "unit_move": "unit.move",
    "unit_merge": "unit.merge",
    "unit_split": "unit.split",
    "unit_dissolve": "unit.dissolve",
    "member_create": "member.create",
    "members_bulk_create": "member.bulk_create",
    "user_create": "user.create",
    "role_grant": "role.grant",
    "role_revoke": "role.revoke",
    "second_factor_start": "otp.start",
    "second_factor_confirm": "otp.confirm",
    "second_factor_verify": "otp.verify",
    "recovery_codes_renew": "otp.recovery_renew",
    "second_factor_reset": "otp.reset",
    "calendar_exception_set": "calendar.set",
    "calendar_exception_delete": "calendar.delete",
    "member_update": "member.update",
    "member_sensitive_view": "member.view_sensitive",
    "member_link_account": "member.link_account",
    "member_recognise_official": "member.recognise",
    "member_transfer_internal": "member.transfer_internal",
    "member_temporary_return": "member.temporary_return",
    "member_transfer_out": "member.transfer_out",
    "transfer_confirm_arrival": "transfer.confirm_arrival",
    "member_transfer_in": "member.transfer_in",
    "member_exempt": "member.exempt",
    "member_exemption_end": "member.exemption_end",
    "member_absence_record": "member.absence_record",
    "member_absence_return": "member.absence_return",
    "member_leave": "member.leave",
    "members_bulk_load": "member.bulk_load",
    "units_bulk_load": "unit.bulk_load",
    "member_list_exported": "member.export",
    "member_readmit": "member.readmit",
    "member_admit": "member.admit",
    "member_ceremony_record": "member.ceremony",
    "candidate_create": "candidate.create",
    "candidate_update": "candidate.update",
    "introducer_assign": "candidate.introducer_assign",
    "introducer_release": "candidate.introducer_release",
    "dossier_paper_record": "candidate.paper",
    "dossier_scan_viewed": "candidate.scan_view",
    "candidate_certificate": "candidate.certificate",
    "candidate_dossier_complete": "candidate.dossier_complete",
    "candidate_cell_vote": "candidate.cell_vote",
    "candidate_dossier_redo": "candidate.dossier_redo",
    "candidate_upper_resolution": "candidate.upper_resolution",
    "candidate_decide": "candidate.decide",
    "candidate_ceremony": "candidate.ceremony",
    "candidate_recognition_vote": "candidate.recognition_vote",
    "candidate_recognise": "candidate.recognise",
    "candidate_not_recognised": "candidate.not_recognised",
    "candidate_withdraw": "candidate.withdraw",
    "candidate_reject": "candidate.reject",
    "target_set": "admission.target_set",
    "meeting_create": "meeting.create",
    "meetings_plan_year": "meeting.plan_year",
    "meeting_update": "meeting.update",
    "meeting_cancel": "meeting.cancel",
    "meeting_document_add": "meeting.document_add",
    "meeting_publish": "meeting.publish",
    "attendance_record": "meeting.attendance",
    "attendance_checkin": "meeting.checkin",
    "attendance_self_report": "meeting.self_report",
    "minutes_save": "minutes.save",
    "resolution_add": "minutes.resolution",
    "minutes_finalise": "minutes.finalise",
    "minutes_correct": "minutes.correct",
    "badge_round_prepare": "badge.round_prepare",
    "badge_round_add": "badge.add",
    "badge_award_remove": "badge.remove",
    "badge_round_approve": "badge.round_approve",
    "badge_round_discard": "badge.round_discard",
    "badge_number_record": "badge.number",
    "badge_history_record": "badge.history",
}
for _cases in APP_CASES:
    EXPECTED_ACTION.update(_cases.EXPECTED_ACTION)


def _public_services() -> set[str]:
    names = set()
    for module_name in SERVICE_MODULES:
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if (
                inspect.isfunction(obj)
                and obj.__module__.startswith(module_name)
                and not name.startswith("_")
            ):
                names.add(name)
    return names


def test_every_service_is_covered_here():
    assert _public_services() - NO_OWN_AUDIT - READ_HELPERS == set(EXPECTED_ACTION)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED_ACTION))
def test_service_writes_its_audit_entry_with_the_actor(tree, board, name):
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    _call(name, tree, board)
    new = AuditEntry.objects.exclude(pk__in=before).filter(action=EXPECTED_ACTION[name])
    assert new.count() == 1
    entry = new.get()
    assert entry.actor_id == board.pk and entry.actor_repr == board.username
    assert entry.target_type and entry.target_id and (entry.after or entry.before or entry.counts)


@pytest.mark.django_db
def test_a_refused_service_leaves_no_audit_entry(tree, board):
    from chibo.rules.errors import RuleViolation

    before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation):
        from chibo.core import services as core

        core.calendar_exception_set(actor=board, day=D, kind="off", reason="  ")
    assert AuditEntry.objects.count() == before and not CalendarException.objects.exists()


def _admission_writes() -> tuple[int, ...]:
    from chibo.admissions.models import Candidate, DossierPaper, Step, Vote

    return tuple(m.objects.count() for m in (AuditEntry, Candidate, Step, Vote, DossierPaper, Member))


@pytest.mark.django_db
def test_a_refused_admission_step_leaves_no_audit_entry_and_no_step(tree, board):
    from chibo.admissions import services as adm
    from chibo.admissions.tests.conftest import DOSSIER, advance, introduce, make_candidate, record_papers
    from chibo.rules.errors import RuleViolation

    # given a trained candidate whose verification paper is missing
    candidate = advance(make_candidate(tree), tree, "trained")
    introduce(candidate, tree)
    record_papers(candidate, skip=("verification",))
    before = _admission_writes()
    # when the board records the dossier as complete
    with pytest.raises(RuleViolation) as raised:
        adm.candidate_dossier_complete(actor=board, candidate=candidate, on=DOSSIER)
    # then it is refused and nothing is written
    assert raised.value.code == "admission.dossier_incomplete"
    assert _admission_writes() == before
    candidate.refresh_from_db()
    assert candidate.stage == "trained" and candidate.dossier_completed_on is None


@pytest.mark.django_db
def test_a_decision_refused_by_the_member_services_writes_nothing(tree, board):
    from chibo.admissions import services as adm
    from chibo.admissions.tests.conftest import DECISION, advance, make_candidate
    from chibo.members import services as mem
    from chibo.rules.errors import RuleViolation

    # given a candidate ready for the decision, and a member recorded since with the same CCCD
    candidate = advance(make_candidate(tree, cccd="001095012345"), tree, "upper_resolved")
    mem.member_create(
        actor=None, unit=tree.b1, spec=MemberSpec("Lê Thị Hoa", "official", cccd="001095012345")
    )
    before = _admission_writes()
    # when the board signs the decision, the member record cannot be created
    with pytest.raises(RuleViolation) as raised:
        adm.candidate_decide(actor=board, candidate=candidate, decided_on=DECISION, number="QĐ-1")
    # then neither the candidacy nor the member side wrote anything
    assert raised.value.code == "member.cccd_taken"
    assert _admission_writes() == before
    candidate.refresh_from_db()
    assert candidate.stage == "upper_resolved" and candidate.member_id is None


@pytest.mark.django_db(transaction=True)
def test_helpers_without_own_audit_refuse_to_run_outside_a_transaction(tree):
    from chibo.admissions import services as adm
    from chibo.admissions.models import Candidate
    from chibo.admissions.tests.conftest import make_candidate
    from chibo.members import services as mem

    with pytest.raises(AssertionError):
        mem.members_transfer_all(actor=None, from_unit=tree.a1, to_unit=tree.b1, on=D, reason="x")
    assert Member.objects.filter(unit=tree.a1).count() == 5
    make_candidate(tree)
    with pytest.raises(AssertionError):
        adm.candidates_transfer_all(actor=None, from_unit=tree.a1, to_unit=tree.b1)
    assert Candidate.objects.get().unit_id == tree.a1.pk


# --- nothing but services writes ---------------------------------------------------------
WRITE_METHODS = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "add_child",
    "add_root",
    "add_sibling",
    "move",
    "set_password",
}
#: Services, and what only services call inside their transaction: the audit writer and the bulk loader.
ALLOWED_FILES = (
    "services.py",
    "/services/",
    "/core/audit.py",
    "/core/bulk.py",
    "/migrations/",
    "/tests/",
    "testing.py",
    "conftest.py",
    "factories.py",
)


def _write_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            receiver = ast.unparse(node.func.value)
            if name in WRITE_METHODS and not receiver.startswith(("super(", "form", "self.form")):
                found.append(f"{path}:{node.lineno} {receiver}.{name}()")
            if name == "update" and ("objects" in receiver or "filter(" in receiver):
                found.append(f"{path}:{node.lineno} {receiver}.update()")
    return found


def test_only_services_write_domain_models():
    package = Path(__file__).resolve().parents[2]  # …/chibo
    files = sorted(package.rglob("*.py"))
    assert len(files) > 50, "the detector must see the code base"
    offenders = []
    for path in files:
        if not any(part in str(path) for part in ALLOWED_FILES):
            offenders += _write_calls(path)
    assert offenders == []


def test_the_write_detector_sees_writes(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "def f(u):\n    u.save()\n    Unit.objects.filter(x=1).update(y=2)\n    d = {}\n    d.update(a=1)\n"
    )
    assert len(_write_calls(sample)) == 2
