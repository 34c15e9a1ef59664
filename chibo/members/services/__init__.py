"""Writes to member records: creation, corrections and every life-cycle event.

Each public function is one transaction: it checks the actor's right (``require``), asks the rules
(``chibo.rules.members``, ``chibo.rules.party_age``), writes the record, appends the member's
history (``MemberEvent``) and the audit entry. The package is split by subject:
``records`` (records, bulk loads, reads of sensitive data, exports), ``transfers`` and
``lifecycle``; ``_common`` holds what they share.
"""

from chibo.members.services._common import (
    ACTIVE_STATUSES,
    DATE_FIELDS,
    EDITABLE_FIELDS,
    MEMBER_COPY_COLUMNS,
    RECORD_KEEPING,
    SPEC_FIELDS,
    TEXT_FIELDS,
    MemberSpec,
)
from chibo.members.services.lifecycle import (
    member_absence_record,
    member_absence_return,
    member_ceremony_record,
    member_exempt,
    member_exemption_end,
    member_leave,
    member_readmit,
    member_recognise_official,
)
from chibo.members.services.records import (
    member_admit,
    member_create,
    member_link_account,
    member_list_exported,
    member_sensitive_view,
    member_update,
    members_bulk_create,
    members_bulk_load,
)
from chibo.members.services.transfers import (
    member_paths_resync,
    member_temporary_return,
    member_transfer_in,
    member_transfer_internal,
    member_transfer_out,
    members_transfer_all,
    transfer_confirm_arrival,
)

__all__ = [
    "ACTIVE_STATUSES",
    "DATE_FIELDS",
    "EDITABLE_FIELDS",
    "MEMBER_COPY_COLUMNS",
    "RECORD_KEEPING",
    "SPEC_FIELDS",
    "TEXT_FIELDS",
    "MemberSpec",
    "member_absence_record",
    "member_absence_return",
    "member_admit",
    "member_ceremony_record",
    "member_create",
    "member_exempt",
    "member_exemption_end",
    "member_leave",
    "member_link_account",
    "member_list_exported",
    "member_paths_resync",
    "member_readmit",
    "member_recognise_official",
    "member_sensitive_view",
    "member_temporary_return",
    "member_transfer_in",
    "member_transfer_internal",
    "member_transfer_out",
    "member_update",
    "members_bulk_create",
    "members_bulk_load",
    "members_transfer_all",
    "transfer_confirm_arrival",
]
