"""Demo step 4: the clerk's narrative of the year-end report.

The figures of the report come from the data the earlier steps made; the
judgements are the clerk's, typed on the Documents page. The demo writes a
plausible draft of each part (one paragraph per line, "-" for a bullet) so the
demo report reads as a finished document; nothing here is a figure.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...storage.models import Campaign, Person, Unit
from .. import settings
from ..awards import council, decisions, disclosure
from ..documents import yearend
from ..progress import Progress

DRAFT = {
    "tinh_hinh": (
        "Năm {year} là năm đầu thực hiện Nghị quyết Đại hội Đảng bộ phường lần thứ I, nhiệm kỳ 2025-2030, "
        "trong bối cảnh bộ máy chính quyền hai cấp mới đi vào hoạt động.\n"
        "Thuận lợi: được sự quan tâm lãnh đạo, chỉ đạo của Thành ủy, Ủy ban nhân dân thành phố, Đảng ủy phường; "
        "sự phối hợp của Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội; sự đồng thuận của Nhân dân.\n"
        "Khó khăn: khối lượng công việc giải phóng mặt bằng lớn; một số đơn vị mới sắp xếp, cán bộ làm công tác "
        "thi đua, khen thưởng kiêm nhiệm, thay đổi."),
    "chi_dao": (
        "Ngay từ đầu năm, Ủy ban nhân dân phường tổ chức hội nghị phát động phong trào thi đua, ký kết giao ước "
        "thi đua giữa các khối; chỉ đạo các cơ quan, đơn vị xây dựng kế hoạch, đăng ký danh hiệu thi đua.\n"
        "Công tác tuyên truyền được thực hiện qua hệ thống loa truyền thanh, cổng thông tin điện tử và các hội "
        "nghị ở tổ dân phố."),
    "chi_tieu": (
        "Phần lớn các chỉ tiêu đạt và vượt kế hoạch, nổi bật là thu ngân sách và tỷ lệ dân số tham gia bảo hiểm "
        "y tế. Một số chỉ tiêu chưa đạt do tiến độ giải ngân vốn đầu tư công và giải quyết thủ tục hành chính "
        "còn chậm ở một số lĩnh vực."),
    "phong_trao": (
        "Các phong trào thi đua thường xuyên được duy trì; các đợt thi đua cao điểm chào mừng các ngày lễ lớn "
        "được tổ chức thiết thực.\n"
        "- Phong trào “Vì người nghèo - Không để ai bị bỏ lại phía sau” huy động được nhiều nguồn lực hỗ trợ "
        "hộ cận nghèo.\n"
        "- Phong trào “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở” tạo chuyển biến trong "
        "tác phong, lề lối làm việc."),
    "dien_hinh": (
        "Các đơn vị đã phát hiện, giới thiệu nhiều tập thể, cá nhân tiêu biểu; một số mô hình hay được nhân "
        "rộng như mô hình tổ dân phố không ma túy, mô hình thu gom, phân loại rác tại nguồn."),
    "khen_thuong": (
        "Công tác khen thưởng bảo đảm đúng đối tượng, tiêu chuẩn, quy trình; chú trọng khen thưởng người lao "
        "động trực tiếp, cá nhân nữ và các hộ gia đình có nhiều đóng góp cho địa phương."),
    "uu_diem": (
        "Phong trào thi đua được triển khai đồng bộ, gắn với nhiệm vụ chính trị của từng cơ quan, đơn vị.\n"
        "Nhiều chỉ tiêu kinh tế - xã hội đạt và vượt kế hoạch."),
    "han_che": (
        "Một số đơn vị chưa gửi báo cáo đúng hạn; việc chấm điểm, bình xét ở một số khối còn chậm.\n"
        "Nguyên nhân: một số cán bộ làm công tác thi đua kiêm nhiệm nhiều việc; việc theo dõi, đôn đốc chưa "
        "thường xuyên."),
    "bai_hoc": (
        "Phải có sự lãnh đạo, chỉ đạo sát sao của cấp ủy, chính quyền; nội dung thi đua gắn với nhiệm vụ cụ thể, "
        "có chỉ tiêu rõ ràng, đo được; khen thưởng kịp thời, công khai."),
    "phuong_huong": (
        "Tiếp tục đổi mới nội dung, hình thức tổ chức phong trào thi đua năm {next_year}; tập trung thi đua thực "
        "hiện các chỉ tiêu phát triển kinh tế - xã hội, giải phóng mặt bằng, chuyển đổi số.\n"
        "Nâng cao chất lượng bình xét, đề nghị khen thưởng; phát hiện và nhân rộng điển hình tiên tiến."),
    "de_xuat": (
        "Đề nghị Ban Thi đua, khen thưởng thành phố tiếp tục tập huấn nghiệp vụ cho cán bộ làm công tác thi đua, "
        "khen thưởng cấp xã sau sắp xếp."),
}


def populate(session: Session, campaign: Campaign, rng: random.Random, progress: Progress) -> str:
    values = {key: text.format(year=campaign.year, next_year=campaign.year + 1) for key, text in DRAFT.items()}
    yearend.save_narrative(session, campaign.id, values)
    _payment_signers(session)
    _disclosure(session, campaign)
    return f"nội dung báo cáo năm ({len(values)} phần)"


def _payment_signers(session: Session) -> None:
    """The payment list's preparer (a civil servant of the office in charge of
    emulation work) and chief accountant (the ward office's accountant), from
    the demo's people."""
    for key, unit, position in (("documents.payment_preparer", "Phòng Văn hóa - Xã hội", "Chuyên viên%"),
                                ("documents.chief_accountant", "Văn phòng HĐND và UBND phường", "Kế toán%")):
        name = session.scalar(select(Person.full_name).join(Unit, Person.unit_id == Unit.id)
                              .where(Unit.name == unit, Person.position.like(position)).order_by(Person.id).limit(1))
        if name:
            settings.set_value(session, key, name)


def _disclosure(session: Session, campaign: Campaign) -> None:
    """The council's result posted the day of the session, comments taken
    until the day before the first decision (Luật Thi đua, khen thưởng 2022,
    Điều 84 khoản 5)."""
    meeting = council.latest_session(session, campaign)
    signed = [d.signed_on for d in decisions.decisions(session, campaign)]
    if meeting is None or meeting.held_at is None or not signed:
        return
    posted, until = meeting.held_at.date(), min(signed) - dt.timedelta(days=1)
    if until >= posted:
        disclosure.set_posting(session, meeting.id, posted, until)
