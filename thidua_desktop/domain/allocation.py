"""The default allocation of the 2026 plan's targets to units, and the default
criteria list (tiêu chí) of each emulation block.

Plain data, documented in ``docs/phan-giao-chi-tieu.md``; applied by
``services.results.targets.apply_default_allocation`` and ``apply_default_criteria``
(and by the demo ward). Everything here is only a starting point the clerk
edits on the targets screen.

Why these units carry these targets (kế hoạch 2026, mục II.3):

- Residential groups (tổ dân phố) are where households live: poor households
  (5), cultural families (6a), health insurance (8), clean water (10), waste
  collection (11), military recruitment quotas (13) and drug-free groups (14)
  are counted group by group and add up to the ward's figure.
- Schools (trường học) carry target 7, a school reaching national standard
  level 2. The plan names one school; which one is the ward's choice, so each
  school gets the target without a number of its own until the clerk sets
  "1" for the school chosen.
- Enterprises (doanh nghiệp) report social insurance for their own workers (9).
  The ward's rate is over the working-age population, which no unit reports,
  so target 9 does not roll up from enterprises: the ward's figure (from the
  social insurance agency) is entered directly.
- Agencies that settle administrative procedures (the Trung tâm phục vụ hành
  chính công, the police, the ward's offices) carry 12a and 12b.
- Budget revenue (1), value per hectare (2), public investment disbursement
  (3), income per head (4) and cultural residential groups (6b) are
  ward-wide figures from the ward's own offices: not allocated.
"""
from __future__ import annotations

from dataclasses import dataclass

from .text import fold


@dataclass(frozen=True)
class AllocationRule:
    measure_code: str
    kinds: tuple[str, ...]  # UNIT_KINDS codes
    names: tuple[str, ...] = ()  # if given, only units whose folded name contains one of these
    rollup: str | None = None  # overrides the measure's roll-up method when applied
    why: str = ""

    def applies_to(self, kind: str, name: str) -> bool:
        if kind not in self.kinds:
            return False
        if not self.names:
            return True
        folded = fold(name)
        return any(word in folded for word in self.names)


_PROCEDURE_OFFICES = ("hanh chinh cong", "cong an", "van phong", "phong ")

DEFAULT_ALLOCATION: tuple[AllocationRule, ...] = (
    AllocationRule("5", ("to_dan_pho",), why="Hộ cận nghèo được rà soát theo từng tổ dân phố"),
    AllocationRule("6a", ("to_dan_pho",), why="Gia đình văn hóa được bình xét ở tổ dân phố"),
    AllocationRule("7", ("truong_hoc",), why="Trường học xây dựng chuẩn quốc gia; phường chọn trường"),
    AllocationRule("8", ("to_dan_pho",), why="Dân số và người có thẻ bảo hiểm y tế theo tổ dân phố"),
    AllocationRule("9", ("doanh_nghiep",), rollup="none",
                   why="Doanh nghiệp báo cáo người lao động của mình; số toàn phường nhập trực tiếp"),
    AllocationRule("10", ("to_dan_pho",), why="Người dùng nước sạch theo tổ dân phố"),
    AllocationRule("11", ("to_dan_pho",), why="Rác thải sinh hoạt được thu gom theo tổ dân phố"),
    AllocationRule("12a", ("co_quan",), names=_PROCEDURE_OFFICES,
                   why="Cơ quan giải quyết thủ tục hành chính"),
    AllocationRule("12b", ("co_quan",), names=_PROCEDURE_OFFICES,
                   why="Cơ quan tiếp nhận hồ sơ thủ tục hành chính"),
    AllocationRule("13", ("to_dan_pho",), why="Chỉ tiêu tuyển quân giao cho từng tổ dân phố"),
    AllocationRule("14", ("to_dan_pho",), why="Tổ dân phố phấn đấu không ma túy"),
)

WARD_ONLY_MEASURES: tuple[str, ...] = ("1", "2", "3", "4", "6b")


@dataclass(frozen=True)
class CriterionTemplate:
    code: str
    label: str
    kind: str = "yesno"  # yesno / number
    unit: str = ""
    comparison: str = "ge"
    planned: float | None = None


# The block criterion the registration register decides (services.results.evaluation).
REGISTRATION_CRITERION = "TC01"

COMMON_CRITERIA: tuple[CriterionTemplate, ...] = (
    CriterionTemplate("TC01", "Đăng ký thi đua và triển khai các phong trào thi đua của phường"),
    CriterionTemplate("TC02", "Nội bộ đoàn kết; không có cá nhân bị kỷ luật từ khiển trách trở lên"),
)

# Own criteria by the main kind of a block's units.
KIND_CRITERIA: dict[str, tuple[CriterionTemplate, ...]] = {
    "to_dan_pho": (
        CriterionTemplate("TC11", "Đạt danh hiệu “Tổ dân phố văn hóa”"),
        CriterionTemplate("TC12", "Không có tội phạm nghiêm trọng, tệ nạn xã hội phức tạp trên địa bàn"),
    ),
    "truong_hoc": (
        CriterionTemplate("TC21", "Tỷ lệ học sinh hoàn thành chương trình lớp học", "number", "%", "ge", 98),
        CriterionTemplate("TC22", "Không có học sinh bỏ học"),
    ),
    "co_quan": (
        CriterionTemplate("TC31", "Tỷ lệ cán bộ, công chức hoàn thành tốt nhiệm vụ trở lên",
                          "number", "%", "ge", 90),
        CriterionTemplate("TC32", "Thực hiện tốt văn hóa công sở, không có đơn thư vượt cấp"),
    ),
    "don_vi_su_nghiep": (
        CriterionTemplate("TC31", "Tỷ lệ viên chức, người lao động hoàn thành tốt nhiệm vụ trở lên",
                          "number", "%", "ge", 90),
        CriterionTemplate("TC32", "Thực hiện tốt văn hóa công sở, không có đơn thư vượt cấp"),
    ),
    "mat_tran_doan_the": (
        CriterionTemplate("TC41", "Tỷ lệ đoàn viên, hội viên sinh hoạt thường xuyên",
                          "number", "%", "ge", 90),
        CriterionTemplate("TC42", "Hoàn thành chỉ tiêu vận động Quỹ “Vì người nghèo”"),
    ),
    "doanh_nghiep": (
        CriterionTemplate("TC51", "Nộp thuế đầy đủ, đúng hạn"),
        CriterionTemplate("TC52", "Không để xảy ra tai nạn lao động nghiêm trọng"),
    ),
}

MEASURE_GROUP = "Chỉ tiêu của Kế hoạch"
OWN_GROUP = "Tiêu chí của khối"


def rule_for(measure_code: str) -> AllocationRule | None:
    return next((r for r in DEFAULT_ALLOCATION if r.measure_code == measure_code), None)


def main_kind(kinds: list[str]) -> str:
    """The most common kind among a block's units (ties: the first in ``kinds``)."""
    if not kinds:
        return ""
    counts: dict[str, int] = {}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    return max(counts, key=lambda k: (counts[k], -kinds.index(k)))
