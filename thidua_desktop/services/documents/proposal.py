"""Tờ trình đề nghị khen thưởng, with the list of nominees attached.

Two cases (the ``level`` option):
- ``ward``: the council (Hội đồng Thi đua - Khen thưởng, using the ward's seal
  and its own number series) submits to the ward chairman the nominations it
  passed for the titles the chairman gives (Giấy khen, Lao động tiên tiến…);
- ``city``: the People's Committee proposes to the city the titles only the
  city gives.
"""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from ...domain import docformat as fmt
from ..awards import lists as award_lists
from .. import settings as settings_service
from ..awards.nominations import NominationRow
from . import common, content, records, skeleton
from .common import Issuer, Options
from .build import Content, para, paras
from .ooxml import PORTRAIT
from .selection import chosen_decision, chosen_meeting, passed, titles_for
from .styles import new_package
from .template import Block, Field

KIND = "proposal"

FIELDS = common.fields(
    [Field("co_quan_chu_quan", "cơ quan cấp trên của cơ quan trình (để trống khi Ủy ban nhân dân trình)")],
    common.HEADER_FIELDS,
    [Field("kinh_gui", "người có thẩm quyền quyết định (Kính gửi)", block=True),
     Field("can_cu", "các căn cứ", block=True),
     Field("co_quan_trinh", "cơ quan trình, viết thường"),
     Field("nguoi_quyet_dinh", "người có thẩm quyền quyết định, viết thường"),
     Field("tong_so", "số tập thể, cá nhân được đề nghị"),
     Field("chi_tiet_de_nghi", "số lượng đề nghị theo từng hình thức, danh hiệu", block=True),
     Field("danh_sach", "danh sách kèm theo (trang ngang)", block=True)],
    common.SIGNATURE_FIELDS,
    common.EXTRA_FIELDS,
)

RECIPIENTS = ["Như trên"]


def template(session: Session, options: Options):
    body = (
        skeleton.header(with_parent=True)
        + skeleton.title("TỜ TRÌNH")
        + para("{{kinh_gui}}", "ND30Addressee")
        + skeleton.body("{{can_cu}}")
        + skeleton.body("Căn cứ kết quả bình xét thi đua năm {{nam}}, {{co_quan_trinh}} kính đề nghị "
                        "{{nguoi_quyet_dinh}} xem xét, quyết định khen thưởng cho {{tong_so}} có thành tích "
                        "xuất sắc trong phong trào thi đua năm {{nam}}, cụ thể như sau:")
        + skeleton.body("{{chi_tiet_de_nghi}}")
        + skeleton.body("(Có danh sách và báo cáo thành tích kèm theo).")
        + skeleton.closing("Kính trình {{nguoi_quyet_dinh}} xem xét, quyết định./.")
        + skeleton.signature()
        + para("{{danh_sach}}", "ND30Body")
    )
    return new_package(body, PORTRAIT, title="Tờ trình đề nghị khen thưởng", author="")


def _give(row: NominationRow, kinds: dict[int, str]) -> str:
    return (f"tặng danh hiệu {fmt.quoted_title(row.title_name)}" if kinds.get(row.title_id) == "title"
            else f"tặng {row.title_name}")


def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    level = options.level or "ward"
    title_map = records.titles(session)
    kinds = {i: t.kind for i, t in title_map.items()}
    meeting = chosen_meeting(session, campaign, options)
    forwarded = chosen_decision(session, campaign, options, city=True) if level == "city" else None
    warnings: list[str] = []
    number, day = options.number, options.date
    awarded = None
    if forwarded is not None:
        awarded = records.decision_rows(session, campaign, forwarded.id)  # built once: the text and the list
        rows = [r for r in awarded if r.active]
        number, day = forwarded.number, forwarded.signed_on
    else:
        chosen = passed(session, campaign, [t.id for t in titles_for(session, level, options.title_code)])
        rows = chosen.rows
        warnings += chosen.notes
        if level == "city":
            warnings.append("Chưa ghi nhận tờ trình đề nghị thành phố trong trang Khen thưởng: văn bản này là dự "
                            "thảo từ danh sách đã qua Hội đồng.")
    if not rows:
        warnings.append("Không có tập thể, cá nhân nào đủ điều kiện để đưa vào tờ trình.")
    year = campaign.year
    names = list(dict.fromkeys(r.title_name for r in rows))
    forms = _give(rows[0], kinds) if len(names) == 1 else "khen thưởng"
    subjects = content.subjects_of([title_map[i] for i in {r.title_id for r in rows}], rows)
    summary = (f"Về việc đề nghị {forms} cho {content.subjects_phrase(subjects)} có thành tích xuất sắc "
               f"trong phong trào thi đua năm {year}")
    doc_options = replace(options, number=number or "", date=day)
    if level == "ward":
        symbol = who.council_symbol("TTr")
        council_lines = fmt.balanced_lines(fmt.upper(_council_title(who)), skeleton.issuer_width_pt(),
                                           fmt.SIZE_ISSUER)
        values = common.header_values(who, campaign, doc_options, symbol, summary, issuer_lines=council_lines)
        values["co_quan_chu_quan"] = f"UBND {fmt.upper(who.full_name)}"
        decider = who.chairman_of
        submitter = who.council_name if "phường" in who.council_name.lower() else f"{who.council_name} phường"
        values["quyen_han_ky"] = "TM. HỘI ĐỒNG\nCHỦ TỊCH"
        if options.deputy:
            warnings.append("Tờ trình của Hội đồng do Chủ tịch Hội đồng ký (TM. HỘI ĐỒNG), không có Phó Chủ tịch ký "
                            "thay: bỏ qua lựa chọn Phó Chủ tịch ký.")
        values["nguoi_ky"] = meeting.chair_name if meeting and meeting.chair_name else who.chair.name
        addressees = [decider]
    else:
        values = common.header_values(who, campaign, doc_options, who.symbol("TTr"), summary)
        values["co_quan_chu_quan"] = ""
        values.update(common.signature_values(who, doc_options, collective=True))
        configured = settings_service.get(session, "documents.city_addressee")
        decider = f"Chủ tịch Ủy ban nhân dân {who.parent_city or 'thành phố'}"
        addressees = [configured] if configured else [
            decider + (f" (qua {who.addressee})" if who.addressee else "")]
        submitter = who.authority
    values["kinh_gui"] = Block(paras(fmt.addressee_lines(addressees), "ND30Addressee"))
    values["co_quan_trinh"] = submitter
    values["nguoi_quyet_dinh"] = decider
    values["tong_so"] = content.counts_phrase(rows)
    warnings += [w for w in [common.plan_missing(campaign)] if w]
    values["can_cu"] = Block(content.bodies(*_bases(who, campaign, meeting)))
    values["chi_tiet_de_nghi"] = Block(_details(rows, kinds))
    values["noi_nhan"] = common.recipients_block(
        common.recipients_setting(session, KIND, RECIPIENTS), who.archive)
    attached = f"Tờ trình số {values['so_ky_hieu']} {common.dated(day, year)}"
    if forwarded is not None:
        award_list = award_lists.awardee_list(session, forwarded.id, awarded)
    else:
        ids = sorted({r.title_id for r in rows}) or [t.id for t in titles_for(session, level, options.title_code)]
        award_list = award_lists.proposal_list(session, campaign, "passed", ids, attached_to=attached, on=day)
    values["danh_sach"] = Block(content.list_heading(award_list) + content.list_table(award_list), landscape=True)
    return common.Filled(values, campaign, values["so_ky_hieu"], day, warnings,
                         title=f"Tờ trình đề nghị khen thưởng năm {year}",
                         recorded=forwarded.number if forwarded is not None else "")


def _council_title(who: Issuer) -> str:
    name = who.council_name
    return name[: -len(" phường")] if name.lower().endswith(" phường") else name


def _bases(who: Issuer, campaign, meeting) -> list[str]:
    lines = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
             "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
             "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số "
             "điều của Luật Thi đua, khen thưởng"]
    lines.append(common.plan_basis(who, campaign))
    lines.append(common.minutes_basis(who, meeting) or "")
    return fmt.basis_lines(lines)


def _details(rows: list[NominationRow], kinds: dict[int, str]) -> Content:
    groups: dict[str, list[NominationRow]] = {}
    for r in rows:
        groups.setdefault(r.title_name, []).append(r)
    lines = []
    items = list(groups.values())
    for n, members in enumerate(items, start=1):
        give = _give(members[0], kinds)
        end = "." if n == len(items) else ";"
        lines.append(f"{n}. {give[0].upper()}{give[1:]}: {content.counts_phrase(members)}{end}")
    return content.bodies(*lines) if lines else content.bodies("(Không có đề nghị nào.)")
