"""Where the checks put what they find: every problem, each at its file, line and field."""

from __future__ import annotations

from pydantic import BaseModel

from portal.checks import messages
from portal.load.problems import Problem, field_path
from portal.load.reader import Document


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Every record file's id (its name), valid or not: a reference to a record that has its own
        # problem is not reported again as "not found" (one mistake, one message).
        self.file_ids: dict[str, set[str]] = {}
        self.documents: list[tuple[Document, type[BaseModel]]] = []  # every file that loaded, valid or not
        # (file, loc of a corrected value) -> loc of the correction's `now`: a problem with the value is shown there
        self.corrected: dict[tuple[str, tuple], tuple] = {}

    def at(self, doc: Document, loc: tuple, message: str, model: type[BaseModel] | None = None) -> None:
        corrected = self.corrected.get((doc.path, loc))
        if corrected is not None:
            message += f"（这是 {field_path(corrected[:2])} 更正后的值）"
        line, column = doc.position(corrected or loc)
        label = messages.label(model, loc) if model else ""
        self.problems.append(Problem(doc.path, line, column, field_path(loc), label, message))

    def file(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, 1, 1, "", "", message))


Loaded = dict
"""What loaded, by kind key: [(document, record)] (one pair for a kind kept in a single file)."""
