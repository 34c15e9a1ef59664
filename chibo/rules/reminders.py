"""Who gets a deadline reminder in the inbox, and when (the daily ``send_reminders`` run).

The regulations set no reminder: these are the handbook's own habits (../shared/PRODUCT.md, the
handbook column: "a notifications inbox for … study assignments, evaluation steps and deadlines",
issue #8 item 5), built on the dates the regulations do set:

- study (học tập, quán triệt): a member who has not marked an assigned document studied is reminded
  once when its due date comes within ``STUDY_LEAD_DAYS`` days, and once more on the due day; never
  after it (the cell follows up the late ones, the roll-up shows them);
- meetings: materials and the notice go out at least a day before (../shared/DOMAIN.md §3, HD 42/2025
  [S24]), so the day before the meeting a summoned member who has neither confirmed nor excused is
  reminded once;
- self-assessment (DOMAIN.md §6): a member may self-assess once a members' scoring table applies to
  them for the year; the year announced on a day is that day's year (a table prepared ahead for next
  year opens on 1 January). Each member is told once per year, until their cell has reviewed them.
  No deadline is stored and the regulation profile has none (the timing comes each year from a
  Central Organisation Commission letter, [S37]), so there is no "self-assessment due" reminder.

Days are calendar days in the deployment's time zone: a reminder is about the member's own diary, not
a working-day period, so week-ends, Tết and other days off are not special (DOMAIN.md counts working
days only for the committees' statutory deadlines, §2 and §5).

Each reminder has a key (what it is about and which stage) so the same reminder is never sent twice,
whatever the number of runs in a day or a missed day in between.
"""

from __future__ import annotations

from datetime import date, timedelta

#: How many days before a study assignment's due date the first reminder goes out.
STUDY_LEAD_DAYS = 3

SOON = "soon"
TODAY = "today"
EVE = "eve"


def study_window(today: date, lead_days: int = STUDY_LEAD_DAYS) -> tuple[date, date]:
    """The due dates (first, last, both included) of the assignments someone may be reminded of."""
    return today, today + timedelta(days=lead_days)


def study_stage(due_on: date | None, today: date, lead_days: int = STUDY_LEAD_DAYS) -> str | None:
    """The reminder a member who has not studied is due on ``today``: ``TODAY`` on the due day,
    ``SOON`` in the ``lead_days`` days before it, none before that, after it, or without a due date."""
    if due_on is None:
        return None
    left = (due_on - today).days
    if left == 0:
        return TODAY
    if 0 < left <= lead_days:
        return SOON
    return None


def study_key(assignment_id: int, stage: str) -> str:
    """The reminder's key: one reminder per assignment, member and stage."""
    return f"study:{assignment_id}:{stage}"


def self_assessment_year(today: date) -> int:
    """The year whose self-assessment is announced on ``today`` (DOMAIN.md §6): the current one."""
    return today.year


def self_assessment_open(table_year: int, today: date) -> bool:
    """Whether a members' table of ``table_year`` lets its members self-assess now: it is this
    year's (an earlier year's was announced in its year; next year's waits for 1 January)."""
    return table_year == self_assessment_year(today)


def self_assessment_key(year: int) -> str:
    """The announcement's key: one per member and year, whichever table or run sent it."""
    return f"evaluation:{year}:open"


def meeting_day(today: date) -> date:
    """The day of the meetings whose summoned members are reminded on ``today``: tomorrow."""
    return today + timedelta(days=1)


def meeting_reminder_due(starts_on: date, today: date, *, answered: bool, published: bool = True) -> bool:
    """Whether a summoned member is reminded of a meeting on ``today``: the notice is out, the meeting
    is tomorrow and the member has neither confirmed nor excused (DOMAIN.md §3 [S24])."""
    return published and not answered and starts_on == meeting_day(today)


def meeting_key(meeting_id: int) -> str:
    """The reminder's key: one reminder per meeting and member."""
    return f"meeting:{meeting_id}:{EVE}"
