"""Danh sách đề nghị khen thưởng / được khen thưởng: a landscape list with the
ward's header, in sections (tập thể, cá nhân, hộ gia đình), signed by the ward."""
from __future__ import annotations

from sqlalchemy.orm import Session

from . import common, content, skeleton
from .common import Options
from .ooxml import LANDSCAPE, para
from .records import load_awardees
from .selection import chosen_decision, decided, title_filter
from .styles import new_package
from .template import Block, Field

KIND = "nominations"

FIELDS = common.fields(
    [f for f in common.HEADER_FIELDS if f.name != "so_ky_hieu"],
    [Field("danh_sach", "bảng danh sách", block=True),
     Field("tong_hop", "dòng tổng hợp số lượng", required=False)],
    [f for f in common.SIGNATURE_FIELDS if f.name != "noi_nhan"],
    common.EXTRA_FIELDS,
)


def template(session: Session, options: Options):
    body = (
        skeleton.header(page=LANDSCAPE, number=False)
        + skeleton.title("DANH SÁCH")
        + para("{{danh_sach}}", "ND30Body")
        + para("{{tong_hop}}", "ND30Note")
        + para([], "ND30Body")
        + skeleton.signature(recipients=False, page=LANDSCAPE)
    )
    return new_package(body, LANDSCAPE, title="Danh sách khen thưởng", author="")


def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    warnings: list[str] = []
    decision = chosen_decision(session, campaign, options)
    if decision is not None:
        rows = decided(session, campaign, decision)
        summary = (f"Tập thể, cá nhân được khen thưởng theo Quyết định số {decision.number} "
                   f"ngày {decision.signed_on.day}/{decision.signed_on.month}/{decision.signed_on.year}")
        awarded = True
    elif options.awardees:
        rows = [a for a in load_awardees(session, campaign) if a.decision_id is not None]
        summary = f"Tập thể, cá nhân được khen thưởng năm {campaign.year}"
        awarded = True
        if not rows:
            warnings.append("Chưa có quyết định khen thưởng nào được ghi nhận trong chương trình.")
    else:
        rows = load_awardees(session, campaign)
        summary = f"Tập thể, cá nhân đề nghị khen thưởng năm {campaign.year}"
        awarded = False
    rows = title_filter(rows, options.title_code)
    if options.title_code and rows:
        summary += f" ({rows[0].title_name})"
    values = common.header_values(who, campaign, options, "", summary)
    values.update(common.signature_values(who, options, collective=True))
    if rows:
        layout = content.ListLayout(wide=True, prize=awarded and any(a.prize for a in rows))
        values["danh_sach"] = Block(content.award_table(rows, layout, sort=options.sort))
        values["tong_hop"] = f"Tổng số: {content.counts_phrase(rows)}."
    else:
        values["danh_sach"] = Block(content.bodies("Không có tập thể, cá nhân nào trong danh sách."))
        values["tong_hop"] = ""
        warnings.append("Danh sách không có tập thể, cá nhân nào.")
    return common.Filled(values, campaign, "", options.date, warnings,
                         title=("Danh sách được khen thưởng" if awarded else "Danh sách đề nghị khen thưởng")
                         + f" năm {campaign.year}")
