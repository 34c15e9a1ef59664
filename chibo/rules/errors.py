"""The one exception a rule raises when it refuses something."""

from __future__ import annotations

from typing import Any


class RuleViolation(Exception):
    """A refusal by a rule: a stable ``code`` plus the values that explain it.

    Services let it propagate; views and the API map ``code`` to a translated
    message (``chibo.core.messages``) naming the rule and its source. Tests assert
    the code, never the text.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}" if params else code)

    def __repr__(self) -> str:
        return f"RuleViolation({self.code!r}, {self.params!r})"
