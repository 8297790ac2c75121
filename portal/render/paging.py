"""Long lists split into pages of a fixed number of rows, at addresses that do not move.

A list's first page lives in its own folder (`rectification/`), the others below it
(`rectification/page/2/`, `rectification/page/3/`, ...). Every row sits on exactly one page and every
page links its neighbours and a window of page numbers, so the whole list is reachable without
JavaScript while no page grows with the data. A list that fits on one page has no pager at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from portal.model import urls


@dataclass(frozen=True)
class Pager:
    """One page of a list: its rows and where it and its siblings live."""

    folder: str  # the first page's folder under the site root, ending in "/": "rectification/"
    number: int  # 1-based
    count: int  # pages in the list, at least 1
    rows: Sequence
    start: int  # 0-based position of the first row in the whole list
    total: int  # rows in the whole list

    def path(self, number: int) -> str:
        """The folder of page `number` under the site root."""
        return urls.paged(self.folder, number)

    @property
    def here(self) -> str:
        return self.path(self.number)

    @property
    def source(self) -> str:
        """The page's source path under docs/, as MkDocs is given it."""
        return urls.index(self.here)

    @property
    def root(self) -> str:
        """From this page back to the site root: "../" per folder."""
        return "../" * self.here.count("/")

    def href(self, number: int) -> str:
        """A relative link from this page to page `number` of the same list."""
        return self.root + self.path(number)

    @property
    def first(self) -> int:
        """1-based position of the first row shown, for 第 101—150 项."""
        return self.start + 1

    @property
    def last(self) -> int:
        return self.start + len(self.rows)

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers the pager shows: the first, the last, and `around` either side of this
        one; None where numbers are left out. A fixed window, so a pager's size never grows."""
        shown = sorted({1, self.count, *range(max(1, self.number - around), min(self.count, self.number + around) + 1)})
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - numbers[-1] == 2:
                numbers.append(n - 1)  # a gap of one number: show it rather than "…"
            elif numbers and n - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(n)
        return numbers


def paginate(rows: Sequence, size: int, folder: str) -> list[Pager]:
    """`rows` cut into pages of `size`; always at least one page, empty if there are no rows."""
    if size < 1:
        raise ValueError("page size must be at least 1")
    if not folder.endswith("/"):
        raise ValueError("folder must end with '/'")
    count = max(1, -(-len(rows) // size))
    return [Pager(folder, n, count, rows[(n - 1) * size: n * size], (n - 1) * size, len(rows))
            for n in range(1, count + 1)]
