"""Danh sách đề nghị khen thưởng / được khen thưởng as a DOCX: the awards
area's list (the same rows, order and columns as its PDF and Excel) on
landscape pages with the ward's header, signed by the ward."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import UserError
from ..awards import lists as award_lists
from . import common, content, skeleton
from .common import Options
from .build import para
from .ooxml import LANDSCAPE
from .selection import chosen_decision, titles_for
from .styles import new_package
from .template import Block, Field

KIND = "nominations"
STAGES = award_lists.STAGES  # all / eligible / passed

FIELDS = common.fields(
    [f for f in common.HEADER_FIELDS if f.name != "so_ky_hieu"],
    [Field("danh_sach", "bảng danh sách và dòng tổng cộng", block=True)],
    [f for f in common.SIGNATURE_FIELDS if f.name != "noi_nhan"],
    common.EXTRA_FIELDS,
)


def template(session: Session, options: Options):
    body = (
        skeleton.header(page=LANDSCAPE, number=False)
        + skeleton.title("DANH SÁCH")
        + para("{{danh_sach}}", "ND30Body")
        + para([], "ND30Body")
        + skeleton.signature(recipients=False, page=LANDSCAPE)
    )
    return new_package(body, LANDSCAPE, title="Danh sách khen thưởng", author="")


def award_list(session: Session, options: Options, campaign) -> tuple[award_lists.AwardList, list[str]]:
    """The awards area's list the options ask for, and what to warn about."""
    warnings: list[str] = []
    if options.awardees or options.decision_id:
        decision = chosen_decision(session, campaign, options)
        if decision is None:
            raise UserError("Chưa có quyết định khen thưởng nào được ghi nhận, nên chưa có danh sách được khen "
                            "thưởng; có thể in danh sách đề nghị.")
        return award_lists.awardee_list(session, decision.id), warnings
    stage = options.stage or "all"
    if stage not in STAGES:
        raise UserError(f"Không có loại danh sách “{stage}”; chọn: {', '.join(STAGES)}.")
    ids = [t.id for t in titles_for(session, None, options.title_code)] if options.title_code else None
    result = award_lists.proposal_list(session, campaign, stage, ids, on=options.date)
    if not result.count:
        warnings.append("Danh sách không có tập thể, cá nhân nào.")
    return result, warnings


def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    chosen, warnings = award_list(session, options, campaign)
    words = [s for s in chosen.subheadings if not s.startswith("(")]
    kind = "được khen thưởng" if chosen.kind == "awardees" else "đề nghị khen thưởng"
    summary = " ".join(words) or f"Tập thể, cá nhân {kind} năm {campaign.year}"
    values = common.header_values(who, campaign, options, "", summary)
    values.update(common.signature_values(who, options, collective=True))
    notes = " ".join(s for s in chosen.subheadings if s.startswith("("))
    values["danh_sach"] = Block((para(notes, "ND30AnnexNote") if notes else []) + content.list_table(chosen))
    return common.Filled(values, campaign, "", options.date, warnings,
                         title=f"Danh sách {kind} năm {campaign.year}")
