"""Official documents in the Nghị định 30/2020 format, as DOCX files.

Public API (used by the Documents page and ``thidua report``):

``KINDS``: the documents, by key (``year-end``, ``proposal``, ``decision``,
``minutes``, ``nominations``, ``certificates``).
``generate(session, kind, options) -> Rendered``: the filled document (bytes)
with the warnings the clerk should read before sending it.
``default_template(session, kind) -> bytes``: the built-in template with its
fields, to be edited in Word.
``use_template(session, kind, data, file_name)`` / ``drop_template(session, kind)``:
store (after checking) or forget the clerk's own template.
``record_issued(session, rendered, path, actor)``: the register of documents made.
``desk``: the Documents page's state, preview, save and print as whole tasks on plain data.
"""
from __future__ import annotations

import datetime as dt
import importlib
import re
import unicodedata
from typing import Callable

from docx.document import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.documents import DOCUMENT_KINDS, DocumentKind
from ...errors import UserError
from ...storage.models import Campaign, DocumentTemplate, IssuedDocument
from . import records
from .common import Filled, Options, Rendered, issuer
from .inspect import layout_problems
from .package import open_docx, to_bytes
from .template import Field, TemplateError, check, render
from .template_safety import check_template_bytes


class Kind(DocumentKind):
    """A kind of document (declared in ``domain.documents``) with its writer."""

    @property
    def fields(self) -> dict[str, Field]:
        return self._module().FIELDS

    @property
    def template(self) -> Callable[[Session, Options], Document]:
        return self._module().template

    @property
    def fill(self) -> Callable[[Session, Options], Filled]:
        return self._module().fill

    def _module(self):
        """A command writing one paper imports that paper's module only (the
        year-end report alone brings the scoring and the registrations)."""
        return importlib.import_module(f"{__name__}.{self.writer}")

    @property
    def in_messages(self) -> str:
        return f"“{self.label}”"


KINDS: dict[str, Kind] = {key: Kind(**vars(spec)) for key, spec in DOCUMENT_KINDS.items()}


def kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        names = ", ".join(KINDS)
        raise UserError(f"Không có loại văn bản “{key}”. Các loại: {names}.") from None


def stored_template(session: Session, key: str) -> DocumentTemplate | None:
    return session.scalar(select(DocumentTemplate).where(DocumentTemplate.kind == key))


def default_template(session: Session, key: str, options: Options | None = None) -> bytes:
    """The built-in template of a document, with its fields, as a .docx."""
    spec = kind(key)
    return to_bytes(spec.template(session, options or Options()))


def check_template(key: str, data: bytes, file_name: str = "mẫu") -> list[str]:
    """Raise :class:`TemplateError` naming every unknown or missing field;
    return what departs from the decree's layout (warnings)."""
    spec = kind(key)
    check_template_bytes(data, file_name)  # nothing active or external (issue 12)
    document = open_docx(data, file_name)
    check(document, spec.fields, f"mẫu “{file_name}” của {spec.in_messages}")
    return layout_problems(document) if spec.nd30 else []


def use_template(session: Session, key: str, data: bytes, file_name: str) -> list[str]:
    """Keep the clerk's edited template for this document (after checking it);
    returns the layout warnings."""
    warnings = check_template(key, data, file_name)
    row = stored_template(session, key)
    if row is None:
        session.add(DocumentTemplate(kind=key, file_name=file_name, content=data))
    else:
        row.file_name, row.content = file_name, data
    return warnings


def drop_template(session: Session, key: str) -> bool:
    """Go back to the built-in template; False when there was none of the clerk's."""
    row = stored_template(session, key)
    if row is None:
        return False
    session.delete(row)
    return True


def generate(session: Session, key: str, options: Options | None = None) -> Rendered:
    """The document filled from the database (nothing is written to it)."""
    spec = kind(key)
    options = options or Options()
    if options.deputy and "deputy" in spec.options:
        issuer(session).signer(deputy=True)  # refused, with the reason, while the Settings name no deputy
    filled = spec.fill(session, options)
    row = stored_template(session, key)
    if row is not None and filled.builtin:  # e.g. the clerk's year-end report is no báo cáo sơ kết
        filled.warnings.append(f"Dùng mẫu có sẵn: mẫu riêng “{row.file_name}” là mẫu của {spec.in_messages}.")
        row = None
    if row is not None:
        check_template_bytes(row.content, row.file_name)  # one kept before these checks existed
        document = open_docx(row.content, row.file_name)
        label = f"mẫu riêng “{row.file_name}” của {spec.in_messages}"
    else:
        document = spec.template(session, options)
        label = f"mẫu {spec.in_messages}"
    data = render(document, spec.fields, filled.values, document_label=label, records=filled.records)
    warnings = number_warnings(session, spec, options, filled) + filled.warnings
    return Rendered(key, data, filled.number if spec.register else "", filled.date,
                    file_name(spec, filled), warnings, row.file_name if row else "", filled.campaign.id,
                    filled.label)


def _number_key(number: str) -> str:
    """``05/BC-UBND`` and ``5/bc-ubnd`` alike; empty for a blank number."""
    head, _, tail = number.strip().partition("/")
    head = head.strip().lstrip("0")
    return f"{head}/{tail.strip().casefold()}" if head else ""


def number_warnings(session: Session, spec: Kind, options: Options, filled: Filled) -> list[str]:
    """The number asked for, checked alike for every numbered document: one
    that differs from the number the records give the paper (a decision and a
    tờ trình keep theirs; a council session's minutes take the one asked for),
    and one the register has already given, are pointed out before sending."""
    asked, used, recorded = options.number.strip(), filled.number.strip(), filled.recorded.strip()
    if not spec.register or not asked:
        return []
    if recorded and _number_key(asked).split("/")[0] != _number_key(recorded).split("/")[0]:
        if _number_key(used) == _number_key(recorded):
            return [f"Dùng số của văn bản đã ghi nhận: {recorded} (không dùng số “{asked}” đã nhập)."]
        return [f"Số {used} khác số đã ghi nhận trong chương trình ({recorded}): kiểm tra lại trước khi gửi."]
    year = filled.date.year if filled.date else filled.campaign.year
    for row in session.scalars(select(IssuedDocument).where(IssuedDocument.kind == spec.key)
                               .order_by(IssuedDocument.id)):
        if _number_key(row.number) == _number_key(used) and (row.dated is None or row.dated.year == year):
            when = f" ngày {row.dated:%d/%m/%Y}" if row.dated else ""
            return [f"Số {used} đã có trong sổ văn bản ({spec.label}{when}, tệp {row.path}): kiểm tra để "
                    "không cấp trùng số."]
    return []


def file_name(spec: Kind, filled: Filled) -> str:
    """``Bao cao ket qua thi dua 05-BC-UBND 2026.docx`` (ASCII: safe on every disk and e-mail)."""
    parts = [filled.file_stem or spec.file_stem]
    number = ascii_name(filled.number).strip(" -") if filled.number else ""
    if number and not number.startswith("-"):
        parts.append(number)
    parts.append(str(filled.date.year if filled.date else filled.campaign.year))
    return " ".join(p for p in parts if p) + ".docx"


def ascii_name(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9 ._-]+", "-", text.replace("/", "-")).strip()


def record_issued(session: Session, rendered: Rendered, path: str, actor: str = "") -> IssuedDocument | None:
    """Add the saved document to the register (numbered documents only)."""
    if not KINDS[rendered.kind].register:
        return None
    row = IssuedDocument(campaign_id=rendered.campaign_id, kind=rendered.kind, number=rendered.number.strip(),
                         dated=rendered.date, path=str(path), created_by=actor)
    session.add(row)
    return row


def issued(session: Session, campaign_id: int | None = None) -> list[IssuedDocument]:
    query = select(IssuedDocument).order_by(IssuedDocument.created_at.desc(), IssuedDocument.id.desc())
    if campaign_id is not None:
        query = query.where(IssuedDocument.campaign_id == campaign_id)
    return list(session.scalars(query))


def suggest_number(session: Session, key: str, year: int) -> str:
    """The next number after those in the register for this kind and year."""
    best = 0
    for row in session.scalars(select(IssuedDocument).where(IssuedDocument.kind == key)):
        if row.dated is not None and row.dated.year != year:
            continue
        head = row.number.split("/", 1)[0].strip()
        if head.isdigit():
            best = max(best, int(head))
    return str(best + 1) if best else ""


def suggest_date(session: Session, key: str, campaign: Campaign, today: dt.date | None = None) -> dt.date:
    """The date a document of this kind fits best in the year's record: the
    minutes carry the day of the council's last meeting; a tờ trình or a
    decision comes after that meeting; the year-end report, which tells the
    year's awards, after the last decision or tờ trình; none before today."""
    today = today or dt.date.today()
    last_meeting = max((m.day for m in records.meetings(session, campaign) if m.day), default=None)
    if key == "minutes":
        return last_meeting or today
    if key in ("proposal", "decision"):
        return max(today, last_meeting or today)
    if key == "year-end":
        return max([today, *(d.signed_on for d in records.decisions(session, campaign))])
    return today


__all__ = ["KINDS", "Kind", "Options", "Rendered", "TemplateError", "generate", "default_template",
           "check_template", "use_template", "drop_template", "record_issued", "issued", "suggest_number",
           "suggest_date", "stored_template"]
