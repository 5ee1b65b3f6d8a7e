"""The award catalogue (danh mục danh hiệu, hình thức khen thưởng) and prize money.

The catalogue ships as ``resources/awards.toml`` and is installed into an empty
database at first start (:func:`ensure_catalogue`, called from
``services.app``); from then on the clerk edits it. Prize money reads the
title's multiple for the nominee's subject, the base salary in force on the
decision date and the rounding, all settings.
"""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import eligibility as el
from ...domain import money
from ...domain.awards import LEVELS, SUBJECTS, TITLE_KINDS as KINDS, TITLE_SUBJECTS
from ...domain.council import Threshold
from ...domain.roles import Action
from ...domain.text import TextError, clean, clean_multiline, fold, format_date, format_number, format_percent, \
    parse_number
from ...errors import UserError
from ...paths import resource
from ...storage.models import AwardTitle, Decision, Nomination
from .. import plan, settings
from ..safety import accounts

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CATALOGUE = "awards.toml"
_FIELDS = ("code", "name", "kind", "subject", "level", "multiples", "needs_ballot", "pass_threshold",
           "threshold_base", "threshold_op", "quota", "note")


def catalogue_path() -> Path:
    return resource(CATALOGUE)


def load_catalogue(path: Path | None = None) -> list[dict[str, Any]]:
    """The titles of a catalogue file, checked; every problem names the file."""
    path = path or catalogue_path()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy danh mục khen thưởng “{path}”.") from None
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Danh mục khen thưởng “{path.name}” không đọc được: {exc}") from None
    titles = data.get("title")
    if not isinstance(titles, list) or not titles:
        raise UserError(f"Danh mục khen thưởng “{path.name}” không có danh hiệu nào.")
    out, seen = [], set()
    for i, raw in enumerate(titles, start=1):
        values = {k: raw.get(k) for k in _FIELDS}
        values["multiples"] = dict(raw.get("multiples") or {})
        values["needs_ballot"] = bool(raw.get("needs_ballot", False))
        values.setdefault("threshold_base", "total")
        values["threshold_base"] = values["threshold_base"] or "total"
        values["threshold_op"] = values["threshold_op"] or "ge"
        values["note"] = values["note"] or ""
        problems = title_problems(values)
        if problems:
            raise UserError(f"{path.name}, danh hiệu thứ {i}: " + "; ".join(problems))
        if values["code"] in seen:
            raise UserError(f"{path.name}: mã “{values['code']}” có hai lần.")
        seen.add(values["code"])
        out.append(values)
    return out


def title_problems(values: dict[str, Any]) -> list[str]:
    """What is wrong with a title's values (empty when it can be saved)."""
    out = []
    code = clean(values.get("code"))
    if not code or not code.replace("_", "").replace("-", "").isalnum() or code.upper() != code:
        out.append("mã phải viết hoa, không dấu cách (ví dụ GK, LDTT)")
    if not clean(values.get("name")):
        out.append("chưa có tên")
    if values.get("kind") not in KINDS:
        out.append(f"loại “{values.get('kind')}” không hợp lệ")
    if values.get("subject") not in TITLE_SUBJECTS:
        out.append(f"đối tượng “{values.get('subject')}” không hợp lệ")
    if values.get("level") not in LEVELS:
        out.append(f"cấp “{values.get('level')}” không hợp lệ")
    for subject, multiple in (values.get("multiples") or {}).items():
        if subject not in ("unit", "person"):
            out.append(f"hệ số tiền thưởng cho “{subject}”: chỉ ghi cho tập thể (unit) và cá nhân (person)")
        elif isinstance(multiple, bool) or not isinstance(multiple, (int, float)) or multiple < 0:
            out.append(f"hệ số tiền thưởng “{multiple}” không hợp lệ")
    threshold = values.get("pass_threshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                                  or not 0 < threshold <= 100):
        out.append("ngưỡng biểu quyết phải từ trên 0 đến 100%")
    if values.get("threshold_base") not in ("total", "present"):
        out.append("cách tính ngưỡng phải là trên tổng số thành viên hoặc trên số biểu quyết")
    if values.get("threshold_op") not in ("ge", "gt"):
        out.append("so sánh ngưỡng phải là “từ” hoặc “trên”")
    quota = values.get("quota")
    if quota is not None and (isinstance(quota, bool) or not isinstance(quota, int) or quota < 0):
        out.append("số lượng tối đa phải là số nguyên không âm")
    return out


def ensure_catalogue(session: Session) -> int:
    """Install the shipped catalogue into a database that has no titles yet."""
    if session.scalar(select(func.count(AwardTitle.id))):
        return 0
    titles = load_catalogue()
    for position, values in enumerate(titles):
        session.add(AwardTitle(position=position, **_columns(values)))
    session.flush()
    return len(titles)


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    multiples = {k: float(v) for k, v in (values.get("multiples") or {}).items()}
    single = multiples.get(values["subject"]) if values["subject"] != "any" else None
    return {
        "code": clean(values["code"]), "name": clean(values["name"]), "kind": values["kind"],
        "subject": values["subject"], "level": values["level"], "multiples": multiples,
        "salary_multiple": single, "needs_ballot": bool(values["needs_ballot"]),
        "pass_threshold": values.get("pass_threshold"), "threshold_base": values["threshold_base"],
        "threshold_op": values["threshold_op"], "quota": values.get("quota"),
        "note": clean(values.get("note", "")),
    }


def titles(session: Session, active_only: bool = False) -> list[AwardTitle]:
    query = select(AwardTitle).order_by(AwardTitle.position, AwardTitle.id)
    if active_only:
        query = query.where(AwardTitle.active.is_(True))
    return list(session.scalars(query))


def title_by_code(session: Session, code: str) -> AwardTitle:
    found = find_title(session, code)
    if found is None:
        known = ", ".join(f"{t.code} ({t.name})" for t in titles(session))
        raise UserError(f"Không có danh hiệu, hình thức “{code}”. Có: {known}.")
    return found


def find_title(session: Session, text: str) -> AwardTitle | None:
    """A title by its code or name, ignoring case and accents."""
    key = fold(text)
    if not key:
        return None
    for t in titles(session):
        if key in (fold(t.code), fold(t.name)):
            return t
    return None


def frozen_decision_for_title(session: Session, title_id: int) -> Decision | None:
    return session.scalar(
        select(Decision).join(Nomination, Nomination.decision_id == Decision.id)
        .where(Nomination.title_id == title_id, Decision.frozen.is_(True)).limit(1))


def save_title(session: Session, values: dict[str, Any], title_id: int | None = None) -> AwardTitle:
    """Add or change a title of the catalogue."""
    accounts.require(session, Action.SETTINGS)
    problems = title_problems(values)
    if problems:
        raise UserError("Không lưu được danh hiệu: " + "; ".join(problems) + ".")
    columns = _columns(values)
    other = session.scalar(select(AwardTitle).where(AwardTitle.code == columns["code"]))
    if other is not None and other.id != title_id:
        raise UserError(f"Đã có danh hiệu mã “{columns['code']}” ({other.name}).")
    if title_id is None:
        position = (session.scalar(select(func.max(AwardTitle.position))) or 0) + 1
        title = AwardTitle(position=position, **columns)
        session.add(title)
    else:
        title = session.get(AwardTitle, title_id)
        if title is None:
            raise UserError("Danh hiệu không còn trong danh mục.")
        decision = frozen_decision_for_title(session, title.id)
        rules_changed = any(getattr(title, k) != v for k, v in columns.items()
                            if k in ("multiples", "salary_multiple", "pass_threshold", "threshold_base",
                                     "threshold_op", "quota", "subject", "code"))
        if decision is not None and rules_changed:
            raise UserError(f"“{title.name}” đã dùng trong Quyết định số {decision.number} (đã khóa); "
                            "muốn đổi quy tắc, hãy mở khóa quyết định đó (ghi lý do) trước.")
        for key, value in columns.items():
            setattr(title, key, value)
    session.flush()
    return title


def delete_title(session: Session, title_id: int) -> None:
    title = session.get(AwardTitle, title_id)
    if title is None:
        return
    used = session.scalar(select(func.count(Nomination.id)).where(Nomination.title_id == title_id))
    if used:
        raise UserError(f"Không xóa được “{title.name}”: đã có {used} đề nghị khen thưởng dùng danh hiệu này. "
                        "Có thể bỏ chọn “Đang dùng” để ẩn nó.")
    session.delete(title)


# --- thresholds and money ------------------------------------------------------


def threshold(title: AwardTitle) -> Threshold:
    return Threshold(title.pass_threshold, title.threshold_base or "total", title.threshold_op or "ge")


def multiple_for(title: AwardTitle, subject: str) -> float | None:
    """The title's multiple of the base salary for a subject (households use the
    individual's multiple, then the household factor applies)."""
    multiples = title.multiples or {}
    key = "person" if subject == "household" else subject
    if key in multiples:
        return multiples[key]
    if title.subject == subject or (title.subject == "household" and subject == "household"):
        return title.salary_multiple
    return None


def multiples_text(title: AwardTitle) -> str:
    multiples = title.multiples or {}
    parts = []
    if "unit" in multiples:
        parts.append(f"tập thể {format_number(multiples['unit'])}")
    if "person" in multiples:
        parts.append(f"cá nhân {format_number(multiples['person'])}")
        if title.subject in ("any", "household"):
            parts.append("hộ gia đình ×1,5 mức cá nhân")
    if not parts and title.salary_multiple:
        parts.append(format_number(title.salary_multiple))
    return "; ".join(parts) or "không kèm tiền"


def threshold_text(title: AwardTitle) -> str:
    if title.pass_threshold is None:
        return "Không cần biểu quyết"
    op = "trên" if title.threshold_op == "gt" else "từ"
    base = "tổng số thành viên" if title.threshold_base == "total" else "số thành viên biểu quyết"
    return f"{op} {format_percent(title.pass_threshold)} {base}" + (" (bỏ phiếu kín)" if title.needs_ballot else "")


@dataclass(frozen=True)
class MoneyRules:
    history: tuple[money.BaseSalaryStep, ...]
    round_to: int
    household_factor: float
    highest_title_only: bool

    def base_on(self, day: dt.date) -> money.BaseSalaryStep:
        return money.base_salary_on(self.history, day)


def money_rules(session: Session) -> MoneyRules:
    return MoneyRules(tuple(money.parse_history(settings.get(session, "money.base_salary_history"))),
                      int(settings.get(session, "money.round_to")),
                      float(settings.get(session, "money.household_factor")),
                      bool(settings.get(session, "money.highest_title_only")))


def prize_for(title: AwardTitle, subject: str, base_salary: int, rules: MoneyRules) -> money.Prize:
    """The prize for one awardee of ``title`` (a ward-level title; the city pays its own)."""
    if title.level != "ward":
        return money.Prize(0, ("Thành phố quyết định và chi tiền thưởng",))
    multiple = multiple_for(title, subject)
    if subject == "household":
        return money.household_prize(multiple, rules.household_factor, base_salary, rules.round_to)
    return money.prize(multiple, base_salary, rules.round_to)


# --- the catalogue tab and ``thidua awards``: plain rows, one function per action -------------

MONEY_KEYS = ("money.base_salary_history", "money.round_to", "money.household_factor", "money.highest_title_only",
              "council.female_share", "council.min_participation")


@dataclass(frozen=True)
class TitleRow:
    """A title of the catalogue as the tab shows it and ``thidua awards titles list`` prints it."""

    id: int
    code: str
    name: str
    kind: str
    subject: str
    level: str
    multiples: dict[str, float]
    salary_multiple: float | None
    needs_ballot: bool
    pass_threshold: float | None
    threshold_base: str
    threshold_op: str
    quota: int | None
    active: bool
    note: str

    @classmethod
    def of(cls, title: AwardTitle) -> "TitleRow":
        return cls(title.id, title.code, title.name, title.kind, title.subject, title.level,
                   dict(title.multiples or {}), title.salary_multiple, bool(title.needs_ballot),
                   title.pass_threshold, title.threshold_base or "total", title.threshold_op or "ge",
                   title.quota, bool(title.active), title.note or "")

    def values(self) -> dict[str, Any]:
        """The editable fields, as :func:`save_title` takes them."""
        return {k: getattr(self, k) for k in _FIELDS}

    def as_json(self) -> dict[str, Any]:
        return {**self.values(), "id": self.id, "active": self.active,
                "money": multiples_text(self), "vote": threshold_text(self)}


@dataclass(frozen=True)
class CatalogueView:
    titles: list[TitleRow]
    rules: list[el.RuleConfig]
    money: dict[str, Any]  # the values of MONEY_KEYS
    salary: list[money.BaseSalaryStep]


def current_year(session: Session) -> int:
    return plan.current_campaign(session).year


def catalogue_view(session: Session) -> CatalogueView:
    values = settings.get_all(session)
    return CatalogueView([TitleRow.of(t) for t in titles(session)], list(el.configs(values).values()),
                         {k: values[k] for k in MONEY_KEYS}, money.parse_history(values["money.base_salary_history"]))


def title_rows(session: Session, active_only: bool = False) -> list[TitleRow]:
    return [TitleRow.of(t) for t in titles(session, active_only)]


def edit_title(session: Session, values: dict[str, Any], title_id: int | None = None,
               active: bool = True) -> TitleRow:
    """Add a title (``title_id`` None) or change one, with whether it is in use."""
    title = save_title(session, values, title_id)
    title.active = active
    session.flush()
    return TitleRow.of(title)


def set_quota(session: Session, code: str, quota: int | None) -> TitleRow:
    """The most a title may be given in a year (None: no limit)."""
    current = TitleRow.of(title_by_code(session, code))
    return edit_title(session, {**current.values(), "quota": quota}, current.id, current.active)


def find_rule(key: str) -> el.RuleDef:
    rule = el.RULES_BY_KEY.get(clean(key).lower())
    if rule is None:
        raise UserError(f"Không có quy định “{key}”. Có: {', '.join(el.RULES_BY_KEY)}.")
    return rule


def rule_configs(session: Session) -> list[el.RuleConfig]:
    return list(el.configs(settings.get_all(session)).values())


def set_rule(session: Session, key: str, value: dict[str, Any]) -> el.RuleConfig:
    """Store a rule's whole setting (mode, titles it applies to, wording, parameters)."""
    accounts.require(session, Action.SETTINGS)
    rule = find_rule(key)
    settings.set_value(session, rule.setting_key, value)
    return el.configs({rule.setting_key: settings.get(session, rule.setting_key)})[rule.key]


def change_rule(session: Session, key: str, mode: str | None = None, titles: list[str] | None = None,
                text: str | None = None, params: dict[str, str] | None = None,
                default: bool = False) -> el.RuleConfig:
    """Change some parts of a rule (``default``: start again from the shipped rule);
    parameters come as text and are read by their kind."""
    rule = find_rule(key)
    config = el.default_configs()[rule.key] if default else \
        el.configs({rule.setting_key: settings.get(session, rule.setting_key)})[rule.key]
    value = {"mode": config.mode.value, "titles": list(config.titles), "text": config.text,
             **{p.key: config.param(p.key) for p in rule.param_defs}}
    if mode is not None:
        if mode not in {m.value for m in el.Mode}:
            raise UserError(f"Chế độ “{mode}” không có. Có: {', '.join(m.value for m in el.Mode)}.")
        value["mode"] = mode
    if titles is not None:
        value["titles"] = [clean(t).upper() for t in titles if clean(t)]
    if text is not None:
        value["text"] = clean_multiline(text)
    for name, raw in (params or {}).items():
        value[name] = _rule_param(rule, name, raw)
    return set_rule(session, rule.key, value)


def _rule_param(rule: el.RuleDef, name: str, raw: str) -> Any:
    spec = next((p for p in rule.param_defs if p.key == name), None)
    if spec is None:
        known = ", ".join(f"{p.key} ({p.label})" for p in rule.param_defs) or "không có tham số nào"
        raise UserError(f"Quy định “{rule.key}” không có tham số “{name}”. Có: {known}.")
    if spec.kind in ("percent", "number"):
        try:
            return parse_number(raw)
        except TextError:
            raise UserError(f"Tham số “{name}” ({spec.label}) phải là số, đã ghi “{raw}”.") from None
    if spec.kind == "kinds":  # "TDPVH: to_dan_pho; X: a, b", as the rule dialog shows it
        kinds = {}
        for part in raw.split(";"):
            code, _, rest = part.partition(":")
            if clean(code):
                kinds[clean(code).upper()] = [clean(x) for x in rest.split(",") if clean(x)]
        return kinds
    return clean(raw)


def set_money_settings(session: Session, values: dict[str, Any]) -> None:
    """The prize-money and council settings of the catalogue tab (keys of MONEY_KEYS)."""
    accounts.require(session, Action.SETTINGS)
    for key, value in values.items():
        if key not in MONEY_KEYS:
            raise UserError(f"“{key}” không phải quy tắc tiền thưởng, Hội đồng.")
        settings.set_value(session, key, value)


def salary_history(session: Session) -> list[money.BaseSalaryStep]:
    return money.parse_history(settings.get(session, "money.base_salary_history"))


def _store_history(session: Session, steps: list[money.BaseSalaryStep]) -> list[money.BaseSalaryStep]:
    accounts.require(session, Action.SETTINGS)
    settings.set_value(session, "money.base_salary_history",
                       [{"from": s.start.isoformat(), "amount": s.amount, "basis": s.basis} for s in steps])
    return salary_history(session)


def add_salary_step(session: Session, start: dt.date, amount: int, basis: str = "") -> list[money.BaseSalaryStep]:
    """Lương cơ sở ``amount`` from ``start`` on, with the text that set it."""
    steps = salary_history(session)
    if any(s.start == start for s in steps):
        raise UserError(f"Đã có mức lương cơ sở áp dụng từ ngày {format_date(start)}; "
                        "bỏ mức đó trước nếu muốn ghi lại.")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise UserError(f"Lương cơ sở “{amount}” phải là số đồng nguyên dương.")
    return _store_history(session, steps + [money.BaseSalaryStep(start, amount, clean(basis))])


def remove_salary_step(session: Session, start: dt.date) -> list[money.BaseSalaryStep]:
    steps = salary_history(session)
    kept = [s for s in steps if s.start != start]
    if len(kept) == len(steps):
        have = ", ".join(format_date(s.start) for s in steps)
        raise UserError(f"Không có mức lương cơ sở áp dụng từ ngày {format_date(start)}. Có: {have}.")
    if not kept:
        raise UserError("Không bỏ được mức lương cơ sở duy nhất: cần ít nhất một mức để tính tiền thưởng.")
    return _store_history(session, kept)


def change_title(session: Session, code: str, changes: dict[str, Any], active: bool | None = None) -> TitleRow:
    """Change some fields of a title (the keys of ``changes``), and whether it is in use."""
    current = TitleRow.of(title_by_code(session, code))
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise UserError(f"Danh hiệu không có trường {', '.join(sorted(unknown))}.")
    return edit_title(session, {**current.values(), **changes}, current.id,
                      current.active if active is None else active)
