"""Biên bản họp Hội đồng Thi đua - Khen thưởng (NĐ 30/2020, mẫu 1.9): time,
place, members present and absent, chair and secretary, the votes per nominee
under each title's threshold, the result, and the two signatures."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import replace

from sqlalchemy.orm import Session

from ...domain import docformat as fmt
from . import common, content, skeleton
from .common import Issuer, Options
from .ooxml import PORTRAIT, Column, GroupRow, Run, para, table_xml
from .records import Awardee, Meeting, load_awardees, tally
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
    label = lambda text, rest: para([Run(text, bold=True), rest], "ND30Body")  # noqa: E731
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
    day = options.date or (meeting.held_at.date() if meeting and meeting.held_at else None)
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
    rows = [a for a in load_awardees(session, campaign) if meeting.id in a.votes]
    tallied = tally(session, rows, meeting)
    values["noi_dung"] = Block(_proceedings(who, meeting, rows, tallied))
    values["ket_luan"] = Block(_conclusion(who, meeting, tallied))
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
                         title=f"Biên bản họp Hội đồng năm {campaign.year}")


def _attendance(meeting: Meeting) -> str:
    lines = [f"Tổng số thành viên Hội đồng: {meeting.total}; có mặt: {len(meeting.present)}; vắng mặt: "
             f"{meeting.total - len(meeting.present)}"
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


def _proceedings(who: Issuer, meeting: Meeting, rows: list[Awardee], tallied) -> str:
    if not rows:
        return content.bodies(f"{who.council_name} đã xem xét hồ sơ đề nghị khen thưởng; chưa có kết quả biểu quyết "
                              "nào được ghi nhận tại phiên họp này.")
    intro = (f"{who.council_name} đã nghe báo cáo tổng hợp hồ sơ đề nghị khen thưởng năm, thảo luận và biểu quyết "
             f"đối với {content.counts_phrase(rows)}. Tỷ lệ phiếu đồng ý tính theo số thành viên ghi ở từng "
             "hình thức, danh hiệu. Kết quả như sau:")
    columns = [Column("TT", 10, "center"), Column("Họ và tên / Tên tập thể", 47), Column("Đơn vị, địa chỉ", 40),
               Column("Số phiếu đồng ý", 22, "center"), Column("Tỷ lệ", 20, "center"),
               Column("Kết quả", 26, "center")]
    table_rows: list = []
    groups: OrderedDict[str, list[Awardee]] = OrderedDict()
    for a in sorted(rows, key=lambda a: a.sort_key()):
        groups.setdefault(a.title_name, []).append(a)
    for name, members in groups.items():
        threshold = next((tallied.results[a.id] for a in members if a.id in tallied.results), None)
        need = ""
        if threshold is not None:
            need = threshold.text.split("cần ", 1)[-1].rstrip(")")
        table_rows.append(GroupRow(f"{name}" + (f" (cần {need})" if need else "")))
        for n, a in enumerate(members, start=1):
            result = tallied.results.get(a.id)
            if result is None:
                table_rows.append([n, a.name, a.where, "", "", "Không cần biểu quyết" if a in tallied.passed
                                   else "Chưa biểu quyết"])
                continue
            table_rows.append([n, a.name, a.where, f"{result.agree}/{result.denominator}",
                               content.share(result.agree, result.denominator),
                               "Đạt" if result.passed else "Không đạt"])
    return content.bodies(intro) + table_xml(columns, table_rows)


def _conclusion(who: Issuer, meeting: Meeting, tallied) -> str:
    if meeting.conclusion.strip():
        return content.narrative(meeting.conclusion)
    if not tallied.passed:
        return content.bodies("Không có tập thể, cá nhân nào đạt số phiếu cần thiết.")
    groups: OrderedDict[tuple[str, str], list[Awardee]] = OrderedDict()
    for a in tallied.passed:
        groups.setdefault((a.title_level, a.title_name), []).append(a)
    lines = []
    ward = [(k, v) for k, v in groups.items() if k[0] == "ward"]
    city = [(k, v) for k, v in groups.items() if k[0] != "ward"]
    if ward:
        lines.append(f"Hội đồng thống nhất đề nghị {who.chairman_of} quyết định:")
        lines += [f"- Tặng {_thing(v[0])} cho {content.counts_phrase(v)};" for _, v in ward]
    if city:
        lines.append("Hội đồng thống nhất đề nghị cấp trên khen thưởng:")
        lines += [f"- {_thing(v[0])[0].upper()}{_thing(v[0])[1:]}: {content.counts_phrase(v)};" for _, v in city]
    lines[-1] = lines[-1].rstrip(";") + "."
    if tallied.failed:
        lines.append(f"{content.counts_phrase(tallied.failed)} không đạt số phiếu cần thiết.")
    return content.bodies(*lines)


def _thing(a: Awardee) -> str:
    return f"danh hiệu {fmt.quoted_title(a.title_name)}" if a.title_kind == "title" else a.title_name
