"""Writes of the admission pipeline: each step is one dated, audited transaction.

Every step locks the candidacy, checks the actor's right, asks ``chibo.rules.admission`` whether the
step may follow the current stage on that date (and the step's own conditions), writes the candidacy,
appends a ``Step`` (its history) and the audit entry. From the admission decision on, the member
record is written through the member services (``member_admit``, ``member_ceremony_record``,
``member_recognise_official``, ``member_leave``), so the member's history has the same events.
"""

from chibo.admissions.services._common import (
    PERSON_FIELDS,
    CandidateSpec,
    deciding_unit_for,
    grassroots_of,
    official_members_of,
)
from chibo.admissions.services.candidates import (
    candidate_create,
    candidate_update,
    dossier_paper_record,
    dossier_scan_viewed,
    introducer_assign,
    introducer_release,
)
from chibo.admissions.services.steps import (
    candidate_cell_vote,
    candidate_ceremony,
    candidate_certificate,
    candidate_decide,
    candidate_dossier_complete,
    candidate_dossier_redo,
    candidate_not_recognised,
    candidate_recognise,
    candidate_recognition_vote,
    candidate_reject,
    candidate_upper_resolution,
    candidate_withdraw,
)
from chibo.admissions.services.targets import (
    candidates_transfer_all,
    target_set,
)

__all__ = [
    "PERSON_FIELDS",
    "CandidateSpec",
    "candidate_cell_vote",
    "candidate_ceremony",
    "candidate_certificate",
    "candidate_create",
    "candidate_decide",
    "candidate_dossier_complete",
    "candidate_dossier_redo",
    "candidate_not_recognised",
    "candidate_recognise",
    "candidate_recognition_vote",
    "candidate_reject",
    "candidate_update",
    "candidate_upper_resolution",
    "candidate_withdraw",
    "candidates_transfer_all",
    "deciding_unit_for",
    "dossier_paper_record",
    "dossier_scan_viewed",
    "grassroots_of",
    "introducer_assign",
    "introducer_release",
    "official_members_of",
    "target_set",
]
