"""What list and form pages of every app share: a pager without COUNT(*), and an error in words."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .concurrency import StaleEdit


class CheapPage:
    """A page of a long list without COUNT(*): one row more than the page says whether there is a next.

    A store's list runs to hundreds of thousands of orders; the counter pages forward and back,
    never to "page 2,317 of 2,318".
    """

    def __init__(self, queryset, number, size: int):
        try:
            self.number = max(1, int(str(number or 1)[:12]))
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start:start + size + 1])
        if not rows and self.number > 1:
            # Past the end (a typed page number): the last page, counted only in this rare case.
            self.number = max(1, -(-queryset.count() // size))
            start = (self.number - 1) * size
            rows = list(queryset[start:start + size + 1])
        self._has_next = len(rows) > size
        self.object_list = rows[:size]

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def errors_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, StaleEdit):
        return str(error.message)
    return str(error)
