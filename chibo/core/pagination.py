"""Pages without COUNT(*): fetch one row more than shown to know whether there is a next page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass
class LazyPage:
    object_list: list[Any]
    number: int
    per_page: int
    has_next: bool

    @classmethod
    def of(cls, queryset: QuerySet, page: Any, per_page: int = 50) -> LazyPage:
        try:
            number = max(1, min(int(page or 1), 100_000))
        except (TypeError, ValueError):
            number = 1
        start = (number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1])
        return cls(rows[:per_page], number, per_page, len(rows) > per_page)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)
