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

from ...storage.models import Campaign, Nomination, Person, Unit
from .. import settings
from ..awards import achievements, council, decisions, disclosure
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


# The báo cáo sơ kết of the demo's "6t" period (its own parts, beside the year-end report's).
INTERIM_PERIOD = "6t"
INTERIM_DRAFT = {
    "tinh_hinh": (
        "Sáu tháng đầu năm {year}, phường triển khai nhiệm vụ trong điều kiện bộ máy chính quyền hai cấp mới đi "
        "vào hoạt động; khối lượng công việc giải phóng mặt bằng lớn, một số đơn vị mới sắp xếp, kiện toàn."),
    "chi_dao": (
        "Ủy ban nhân dân phường tổ chức hội nghị phát động phong trào thi đua, ký kết giao ước thi đua giữa các "
        "khối; hướng dẫn các cơ quan, đơn vị đăng ký danh hiệu thi đua và báo cáo kết quả 6 tháng."),
    "chi_tieu": (
        "Chỉ tiêu tuyển quân hoàn thành ngay từ quý I. Thu ngân sách mới đạt gần một nửa mức tăng kế hoạch năm; "
        "tỷ lệ tham gia bảo hiểm y tế còn thấp hơn kế hoạch; nhiều chỉ tiêu chưa có số liệu toàn phường."),
    "phong_trao": (
        "Các đợt thi đua cao điểm chào mừng các ngày lễ lớn được tổ chức thiết thực; phong trào “Vì người nghèo - "
        "Không để ai bị bỏ lại phía sau” tiếp tục huy động nhiều nguồn lực."),
    "dien_hinh": "Các đơn vị bước đầu phát hiện, giới thiệu các tập thể, cá nhân tiêu biểu để bồi dưỡng.",
    "khen_thuong": ("Trong kỳ, công tác khen thưởng tập trung rà soát đăng ký danh hiệu thi đua, hướng dẫn hồ sơ "
                    "đề nghị khen thưởng cuối năm."),
    "uu_diem": "Phong trào thi đua được triển khai sớm, gắn với nhiệm vụ chính trị của từng đơn vị.",
    "han_che": (
        "Một số đơn vị gửi báo cáo 6 tháng trễ hạn hoặc chưa gửi; số liệu của một số chỉ tiêu chưa được tổng hợp "
        "kịp thời.\nNguyên nhân: cán bộ làm công tác thi đua kiêm nhiệm; việc đôn đốc chưa thường xuyên."),
    "bai_hoc": "Giao chỉ tiêu rõ ràng, đo được; theo dõi, đôn đốc số liệu hằng tháng.",
    "phuong_huong": (
        "Đẩy nhanh tiến độ thu ngân sách, giải ngân vốn đầu tư công, phát triển bảo hiểm y tế, bảo hiểm xã hội.\n"
        "Chuẩn bị tổng kết phong trào thi đua năm {year}, bình xét khen thưởng đúng quy trình."),
    "de_xuat": "Đề nghị thành phố hướng dẫn thống nhất cách tổng hợp số liệu các chỉ tiêu theo kỳ sơ kết.",
}


def populate(session: Session, campaign: Campaign, rng: random.Random, progress: Progress) -> str:
    values = {key: text.format(year=campaign.year, next_year=campaign.year + 1) for key, text in DRAFT.items()}
    yearend.save_narrative(session, campaign.id, values)
    yearend.save_narrative(session, campaign.id, {k: t.format(year=campaign.year) for k, t in INTERIM_DRAFT.items()},
                           INTERIM_PERIOD)
    _payment_signers(session)
    _disclosure(session, campaign)
    _achievement_texts(session, campaign, rng)
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


ACHIEVEMENT_DRAFT = {
    "nhiem_vu": (
        "Là {position} của {unit}, được giao tham mưu, tổ chức thực hiện các nhiệm vụ chuyên môn theo kế hoạch "
        "công tác năm {year}; trực tiếp theo dõi, tổng hợp, báo cáo kết quả thực hiện các chỉ tiêu được giao.",
        "Đảm nhận nhiệm vụ {position} tại {unit}; phụ trách công tác chuyên môn, tham gia các phong trào thi đua "
        "và hoạt động đoàn thể của đơn vị."),
    "dac_diem": (
        "{unit} có {staff} cán bộ, công chức, người lao động; thực hiện chức năng, nhiệm vụ theo quy định, chịu sự "
        "chỉ đạo trực tiếp của Ủy ban nhân dân phường.\nThuận lợi: nội bộ đoàn kết, được sự quan tâm chỉ đạo của "
        "Đảng ủy, Ủy ban nhân dân phường. Khó khăn: khối lượng công việc lớn, một số cán bộ kiêm nhiệm.",),
    "thanh_tich": (
        "- Hoàn thành các chỉ tiêu, nhiệm vụ được giao năm {year} đúng tiến độ, bảo đảm chất lượng.\n"
        "- Tích cực hưởng ứng các phong trào thi đua do phường phát động; gương mẫu chấp hành chủ trương của Đảng, "
        "chính sách, pháp luật của Nhà nước.",
        "- Chủ động đề xuất, áp dụng cách làm mới, góp phần nâng cao hiệu quả công việc.\n"
        "- Tham gia tích cực các hoạt động xã hội, từ thiện, nhân đạo ở địa phương."),
}


def _achievement_texts(session: Session, campaign: Campaign, rng: random.Random) -> None:
    """A draft of each nominee's written parts of the báo cáo thành tích."""
    for n in session.scalars(select(Nomination).where(Nomination.campaign_id == campaign.id)):
        person = session.get(Person, n.person_id) if n.person_id else None
        unit = session.get(Unit, n.unit_id) if n.unit_id else (person.unit if person else None)
        words = {"year": campaign.year, "position": (person.position if person else "").lower() or "cán bộ",
                 "unit": unit.name if unit else "phường", "staff": unit.staff_count or "các" if unit else "các"}
        n.achievement_text = {part: rng.choice(ACHIEVEMENT_DRAFT[part]).format(**words)
                              for part in achievements.PARTS_OF[n.subject]}
