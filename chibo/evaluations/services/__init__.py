"""Services of chibo.evaluations: every write, in one transaction, with its audit entry.

The yearly evaluation of DOMAIN.md §6: scoring tables (30 + 70 points), the member's
self-assessment, the cell's review, the grassroots committee's decision for all its members at once
(the 20% quota), the upper committee's decision on its organisations, and corrections of decided
grades. The rules decide in ``chibo.rules.evaluation``; the numbers come from the profile in force
at the end of the evaluated year.
"""

from chibo.evaluations.services._common import (
    FIRST_YEAR,
    GRASSROOTS_LEVELS,
    Conditions,
    CriterionSpec,
    applicable_table,
    disciplined_members,
    disciplined_units,
    grassroots_unit,
    year_profile,
)
from chibo.evaluations.services.history import TreeIndex, evaluations_history_load
from chibo.evaluations.services.members import (
    member_evaluation_review,
    member_grade_correct,
    member_grades_decide,
    member_self_assess,
)
from chibo.evaluations.services.tables import scoring_table_copy, scoring_table_save
from chibo.evaluations.services.units import unit_evaluation_review, unit_grade_correct, unit_grades_decide

__all__ = [
    "FIRST_YEAR",
    "GRASSROOTS_LEVELS",
    "Conditions",
    "CriterionSpec",
    "TreeIndex",
    "applicable_table",
    "disciplined_members",
    "disciplined_units",
    "evaluations_history_load",
    "grassroots_unit",
    "member_evaluation_review",
    "member_grade_correct",
    "member_grades_decide",
    "member_self_assess",
    "scoring_table_copy",
    "scoring_table_save",
    "unit_evaluation_review",
    "unit_grade_correct",
    "unit_grades_decide",
    "year_profile",
]
