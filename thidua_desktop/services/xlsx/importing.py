"""The shape every import takes: preview first, then all or nothing.

An importer reads a file into an :class:`ImportPreview` — one
:class:`RowOutcome` per row (new, update, unchanged, error with the row number
and reason) — without writing anything. Only a preview without errors may be
applied, in one transaction, so a file goes in whole or not at all.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import UserError


class Outcome(str, enum.Enum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    @property
    def label(self) -> str:
        return {"new": "Thêm mới", "update": "Cập nhật", "unchanged": "Không đổi",
                "error": "Lỗi"}[self.value]


@dataclass
class RowOutcome:
    row: int  # the row number as Excel shows it
    outcome: Outcome
    name: str  # what the row is about (a unit's or person's name…)
    message: str = ""  # the reason for an error, or what changes
    payload: dict = field(default_factory=dict, repr=False)  # cleaned values to write


@dataclass
class ImportPreview:
    path: Path
    kind: str  # "units", "people", "nominations", …
    rows: list[RowOutcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome is outcome)

    @property
    def errors(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.outcome is Outcome.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        parts = [f"{self.count(o)} {o.label.lower()}" for o in Outcome if self.count(o)]
        return f"{self.path.name}: {len(self.rows)} dòng — " + (", ".join(parts) or "không có dòng dữ liệu")

    def require_ok(self) -> None:
        """Raise the first errors (with row numbers) if the file cannot go in."""
        if self.ok:
            return
        shown = self.errors[:20]
        lines = [f"Dòng {r.row}: {r.message}" for r in shown]
        more = len(self.errors) - len(shown)
        if more:
            lines.append(f"… và {more} dòng lỗi khác.")
        raise UserError(f"Tệp “{self.path.name}” có {len(self.errors)} dòng lỗi; chưa nhập gì.\n"
                        + "\n".join(lines))

    def lines(self, rows: list[RowOutcome] | None = None) -> list[str]:
        """One line per row (of ``rows``, every row by default), as ``thidua … import`` prints the preview."""
        return [f"Dòng {r.row:>5}  {r.outcome.label:<10} {r.name}" + (f" — {r.message}" if r.message else "")
                for r in (self.rows if rows is None else rows)]
