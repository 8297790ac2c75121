"""An item's status: the one place its Chinese names, CSS classes and meaning are declared."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """What an item's updates report (staff write the first four), and 待核验, which the public sees
    for a closure no one else has verified yet. In the order the ledger counts them."""

    css_class: str
    """The badge's class on the site (pt-status--<css_class>, docs/assets/portal.css) and in search results."""
    closes: bool
    """Whether an update with this status reports the item closed (办结), to be verified (核验)."""
    reported: bool
    """Whether staff write it in an update; 待核验 is derived, never written."""

    def __new__(cls, name: str, css_class: str, closes: bool = False, reported: bool = True) -> "Status":
        member = str.__new__(cls, name)
        member._value_ = name
        member.css_class = css_class
        member.closes = closes
        member.reported = reported
        return member

    RECEIVED = "已受理", "received"
    IN_PROGRESS = "整改中", "progress"
    AWAITING = "待核验", "awaiting", False, False
    DONE = "已完成", "done", True
    ANSWERED = "已答复", "answered", True

    @classmethod
    def reportable(cls) -> tuple["Status", ...]:
        """The statuses staff may write in an update, in order."""
        return tuple(s for s in cls if s.reported)

    @classmethod
    def closing(cls) -> tuple["Status", ...]:
        """The statuses that report an item closed."""
        return tuple(s for s in cls if s.closes)

    @classmethod
    def css_class_of(cls, name: str) -> str:
        """The CSS class of a status given by its Chinese name (a template's `status_class` filter)."""
        return cls(name).css_class


CLOSING_NAMES = "或".join(f"“{s}”" for s in Status.closing())
"""“已完成”或“已答复”: how messages and help texts name the closing statuses."""
