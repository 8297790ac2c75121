"""How an item stands against its deadline: one small value the item page, the ledger, the feeds
and the open data all read (RectificationItem.deadline_outcome), so no two of them decide it apart."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portal.model.status import Status


class Outcome(StrEnum):
    ON_TIME = "on_time"  # verified closed on or before the deadline first promised
    WITHIN_EXTENSION = "within_extension"  # verified closed after the first deadline, within the current one
    LATE = "late"  # verified closed after the current deadline
    AWAITING = "awaiting"  # reported closed, not yet verified: no verdict until it is (待核验)
    OVERDUE = "overdue"  # open, and the current deadline has passed
    OPEN = "open"  # open, the current deadline still ahead or today


class Deadline(StrEnum):
    ONLY = "only"  # the deadline was never changed: first and current are one
    FIRST = "first"  # the deadline first promised (原定期限)
    CURRENT = "current"  # the deadline after the last change (调整后期限)


@dataclass(frozen=True)
class DeadlineOutcome:
    """An item's deadline outcome on a day: what happened, by how many days, against which deadline.

    days counts from that deadline: days late (LATE, OVERDUE), days after the first deadline
    (WITHIN_EXTENSION), days left (OPEN); 0 for ON_TIME and AWAITING."""

    kind: Outcome
    days: int
    deadline: Deadline

    @property
    def overdue(self) -> bool:
        return self.kind is Outcome.OVERDUE

    @property
    def closed(self) -> bool:
        """Verified closed: the outcome no longer changes with the as-of date."""
        return self.kind in (Outcome.ON_TIME, Outcome.WITHIN_EXTENSION, Outcome.LATE)

    @property
    def words(self) -> str:
        """The outcome as the item page and the feed say it: 按期办结, 逾期 3 天办结, 还剩 5 天. A closure
        before the first deadline names it when the deadline was changed (按原定期限办结); a closure
        not yet verified has no verdict, and the page puts the day it was reported in front."""
        if self.kind is Outcome.ON_TIME and self.deadline is Deadline.FIRST:
            return "按原定期限办结"
        return _WORDS[self.kind].format(days=self.days)


_WORDS = {
    Outcome.ON_TIME: "按期办结",
    Outcome.WITHIN_EXTENSION: "在调整后期限内办结，比原定期限晚 {days} 天",
    Outcome.LATE: "逾期 {days} 天办结",
    Outcome.AWAITING: f"报告办结，{Status.AWAITING}",
    Outcome.OVERDUE: "已逾期 {days} 天",
    Outcome.OPEN: "还剩 {days} 天",
}
