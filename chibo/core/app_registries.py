"""The apps that keep their refusal messages (``chibo.<app>.messages``) and their permission-matrix and
audit cases (``chibo.<app>.tests.matrix_cases``, ``api_matrix_cases``, ``audit_cases``) beside their own
code; ``chibo.core.messages`` and the central tests merge them. A new app adds its name here."""

CASE_APPS: tuple[str, ...] = (
    "evaluations",
    "discipline",
    "commendations",
    "exchange",
    "reports",
    "documents",
    "handbook",
    "portal",
    "questions",
)
