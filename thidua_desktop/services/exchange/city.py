"""The city's side: a database in city mode receives the wards' exchange files.

City mode is the setting ``exchange.city_name`` (``thidua init --city``). Each
file is read and checked whole (:func:`.package.read`) before anything is
written; a batch goes in all or nothing. A ward's file for a year replaces the
one already received only when it was made later (``created_at``): an older or
the same file is left out, saying so. The file is kept as it came (its bytes
and SHA-256), beside the figures the consolidated table reads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.text import clean, collation_key, format_date, unique_key
from ...errors import UserError
from ...storage import atomic
from ...storage.database import Database
from ...storage.models import ExchangeFile, Unit
from .. import settings
from ..xlsx import files as excel, printable
from . import package, report_docx

CITY_SETTING = "exchange.city_name"


def city_name(session: Session) -> str:
    return settings.get(session, CITY_SETTING)


def is_city(session: Session) -> bool:
    return bool(city_name(session))


def make_city(session: Session, name: str) -> str:
    """Turn a new database into the city's (it holds no ward's units)."""
    name = clean(name)
    if not name:
        raise UserError("Chưa ghi tên thành phố (ví dụ --city \"Thành phố Hải Phòng\").")
    if session.scalar(select(func.count(Unit.id))):
        raise UserError("Cơ sở dữ liệu này đã có đơn vị của một phường; hãy tạo một tệp cơ sở dữ liệu mới "
                        "cho thành phố (--db TỆP_MỚI).")
    return settings.set_value(session, CITY_SETTING, name)


def require_city(session: Session) -> str:
    name = city_name(session)
    if not name:
        raise UserError("Cơ sở dữ liệu này là của phường. Tệp trao đổi của các phường được nhập vào cơ sở dữ liệu "
                        "của thành phố: tạo bằng lệnh thidua --db TỆP_MỚI init --city \"Thành phố …\".")
    return name


# --- receiving ---------------------------------------------------------------------------------


@dataclass
class Received:
    """What importing one file does: ``new``, ``replace`` or ``skip`` (with why)."""

    package: package.Package
    action: str
    message: str
    replaces_id: int | None = None

    def line(self) -> str:
        p = self.package
        verb = {"new": "Thêm mới", "replace": "Thay bản cũ", "skip": "Bỏ qua"}[self.action]
        return f"{p.path.name}: {p.ward_name} năm {p.year} (lập {when_text(p.created_at)}) — {verb}" + (
            f": {self.message}" if self.message else "")


@dataclass
class ImportPlan:
    items: list[Received] = field(default_factory=list)

    @property
    def writes(self) -> list[Received]:
        return [r for r in self.items if r.action != "skip"]


def when_text(moment: dt.datetime) -> str:
    local = moment.astimezone()
    return f"{local:%H:%M} ngày {format_date(local.date())}"


def _stored_time(row) -> dt.datetime:
    return row.created_at.replace(tzinfo=dt.timezone.utc)


def plan_import(db: Database, paths: list[Path]) -> ImportPlan:
    """Read and check every file, then say what each would do; nothing is written.
    A damaged or altered file stops the whole batch (:class:`UserError`)."""
    with db.read() as session:
        require_city(session)
        stored = {(r.ward_key, r.year): r for r in session.execute(  # not the files' bytes
            select(ExchangeFile.id, ExchangeFile.ward_key, ExchangeFile.year, ExchangeFile.sha256,
                   ExchangeFile.created_at)).all()}
    packages = [package.read(Path(p)) for p in paths]
    out = ImportPlan()
    newest: dict[tuple[str, int], package.Package] = {}
    for p in packages:
        key = (unique_key(p.ward_name), p.year)
        if key not in newest or p.created_at > newest[key].created_at:
            newest[key] = p
    for p in packages:
        key = (unique_key(p.ward_name), p.year)
        if newest[key] is not p:
            out.items.append(Received(p, "skip", f"cùng lần nhập có tệp {newest[key].path.name} lập sau"))
            continue
        have = stored.get(key)
        if have is None:
            out.items.append(Received(p, "new", ""))
        elif have.sha256 == p.sha256:
            out.items.append(Received(p, "skip", "đã nhận đúng tệp này"))
        elif p.created_at <= _stored_time(have):
            out.items.append(Received(p, "skip", f"cũ hơn bản đã nhận (lập {when_text(_stored_time(have))}); "
                                                 "giữ bản đã nhận"))
        else:
            out.items.append(Received(p, "replace", f"bản đã nhận lập {when_text(_stored_time(have))}", have.id))
    return out


def apply_import(db: Database, plan: ImportPlan) -> str:
    """Write the planned files in one transaction."""
    if not plan.writes:
        return "Không có tệp nào mới; cơ sở dữ liệu giữ nguyên."
    names = ", ".join(r.package.path.name for r in plan.writes)
    db.checkpoint(f"Trước khi nhập tệp trao đổi {names}")
    with db.transaction(reason=f"Nhập tệp trao đổi của phường: {names}") as session:
        require_city(session)
        for r in plan.writes:
            if r.replaces_id is not None:
                session.delete(session.get(ExchangeFile, r.replaces_id))
                session.flush()
            session.add(_row(r.package))
    return f"Đã nhập {len(plan.writes)} tệp trao đổi của phường."


def _row(p: package.Package) -> ExchangeFile:
    report = p.members["report.json"]
    summary = {"report": report, "targets": p.members["results.json"]["targets"]}
    created = p.created_at.replace(tzinfo=None)  # stored as UTC
    return ExchangeFile(ward_name=p.ward_name, ward_key=unique_key(p.ward_name), year=p.year,
                        format_version=p.manifest["format_version"], app_version=p.manifest["app_version"],
                        created_at=created, file_name=p.path.name, sha256=p.sha256, summary=summary,
                        content=p.content)


# --- listing and the consolidated table --------------------------------------------------------


@dataclass(frozen=True)
class WardFile:
    ward: str
    year: int
    created_at: dt.datetime  # UTC
    file_name: str
    sha256: str
    bytes: int
    format_version: int
    app_version: str
    targets: dict[str, int]
    awarded: dict[str, int]
    forwarded: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {"ward": self.ward, "year": self.year, "created_at": self.created_at.isoformat(),
                "file": self.file_name, "sha256": self.sha256, "bytes": self.bytes,
                "format_version": self.format_version, "app_version": self.app_version,
                "targets": self.targets, "awarded": self.awarded, "forwarded": self.forwarded}


def received(session: Session, year: int | None = None) -> list[WardFile]:
    """The files received, by year then ward."""
    require_city(session)
    query = select(ExchangeFile.id, ExchangeFile.ward_name, ExchangeFile.year, ExchangeFile.created_at,
                   ExchangeFile.file_name, ExchangeFile.sha256, func.length(ExchangeFile.content),
                   ExchangeFile.format_version, ExchangeFile.app_version, ExchangeFile.summary)
    if year is not None:
        query = query.where(ExchangeFile.year == year)
    out = []
    for _id, ward, y, created, name, sha, size, version, app, summary in session.execute(query).all():
        report = summary["report"]
        out.append(WardFile(ward, y, created.replace(tzinfo=dt.timezone.utc), name, sha, size, version, app,
                            report["targets"], report["awarded"], report["forwarded"]))
    out.sort(key=lambda w: (-w.year, collation_key(w.ward)))
    return out


def target_rows(session: Session, year: int) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(ward, target, measure) of every ward's year, for the table of targets."""
    rows = []
    for ward, summary in session.execute(select(ExchangeFile.ward_name, ExchangeFile.summary)
                                         .where(ExchangeFile.year == year)).all():
        rows += [(ward, t, m) for t in summary["targets"] for m in t["measures"]]
    rows.sort(key=lambda r: collation_key(r[0]))
    return rows


def title_rows(session: Session, year: int) -> list[tuple[str, str, dict[str, Any]]]:
    """(ward, ``ward``/``city``, counts of one title)."""
    rows = []
    for ward, summary in session.execute(select(ExchangeFile.ward_name, ExchangeFile.summary)
                                         .where(ExchangeFile.year == year)).all():
        by_title = summary["report"]["awards_by_title"]
        rows += [(ward, level, c) for level in ("ward", "city") for c in by_title[level]]
    rows.sort(key=lambda r: collation_key(r[0]))
    return rows


@dataclass
class Consolidated:
    """What the consolidated table of one year holds."""

    city: str
    year: int
    wards: list[WardFile]
    targets: list[tuple[str, dict[str, Any], dict[str, Any]]]
    titles: list[tuple[str, str, dict[str, Any]]]


def consolidated(db: Database, year: int | None = None) -> Consolidated:
    """Every ward's targets and awards of ``year`` (the latest received by default)."""
    with db.read() as session:
        city = require_city(session)
        years = sorted({w.year for w in received(session)})
        if not years:
            raise UserError("Chưa nhận tệp trao đổi nào của các phường.")
        year = year if year is not None else years[-1]
        wards = received(session, year)
        if not wards:
            raise UserError(f"Chưa nhận tệp trao đổi năm {year} của phường nào (có các năm: "
                            + ", ".join(map(str, years)) + ").")
        return Consolidated(city, year, wards, target_rows(session, year), title_rows(session, year))


def write_report(db: Database, path: Path, year: int | None = None) -> tuple[Path, int, int]:
    """The consolidated table of every ward's targets and awards of ``year``
    (the latest received by default) as xlsx or docx: (path, year, wards)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise UserError(f"Bảng tổng hợp ghi ra tệp .xlsx hoặc .docx (đã ghi “{path.name}”).")
    data = consolidated(db, year)
    if suffix == ".docx":
        report_docx.write_docx(data, path, [summary_values(n, w) for n, w in enumerate(data.wards, start=1)],
                               target_values(data.targets), title_values(data.titles))
    else:
        _write_xlsx(data, path)
    return path, data.year, len(data.wards)


def target_values(targets) -> list[list[Any]]:
    return [[ward, m["code"], m["label"], m["unit"], m.get("planned_text", m["planned"]), m["actual"],
             m.get("percent_of_plan"), m.get("status_label", m["status"])] for ward, _t, m in targets]


def title_values(titles) -> list[list[Any]]:
    return [[ward, "Phường khen thưởng" if level == "ward" else "Đề nghị thành phố", c["title"], c["unit"],
             c["person"], c["household"], c["prize"] or None] for ward, level, c in titles]


def _write_xlsx(data: Consolidated, path: Path) -> None:
    wb = printable.new_workbook()
    taken: set[str] = set()
    heading = f"{data.city.upper()} — TỔNG HỢP THI ĐUA, KHEN THƯỞNG CÁC PHƯỜNG NĂM {data.year}"
    _sheet(wb.active, printable.sheet_title("Tổng hợp", taken), heading, SUMMARY_COLUMNS,
           [summary_values(n, w) for n, w in enumerate(data.wards, start=1)])
    _sheet(wb.create_sheet(), printable.sheet_title("Chỉ tiêu", taken),
           f"KẾT QUẢ CHỈ TIÊU CÁC PHƯỜNG NĂM {data.year}", TARGET_COLUMNS, target_values(data.targets))
    _sheet(wb.create_sheet(), printable.sheet_title("Khen thưởng", taken),
           f"KHEN THƯỞNG CÁC PHƯỜNG NĂM {data.year}", TITLE_COLUMNS, title_values(data.titles))
    atomic.save_workbook(wb, path)


# (header, relative width, number format)
SUMMARY_COLUMNS = [("TT", 4, printable.PLAIN), ("Phường", 16, None), ("Lập tệp lúc", 11, None),
                   ("Nội dung chỉ tiêu", 7, printable.PLAIN), ("Vượt", 6, printable.PLAIN),
                   ("Đạt", 6, printable.PLAIN), ("Không đạt", 6, printable.PLAIN),
                   ("Chưa đủ số liệu", 7, printable.PLAIN), ("Tập thể được khen", 7, printable.PLAIN),
                   ("Cá nhân được khen", 7, printable.PLAIN), ("Hộ gia đình được khen", 7, printable.PLAIN),
                   ("Tiền thưởng (đồng)", 11, printable.INTEGER), ("Đề nghị thành phố (tập thể, cá nhân)", 9, None)]
TARGET_COLUMNS = [("Phường", 14, None), ("Mã", 4, None), ("Nội dung chỉ tiêu", 30, None), ("ĐVT", 6, None),
                  ("Kế hoạch", 9, None), ("Thực hiện", 8, printable.DECIMAL), ("% kế hoạch", 7, printable.DECIMAL),
                  ("Đánh giá", 9, None)]
TITLE_COLUMNS = [("Phường", 14, None), ("Cấp", 11, None), ("Danh hiệu, hình thức", 28, None),
                 ("Tập thể", 6, printable.PLAIN), ("Cá nhân", 6, printable.PLAIN), ("Hộ gia đình", 6, printable.PLAIN),
                 ("Tiền thưởng (đồng)", 11, printable.INTEGER)]


def summary_values(n: int, w: WardFile) -> list[Any]:
    t, a, f = w.targets, w.awarded, w.forwarded
    return [n, w.ward, when_text(w.created_at), t["measures"], t["exceeded"], t["met"], t["not_met"], t["no_data"],
            a["unit"], a["person"], a["household"], a["prize"] or None, f"{f['unit']}, {f['person']}"]


def _sheet(ws, title: str, heading: str, columns: list[tuple[str, float, str | None]], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    ws.title = title
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    printable.merged(ws, 1, (1, len(columns)), heading, bold=True, size=13)
    widths = printable.fit_widths([w for _, w, _ in columns])
    header = 3
    for i, ((label, _, _), width) in enumerate(zip(columns, widths), start=1):
        c = ws.cell(row=header, column=i, value=label)
        c.font = Font(name=printable.FONT, bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = box
        ws.column_dimensions[get_column_letter(i)].width = width
    for r, values in enumerate(rows, start=header + 1):
        for i, (value, (_, _, number_format)) in enumerate(zip(values, columns), start=1):
            c = ws.cell(row=r, column=i, value=value)
            excel.make_inert(c)  # names come from the wards' files
            c.font = Font(name=printable.FONT)
            c.border = box
            text = isinstance(value, str)
            c.alignment = Alignment(horizontal="left" if text else "right", vertical="top", wrap_text=text)
            if number_format and not text:
                c.number_format = number_format
    ws.freeze_panes = ws.cell(row=header + 1, column=2)
    printable.fit_heights(ws)
    printable.setup_page(ws, (header, header), landscape=True)
