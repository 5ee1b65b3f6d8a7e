"""Điều kiện khen thưởng: each rule a setting, quoted when it fails.

A rule has a mode — ``block`` (hard: the nomination cannot go to the council),
``warn`` (the clerk may accept it with a written reason), ``info`` (shown, needs
nothing) or ``off`` — the title codes it applies to, its wording (the text the
ward follows, editable so the city's own regulation can be pasted in) and its
parameters. Defaults follow ``shared/reference/domain.md`` §1.3 and §1.5:

- "Lao động tiên tiến" needs "hoàn thành tốt nhiệm vụ" or better (Luật 2022 Đ24);
- "Chiến sĩ thi đua cơ sở" needs "Lao động tiên tiến" plus "hoàn thành xuất sắc
  nhiệm vụ" or a recognised initiative (Luật 2022 Đ23);
- "Tập thể lao động tiên tiến" needs ≥ 70% of members "Lao động tiên tiến" and
  nobody disciplined from "cảnh cáo" up;
- anyone under disciplinary review or investigation, or disciplined, is blocked
  (NĐ 152/2025 Đ4);
- one achievement is not rewarded twice (Luật 2022 Đ5 k2c);
- optional quotas.

Pure code: the facts come in as dataclasses built by ``services.awards.nominations``.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from .text import fold, format_number, format_percent
from .units import DISCIPLINES, RATINGS


class Mode(str, enum.Enum):
    BLOCK = "block"
    WARN = "warn"
    INFO = "info"
    OFF = "off"

    @property
    def label(self) -> str:
        return MODE_LABELS[self]


MODE_LABELS = {
    Mode.BLOCK: "Chặn (không đủ điều kiện)",
    Mode.WARN: "Cảnh báo (được chấp nhận nếu ghi lý do)",
    Mode.INFO: "Chỉ thông tin",
    Mode.OFF: "Không áp dụng",
}

ALL_TITLES = "*"
SUBJECT_LABELS = {"unit": "tập thể", "person": "cá nhân", "household": "hộ gia đình", "any": "mọi đối tượng"}

# Best first.
RATING_ORDER = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
DISCIPLINE_ORDER = tuple(DISCIPLINES)  # mildest first


def rating_at_least(rating: str, minimum: str) -> bool:
    if rating not in RATING_ORDER or minimum not in RATING_ORDER:
        return False
    return RATING_ORDER.index(rating) <= RATING_ORDER.index(minimum)


def discipline_at_least(code: str, minimum: str) -> bool:
    if not code or code not in DISCIPLINE_ORDER or minimum not in DISCIPLINE_ORDER:
        return False
    return DISCIPLINE_ORDER.index(code) >= DISCIPLINE_ORDER.index(minimum)


@dataclass(frozen=True)
class ParamDef:
    key: str
    label: str
    kind: str  # "percent", "rating", "discipline", "codes", "number", "kinds"


@dataclass(frozen=True)
class RuleDef:
    key: str
    label: str
    text: str
    source: str
    mode: Mode
    titles: tuple[str, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    param_defs: tuple[ParamDef, ...] = ()

    @property
    def setting_key(self) -> str:
        return f"eligibility.{self.key}"

    def default_value(self) -> dict[str, Any]:
        return {"mode": self.mode.value, "titles": list(self.titles), "text": self.text, **dict(self.params)}


RULES: tuple[RuleDef, ...] = (
    RuleDef(
        "subject", "Đúng đối tượng của danh hiệu, hình thức",
        "Danh hiệu, hình thức khen thưởng được xét tặng đúng đối tượng: tập thể, cá nhân hoặc hộ gia đình; "
        "danh hiệu “Tổ dân phố văn hóa” chỉ xét cho tổ dân phố.",
        "Luật Thi đua, khen thưởng 2022, Điều 20, 23, 24", Mode.BLOCK, (ALL_TITLES,),
        {"unit_kinds": {"TDPVH": ["to_dan_pho"]}},
        (ParamDef("unit_kinds", "Loại đơn vị được xét, theo mã danh hiệu", "kinds"),)),
    RuleDef(
        "under_review", "Đang bị xem xét kỷ luật, điều tra, thanh tra",
        "Chưa xét khen thưởng đối với cá nhân, tập thể đang bị xem xét thi hành kỷ luật, đang bị điều tra, "
        "thanh tra, kiểm tra khi có dấu hiệu vi phạm hoặc có đơn thư khiếu nại, tố cáo đang được xác minh làm rõ.",
        "Nghị định 152/2025/NĐ-CP, Điều 4 (nguyên tắc khen thưởng)", Mode.BLOCK, (ALL_TITLES,)),
    RuleDef(
        "discipline", "Đang chịu kỷ luật",
        "Cá nhân bị kỷ luật trong năm xét thì chưa được xét khen thưởng; sau khi chấp hành xong kỷ luật, "
        "thành tích chỉ được tính từ ngày chấm dứt kỷ luật.",
        "Nghị định 152/2025/NĐ-CP, Điều 4 (nguyên tắc khen thưởng)", Mode.BLOCK, (ALL_TITLES,),
        {"from": "khien_trach"},
        (ParamDef("from", "Chặn từ hình thức kỷ luật", "discipline"),)),
    RuleDef(
        "min_rating", "Mức hoàn thành nhiệm vụ tối thiểu",
        "Danh hiệu “Lao động tiên tiến” xét tặng cho cá nhân hoàn thành tốt nhiệm vụ trở lên; có tinh thần tự lực, "
        "tự cường, đoàn kết, tương trợ, tích cực tham gia phong trào thi đua.",
        "Luật Thi đua, khen thưởng 2022, Điều 24 khoản 1", Mode.BLOCK, ("LDTT", "CSTDCS"),
        {"min": "HTTNV"},
        (ParamDef("min", "Mức tối thiểu", "rating"),)),
    RuleDef(
        "gk_rating", "Giấy khen cá nhân: hoàn thành tốt nhiệm vụ",
        "Giấy khen tặng cá nhân gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước, "
        "hoàn thành tốt nhiệm vụ, nghĩa vụ công dân và có thành tích được bình xét trong phong trào thi đua.",
        "Luật Thi đua, khen thưởng 2022, Điều 75 (tiêu chuẩn cụ thể do thành phố quy định)", Mode.WARN, ("GK",),
        {"min": "HTTNV"},
        (ParamDef("min", "Mức tối thiểu", "rating"),)),
    RuleDef(
        "cstdcs_basis", "Chiến sĩ thi đua cơ sở: LĐTT và xuất sắc hoặc sáng kiến",
        "Danh hiệu “Chiến sĩ thi đua cơ sở” xét tặng cho cá nhân đạt tiêu chuẩn “Lao động tiên tiến” và hoàn thành "
        "xuất sắc nhiệm vụ hoặc có sáng kiến được cơ sở công nhận hoặc có đề tài khoa học, đề án khoa học, công trình "
        "khoa học và công nghệ đã được nghiệm thu.",
        "Luật Thi đua, khen thưởng 2022, Điều 23", Mode.BLOCK, ("CSTDCS",),
        {"needs": "LDTT", "excellent": "HTXSNV"},
        (ParamDef("needs", "Mã danh hiệu phải đạt trước", "codes"),
         ParamDef("excellent", "Mức xếp loại thay cho sáng kiến", "rating"))),
    RuleDef(
        "collective_ldtt", "Tập thể lao động tiên tiến: tỷ lệ LĐTT, không có kỷ luật",
        "Có ít nhất 70% cá nhân trong tập thể đạt danh hiệu “Lao động tiên tiến” và không có cá nhân bị kỷ luật "
        "từ hình thức cảnh cáo trở lên.",
        "Luật Thi đua, khen thưởng 2022, Điều 28; quy định của tỉnh, thành phố (mẫu: QĐ 86/2025/QĐ-UBND Bắc Ninh)",
        Mode.BLOCK, ("TTLDTT",),
        {"min_share": 70, "discipline_from": "canh_cao"},
        (ParamDef("min_share", "Tỷ lệ cá nhân đạt LĐTT tối thiểu (%)", "percent"),
         ParamDef("discipline_from", "Không có ai bị kỷ luật từ", "discipline"))),
    RuleDef(
        "collective_excellent", "Tập thể lao động xuất sắc: 100% hoàn thành, LĐTT, có CSTĐCS",
        "100% cá nhân trong tập thể hoàn thành nhiệm vụ, trong đó có ít nhất 70% cá nhân đạt danh hiệu “Lao động "
        "tiên tiến”; có cá nhân đạt danh hiệu “Chiến sĩ thi đua cơ sở”; không có cá nhân bị kỷ luật từ hình thức "
        "cảnh cáo trở lên.",
        "Quy định của tỉnh, thành phố (mẫu: QĐ 86/2025/QĐ-UBND Bắc Ninh)", Mode.BLOCK, ("TTLDXS",),
        {"min_share": 70, "discipline_from": "canh_cao"},
        (ParamDef("min_share", "Tỷ lệ cá nhân đạt LĐTT tối thiểu (%)", "percent"),
         ParamDef("discipline_from", "Không có ai bị kỷ luật từ", "discipline"))),
    RuleDef(
        "collective_disqualified", "Tập thể vi phạm tiêu chí liệt",
        "Tập thể vi phạm tiêu chí liệt trong bảng chấm điểm thi đua của khối thì không xét khen thưởng trong năm.",
        "Bảng chấm điểm thi đua của phường", Mode.BLOCK, (ALL_TITLES,)),
    RuleDef(
        "collective_standing", "Giấy khen tập thể: đã báo cáo, xếp loại từ mức tối thiểu",
        "Giấy khen tặng tập thể gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước, "
        "nội bộ đoàn kết, hoàn thành tốt nhiệm vụ và có thành tích được bình xét trong phong trào thi đua.",
        "Luật Thi đua, khen thưởng 2022, Điều 75 (mẫu tiêu chuẩn: QĐ 86/2025/QĐ-UBND Bắc Ninh, Điều 4 khoản 3); "
        "“hoàn thành tốt nhiệm vụ” đọc theo kết quả báo cáo và xếp loại trong bảng chấm điểm của khối",
        Mode.WARN, ("GK",),
        {"min_band": "Tốt"},
        (ParamDef("min_band", "Xếp loại tối thiểu (tên mức trong bảng điểm của khối)", "codes"),)),
    RuleDef(
        "city_flag", "Cờ thi đua của thành phố: dẫn đầu cụm, khối thi đua do thành phố tổ chức",
        "Cờ thi đua của Ủy ban nhân dân thành phố được xét tặng hằng năm cho tập thể hoàn thành vượt các chỉ tiêu "
        "thi đua và nhiệm vụ được giao trong năm, là tập thể tiêu biểu xuất sắc, dẫn đầu phong trào thi đua của "
        "cụm, khối thi đua do thành phố tổ chức.",
        "Luật Thi đua, khen thưởng 2022, Điều 27; quy định của thành phố (dán nội dung quy định của thành phố "
        "vào đây khi có)",
        Mode.WARN, ("CTD",),
        {"city_leaders": ""},
        (ParamDef("city_leaders", "Đơn vị dẫn đầu cụm, khối do thành phố tổ chức (theo kết quả bình xét của "
                                  "thành phố; cách nhau bằng dấu ;)", "names"),)),
    RuleDef(
        "city_merit_years", "Bằng khen của thành phố: 02 năm liên tục hoàn thành xuất sắc nhiệm vụ",
        "Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh để tặng cho cá nhân, tập thể có thành tích xuất sắc được "
        "bình xét trong phong trào thi đua; hoặc lập được nhiều thành tích có phạm vi ảnh hưởng trong lĩnh vực; hoặc "
        "có 02 năm liên tục hoàn thành xuất sắc nhiệm vụ.",
        "Luật Thi đua, khen thưởng 2022, Điều 74 (các trường hợp khác: ghi lý do để chấp nhận); quy định của "
        "thành phố (dán nội dung vào đây khi có)",
        Mode.WARN, ("BK",),
        {"years": 2, "rating": "HTXSNV"},
        (ParamDef("years", "Số năm liên tục", "number"), ParamDef("rating", "Mức xếp loại mỗi năm", "rating"))),
    RuleDef(
        "city_fighter_years", "Chiến sĩ thi đua thành phố: 03 lần liên tục Chiến sĩ thi đua cơ sở",
        "Danh hiệu “Chiến sĩ thi đua cấp tỉnh” được xét tặng cho cá nhân có thành tích tiêu biểu xuất sắc được "
        "lựa chọn trong số những cá nhân có ba lần liên tục đạt danh hiệu “Chiến sĩ thi đua cơ sở” và có sáng "
        "kiến, đề tài, đề án khoa học có phạm vi ảnh hưởng trong tỉnh, thành phố.",
        "Luật Thi đua, khen thưởng 2022, Điều 22", Mode.BLOCK, ("CSTDTP",),
        {"years": 3, "needs": "CSTDCS"},
        (ParamDef("years", "Số lần liên tục", "number"), ParamDef("needs", "Mã danh hiệu phải đạt", "codes"))),
    RuleDef(
        "collective_score", "Tập thể: điểm thi đua tối thiểu",
        "Tập thể được đề nghị phải đạt số điểm chấm thi đua tối thiểu theo hướng dẫn chấm điểm của phường "
        "(tính theo tỷ lệ so với thang điểm của khối).",
        "Hướng dẫn chấm điểm thi đua của phường", Mode.OFF, ("TTLDTT", "TTLDXS", "CTD"),
        {"min_percent": 70},
        (ParamDef("min_percent", "Điểm tối thiểu (% thang điểm)", "percent"),)),
    RuleDef(
        "one_achievement", "Một thành tích không khen hai lần",
        "Không khen thưởng nhiều lần, nhiều hình thức cho một thành tích.",
        "Luật Thi đua, khen thưởng 2022, Điều 5 khoản 2 điểm c", Mode.BLOCK, (ALL_TITLES,)),
    RuleDef(
        "quota", "Số lượng tối đa của danh hiệu, hình thức",
        "Số lượng được khen thưởng không vượt số lượng tối đa đã định cho danh hiệu, hình thức; danh sách cuối "
        "lấy theo thứ tự của Hội đồng.",
        "Cài đặt của phường", Mode.INFO, (ALL_TITLES,)),
    RuleDef(
        "cstdcs_cap", "Tỷ lệ Chiến sĩ thi đua cơ sở so với LĐTT",
        "Số cá nhân được công nhận “Chiến sĩ thi đua cơ sở” không quá 15% tổng số cá nhân đạt danh hiệu "
        "“Lao động tiên tiến”.",
        "Không còn trong quy định quốc gia từ 01/01/2024 (trước đây NĐ 91/2017); chỉ bật khi thành phố quy định. "
        "Khi bật: danh sách cuối lấy theo thứ tự của Hội đồng, tính trên số “Lao động tiên tiến” được Hội đồng "
        "thông qua (như số lượng tối đa), không loại mọi người được đề nghị",
        Mode.OFF, ("CSTDCS",),
        {"percent": 15},
        (ParamDef("percent", "Tối đa (% số LĐTT)", "percent"),)),
    RuleDef(
        "summary", "Có tóm tắt thành tích",
        "Hồ sơ đề nghị khen thưởng phải có báo cáo (tóm tắt) thành tích.",
        "Luật Thi đua, khen thưởng 2022, Điều 84", Mode.WARN, (ALL_TITLES,)),
)

RULES_BY_KEY = {r.key: r for r in RULES}


def setting_problem(rule: RuleDef):
    """A checker for the rule's setting value (used by ``domain.settings``)."""

    def check(value: Any) -> str | None:
        if not isinstance(value, dict):
            return "phải là một bộ giá trị (chế độ, danh hiệu áp dụng, nội dung…)."
        mode = value.get("mode")
        if mode not in {m.value for m in Mode}:
            return f"chế độ “{mode}” không hợp lệ."
        titles = value.get("titles")
        if not isinstance(titles, list) or not all(isinstance(t, str) and t.strip() for t in titles):
            return "danh sách danh hiệu áp dụng không hợp lệ."
        if not str(value.get("text", "")).strip():
            return "cần ghi nội dung quy định."
        for p in rule.param_defs:
            v = value.get(p.key, rule.params.get(p.key))
            if p.kind == "percent" and (isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 100):
                return f"“{p.label}” phải là số từ 0 đến 100."
            if p.kind == "rating" and v not in RATINGS:
                return f"“{p.label}”: mức xếp loại “{v}” không có."
            if p.kind == "discipline" and v not in DISCIPLINES:
                return f"“{p.label}”: hình thức kỷ luật “{v}” không có."
            if p.kind == "codes" and not (isinstance(v, str) and v.strip()):
                return f"“{p.label}” không được để trống."
            if p.kind == "names" and not isinstance(v, str):
                return f"“{p.label}” phải là các tên cách nhau bằng dấu ;."
            if p.kind == "kinds" and not (isinstance(v, dict) and all(isinstance(x, list) for x in v.values())):
                return f"“{p.label}” không hợp lệ."
        return None

    return check


@dataclass(frozen=True)
class RuleConfig:
    rule: RuleDef
    mode: Mode
    titles: tuple[str, ...]
    text: str
    params: Mapping[str, Any]

    def applies(self, title_code: str) -> bool:
        return self.mode is not Mode.OFF and (ALL_TITLES in self.titles or title_code in self.titles)

    def param(self, key: str) -> Any:
        return self.params.get(key, self.rule.params.get(key))


def configs(values: Mapping[str, Any]) -> dict[str, RuleConfig]:
    """Rule configurations from setting values (keyed ``eligibility.<rule>``)."""
    out = {}
    for rule in RULES:
        value = values.get(rule.setting_key) or rule.default_value()
        params = {k: v for k, v in value.items() if k not in ("mode", "titles", "text")}
        out[rule.key] = RuleConfig(rule, Mode(value.get("mode", rule.mode.value)),
                                   tuple(value.get("titles", rule.titles)),
                                   str(value.get("text") or rule.text), params)
    return out


def default_configs() -> dict[str, RuleConfig]:
    return configs({})


# --- facts and findings -------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    name: str
    rating: str = ""
    discipline: str = ""
    under_review: bool = False
    initiative: str = ""


@dataclass(frozen=True)
class MemberStats:
    """What a collective's rules read about its members."""

    members: int  # head count used as the base
    base_text: str  # where ``members`` comes from, for the message
    ldtt: int = 0  # members with an accepted "Lao động tiên tiến" nomination this year
    cstdcs: int = 0
    disciplined: tuple[tuple[str, str], ...] = ()  # (name, discipline code)
    rated: int = 0
    not_completed: tuple[str, ...] = ()  # rated HTNV below / KHTNV… names


@dataclass(frozen=True)
class OtherNomination:
    title_code: str
    title_name: str
    title_kind: str  # "title" / "form"
    achievement_key: str


@dataclass(frozen=True)
class PastAward:
    """An award of an earlier year (or of this year's recorded decisions), from the history."""

    year: int
    title_code: str  # "" when the history names a title the catalogue does not have
    title_name: str
    achievement_key: str = ""


@dataclass(frozen=True)
class NomineeFacts:
    subject: str  # unit / person / household
    name: str
    title_code: str
    title_name: str
    title_subject: str  # unit / person / household / any
    title_kind: str = "form"
    rating: str = ""
    summary: str = ""
    achievement_key: str = ""
    person: PersonFacts | None = None
    unit_kind: str = ""
    members: MemberStats | None = None
    has_prerequisite: bool = False  # CSTĐCS: an accepted LĐTT this year
    others: tuple[OtherNomination, ...] = ()  # the same subject's other active nominations
    unit_disqualified: str = ""  # the disqualifying criteria, if any
    unit_score_percent: float | None = None
    unit_block: str = ""  # the unit's emulation block ("" when in none)
    unit_reported: bool = False  # the unit reported its results for the year
    unit_band: str = ""  # its xếp loại in the block's scorecard
    unit_bands: tuple[str, ...] = ()  # the block's band names, best first
    year: int = 0  # the year of the nomination
    history: tuple[PastAward, ...] = ()  # the subject's awards of every year
    ratings_by_year: Mapping[int, str] = field(default_factory=dict)  # HTXSNV… of each year known


@dataclass(frozen=True)
class QuotaFacts:
    title_count: int = 0  # active nominations of this title
    title_quota: int | None = None
    ldtt_count: int = 0
    cstdcs_count: int = 0


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # block / warn / info
    message: str
    quote: str
    source: str
    overridden: bool = False

    @property
    def label(self) -> str:
        rule = RULES_BY_KEY.get(self.rule)
        return rule.label if rule else self.rule

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "quote": self.quote, "source": self.source, "overridden": self.overridden}

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "Finding":
        return Finding(str(data.get("rule", "")), str(data.get("severity", "info")),
                       str(data.get("message", "")), str(data.get("quote", "")),
                       str(data.get("source", "")), bool(data.get("overridden", False)))

    @property
    def text(self) -> str:
        """The finding with its rule quoted, as the clerk reads it."""
        return f"{self.message} — Quy định: “{self.quote}” ({self.source})"


class Verdict(str, enum.Enum):
    OK = "ok"
    WARN = "warn"
    OVERRIDDEN = "overridden"
    BLOCKED = "blocked"

    @property
    def label(self) -> str:
        return {"ok": "Đủ điều kiện", "warn": "Cần xem xét", "overridden": "Đủ điều kiện (đã chấp nhận cảnh báo)",
                "blocked": "Không đủ điều kiện"}[self.value]

    @property
    def may_proceed(self) -> bool:
        return self in (Verdict.OK, Verdict.OVERRIDDEN)


def verdict(findings: Iterable[Finding]) -> Verdict:
    findings = list(findings)
    if any(f.severity == Mode.BLOCK.value for f in findings):
        return Verdict.BLOCKED
    warnings = [f for f in findings if f.severity == Mode.WARN.value]
    if any(not f.overridden for f in warnings):
        return Verdict.WARN
    return Verdict.OVERRIDDEN if warnings else Verdict.OK


def carry_overrides(new: Sequence[Finding], old: Sequence[Finding]) -> list[Finding]:
    """Keep a warning accepted earlier accepted when it is found again unchanged."""
    accepted = {(f.rule, f.message) for f in old if f.overridden}
    return [Finding(**{**f.__dict__, "overridden": True}) if f.severity == Mode.WARN.value
            and (f.rule, f.message) in accepted else f for f in new]


def accept_warnings(findings: Sequence[Finding]) -> list[Finding]:
    return [Finding(**{**f.__dict__, "overridden": True}) if f.severity == Mode.WARN.value else f
            for f in findings]


# --- the checks ---------------------------------------------------------------


def _rating_label(code: str) -> str:
    return RATINGS.get(code, code or "chưa có")


def _discipline_label(code: str) -> str:
    return DISCIPLINES.get(code, code).lower()


def check(facts: NomineeFacts, rules: Mapping[str, RuleConfig], quota: QuotaFacts = QuotaFacts()
          ) -> list[Finding]:
    """Every finding for one nomination, in the order of :data:`RULES`."""
    out: list[Finding] = []

    def add(cfg: RuleConfig, message: str, severity: Mode | None = None) -> None:
        sev = severity or cfg.mode
        out.append(Finding(cfg.rule.key, sev.value, message, cfg.text, cfg.rule.source))

    title = facts.title_code
    person = facts.person
    rating = facts.rating or (person.rating if person else "")
    members = facts.members
    for key, cfg in rules.items():
        if not cfg.applies(title):
            continue
        if key == "subject":
            if facts.title_subject not in ("any", facts.subject):
                add(cfg, f"“{facts.title_name}” dành cho {SUBJECT_LABELS.get(facts.title_subject, facts.title_subject)}, "
                         f"không xét cho {SUBJECT_LABELS.get(facts.subject, facts.subject)}.")
            kinds = (cfg.param("unit_kinds") or {}).get(title)
            if kinds and facts.subject == "unit" and facts.unit_kind not in kinds:
                add(cfg, f"“{facts.title_name}” chỉ xét cho đơn vị loại: {', '.join(kinds)}; "
                         f"{facts.name} không thuộc loại này.")
        elif key == "under_review" and person and person.under_review:
            add(cfg, f"{person.name} đang bị xem xét kỷ luật, điều tra, thanh tra hoặc có đơn thư đang xác minh.")
        elif key == "discipline" and person and discipline_at_least(person.discipline, cfg.param("from")):
            add(cfg, f"{person.name} bị kỷ luật {_discipline_label(person.discipline)} trong năm.")
        elif key in ("min_rating", "gk_rating") and facts.subject == "person":
            minimum = cfg.param("min")
            if not rating:
                # Residents and workers outside the civil service have no rating (Đ24 k3):
                # never a hard block, the clerk confirms with a reason.
                add(cfg, f"Chưa có mức xếp loại hoàn thành nhiệm vụ của {facts.name} (cần từ "
                         f"“{_rating_label(minimum)}” trở lên); nếu người này không thuộc diện xếp loại, "
                         "hãy ghi lý do để chấp nhận.", Mode.WARN if cfg.mode is not Mode.INFO else Mode.INFO)
            elif not rating_at_least(rating, minimum):
                add(cfg, f"{facts.name} xếp loại “{_rating_label(rating)}”, chưa đạt "
                         f"“{_rating_label(minimum)}” trở lên.")
        elif key == "cstdcs_basis" and facts.subject == "person":
            if not facts.has_prerequisite:
                add(cfg, f"{facts.name} chưa có đề nghị danh hiệu “Lao động tiên tiến” năm nay được chấp nhận "
                         "(điều kiện bắt buộc).")
            excellent = cfg.param("excellent")
            initiative = person.initiative if person else ""
            if not rating_at_least(rating, excellent) and not initiative.strip():
                add(cfg, f"{facts.name} không “{_rating_label(excellent)}” và chưa ghi sáng kiến, đề tài "
                         "được công nhận.")
        elif key in ("collective_ldtt", "collective_excellent") and facts.subject == "unit":
            _check_members(cfg, facts, members, add, excellent=(key == "collective_excellent"))
        elif key == "collective_disqualified" and facts.subject == "unit" and facts.unit_disqualified:
            add(cfg, f"{facts.name} vi phạm tiêu chí liệt: {facts.unit_disqualified}.")
        elif key == "collective_standing" and facts.subject == "unit":
            problem = _standing_problem(facts, str(cfg.param("min_band")))
            if problem:
                add(cfg, problem)
        elif key == "city_flag" and facts.subject == "unit":
            leaders = {fold(x) for x in str(cfg.param("city_leaders") or "").split(";") if x.strip()}
            if fold(facts.name) not in leaders:
                where = (f"khối “{facts.unit_block}” của đơn vị do phường tổ chức" if facts.unit_block
                         else "đơn vị không thuộc khối thi đua nào")
                add(cfg, f"{facts.name} chưa được ghi là đơn vị dẫn đầu cụm, khối thi đua do thành phố tổ chức "
                         f"({where}); ghi tên đơn vị vào quy định này khi có kết quả bình xét của thành phố, "
                         "hoặc ghi lý do để chấp nhận.")
        elif key == "city_merit_years" and facts.year:
            _check_rating_years(cfg, facts, add)
        elif key == "city_fighter_years" and facts.subject == "person" and facts.year:
            _check_title_years(cfg, facts, add)
        elif key == "collective_score" and facts.subject == "unit":
            minimum = float(cfg.param("min_percent"))
            if facts.unit_score_percent is None:
                add(cfg, f"{facts.name} chưa có điểm thi đua (chưa báo cáo hoặc không thuộc khối nào).")
            elif facts.unit_score_percent + 1e-9 < minimum:
                add(cfg, f"{facts.name} đạt {format_percent(facts.unit_score_percent)} thang điểm, dưới mức "
                         f"{format_percent(minimum)}.")
        elif key == "one_achievement":
            for other in facts.others:
                if other.title_code == title:
                    add(cfg, f"{facts.name} đã có một đề nghị “{other.title_name}” khác trong năm.")
                elif facts.title_kind == "form" and other.title_kind == "form" \
                        and other.achievement_key == facts.achievement_key:
                    what = f"thành tích “{facts.achievement_key}”" if facts.achievement_key else "thành tích năm nay"
                    add(cfg, f"{facts.name} đã được đề nghị “{other.title_name}” cho cùng {what}.")
            key_now = fold(facts.achievement_key) if facts.achievement_key.strip() else ""
            for past in facts.history:  # across years: one achievement, one award
                if key_now and past.year != facts.year and fold(past.achievement_key) == key_now:
                    add(cfg, f"{facts.name} đã được khen “{past.title_name}” năm {past.year} cho cùng thành tích "
                             f"“{facts.achievement_key}”.")
        elif key == "quota" and quota.title_quota is not None and quota.title_count > quota.title_quota:
            add(cfg, f"Có {quota.title_count} đề nghị “{facts.title_name}”, nhiều hơn số lượng tối đa "
                     f"{quota.title_quota}; danh sách cuối lấy {quota.title_quota} theo thứ tự của Hội đồng.")
        elif key == "cstdcs_cap":
            # a quota, never a verdict on the nominee: the council's order cuts the list
            cap = cstdcs_cap(quota.ldtt_count, float(cfg.param("percent")))
            if quota.cstdcs_count > cap:
                add(cfg, f"Có {quota.cstdcs_count} đề nghị “Chiến sĩ thi đua cơ sở”, nhiều hơn mức "
                         f"{format_number(float(cfg.param('percent')))}% của {quota.ldtt_count} “Lao động tiên tiến” "
                         f"(tối đa {cap}); danh sách cuối lấy theo thứ tự của Hội đồng, tính trên số “Lao động "
                         "tiên tiến” được Hội đồng thông qua.", Mode.INFO)
        elif key == "summary" and not facts.summary.strip():
            add(cfg, "Chưa có tóm tắt thành tích.")
    return out


def _standing_problem(facts: NomineeFacts, min_band: str) -> str:
    """Why a collective's year does not read "hoàn thành tốt nhiệm vụ" ("" if it does)."""
    if not facts.unit_block:
        return f"{facts.name} chưa thuộc khối thi đua nào: không có kết quả chấm điểm để xác nhận hoàn thành tốt nhiệm vụ."
    if not facts.unit_reported:
        return f"{facts.name} chưa báo cáo kết quả thi đua của năm: chưa xác nhận được hoàn thành tốt nhiệm vụ."
    if facts.unit_disqualified:
        return ""  # the disqualifying criterion has its own rule
    if min_band not in facts.unit_bands:
        return (f"Bảng điểm của khối “{facts.unit_block}” không có mức xếp loại “{min_band}”: "
                "không kiểm tra được mức xếp loại tối thiểu.")
    bands = facts.unit_bands
    if facts.unit_band not in bands or bands.index(facts.unit_band) > bands.index(min_band):
        return f"{facts.name} xếp loại “{facts.unit_band}”, dưới mức “{min_band}”."
    return ""


def consecutive_years(years: Iterable[int], end: int) -> list[int]:
    """The run of consecutive years ending at ``end`` found in ``years`` (oldest first)."""
    have = set(years)
    run = []
    year = end
    while year in have:
        run.append(year)
        year -= 1
    return run[::-1]


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years)


def _check_rating_years(cfg: RuleConfig, facts: NomineeFacts, add) -> None:
    """Bằng khen: ``years`` consecutive years rated ``rating``, ending this year (or last
    year, when this year's rating is not known yet). A pass is said too (info): the
    proposal to the city lists the years that qualify it."""
    need, rating = int(cfg.param("years")), str(cfg.param("rating"))
    rated = [y for y, r in facts.ratings_by_year.items() if rating_at_least(r, rating)]
    end = facts.year if facts.year in facts.ratings_by_year else facts.year - 1
    run = consecutive_years(rated, end)
    if len(run) >= need:
        add(cfg, f"{facts.name}: {len(run)} năm liên tục “{_rating_label(rating)}” ({_years_text(run[-need:])}).",
            Mode.INFO)
        return
    known = ", ".join(f"{y}: {_rating_label(facts.ratings_by_year[y])}" for y in sorted(facts.ratings_by_year)
                      if facts.year - need < y <= facts.year) or "chưa có xếp loại các năm trước"
    add(cfg, f"{facts.name} chưa có {need} năm liên tục “{_rating_label(rating)}” đến năm {end} ({known}); "
             "nếu đề nghị vì thành tích xuất sắc hoặc có phạm vi ảnh hưởng, hãy ghi lý do để chấp nhận.")


def _check_title_years(cfg: RuleConfig, facts: NomineeFacts, add) -> None:
    """Chiến sĩ thi đua thành phố: ``years`` consecutive ``needs`` titles up to this year
    (this year's counts once the council passed it or it is nominated now)."""
    need, code = int(cfg.param("years")), str(cfg.param("needs"))
    years = {p.year for p in facts.history if p.title_code == code}
    if any(o.title_code == code for o in facts.others):
        years.add(facts.year)
    end = facts.year if facts.year in years else facts.year - 1
    run = consecutive_years(years, end)
    if len(run) >= need:
        add(cfg, f"{facts.name}: {len(run)} lần liên tục “Chiến sĩ thi đua cơ sở” ({_years_text(run[-need:])}).",
            Mode.INFO)
    else:
        found = _years_text(sorted(years)) or "chưa có năm nào"
        add(cfg, f"{facts.name} chưa có {need} lần liên tục “Chiến sĩ thi đua cơ sở” đến năm {facts.year} "
                 f"(đã đạt: {found}).")
    person = facts.person
    if not (person and person.initiative.strip()):
        add(cfg, f"{facts.name} chưa ghi sáng kiến, đề tài có phạm vi ảnh hưởng trong thành phố.", Mode.WARN)


def cstdcs_cap(ldtt_passed: int, percent: float) -> int:
    """At most ``percent`` % of the LĐTT nominees who passed, rounded down."""
    return int(ldtt_passed * percent / 100 + 1e-9)


def _check_members(cfg: RuleConfig, facts: NomineeFacts, members: MemberStats | None, add,
                   excellent: bool) -> None:
    if members is None or members.members <= 0:
        add(cfg, f"Chưa biết số cá nhân của {facts.name} (chưa nhập danh sách cá nhân hoặc tổng số lao động); "
                 "không kiểm tra được tỷ lệ.", Mode.WARN if cfg.mode is Mode.BLOCK else cfg.mode)
        return
    share = members.ldtt * 100 / members.members
    minimum = float(cfg.param("min_share"))
    if share + 1e-9 < minimum:
        add(cfg, f"{facts.name}: {members.ldtt}/{members.members} cá nhân ({members.base_text}) đạt “Lao động tiên tiến” "
                 f"= {format_percent(share)}, dưới {format_percent(minimum)}.")
    worst = [(n, c) for n, c in members.disciplined if discipline_at_least(c, cfg.param("discipline_from"))]
    if worst:
        names = ", ".join(f"{n} ({_discipline_label(c)})" for n, c in worst)
        add(cfg, f"{facts.name} có cá nhân bị kỷ luật từ {_discipline_label(cfg.param('discipline_from'))} trở lên: {names}.")
    if excellent:
        if members.not_completed:
            add(cfg, f"{facts.name} có cá nhân không hoàn thành nhiệm vụ: {', '.join(members.not_completed)}.")
        if members.cstdcs < 1:
            add(cfg, f"{facts.name} chưa có cá nhân đạt “Chiến sĩ thi đua cơ sở”.")


def titles_text(titles: Sequence[str]) -> str:
    """The titles a rule applies to, as the clerk reads them (``ALL_TITLES``: every title)."""
    return "mọi danh hiệu" if ALL_TITLES in titles else ", ".join(titles)
