"""Biên bản họp Hội đồng Thi đua - Khen thưởng (NĐ 30/2020, mẫu 1.9): time,
place, members present and absent, chair and secretary, the votes per nominee
under each title's threshold, the result, and the two signatures."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from ...domain import award_order
from ...domain import council as council_rules
from ...domain import docformat as fmt
from ...domain.council import VoteResult
from ...storage.models import AwardTitle
from ..awards import catalogue as awards
from ..awards.nominations import NominationRow
from . import common, content, records, skeleton
from .common import Issuer, Options
from .build import Column, Content, GroupRow, Run, para, table
from .ooxml import PORTRAIT
from .records import Meeting
from .selection import chosen_meeting
from .styles import new_package
from .template import Block, Field

KIND = "minutes"

FIELDS = common.fields(
    [Field("co_quan_chu_quan", "cơ quan chủ quản (UBND PHƯỜNG …)")],
    common.HEADER_FIELDS,
    [Field("thoi_gian_bat_dau", "giờ, ngày bắt đầu cuộc họp"),
     Field("dia_diem", "địa điểm họp"),
     Field("thanh_phan", "thành phần: thành viên có mặt, vắng mặt", block=True),
     Field("chu_tri", "người chủ trì"),
     Field("thu_ky", "thư ký"),
     Field("noi_dung", "diễn biến và kết quả biểu quyết", block=True),
     Field("ket_luan", "kết luận của Hội đồng", block=True),
     Field("thoi_gian_ket_thuc", "giờ kết thúc"),
     Field("ten_chu_toa", "họ tên chủ tọa (ký)"),
     Field("ten_thu_ky", "họ tên thư ký (ký)")],
    common.EXTRA_FIELDS,
)


def template(session: Session, options: Options):
    def label(text: str, rest: str) -> Content:  # a heading line stays with what follows it
        return para([Run(text, bold=True), rest], "ND30Body", keep_next=not rest)

    body = (
        skeleton.header(with_parent=True)
        + skeleton.title("BIÊN BẢN")
        + label("Thời gian bắt đầu: ", "{{thoi_gian_bat_dau}}.")
        + label("Địa điểm: ", "{{dia_diem}}.")
        + label("Thành phần tham dự:", "")
        + para("{{thanh_phan}}", "ND30Body")
        + label("Chủ trì: ", "{{chu_tri}}.")
        + label("Thư ký: ", "{{thu_ky}}.")
        + label("Nội dung:", "")
        + para("{{noi_dung}}", "ND30Body")
        + label("Kết luận:", "")
        + para("{{ket_luan}}", "ND30Body")
        + skeleton.closing("Cuộc họp kết thúc vào {{thoi_gian_ket_thuc}}; biên bản đã được đọc lại cho các thành viên "
                           "dự họp cùng nghe và nhất trí./.")
        + skeleton.two_signatures("THƯ KÝ", "{{ten_thu_ky}}", "CHỦ TỌA", "{{ten_chu_toa}}")
    )
    return new_package(body, PORTRAIT, title="Biên bản họp Hội đồng Thi đua - Khen thưởng", author="")


def time_text(value: dt.datetime | None) -> str:
    """``08 giờ 00 phút, ngày 10 tháng 12 năm 2026``."""
    if value is None:
        return "… giờ … phút, ngày … tháng … năm …"
    return f"{value.hour:02d} giờ {value.minute:02d} phút, {fmt.document_date(value.date())}"


def _person(name: str, role: str) -> str:
    return f"{name} - {role}" if role else name


def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    meeting = chosen_meeting(session, campaign, options)
    warnings: list[str] = []
    council = who.council_name
    council_short = council[: -len(" phường")] if council.lower().endswith(" phường") else council
    lines = fmt.balanced_lines(fmt.upper(council_short), skeleton.issuer_width_pt(), fmt.SIZE_ISSUER)
    summary = f"Họp {council} xét khen thưởng năm {campaign.year}"
    day = options.date or (meeting.day if meeting else None)
    number = options.number or (meeting.number if meeting else "")
    doc_options = replace(options, number=number, date=day)
    values = common.header_values(who, campaign, doc_options, who.symbol("BB"), summary, issuer_lines=lines)
    values["co_quan_chu_quan"] = f"UBND {fmt.upper(who.full_name)}"
    if meeting is None:
        warnings.append("Chưa có phiên họp Hội đồng nào được ghi nhận trong chương trình.")
        none = "(chưa ghi nhận phiên họp Hội đồng trong chương trình)"
        values.update({
            "thoi_gian_bat_dau": time_text(None), "dia_diem": "(chưa ghi)", "chu_tri": "(chưa ghi)", "thu_ky": "(chưa ghi)",
            "thanh_phan": Block(content.bodies(f"Chưa có danh sách thành viên {none}.")),
            "noi_dung": Block(content.bodies(f"Chưa có kết quả biểu quyết {none}.")),
            "ket_luan": Block(content.bodies(f"Chưa có kết luận {none}.")),
            "thoi_gian_ket_thuc": "… giờ … phút", "ten_chu_toa": "", "ten_thu_ky": ""})
        return common.Filled(values, campaign, values["so_ky_hieu"], day, warnings,
                             title=f"Biên bản họp Hội đồng năm {campaign.year}")
    if not meeting.place:
        warnings.append("Phiên họp chưa ghi địa điểm.")
    values["thoi_gian_bat_dau"] = time_text(meeting.held_at)
    values["dia_diem"] = meeting.place or "(chưa ghi)"
    values["thanh_phan"] = Block(_attendance(meeting))
    chair_role = next((r for n, r, _ in meeting.members if n == meeting.chair_name), "")
    secretary_role = next((r for n, r, _ in meeting.members if n == meeting.secretary_name), "")
    values["chu_tri"] = _person(meeting.chair_name, chair_role) if meeting.chair_name else "(chưa ghi)"
    values["thu_ky"] = _person(meeting.secretary_name, secretary_role) if meeting.secretary_name else "(chưa ghi)"
    if not meeting.chair_name or not meeting.secretary_name:
        warnings.append("Phiên họp chưa ghi người chủ trì hoặc thư ký.")
    title_map = records.titles(session)
    every = {r.id: r for r in records.rows(session, campaign)}
    results = records.session_votes(session, meeting, every, title_map)
    voted = [every[i] for i in results]
    values["noi_dung"] = Block(_proceedings(who, voted, results, title_map))
    values["ket_luan"] = Block(_conclusion(who, meeting, voted, results, title_map))
    if meeting.ended_at is not None:
        same_day = meeting.held_at is not None and meeting.ended_at.date() == meeting.held_at.date()
        values["thoi_gian_ket_thuc"] = (f"{meeting.ended_at.hour:02d} giờ {meeting.ended_at.minute:02d} phút"
                                        + (" cùng ngày" if same_day else f", {fmt.document_date(meeting.ended_at.date())}"))
    else:
        values["thoi_gian_ket_thuc"] = "… giờ … phút cùng ngày"
        warnings.append("Phiên họp chưa ghi giờ kết thúc.")
    values["ten_chu_toa"] = meeting.chair_name
    values["ten_thu_ky"] = meeting.secretary_name
    return common.Filled(values, campaign, values["so_ky_hieu"], day, warnings,
                         title=f"Biên bản họp Hội đồng năm {campaign.year}",
                         recorded=fmt.document_number(meeting.number, who.symbol("BB")) if meeting.number else "")


def _attendance(meeting: Meeting) -> Content:
    total = meeting.attendance.total
    lines = [f"Tổng số thành viên Hội đồng: {total}; có mặt: {len(meeting.present)}; vắng mặt: "
             f"{total - len(meeting.present)}"
             + (f" (trong đó {len(meeting.written)} thành viên gửi ý kiến bằng văn bản)." if meeting.written else ".")]
    if meeting.present:
        lines.append("Thành viên có mặt:")
        lines += [f"{n}. {_person(name, role)}" for n, (name, role) in enumerate(meeting.present, start=1)]
    if meeting.written:
        lines.append("Thành viên vắng mặt, có ý kiến bằng văn bản:")
        lines += [f"{n}. {_person(name, role)}" for n, (name, role) in enumerate(meeting.written, start=1)]
    if meeting.absent:
        lines.append("Thành viên vắng mặt:")
        lines += [f"{n}. {_person(name, role)}" for n, (name, role) in enumerate(meeting.absent, start=1)]
    return content.bodies(*lines)


def _proceedings(who: Issuer, rows: list[NominationRow], results: dict[int, VoteResult],
                 title_map: dict[int, AwardTitle]) -> Content:
    if not rows:
        return content.bodies(f"{who.council_name} đã xem xét hồ sơ đề nghị khen thưởng; chưa có kết quả biểu quyết "
                              "nào được ghi nhận tại phiên họp này.")
    intro = (f"{who.council_name} đã nghe báo cáo tổng hợp hồ sơ đề nghị khen thưởng, thảo luận và biểu quyết "
             f"đối với {content.counts_phrase(rows)}. Tỷ lệ phiếu đồng ý tính theo căn cứ ghi ở từng hình thức, "
             "danh hiệu. Kết quả như sau:")
    columns = [Column("TT", 10, "center"), Column("Họ và tên / Tên tập thể", 44), Column("Chức vụ, đơn vị, địa chỉ", 47),
               Column("Số phiếu đồng ý", 20, "center"), Column("Tỷ lệ", 20, "center"),  # “77,78%” on one line
               Column("Kết quả", 24, "center")]
    table_rows: list = []
    for title_id, members in _by_title(rows).items():
        title = title_map[title_id]
        table_rows.append(GroupRow(f"{title.name} (cần {awards.threshold(title).text()})"))
        for n, r in enumerate(members, start=1):
            result = results[r.id]
            share = council_rules.share_text(result.share)
            table_rows.append([n, r.name, r.where, f"{result.agree}/{result.denominator}", share,
                               "Đạt" if result.passed else "Không đạt"])
    return content.bodies(intro) + table(columns, table_rows)


def _by_title(rows: list[NominationRow]) -> dict[int, list[NominationRow]]:
    """Title by title as the Council voted; inside a title the order of the
    printed lists and of the decision's numbers (``domain.award_order``), not
    the order the votes were typed in."""
    return award_order.by_title(rows)


def _conclusion(who: Issuer, meeting: Meeting, rows: list[NominationRow], results: dict[int, VoteResult],
                title_map: dict[int, AwardTitle]) -> Content:
    if meeting.conclusion.strip():
        return content.narrative(meeting.conclusion)
    passed = [r for r in rows if results[r.id].passed]
    failed = [r for r in rows if not results[r.id].passed]
    if not passed:
        return content.bodies("Không có tập thể, cá nhân nào đạt số phiếu cần thiết.")
    groups = _by_title(passed)
    ward = [v for k, v in groups.items() if title_map[k].level == "ward"]
    city = [v for k, v in groups.items() if title_map[k].level != "ward"]
    lines = []
    if ward:
        lines.append(f"Hội đồng thống nhất đề nghị {who.chairman_of} quyết định:")
        lines += [f"- Tặng {_thing(title_map[v[0].title_id])} cho {content.counts_phrase(v)};" for v in ward]
    if city:
        lines.append("Hội đồng thống nhất đề nghị cấp trên khen thưởng:")
        lines += [f"- {_thing(title_map[v[0].title_id], capital=True)}: {content.counts_phrase(v)};" for v in city]
    lines[-1] = lines[-1].rstrip(";") + "."
    if failed:
        lines.append(f"{content.counts_phrase(failed)[:1].upper()}{content.counts_phrase(failed)[1:]} "
                     "không đạt số phiếu cần thiết.")
    return content.bodies(*lines)


def _thing(title: AwardTitle, capital: bool = False) -> str:
    text = f"danh hiệu {fmt.quoted_title(title.name)}" if title.kind == "title" else title.name
    return text[:1].upper() + text[1:] if capital else text
