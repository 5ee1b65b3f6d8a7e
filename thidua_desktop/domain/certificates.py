"""Where each line of a Giấy khen goes on the office's pre-printed blanks.

A4 landscape (297 × 210 mm, NĐ 98/2023 Điều 104 as quoted in domain.md §6).
Every line is a box given in millimetres from the top-left corner of the paper,
with its size and style and whether it is printed at all (lines already on the
blank, such as the national title, are usually not). A printer that shifts the
page is corrected by one offset for the whole sheet, measured on the
calibration page.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from .docformat import text_width_pt, wrap_lines

PAPER_MM = (297.0, 210.0)
# What a danh hiệu comes with (Luật Thi đua, khen thưởng 2022; NĐ 152/2025 Điều 50; NĐ 86/2023):
# None = no paper at all (recorded in the decision and its list, with the prize).
TITLE_PAPERS: dict[str, str | None] = {
    "LDTT": None,
    "TTLDTT": None,
    "CSTDCS": "Bằng chứng nhận “Chiến sĩ thi đua cơ sở”",
    "TTLDXS": "Bằng chứng nhận “Tập thể lao động xuất sắc”",
    "TDPVH": "Giấy công nhận “Tổ dân phố văn hóa”",
    "GDVH": "Giấy công nhận “Gia đình văn hóa”",
}
OWN_BLANK = "giấy chứng nhận riêng của danh hiệu"  # a title added by the clerk
MIN_SHRINK = 0.7  # a long name may shrink to 70% of its size, not below
RED = "C00000"


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    x: float
    y: float
    w: float
    h: float
    size: float
    bold: bool = False
    italic: bool = False
    red: bool = False
    align: str = "center"  # left / center / right
    printed: bool = True

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["key"], data["label"]
        return data


# The order is the order on the certificate (domain.md §6).
DEFAULT_BOXES = [
    Box("quoc_hieu", "Quốc hiệu", 48.5, 36, 200, 8, 14, bold=True, printed=False),
    Box("tieu_ngu", "Tiêu ngữ", 48.5, 43, 200, 8, 14, bold=True, printed=False),
    Box("co_quan_tang", "Chức vụ người quyết định", 28.5, 56, 240, 9, 15, bold=True, red=True),
    Box("tang", "Chữ “TẶNG”", 28.5, 66, 240, 9, 16, bold=True, printed=False),
    Box("hinh_thuc", "Hình thức (GIẤY KHEN)", 28.5, 75, 240, 16, 32, bold=True, red=True, printed=False),
    Box("ho_ten", "Họ tên / tên tập thể", 28.5, 95, 240, 12, 22, bold=True),
    Box("chuc_vu_don_vi", "Chức vụ, đơn vị (địa chỉ)", 38.5, 108, 220, 8, 15),
    Box("thanh_tich", "Thành tích", 38.5, 117, 220, 22, 15),
    Box("so_quyet_dinh", "Số quyết định, ngày", 30, 152, 115, 7, 12, bold=True, italic=True, align="left"),
    Box("so_so_vang", "Số sổ vàng", 30, 159, 115, 7, 12, bold=True, italic=True, align="left"),
    Box("dia_danh_ngay", "Địa danh, ngày tháng", 152, 146, 120, 8, 14, bold=True, italic=True),
    Box("chuc_vu_nguoi_ky", "Chức vụ người ký", 152, 154, 120, 14, 14, bold=True),
    Box("nguoi_ky", "Họ tên người ký", 152, 182, 120, 8, 15, bold=True),
]
BOX_KEYS = [b.key for b in DEFAULT_BOXES]
_DEFAULTS = {b.key: b for b in DEFAULT_BOXES}
_NUMBERS = {"x": (0.0, PAPER_MM[0]), "y": (0.0, PAPER_MM[1]), "w": (5.0, PAPER_MM[0]), "h": (3.0, PAPER_MM[1]),
            "size": (6.0, 72.0)}


@dataclass(frozen=True)
class Layout:
    boxes: tuple[Box, ...]
    offset_x: float = 0.0  # the printer's shift, added to every box
    offset_y: float = 0.0

    def box(self, key: str) -> Box:
        return next(b for b in self.boxes if b.key == key)

    def placed(self, box: Box) -> tuple[float, float]:
        return box.x + self.offset_x, box.y + self.offset_y

    def as_json(self) -> dict[str, Any]:
        return {"offset_x": self.offset_x, "offset_y": self.offset_y,
                "boxes": {b.key: b.as_json() for b in self.boxes}}

    def with_box(self, box: Box) -> "Layout":
        return replace(self, boxes=tuple(box if b.key == box.key else b for b in self.boxes))


DEFAULT_LAYOUT = Layout(tuple(DEFAULT_BOXES))


def layout_problem(value: Any) -> str | None:
    """What is wrong with a stored layout (the setting's check), or None."""
    try:
        parse_layout(value)
    except ValueError as exc:
        return str(exc)
    return None


def parse_layout(value: Any) -> Layout:
    """The stored JSON as a :class:`Layout`; missing boxes take their default."""
    if not value:
        return DEFAULT_LAYOUT
    if not isinstance(value, dict):
        raise ValueError("Vị trí in giấy khen không đúng dạng.")
    boxes = []
    stored = value.get("boxes") or {}
    if not isinstance(stored, dict):
        raise ValueError("Vị trí in giấy khen không đúng dạng.")
    for default in DEFAULT_BOXES:
        raw = stored.get(default.key) or {}
        values = default.as_json()
        for name, old in list(values.items()):
            if name not in raw:
                continue
            new = raw[name]
            if isinstance(old, bool):
                if not isinstance(new, bool):
                    raise ValueError(f"“{default.label}”: giá trị “{new}” không hợp lệ.")
            elif isinstance(old, (int, float)):
                if isinstance(new, bool) or not isinstance(new, (int, float)):
                    raise ValueError(f"“{default.label}”: “{new}” không phải là số.")
                low, high = _NUMBERS[name]
                if not low <= float(new) <= high:
                    raise ValueError(f"“{default.label}”: {name} = {new} nằm ngoài khoảng {low:g}–{high:g}.")
                new = float(new)
            elif name == "align" and new not in ("left", "center", "right"):
                raise ValueError(f"“{default.label}”: căn lề “{new}” không hợp lệ.")
            values[name] = new
        boxes.append(Box(default.key, default.label, **values))
    offsets = {}
    for name in ("offset_x", "offset_y"):
        raw = value.get(name, 0.0)
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or abs(raw) > 30:
            raise ValueError("Độ lệch của máy in phải là số từ -30 đến 30 mm.")
        offsets[name] = float(raw)
    return Layout(tuple(boxes), **offsets)


def line_height_mm(size: float) -> float:
    return size * 1.15 * 25.4 / 72


def fit(text: str, box: Box) -> tuple[float, bool]:
    """The size at which ``text`` fits ``box`` (shrinking by half points down
    to 70%), and whether it still overflows at that size."""
    size = box.size
    floor = box.size * MIN_SHRINK
    while True:
        width_pt = box.w * 72 / 25.4
        lines = wrap_lines(text, width_pt, size, box.bold, box.italic)
        widest = max((text_width_pt(line, size, box.bold, box.italic) for line in lines), default=0)
        fits = widest <= width_pt + 0.5 and len(lines) * line_height_mm(size) <= box.h + 0.5
        if fits or size - 0.5 < floor:
            return size, not fits
        size -= 0.5
