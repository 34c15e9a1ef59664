"""The regulations chibo applies, as pure functions over plain values.

Nothing in this package imports Django, touches a database or does I/O: an
import-linter contract (pyproject.toml) and a test enforce it. Every function's
docstring cites ../shared/DOMAIN.md by section and source key, and every number a
regulation sets is read from ``profiles.profile_on(day)``.
"""
