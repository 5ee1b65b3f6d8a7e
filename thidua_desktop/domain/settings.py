"""Settings declared once, with type, default, bounds and a Vietnamese label.

Rules that the law leaves to the city (thresholds, quotas, multiples of the base
salary…) and the ward's own choices are settings, never constants in code. The
database keeps only the values the ward changed (table ``setting``); everything
else reads the default declared here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..errors import UserError


class SettingError(UserError, ValueError):
    pass


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    group: str
    kind: str  # "int", "float", "bool", "text", "json"
    default: Any
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    check: Callable[[Any], str | None] | None = None  # extra rule for json values


REGISTRY: dict[str, SettingSpec] = {}


def declare(key: str, label: str, group: str, kind: str, default: Any, help: str = "",
            minimum: float | None = None, maximum: float | None = None,
            check: Callable[[Any], str | None] | None = None) -> SettingSpec:
    if key in REGISTRY:
        raise ValueError(f"setting {key!r} declared twice")
    spec = SettingSpec(key, label, group, kind, default, help, minimum, maximum, check)
    REGISTRY[key] = spec
    return spec


def spec(key: str) -> SettingSpec:
    try:
        return REGISTRY[key]
    except KeyError:
        raise SettingError(f"Không có thiết lập “{key}”.") from None


def validate(key: str, value: Any) -> Any:
    """Return ``value`` converted to the setting's type, or raise SettingError."""
    s = spec(key)
    try:
        if s.kind == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            value = int(value)
        elif s.kind == "float":
            if isinstance(value, bool):
                raise ValueError
            value = float(value)
        elif s.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError
        elif s.kind == "text":
            value = "" if value is None else str(value)
    except (TypeError, ValueError):
        raise SettingError(f"“{s.label}”: giá trị “{value}” không hợp lệ.") from None
    if s.kind in ("int", "float"):
        if s.minimum is not None and value < s.minimum:
            raise SettingError(f"“{s.label}” không được nhỏ hơn {s.minimum:g}.")
        if s.maximum is not None and value > s.maximum:
            raise SettingError(f"“{s.label}” không được lớn hơn {s.maximum:g}.")
    if s.check is not None:
        problem = s.check(value)
        if problem:
            raise SettingError(f"“{s.label}”: {problem}")
    return value


# --- declarations ------------------------------------------------------------
# Each area declares its settings here, grouped by the page that edits them.

declare("backup.keep_last", "Số bản sao lưu gần nhất được giữ", "Sao lưu", "int", 10,
        "Ngoài ra giữ thêm một bản cho mỗi tháng.", minimum=1, maximum=1000)
declare("backup.max_age_hours", "Tự sao lưu khi bản gần nhất cũ hơn (giờ)", "Sao lưu", "int", 24,
        minimum=1, maximum=24 * 30)

# --- results and evaluation (issue 4; rules in domain/evaluation.py) ---------
declare("evaluation.decimals", "Số chữ số thập phân khi so sánh kết quả với kế hoạch", "Đánh giá kết quả",
        "int", 2, "Kết quả được làm tròn như khi in báo cáo (95,999% thành 96%) rồi mới so sánh.",
        minimum=0, maximum=4)
declare("evaluation.exceed_margin", "Chỉ tiêu “từ … trở lên”, “không quá”, “đạt số lượng”: vượt khi "
        "hơn kế hoạch quá (% kế hoạch)", "Đánh giá kết quả", "float", 0.0,
        "0: cao hơn kế hoạch là Vượt, bằng kế hoạch là Đạt.", minimum=0, maximum=100)
declare("evaluation.strict_exceed_margin", "Chỉ tiêu “trên …”, “dưới …”: vượt khi hơn kế hoạch từ "
        "(% kế hoạch)", "Đánh giá kết quả", "float", 1.0,
        "Ví dụ 1: “trên 97%” là Đạt khi trên 97%, là Vượt từ 97,97%. 0: chỉ có Đạt, không có Vượt.",
        minimum=0, maximum=100)
declare("evaluation.equal_tolerance", "Chỉ tiêu “bằng”: sai lệch cho phép (% kế hoạch)", "Đánh giá kết quả",
        "float", 0.0, minimum=0, maximum=100)
declare("evaluation.mismatch_tolerance", "Chênh lệch cho phép giữa số toàn phường và số cộng dồn từ đơn vị",
        "Đánh giá kết quả", "float", 0.0,
        "Tính theo đơn vị đo của chỉ tiêu (điểm % với tỷ lệ). Lớn hơn mức này thì báo “không khớp”.",
        minimum=0, maximum=1_000_000)
declare("results.deadline_day_on_time", "Báo cáo đúng ngày hạn vẫn tính là đúng hạn", "Đánh giá kết quả",
        "bool", False,
        "Kế hoạch ghi “trước ngày 05/12/2026”: mặc định báo cáo ngày 05/12 là trễ hạn.")
