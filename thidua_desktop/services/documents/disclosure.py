"""Danh sách công khai: the nominees the council passed, posted publicly
before the decision (Luật Thi đua, khen thưởng 2022, Điều 84 khoản 5), with
the posting period recorded on the council session, where it is posted and
where comments go; issued by the council (UBND PHƯỜNG … / HỘI ĐỒNG THI ĐUA -
KHEN THƯỞNG) on landscape pages, ready to post."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from ...domain import docformat as fmt
from ...errors import UserError
from ..awards import disclosure as posting_service
from ..awards import lists as award_lists
from .. import settings as settings_service
from . import common, content, skeleton
from .build import para
from .common import Options
from .ooxml import LANDSCAPE
from .proposal import _council_title
from .selection import chosen_meeting
from .styles import new_package
from .template import Block, Field

KIND = "disclosure"

FIELDS = common.fields(
    [Field("co_quan_chu_quan", "cơ quan chủ quản (UBND PHƯỜNG …)")],
    [f for f in common.HEADER_FIELDS if f.name != "so_ky_hieu"],
    [Field("can_cu_cong_khai", "căn cứ công khai và phiên họp Hội đồng"),
     Field("thoi_gian", "thời gian niêm yết, nhận ý kiến"),
     Field("noi_niem_yet", "nơi niêm yết công khai"),
     Field("noi_nhan_y_kien", "nơi nhận ý kiến phản ánh"),
     Field("danh_sach", "bảng danh sách được Hội đồng thông qua", block=True)],
    [f for f in common.SIGNATURE_FIELDS if f.name != "noi_nhan"],
    common.EXTRA_FIELDS,
)


def template(session: Session, options: Options):
    body = (
        skeleton.header(with_parent=True, page=LANDSCAPE, number=False)
        + skeleton.title("DANH SÁCH")
        + skeleton.body("{{can_cu_cong_khai}}")
        + skeleton.body("Thời gian niêm yết công khai và nhận ý kiến: {{thoi_gian}}. "
                        "Nơi niêm yết: {{noi_niem_yet}}.")
        + skeleton.body("Trong thời gian trên, ý kiến phản ánh về các tập thể, cá nhân, hộ gia đình có tên trong "
                        "danh sách xin gửi về {{noi_nhan_y_kien}} để tổng hợp, báo cáo Hội đồng trước khi trình "
                        "khen thưởng.")
        + para("{{danh_sach}}", "ND30Body")
        + para([], "ND30Body", keep_next=True)
        + skeleton.signature(recipients=False, page=LANDSCAPE)
    )
    return new_package(body, LANDSCAPE, title="Danh sách công khai", author="")


def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    meeting = chosen_meeting(session, campaign, options)
    if meeting is None:
        raise UserError("Chưa có phiên họp Hội đồng Thi đua - Khen thưởng nào, nên chưa có danh sách để công khai.")
    posting = posting_service.posting(session, meeting.id)
    warnings = posting_service.session_warnings(session, meeting.id)
    if not posting.recorded:
        warnings.insert(0, f"Chưa ghi ngày niêm yết và ngày hết hạn nhận ý kiến của {posting.label}: văn bản để "
                           "trống chỗ đó để ghi tay (thidua disclosure set --session "
                           f"{meeting.id} --posted NGÀY --until NGÀY).")
    day = options.date or posting.posted_on
    listing = award_lists.proposal_list(session, campaign, "passed", on=day)
    if not listing.count:
        warnings.append("Chưa có tập thể, cá nhân nào được Hội đồng thông qua để công khai.")
    summary = (f"Công khai các tập thể, cá nhân được {who.council_name} đề nghị khen thưởng năm {campaign.year}")
    council_lines = fmt.balanced_lines(fmt.upper(_council_title(who)), skeleton.issuer_width_pt(LANDSCAPE),
                                       fmt.SIZE_ISSUER)
    values = common.header_values(who, campaign, replace(options, date=day), "", summary,
                                  issuer_lines=council_lines)
    values["co_quan_chu_quan"] = f"UBND {fmt.upper(who.full_name)}"
    values["can_cu_cong_khai"] = (
        f"Thực hiện khoản 5 Điều 84 Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022, {who.council_name} "
        f"công khai danh sách các tập thể, cá nhân, hộ gia đình được Hội đồng thông qua tại {posting.label}, "
        "đề nghị khen thưởng (danh sách dưới đây)")
    values["thoi_gian"] = posting.period_text()
    values["noi_niem_yet"] = str(settings_service.get(session, "documents.disclosure_places")).rstrip(" .")
    values["noi_nhan_y_kien"] = (f"{who.staff_office} (cơ quan thường trực của Hội đồng)" if who.staff_office
                                 else f"thường trực {who.council_name}")
    notes = " ".join(s for s in listing.subheadings if s.startswith("("))
    values["danh_sach"] = Block((para(notes, "ND30AnnexNote") if notes else []) + content.list_table(listing))
    values["quyen_han_ky"] = "TM. HỘI ĐỒNG\nCHỦ TỊCH"
    values["nguoi_ky"] = meeting.chair_name or who.chair.name
    return common.Filled(values, campaign, "", day, warnings, title=f"Danh sách công khai năm {campaign.year}")
