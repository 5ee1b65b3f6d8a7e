"""``thidua council sessions …`` and ``thidua council members …``: what the council tab's
“Thêm / Sửa / Xóa phiên họp” do, through the same services (``services.awards.council``)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, Callable

from ..domain.text import clean, fold, parse_date
from ..errors import UserError
from ..services.awards import council
from . import vi_argparse
from .registry_io import print_table

# How a clerk may write a member's attendance: the code or its Vietnamese words (without accents too).
_ATTENDANCE_WORDS = {"present": "present", "co mat": "present", "written": "written", "van ban": "written",
                     "y kien": "written", "y kien bang van ban": "written",
                     "vang co y kien bang van ban": "written", "absent": "absent", "vang": "absent"}
_TIME = re.compile(r"^(?P<h>\d{1,2})\s*(?:[:h]\s*(?P<m>\d{1,2})?)?$")


def change(ctx, dry_run: bool, reason: str, op: Callable[[Any], Any]) -> Any:
    """``op(session)`` in one audited transaction; with ``--dry-run`` every check runs and nothing stays."""
    db = ctx.app(write=True).db
    if dry_run:
        with db.rehearsal(), db.transaction(reason=reason) as session:
            return op(session)
    with db.transaction(reason=reason) as session:
        return op(session)


def written(dry_run: bool) -> str:
    return " (chạy thử, chưa ghi gì)" if dry_run else ""


def register_sessions(verbs) -> None:
    p = verbs.add_parser("sessions", help="phiên họp Hội đồng: liệt kê, thêm, sửa, xóa",
                         description="Các phiên họp Hội đồng Thi đua - Khen thưởng của năm (như nút “Thêm phiên họp”, "
                                     "“Sửa”, “Xóa” ở thẻ Hội đồng).")
    actions = p.add_subparsers(dest="action", metavar="THAO_TÁC", title="các thao tác")
    actions.required = True
    a = actions.add_parser("list", help="liệt kê phiên họp", description="Liệt kê phiên họp và thành phần dự họp.")
    a.add_argument("--json", action="store_true", help="in dạng JSON")
    a.set_defaults(func=run_sessions_list)
    for name, helptext in (("add", "thêm phiên họp"), ("edit", "sửa phiên họp (chỉ những gì ghi)")):
        a = actions.add_parser(name, help=helptext,
                               description=f"{helptext[0].upper()}{helptext[1:]}. Thời gian ghi “18/12/2026 08:00”; "
                                           "thành viên ghi “--member 'Họ tên;vai trò;có mặt|văn bản|vắng'”, "
                                           "lặp lại cho mỗi người.")
        if name == "edit":
            a.add_argument("session", metavar="MÃ_PHIÊN", type=vi_argparse.RECORD_ID)
        a.add_argument("--number", metavar="SỐ", help="số biên bản (ví dụ 01/BB-HĐTĐKT)")
        a.add_argument("--held", metavar="NGÀY_GIỜ", help="bắt đầu lúc")
        a.add_argument("--ended", metavar="NGÀY_GIỜ", help="kết thúc lúc")
        a.add_argument("--place", metavar="NƠI", help="địa điểm")
        a.add_argument("--chair", metavar="HỌ_TÊN", help="người chủ trì")
        a.add_argument("--secretary", metavar="HỌ_TÊN", help="thư ký")
        a.add_argument("--conclusion", metavar="VĂN_BẢN", help="kết luận")
        a.add_argument("--note", metavar="VĂN_BẢN", help="ghi chú")
        a.add_argument("--member", action="append", metavar="THÀNH_VIÊN",
                       help="“Họ tên;vai trò;tình trạng” (sửa: thay cả danh sách)")
        a.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        a.set_defaults(func=run_sessions_save)
    a = actions.add_parser("remove", help="xóa phiên họp cùng mọi phiếu đã nhập",
                           description="Xóa phiên họp cùng mọi phiếu đã nhập (không được khi là căn cứ của quyết định "
                                       "đã khóa).")
    a.add_argument("session", metavar="MÃ_PHIÊN", type=vi_argparse.RECORD_ID)
    a.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    a.set_defaults(func=run_sessions_remove)

    p = verbs.add_parser("members", help="thành viên dự họp của một phiên: liệt kê, thêm, bớt, tình trạng",
                         description="Thành phần dự họp của một phiên họp Hội đồng.")
    actions = p.add_subparsers(dest="action", metavar="THAO_TÁC", title="các thao tác")
    actions.required = True
    a = actions.add_parser("list", help="liệt kê thành viên", description="Liệt kê thành viên của phiên họp.")
    a.add_argument("session", metavar="MÃ_PHIÊN", type=vi_argparse.RECORD_ID)
    a.add_argument("--json", action="store_true", help="in dạng JSON")
    a.set_defaults(func=run_members_list)
    a = actions.add_parser("add", help="thêm thành viên", description="Thêm một thành viên vào phiên họp.")
    a.add_argument("session", metavar="MÃ_PHIÊN", type=vi_argparse.RECORD_ID)
    a.add_argument("name", metavar="HỌ_TÊN")
    a.add_argument("--role", default="Ủy viên", metavar="VAI_TRÒ", help="mặc định: Ủy viên")
    a.add_argument("--attendance", default="present", metavar="TÌNH_TRẠNG",
                   help="có mặt (mặc định), văn bản (vắng, có ý kiến bằng văn bản) hoặc vắng")
    a.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    a.set_defaults(func=run_members_add)
    a = actions.add_parser("remove", help="bớt thành viên", description="Bớt một thành viên khỏi phiên họp.")
    a.add_argument("session", metavar="MÃ_PHIÊN", type=vi_argparse.RECORD_ID)
    a.add_argument("name", metavar="HỌ_TÊN")
    a.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    a.set_defaults(func=run_members_remove)
    a = actions.add_parser("attendance", help="ghi tình trạng dự họp của một thành viên",
                           description="Ghi một thành viên có mặt, vắng có ý kiến bằng văn bản, hoặc vắng.")
    a.add_argument("session", metavar="MÃ_PHIÊN", type=vi_argparse.RECORD_ID)
    a.add_argument("name", metavar="HỌ_TÊN")
    a.add_argument("state", metavar="TÌNH_TRẠNG", help="có mặt, văn bản hoặc vắng")
    a.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    a.set_defaults(func=run_members_attendance)


# --- reading what the clerk typed ------------------------------------------------------------------

def attendance(text: str) -> str:
    code = _ATTENDANCE_WORDS.get(fold(clean(text)).replace(",", ""))
    if code is None:
        raise UserError(f"Tình trạng dự họp “{clean(text)}” không hiểu; ghi: có mặt, văn bản hoặc vắng.")
    return code


def when(text: str, what: str) -> dt.datetime:
    """“18/12/2026 08:00”, “18/12/2026 8h”, or a date alone (8 giờ sáng)."""
    day_text, _, time_text = clean(text).partition(" ")
    try:
        day = parse_date(day_text)
    except (ValueError, UserError):
        raise UserError(f"{what} “{clean(text)}” không phải ngày giờ (ghi ví dụ 18/12/2026 08:00).") from None
    found = _TIME.match(clean(time_text) or "8")
    hour, minute = (int(found["h"]), int(found["m"] or 0)) if found else (99, 0)
    if hour > 23 or minute > 59:
        raise UserError(f"{what}: giờ “{clean(time_text)}” không hợp lệ (ghi ví dụ 08:00).")
    return dt.datetime.combine(day, dt.time(hour, minute))


def member(text: str) -> council.MemberInput:
    parts = [clean(x) for x in text.split(";")]
    if len(parts) > 3 or not parts[0]:
        raise UserError(f"Thành viên “{clean(text)}” ghi chưa đúng; ghi “Họ tên;vai trò;tình trạng”.")
    role = parts[1] if len(parts) > 1 and parts[1] else "Ủy viên"
    return council.MemberInput(parts[0], role, attendance(parts[2]) if len(parts) > 2 and parts[2] else "present")


def _input(args, data: council.SessionInput) -> council.SessionInput:
    given = {"number": args.number, "place": args.place, "chair_name": args.chair,
             "secretary_name": args.secretary, "conclusion": args.conclusion, "note": args.note}
    data = dataclasses.replace(data, **{k: v for k, v in given.items() if v is not None})
    if args.held is not None:
        data.held_at = when(args.held, "Giờ bắt đầu")
    if args.ended is not None:
        data.ended_at = when(args.ended, "Giờ kết thúc")
    if args.member:
        data.members = [member(m) for m in args.member]
    return data


# --- the verbs ---------------------------------------------------------------------------------------

def run_sessions_list(args, ctx) -> int:
    with ctx.db.read() as session:
        found = council.session_summaries(session)
    if args.json:
        ctx.print_json([dataclasses.asdict(x) for x in found])
        return 0
    print_table(["Mã", "Phiên họp", "Địa điểm", "Chủ trì", "Thành viên", "Có mặt", "Ý kiến văn bản", "Vắng", "Số phiếu"],
                [[x.id, x.label, x.place, x.chair_name, x.members, x.present, x.written, x.absent, x.votes]
                 for x in found])
    for x in found:
        for problem in x.problems:
            print(f"  Lưu ý ({x.label}): {problem}")
    return 0


def run_sessions_save(args, ctx) -> int:
    sid = getattr(args, "session", None)

    def op(session):
        data = council.session_input(session, sid) if sid else council.SessionInput()
        return council.record_session(session, _input(args, data), sid)

    new = change(ctx, args.dry_run, "Phiên họp Hội đồng Thi đua - Khen thưởng", op)
    print(f"{'Đã sửa' if sid else 'Đã thêm'} phiên họp mã {new}{written(args.dry_run)}.")
    return 0


def run_sessions_remove(args, ctx) -> int:
    change(ctx, args.dry_run, "Xóa phiên họp Hội đồng", lambda s: council.delete_session(s, args.session))
    print(f"Đã xóa phiên họp mã {args.session}{written(args.dry_run)}.")
    return 0


def run_members_list(args, ctx) -> int:
    with ctx.db.read() as session:
        data = council.session_input(session, args.session)
    if args.json:
        ctx.print_json([dataclasses.asdict(m) for m in data.members])
        return 0
    print_table(["STT", "Họ tên", "Vai trò", "Tình trạng"],
                [[i, m.full_name, m.role, council.ATTENDANCE.get(m.attendance, m.attendance)]
                 for i, m in enumerate(data.members, start=1)])
    return 0


def run_members_add(args, ctx) -> int:
    new = council.MemberInput(clean(args.name), clean(args.role), attendance(args.attendance))
    count = change(ctx, args.dry_run, "Thêm thành viên Hội đồng", lambda s: council.add_member(s, args.session, new))
    print(f"Đã thêm {new.full_name}; phiên họp có {count} thành viên{written(args.dry_run)}.")
    return 0


def run_members_remove(args, ctx) -> int:
    count = change(ctx, args.dry_run, "Bớt thành viên Hội đồng",
                   lambda s: council.remove_member(s, args.session, args.name))
    print(f"Đã bớt {clean(args.name)}; phiên họp còn {count} thành viên{written(args.dry_run)}.")
    return 0


def run_members_attendance(args, ctx) -> int:
    state = attendance(args.state)
    change(ctx, args.dry_run, "Tình trạng dự họp Hội đồng",
           lambda s: council.set_attendance(s, args.session, args.name, state))
    print(f"{clean(args.name)}: {council.ATTENDANCE[state].lower()}{written(args.dry_run)}.")
    return 0
