"""Changing the ward's details and the plan's header (the settings page)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ..domain import settings as declared
from ..domain import ward as rules
from ..domain.roles import Action
from ..domain.docformat import document_number
from ..domain.text import clean
from ..errors import UserError
from ..storage.models import Campaign
from . import settings as settings_service
from .plan import current_campaign
from .plan import ward as get_ward
from .safety import accounts


def update_ward(session: Session, values: dict[str, Any]) -> None:
    """Validate every field first; write only if all are right."""
    problems = []
    cleaned: dict[str, Any] = {}
    for field, value in values.items():
        if field == "doc_symbols":
            symbols = {k: clean(v) for k, v in dict(value).items()}
            for key, symbol in symbols.items():
                problem = rules.check_doc_symbol(symbol)
                if problem:
                    problems.append(f"{rules.DOC_SYMBOLS.get(key, key)}: {problem}")
            cleaned[field] = symbols
            continue
        if field not in rules.WARD_FIELDS:
            raise UserError(f"Không có trường “{field}”.")
        problem = rules.check_ward_field(field, value)
        if problem:
            problems.append(problem)
        cleaned[field] = clean(value)
    if problems:
        raise UserError("\n".join(problems))
    ward = get_ward(session)
    for field, value in cleaned.items():
        if getattr(ward, field) != value:
            setattr(ward, field, value)


PLAN_FIELDS = {
    "number": "Số kế hoạch của phường",
    "issued_on": "Ngày ban hành kế hoạch",
    "units_deadline": "Hạn các đơn vị báo cáo",
    "ward_deadline": "Hạn phường báo cáo thành phố",
}


def update_plan_header(session: Session, campaign_id: int, values: dict[str, Any]) -> None:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise UserError("Không tìm thấy kế hoạch.")
    problems = []
    number = clean(values.get("number", campaign.number))
    if number.isdigit():  # the number alone: the plan's symbol from the Settings (12 → 12/KH-UBND)
        number = document_number(number, clean((get_ward(session).doc_symbols or {}).get("KH")) or "KH-UBND")
    problem = rules.check_document_number(number)
    if problem:
        problems.append(problem)
    dates = {}
    for field in ("issued_on", "units_deadline", "ward_deadline"):
        value = values.get(field, getattr(campaign, field))
        if value is not None and not isinstance(value, dt.date):
            problems.append(f"“{PLAN_FIELDS[field]}” không phải là ngày.")
        dates[field] = value
    if dates["units_deadline"] and dates["ward_deadline"] and dates["units_deadline"] > dates["ward_deadline"]:
        problems.append("Hạn các đơn vị báo cáo phải trước hạn phường báo cáo thành phố.")
    if problems:
        raise UserError("\n".join(problems))
    if campaign.number != number:
        campaign.number = number
    for field, value in dates.items():
        if getattr(campaign, field) != value:
            setattr(campaign, field, value)
    main_period = next((p for p in campaign.periods if p.is_main), None)
    if main_period is not None and main_period.deadline != dates["units_deadline"]:
        main_period.deadline = dates["units_deadline"]
    deadline = dates["units_deadline"]
    if deadline is not None:
        campaign.units_deadline_text = f"trước ngày {deadline:%d/%m/%Y}"
    if dates["ward_deadline"] is not None:
        campaign.ward_deadline_text = f"trước ngày {dates['ward_deadline']:%d/%m/%Y}"


@dataclass(frozen=True)
class SettingsForm:
    """What the settings page shows: the ward's details, its document symbols, the plan's header."""

    ward: dict[str, str]
    doc_symbols: dict[str, str]
    campaign_id: int
    year: int
    number: str
    dates: dict[str, dt.date | None]  # issued_on, units_deadline, ward_deadline


def settings_form(session: Session) -> SettingsForm:
    ward = get_ward(session)
    campaign = current_campaign(session)
    return SettingsForm({f: getattr(ward, f) or "" for f in rules.WARD_FIELDS}, dict(ward.doc_symbols or {}),
                        campaign.id, campaign.year, campaign.number or "",
                        {f: getattr(campaign, f) for f in ("issued_on", "units_deadline", "ward_deadline")})


def save_settings(session: Session, campaign_id: int, ward_values: dict[str, Any], plan_values: dict[str, Any]) -> None:
    """The settings page's save: the ward's details and the plan's header, all checked first."""
    update_ward(session, ward_values)
    update_plan_header(session, campaign_id, plan_values)


@dataclass(frozen=True)
class PlanHeading:
    """The ward's name and the current plan, for a window's first words."""

    ward_name: str
    campaign_id: int
    year: int


def plan_heading(session: Session) -> PlanHeading:
    campaign = current_campaign(session)
    return PlanHeading(get_ward(session).full_name, campaign.id, campaign.year)


def ward_name(db) -> str:
    """The ward's full name for the sign-in window ("" while no ward is seeded yet)."""
    try:
        with db.read() as session:
            return get_ward(session).full_name
    except Exception:  # a ward not seeded yet still lets the clerk in
        return ""


def change_ward(session: Session, values: dict[str, Any], symbols: dict[str, str] | None = None) -> None:
    """Change some of the ward's details and document symbols (the others stay), all checked first."""
    unknown = [f for f in values if f not in rules.WARD_FIELDS]
    unknown += [k for k in symbols or {} if k not in rules.DOC_SYMBOLS]
    if unknown:
        raise UserError("Không có trường " + ", ".join(f"“{f}”" for f in unknown) + ". Các trường: "
                        + ", ".join(rules.WARD_FIELDS) + "; ký hiệu văn bản: "
                        + ", ".join(rules.DOC_SYMBOLS) + ".")
    changed = dict(values)
    if symbols:
        changed["doc_symbols"] = {**(get_ward(session).doc_symbols or {}), **symbols}
    update_ward(session, changed)


# The documents' wording kept as settings (domain/settings.py, group "Văn bản"), edited on the
# settings page beside the ward's details. The certificate's positions have their own editor on
# the documents page; the recipients, by kind of document, are not lines of one text.
DOCUMENT_GROUP = "Văn bản"
_OWN_EDITORS = ("documents.certificate_layout", "documents.recipients")


@dataclass(frozen=True)
class DocumentSetting:
    """One wording setting as the page edits it."""

    key: str
    label: str
    help: str
    lines: bool  # a list of lines (one per line of the editor) rather than one text
    value: str  # lines joined by newlines
    default: str


def _as_text(value: Any) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value or "")


def document_settings(session: Session) -> list[DocumentSetting]:
    """The documents' wording settings, in their declared order."""
    return [DocumentSetting(s.key, s.label, s.help, s.kind == "json", _as_text(settings_service.get(session, s.key)),
                            _as_text(s.default))
            for s in declared.REGISTRY.values() if s.group == DOCUMENT_GROUP and s.key not in _OWN_EDITORS]


def save_document_settings(session: Session, texts: dict[str, str]) -> list[DocumentSetting]:
    """Store the edited wording (a list setting: one item per non-empty line; left
    empty: the default wording); all checked first."""
    accounts.require(session, Action.SETTINGS)
    editable = {s.key: s for s in document_settings(session)}
    values = {}
    for key, text in texts.items():
        if key not in editable:
            raise UserError(f"“{key}” không phải thiết lập nội dung văn bản.")
        value = [clean(line) for line in text.splitlines() if clean(line)] if editable[key].lines else clean(text)
        values[key] = value or declared.spec(key).default
    for key, value in values.items():
        declared.validate(key, value)  # every value checked before any is written
    for key, value in values.items():
        settings_service.set_value(session, key, value)
    return document_settings(session)
