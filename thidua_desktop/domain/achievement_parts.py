"""The parts of a báo cáo thành tích written by hand, by who is nominated
(the forms' wording: NĐ 152/2025 Phụ lục, as domain.md §2.4 quotes them)."""
from __future__ import annotations

PARTS: dict[str, str] = {
    "dac_diem": "Sơ lược đặc điểm, tình hình, chức năng, nhiệm vụ (tập thể)",
    "nhiem_vu": "Quyền hạn, nhiệm vụ được giao hoặc đảm nhận (cá nhân)",
    "thanh_tich": "Thành tích đạt được: biện pháp, kết quả nổi bật (mọi đối tượng)",
}
PARTS_OF: dict[str, tuple[str, ...]] = {"unit": ("dac_diem", "thanh_tich"), "person": ("nhiem_vu", "thanh_tich"),
                                        "household": ("thanh_tich",)}
MAX_CHARS = 20_000  # a few pages: a paste that is longer is a mistake
