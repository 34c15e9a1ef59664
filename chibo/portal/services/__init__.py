"""Services of chibo.portal: every write, in one transaction, with its audit entry.

Refusals raise ``RuleViolation`` before anything is written (codes in ``chibo.portal.messages``).
"""

from chibo.portal.services.accounts import (
    IssuedCode,
    IssueResult,
    account_activate,
    accounts_issue,
)
from chibo.portal.services.corrections import correction_request_close, correction_request_create

__all__ = [
    "IssueResult",
    "IssuedCode",
    "account_activate",
    "accounts_issue",
    "correction_request_close",
    "correction_request_create",
]
