"""What the Văn bản page shows and does, as plain data and whole tasks.

The page holds no session: it asks :func:`state` for the year, :func:`kind_state`
for the chosen kind, and hands the long work (preview, save, print) to the
functions below, which run in a worker under ``gui/operations``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import certificates as layout_rules
from ...storage.models import Campaign
from .. import plan
from ..awards import catalogue as awards
from ..progress import Progress, no_progress
from . import (
    KINDS, Options, Rendered, default_template, generate, issued, record_issued, stored_template, suggest_date,
    suggest_number,
)
from . import certificates, convert, pdfa, records, textpreview, yearend
from .common import issuer, plan_missing, write_file


@dataclass(frozen=True)
class IssuedRow:
    """A line of the register of documents made."""

    created_at: dt.datetime | None
    kind: str
    number: str
    dated: dt.date | None
    created_by: str
    path: str


@dataclass(frozen=True)
class Nominee:
    """One nominee the achievement reports may be limited to."""

    label: str  # "Nguyễn Văn An — Giấy khen"
    id: int
    title_code: str


@dataclass
class DeskState:
    years: list[int]  # newest first
    campaign_id: int
    has_deputy: bool
    sessions: list[tuple[str, int]]  # (label, id)
    decisions: list[records.DecisionInfo]
    titles: list[tuple[str, str]]  # (name, code)
    narrative: dict[str, str]
    plan_missing: str
    layout: layout_rules.Layout
    issued: list[IssuedRow]
    nominees: list[Nominee]
    interim_periods: list[tuple[str, str]] = ()  # (name, code) of the year's periods besides the whole year


def state(session: Session, year: int | None = None) -> DeskState:
    """Everything the page fills its lists with, for ``year`` (the current one when None)."""
    campaign = plan.current_campaign(session, year)
    return DeskState(
        list(session.scalars(select(Campaign.year).order_by(Campaign.year.desc()))), campaign.id,
        bool(plan.ward(session).deputy_signer_name),
        [(m.label(), m.id) for m in records.meetings(session, campaign)], records.decisions(session, campaign),
        [(t.name, t.code) for t in awards.titles(session)], yearend.get_narrative(campaign),
        plan_missing(campaign) or "", certificates.layout(session),
        [IssuedRow(r.created_at, r.kind, r.number, r.dated, r.created_by, r.path) for r in issued(session)],
        [Nominee(f"{r.name} — {r.title_name}", r.id, r.title_code) for r in records.rows(session, campaign)],
        [(p.name, p.code) for p in campaign.periods if not p.is_main])


@dataclass(frozen=True)
class KindState:
    template_name: str | None  # the clerk's own template, or None for the default
    suggested_number: str
    suggested_date: dt.date


def kind_state(session: Session, kind: str, year: int | None) -> KindState:
    row = stored_template(session, kind)
    number = suggest_number(session, kind, year or dt.date.today().year) if KINDS[kind].register else ""
    day = suggest_date(session, kind, plan.current_campaign(session, year))
    return KindState(row.file_name if row else None, number, day)


def save_narrative(session: Session, campaign_id: int, changed: dict[str, str]) -> dict[str, str]:
    """Store the edited sections of the year-end report; the narrative as saved."""
    yearend.save_narrative(session, campaign_id, changed)
    return yearend.get_narrative(session.get(Campaign, campaign_id))


@dataclass
class Preview:
    rendered: Rendered
    pages: list[convert.PageImage] | None  # drawn by the office suite, when there is one
    total_pages: int
    html: str | None  # the text preview otherwise
    pdf: Path | None = None  # the laid-out pages, for the pages not drawn yet


def preview(session: Session, kind: str, options: Options, converter, work: Path, dpi: float, pages: int,
            progress: Progress = no_progress) -> Preview:
    """The first ``pages`` pages as images (or a text preview without an office suite)."""
    progress(0, 3, "Đang tạo văn bản…")
    rendered = generate(session, kind, options)
    if converter is None:
        return Preview(rendered, None, 0, textpreview.to_html(rendered.data))
    progress(1, 3, f"Đang dàn trang bằng {converter.name}…")
    docx = work / "xem-truoc.docx"
    docx.write_bytes(rendered.data)
    pdf = convert.docx_to_pdf(docx, work / "xem-truoc.pdf", converter)
    progress(2, 3, "Đang vẽ các trang…")
    return Preview(rendered, convert.render_pdf(pdf, dpi, 0, pages - 1), convert.page_count(pdf), None, pdf)


def more_pages(pdf: Path, dpi: float, first: int, count: int) -> list[convert.PageImage]:
    """The next ``count`` pages of a preview, from page ``first`` (0-based)."""
    return convert.render_pdf(pdf, dpi, first, first + count - 1)


def save(session: Session, kind: str, options: Options, path: Path, pdf: bool, converter, work: Path,
         actor: str = "", progress: Progress = no_progress, previewed: Rendered | None = None,
         pdfa_format: bool = False) -> Rendered:
    """Write ``path`` (DOCX, PDF through the office suite, or PDF/A-2b) and
    record the document in the register. ``previewed``: the paper the clerk
    has just looked at, written as it is (not made again, which could differ)."""
    progress(0, 2, "Đang tạo văn bản…")
    rendered = previewed or generate(session, kind, options)
    if pdfa_format:
        progress(1, 2, "Đang chuyển sang PDF/A…")
        who = pdfa.identity(KINDS[kind].label, rendered, issuer(session).authority)
        write_file(path, pdfa.pdf_bytes(rendered.data, who, converter))
    elif pdf:
        progress(1, 2, "Đang chuyển sang PDF…")
        docx = work / "luu.docx"
        docx.write_bytes(rendered.data)
        made = convert.docx_to_pdf(docx, work / "luu.pdf", converter)
        write_file(path, made.read_bytes())
    else:
        write_file(path, rendered.data)
    record_issued(session, rendered, str(path), actor)
    return rendered


def print_ready(data: bytes, converter, work: Path, dpi: float,
                progress: Progress = no_progress) -> list[convert.PageImage]:
    """A DOCX laid out by the office suite and drawn as page images for the printer."""
    docx = work / "in.docx"
    docx.write_bytes(data)
    progress(1, 3, "Đang dàn trang…")
    pdf = convert.docx_to_pdf(docx, work / "in.pdf", converter)
    progress(2, 3, "Đang chuẩn bị trang in…")
    return convert.render_pdf(pdf, dpi)


def export_default_template(session: Session, kind: str, path: Path) -> Path:
    write_file(path, default_template(session, kind))
    return Path(path)


def save_calibration(session: Session, path: Path) -> Path:
    write_file(path, certificates.calibration(session))
    return Path(path)
