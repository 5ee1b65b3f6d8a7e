"""Báo cáo sơ kết: the year-end report's figures for an interim period
(``6 tháng đầu năm 2026``), in the words of a sơ kết — results to date
against the year's plan, the tasks of the months left — and its own
template. The engine (figures, tables, annexes) is :mod:`.yearend`'s."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ...domain import docformat as fmt
from ...domain.evaluation import Status, percent_of_plan_text
from ...domain.text import clean, fold
from ...storage.models import Period
from ..results import evaluation
from ..results.reporting import ReportingStatus
from . import content, skeleton
from .build import Content, para
from .ooxml import PORTRAIT
from .styles import new_package

FILE_STEM = "Bao cao so ket thi dua"


@dataclass(frozen=True)
class Scope:
    """The interim period a báo cáo sơ kết tells, in the plan of ``year``."""

    period: Period
    year: int

    @property
    def label(self) -> str:
        """``6 tháng đầu năm 2026``: the period's name, with its year."""
        name = clean(self.period.name)
        if str(self.year) in name:
            return name
        return f"{name} {self.year}" if fold(name).endswith("nam") else f"{name} năm {self.year}"

    @property
    def remaining(self) -> str:
        """The months left after the period: ``6 tháng cuối năm 2026`` after a period ending on
        30/06; ``những tháng cuối năm 2026`` when its end is not a month's last day."""
        end = self.period.end
        if end and end.year == self.year and end.month < 12 \
                and end.day == calendar.monthrange(end.year, end.month)[1]:
            return f"{12 - end.month} tháng cuối năm {self.year}"
        return f"những tháng cuối năm {self.year}"


def stored_key(code: str, key: str) -> str:
    """Where a sơ kết's part is kept among the plan's narrative: ``6t/uu_diem`` (a period's code
    cannot change; the year-end report's parts keep their plain keys)."""
    return f"{code}/{key}"


def summary(scope: Scope) -> str:
    return f"Sơ kết phong trào thi đua {scope.label}, nhiệm vụ trọng tâm {scope.remaining}"


def title(scope: Scope) -> str:
    """The file's title: ``Báo cáo sơ kết phong trào thi đua 6 tháng đầu năm 2026``."""
    return f"Báo cáo sơ kết phong trào thi đua {scope.label}"


def template(scope: Scope):
    """The built-in báo cáo sơ kết with the year-end report's fields (a clerk's own year-end
    template is never used for it: its headings say "năm")."""
    h = skeleton.heading
    period, rest = fmt.upper(scope.label), fmt.upper(scope.remaining)
    body = (
        skeleton.header()
        + skeleton.title("BÁO CÁO")
        + para("{{kinh_gui}}", "ND30Addressee")
        + skeleton.body("{{mo_dau}}")
        + h("I. ĐẶC ĐIỂM TÌNH HÌNH") + skeleton.body("{{tinh_hinh}}")
        + h(f"II. KẾT QUẢ TỔ CHỨC THỰC HIỆN PHONG TRÀO THI ĐUA {period}")
        + h("1. Công tác lãnh đạo, chỉ đạo, triển khai thực hiện", 2)
        + skeleton.body("{{trien_khai}}") + skeleton.body("{{chi_dao}}")
        + h("2. Kết quả thực hiện các chỉ tiêu chủ yếu so với kế hoạch năm", 2)
        + skeleton.body("{{bang_chi_tieu}}") + skeleton.body("{{chi_tieu}}")
        + h("3. Kết quả các phong trào thi đua", 2) + skeleton.body("{{phong_trao}}")
        + h(f"4. Kết quả chấm điểm các khối thi đua {scope.label}", 2) + skeleton.body("{{ket_qua_khoi}}")
        + h("5. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 2) + skeleton.body("{{dien_hinh}}")
        + h(f"III. CÔNG TÁC KHEN THƯỞNG {period}")
        + skeleton.body("{{so_lieu_khen_thuong}}") + skeleton.body("{{khen_thuong}}")
        + h("IV. ĐÁNH GIÁ CHUNG")
        + h("1. Ưu điểm", 2) + skeleton.body("{{uu_diem}}")
        + h("2. Hạn chế, nguyên nhân", 2) + skeleton.body("{{han_che}}")
        + h("3. Bài học kinh nghiệm", 2) + skeleton.body("{{bai_hoc}}")
        + h(f"V. NHIỆM VỤ TRỌNG TÂM {rest}")
        + skeleton.body("{{nhiem_vu_con_lai}}") + skeleton.body("{{phuong_huong}}")
        + h("VI. ĐỀ XUẤT, KIẾN NGHỊ") + skeleton.body("{{de_xuat}}")
        + skeleton.closing(f"Trên đây là báo cáo sơ kết phong trào thi đua {scope.label} của {{{{co_quan}}}}./.")
        + skeleton.signature()
        + para("{{phu_luc}}", "ND30Body")
    )
    return new_package(body, PORTRAIT, title=title(scope), author="")


# --- the words a sơ kết uses for figures to date ------------------------------------------------

STATUS_TEXTS = {Status.EXCEEDED: "Đã vượt KH năm", Status.MET: "Đã đạt KH năm", Status.NOT_MET: "Chưa đạt",
                Status.NO_DATA: "Chưa đủ số liệu"}


def status_text(m: evaluation.MeasureResult) -> str:
    """Half-way through the year a figure below the plan is "chưa đạt" (not yet), never "không đạt"."""
    return STATUS_TEXTS[m.status]


def targets_sentence(scope: Scope, targets: int, measures: int, counts: dict[Status, int]) -> str:
    done = counts[Status.EXCEEDED] + counts[Status.MET]
    text = (f"Đến hết {scope.label}, trong {targets} chỉ tiêu chủ yếu ({measures} nội dung đánh giá): "
            f"{counts[Status.EXCEEDED]} nội dung đã vượt kế hoạch năm, {counts[Status.MET]} nội dung đã đạt "
            f"kế hoạch năm, {counts[Status.NOT_MET]} nội dung chưa đạt kế hoạch năm")
    if counts[Status.NO_DATA]:
        text += f"; {counts[Status.NO_DATA]} nội dung chưa đủ số liệu để đánh giá"
    return text + f". Đã đạt và vượt kế hoạch năm: {done}/{measures} ({content.share(done, measures)})."


def scores_note(scope: Scope) -> Content:
    return content.bodies(f"Kết quả chấm điểm {scope.label} là để các đơn vị theo dõi tiến độ; việc xếp hạng, "
                          f"bình xét thi đua cuối năm căn cứ kết quả cả năm {scope.year}.")


def tasks(scope: Scope, measures: list[evaluation.MeasureResult], status: ReportingStatus | None,
          year_deadline: str) -> Content:
    """What the months left must bring, from the figures: the targets not yet reached (how far
    they are), those without figures, the units that have not reported, the year's report."""
    lines = []
    behind = [m for m in measures if m.status is Status.NOT_MET]
    if behind:
        items = "; ".join(f"({m.code}) {m.label}{_reached(m)}" for m in behind)
        lines.append(f"Tập trung chỉ đạo thực hiện các nội dung chỉ tiêu chưa đạt kế hoạch năm: {items}.")
    unknown = [m for m in measures if m.status is Status.NO_DATA]
    if unknown:
        lines.append("Thu thập, tổng hợp số liệu của các nội dung chưa đủ số liệu để đánh giá: "
                     + ", ".join(f"({m.code})" for m in unknown) + ".")
    missing = status.not_reported if status is not None else []
    if missing:
        names = ", ".join(u.name for u in missing[:10]) + (", …" if len(missing) > 10 else "")
        lines.append(f"Đôn đốc {len(missing)} đơn vị chưa gửi báo cáo kết quả {scope.label}: {names}.")
    deadline = f" {year_deadline}" if year_deadline else ""
    lines.append(f"Các cơ quan, đơn vị báo cáo kết quả thực hiện cả năm {scope.year}{deadline}; tổ chức chấm điểm, "
                 f"xếp hạng các khối thi đua, bình xét, đề nghị khen thưởng tổng kết năm {scope.year}.")
    return content.bodies(*lines)


def _reached(m: evaluation.MeasureResult) -> str:
    percent = m.evaluation.percent_of_plan
    return f" (đạt {percent_of_plan_text(percent, 1)} kế hoạch năm)" if percent is not None else ""


def within(scope: Scope, day: dt.date | None) -> bool:
    """A paper (decision, tờ trình) signed inside the period."""
    start, end = scope.period.start, scope.period.end
    return day is not None and (start is None or day >= start) and (end is None or day <= end)
