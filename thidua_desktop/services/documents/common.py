"""What every document shares: who issues it, its number and date, who signs,
where it goes, and the fields the header and signature carry."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from ...domain import docformat as fmt
from ...domain.text import clean
from ...errors import UserError
from ...storage import atomic
from ...storage.models import Campaign, Ward
from .. import plan
from .. import settings as settings_service
from .build import paras
from .template import Block, Field


@dataclass
class Options:
    """What the clerk chooses when generating a document.

    ``number``: the number (``5``) or the full number and symbol
    (``125/QĐ-UBND``); empty leaves it blank for the registry clerk.
    ``date``: the document's date; ``None`` leaves day and month blank."""

    year: int | None = None
    number: str = ""
    date: dt.date | None = None
    deputy: bool = False  # a vice-chairman signs (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)
    decision_id: int | None = None
    session_id: int | None = None
    title_code: str = ""  # one award title (decision draft, lists)
    awardees: bool = False  # lists: those awarded rather than those proposed
    stage: str = ""  # lists of proposals: all / eligible / passed (the awards area's stages)
    level: str = ""  # tờ trình: "ward" (to the chairman) or "city" (proposed upward)
    test_page: bool = False  # certificates: the printer calibration page
    nomination_id: int | None = None  # achievement reports: one nominee (else all, of title_code)
    period_code: str = ""  # year-end report: an interim period's code makes it the báo cáo sơ kết

    def __post_init__(self) -> None:
        problem = fmt.number_problem(self.number)
        if problem:  # refused before anything is generated, written or registered
            raise UserError(problem + " Chưa có gì được ghi.")


@dataclass
class Issuer:
    """The ward as documents name it (from the Settings page)."""

    name: str
    full_name: str
    authority: str
    parent_city: str
    place: str
    chair: fmt.Signer
    deputy: fmt.Signer | None
    collective: str  # "TM. ỦY BAN NHÂN DÂN"
    staff_office: str
    staff_short: str
    council_name: str
    addressee: str
    symbols: dict[str, str]
    address: str = ""
    phone: str = ""
    email: str = ""

    @property
    def lines(self) -> list[str]:
        return fmt.issuer_lines(self.authority, self.full_name)

    def symbol(self, key: str) -> str:
        return clean(self.symbols.get(key, "")) or _DEFAULT_SYMBOLS.get(key, key)

    def council_symbol(self, prefix: str) -> str:
        """The council's own series: ``TTr-HĐTĐKT`` beside ``BB-HĐTĐKT``."""
        _, _, suffix = self.symbol("BB").partition("-")
        return f"{prefix}-{suffix or 'HĐTĐKT'}"

    def signer(self, deputy: bool) -> fmt.Signer:
        """The chairman, or the vice-chairman when asked; asking for a deputy
        the Settings do not name is refused (never the chairman in his place)."""
        if not deputy:
            return self.chair
        if self.deputy is None:
            raise UserError(NO_DEPUTY)
        return self.deputy

    @property
    def archive(self) -> str:
        return fmt.archive_line(self.staff_short)

    @property
    def chairman_of(self) -> str:
        """``Chủ tịch Ủy ban nhân dân phường Bạch Đằng``."""
        return f"Chủ tịch {self.authority}"


NO_DEPUTY = ("Chưa có họ tên Phó Chủ tịch ký thay trong Cài đặt, nên văn bản không thể để Phó Chủ tịch ký "
             "(KT. CHỦ TỊCH). Nhập họ tên Phó Chủ tịch ở trang Cài đặt, hoặc để Chủ tịch ký.")
_DEFAULT_SYMBOLS = {"BC": "BC-UBND", "TTr": "TTr-UBND", "QĐ": "QĐ-UBND", "KH": "KH-UBND", "BB": "BB-HĐTĐKT"}


def issuer(session: Session) -> Issuer:
    ward: Ward = plan.ward(session)
    chair = fmt.Signer(clean(ward.signer_name), fmt.upper(ward.signer_title or "CHỦ TỊCH"))
    deputy = None
    if clean(ward.deputy_signer_name):
        deputy = fmt.Signer(clean(ward.deputy_signer_name), fmt.upper(ward.deputy_signer_title or "PHÓ CHỦ TỊCH"),
                            deputy=True)
    return Issuer(
        name=clean(ward.name), full_name=clean(ward.full_name), authority=clean(ward.authority),
        parent_city=clean(ward.parent_city), place=clean(ward.place_name) or clean(ward.name),
        chair=chair, deputy=deputy, collective=fmt.upper(ward.signer_authority or "TM. ỦY BAN NHÂN DÂN"),
        staff_office=clean(ward.staff_office), staff_short=clean(ward.staff_office_short),
        council_name=clean(ward.council_name) or "Hội đồng Thi đua - Khen thưởng",
        addressee=clean(ward.report_addressee), symbols=dict(ward.doc_symbols or {}),
        address=clean(ward.address), phone=clean(ward.phone), email=clean(ward.email))


def campaign_of(session: Session, options: Options) -> Campaign:
    return plan.current_campaign(session, options.year)


# --- fields every document has ---------------------------------------------------------

HEADER_FIELDS = [
    Field("co_quan_ban_hanh", "tên cơ quan ban hành, chữ in hoa"),
    Field("so_ky_hieu", "số và ký hiệu văn bản, ví dụ 05/BC-UBND"),
    Field("dia_danh_ngay", "địa danh, ngày tháng năm ban hành"),
    Field("trich_yeu", "trích yếu nội dung"),
]
SIGNATURE_FIELDS = [
    Field("noi_nhan", "danh sách nơi nhận", block=True),
    Field("quyen_han_ky", "quyền hạn, chức vụ người ký (TM., KT., chữ in hoa)"),
    Field("nguoi_ky", "họ và tên người ký"),
]
EXTRA_FIELDS = [
    Field("co_quan", "tên cơ quan viết thường, ví dụ Ủy ban nhân dân phường Bạch Đằng", required=False),
    Field("ten_phuong", "tên phường, ví dụ Bạch Đằng", required=False),
    Field("thanh_pho", "thành phố trực thuộc", required=False),
    Field("nam", "năm của kế hoạch thi đua", required=False),
    Field("nam_sau", "năm sau năm của kế hoạch", required=False),
    Field("ngay_van_ban", "ngày văn bản dạng ngày/tháng/năm", required=False),
    Field("dia_chi", "địa chỉ của cơ quan", required=False),
]


def fields(*groups: list[Field]) -> dict[str, Field]:
    out: dict[str, Field] = {}
    for group in groups:
        for f in group:
            out[f.name] = f
    return out


BLANK = "…"  # a visible blank the clerk fills in by hand


def plan_reference(who: Issuer, campaign: Campaign) -> str:
    """``Kế hoạch số 12/KH-UBND ngày 20/02/2026``: the ward's own plan as the
    year's settings record it; what is unknown stays a visible blank to fill in
    by hand (``Kế hoạch số …/KH-UBND ngày …/…/2026``), never left out."""
    number = clean(campaign.number)
    if "/" not in number:
        number = f"{number or BLANK}/{who.symbol('KH')}"
    return f"Kế hoạch số {number} {dated(campaign.issued_on, campaign.year)}"


def dated(day: dt.date | None, year: int) -> str:
    """``ngày 14/12/2026`` inside the text; without a date, a visible blank
    (``ngày …/…/2026``) for the date written in on signing."""
    return f"ngày {fmt.short_date(day) if day else f'{BLANK}/{BLANK}/{year}'}"


def plan_missing(campaign: Campaign) -> str | None:
    """What the documents page and every document warn while the ward's plan
    number or date is not recorded, or None."""
    missing = [what for what, value in (("số", clean(campaign.number)), ("ngày ban hành", campaign.issued_on))
               if not value]
    if not missing:
        return None
    return (f"Chưa có {' và '.join(missing)} Kế hoạch thi đua năm {campaign.year} của phường: văn bản để trống "
            "chỗ đó để ghi tay. Nhập ở trang Cài đặt (hoặc: thidua plan set --number … --date …).")


def plan_basis(who: Issuer, campaign: Campaign) -> str:
    """``Căn cứ Kế hoạch số …/KH-UBND ngày … của … phát động phong trào thi đua năm …``."""
    return (f"Căn cứ {plan_reference(who, campaign)} của {who.authority} phát động phong trào thi đua "
            f"năm {campaign.year}")


def minutes_basis(who: Issuer, meeting) -> str | None:
    """``Căn cứ Biên bản số 01 họp Hội đồng … ngày 08/12/2026``, or None without a session."""
    if meeting is None or meeting.day is None:
        return None
    number = f" số {meeting.number}" if meeting.number else ""
    return f"Căn cứ Biên bản{number} họp {who.council_name} ngày {fmt.short_date(meeting.day)}"


def recipients_setting(session: Session, kind: str, default: list[str]) -> list[str]:
    stored = settings_service.get(session, "documents.recipients") or {}
    items = stored.get(kind) if isinstance(stored, dict) else None
    return list(items) if items else list(default)


def recipients_block(items: list[str], archive: str) -> Block:
    lines = fmt.recipients_lines(items, archive)
    return Block(paras(lines, "ND30Recipients"))


def header_values(who: Issuer, campaign: Campaign, options: Options, symbol: str, summary: str,
                  *, issuer_lines: list[str] | None = None) -> dict[str, str]:
    number = fmt.document_number(options.number, symbol)
    return {
        "co_quan_ban_hanh": "\n".join(issuer_lines or who.lines),
        "so_ky_hieu": number,
        "dia_danh_ngay": fmt.place_date(who.place, options.date, _year_of(options, campaign)),
        "trich_yeu": summary,
        "co_quan": who.authority,
        "ten_phuong": who.name,
        "thanh_pho": who.parent_city,
        "nam": str(campaign.year),
        "nam_sau": str(campaign.year + 1),
        "ngay_van_ban": fmt.short_date(options.date) if options.date else "",
        "dia_chi": who.address,
    }


def _year_of(options: Options, campaign: Campaign) -> int:
    return options.date.year if options.date else campaign.year


def signature_values(who: Issuer, options: Options, *, collective: bool,
                     signer: fmt.Signer | None = None) -> dict[str, str]:
    chosen = signer or who.signer(options.deputy)
    lines = fmt.signature_lines(chosen, who.chair.title, who.collective if collective else None)
    return {"quyen_han_ky": "\n".join(lines), "nguoi_ky": chosen.name}


@dataclass
class Rendered:
    """A generated document and what the clerk should look at before sending it."""

    kind: str
    data: bytes
    number: str
    date: dt.date | None
    file_name: str
    warnings: list[str] = field(default_factory=list)
    template: str = ""  # "" for the built-in one, else the clerk's file name
    campaign_id: int | None = None
    label: str = ""  # what the paper is called (PDF/A title), when not its kind's label


@dataclass
class Filled:
    """The values that fill a document's template, and what to warn about."""

    values: dict
    campaign: Campaign
    number: str = ""
    date: dt.date | None = None
    warnings: list[str] = field(default_factory=list)
    records: list[dict] | None = None  # one page per record (certificates)
    title: str = ""  # for the file's properties and name
    recorded: str = ""  # the number the records give this paper (a decision, a council session), if any
    builtin: bool = False  # the built-in template only: the clerk's own template is of another paper
    file_stem: str = ""  # the suggested file name's start, when not the kind's
    label: str = ""  # what the paper is called, when not its kind's label (a báo cáo sơ kết)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all, making the folder when needed."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise atomic.write_failure(path, exc) from None
    atomic.write_bytes(path, data)
