"""Code lists for participants: kinds of unit, gender, yearly task ratings.

Codes are stored; labels are what clerks read and type (imports accept either,
ignoring case and accents)."""
from __future__ import annotations

from .text import fold

# Unit.kind
UNIT_KINDS: dict[str, str] = {
    "co_quan": "Cơ quan, phòng, ban",
    "don_vi_su_nghiep": "Đơn vị sự nghiệp",
    "truong_hoc": "Trường học",
    "to_dan_pho": "Tổ dân phố",
    "mat_tran_doan_the": "Mặt trận, đoàn thể",
    "doanh_nghiep": "Doanh nghiệp",
    "khac": "Khác",
}

# Person.gender
GENDERS: dict[str, str] = {"nam": "Nam", "nu": "Nữ"}

# PersonYear.rating / Nomination.rating: mức độ hoàn thành nhiệm vụ (NĐ 90/2020, 48/2023)
RATINGS: dict[str, str] = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}

# PersonYear.discipline, mildest first (Luật Cán bộ, công chức; "từ cảnh cáo trở lên" matters)
DISCIPLINES: dict[str, str] = {
    "khien_trach": "Khiển trách",
    "canh_cao": "Cảnh cáo",
    "ha_bac_luong": "Hạ bậc lương",
    "giang_chuc": "Giáng chức",
    "cach_chuc": "Cách chức",
    "buoc_thoi_viec": "Buộc thôi việc",
}


def code_for(value: object, table: dict[str, str]) -> str | None:
    """The code whose code or label matches ``value`` ignoring case and accents."""
    key = fold(value)
    if not key:
        return None
    for code, label in table.items():
        if key in (fold(code), fold(label)):
            return code
    return None


# How a unit came from another (wards and agencies were reorganised in 2025): its
# predecessors' awards and years count as its own (history, consecutive-year rules).
LINEAGE_KINDS: dict[str, str] = {
    "merged": "hợp nhất, sáp nhập từ",
    "split": "chia, tách từ",
    "renamed": "đổi tên từ",
}
