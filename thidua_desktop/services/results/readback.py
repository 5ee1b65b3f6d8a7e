"""What reading result files back gives, shared by the forms (:mod:`.forms`) and the long
table (:mod:`.table`): one :class:`FileRead` per file, a :class:`ReadBack` for them all, the
files a read-back takes, and the results already recorded (loaded once per period)."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import UserError
from ...storage.models import Period
from . import evaluation as ev
from . import entry as rs
from ..xlsx.importing import ImportPreview, Outcome


@dataclass
class FileRead:
    """One file of a read-back: its preview, and why it was refused (if it was)."""

    path: Path
    kind: str  # "form" or "table"
    preview: ImportPreview
    unit_id: int | None = None
    unit_name: str = ""
    period_id: int | None = None
    period_name: str = ""
    reported_on: dt.date | None = None
    reporter: str = ""
    modified: float = 0.0
    changes: dict[int, list[rs.CellChange]] = field(default_factory=dict)  # period id → changes
    error: str = ""  # the whole file is refused
    superseded_by: Path | None = None
    filled: int = 0  # rows of a form with something written in them

    @property
    def accepted(self) -> bool:
        return not self.error and self.superseded_by is None and self.preview.ok

    @property
    def reason(self) -> str:
        if self.error:
            return self.error
        if self.superseded_by is not None:
            return f"có phiếu mới hơn của cùng đơn vị: “{self.superseded_by.name}”"
        if not self.preview.ok:
            shown = self.preview.errors[:5]
            more = len(self.preview.errors) - len(shown)
            return "; ".join(f"dòng {r.row}: {r.message}" for r in shown) + (f"; … và {more} lỗi khác" if more else "")
        return ""

    @property
    def units(self) -> set[int]:
        return {c.key.unit_id for changes in self.changes.values() for c in changes if c.key.unit_id is not None}


@dataclass
class ReadBack:
    files: list[FileRead]
    period_id: int  # the period shown in the summary (forms carry their own)

    @property
    def accepted(self) -> list[FileRead]:
        return [f for f in self.files if f.accepted]

    @property
    def rejected(self) -> list[FileRead]:
        return [f for f in self.files if not f.accepted]

    def count(self, outcome: Outcome) -> int:
        return sum(f.preview.count(outcome) for f in self.accepted)

    def lines(self) -> list[str]:
        out = []
        for f in self.files:
            what = f.unit_name or ("bảng nhập" if f.kind == "table" else "")
            if f.accepted:
                counts = ", ".join(f"{f.preview.count(o)} {o.label.lower()}" for o in
                                   (Outcome.NEW, Outcome.UPDATE, Outcome.UNCHANGED) if f.preview.count(o))
                out.append(f"Đọc được  {f.path.name}: {what} — {counts or 'không có số liệu'}")
            else:
                out.append(f"Từ chối   {f.path.name}{f': {what}' if what else ''} — {f.reason}")
        return out


def collect_paths(paths: list[Path]) -> list[Path]:
    """Files given, and the .xlsx files inside folders given (not Excel's ~$ lock files)."""
    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".xls")
                           and not p.name.startswith(("~$", ".~lock")) and p.is_file())
            if not found:
                raise UserError(f"Thư mục “{path}” không có tệp Excel nào.")
            out.extend(found)
        else:
            out.append(path)
    seen, unique = set(), []
    for p in out:
        key = os.path.normcase(str(p.resolve()))
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique



class RecordedResults:
    """Results and reports already recorded, loaded once per period."""

    def __init__(self, session):
        self.session = session
        self._periods: dict[int, ev.PeriodResults] = {}

    def period(self, period_id: int) -> ev.PeriodResults:
        if period_id not in self._periods:
            period = self.session.get(Period, period_id)
            self._periods[period_id] = ev.period_results(self.session, period)
        return self._periods[period_id]

