"""``thidua council``: the council's sessions and members, votes from a spreadsheet, ballots, final lists.

The sessions and members verbs call the services the council tab calls
(``services.awards.council``); this module only parses and prints.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from ..domain.text import format_date, format_money, parse_date
from .council_sessions import register_sessions
from ..errors import UserError
from ..services.awards import council, decisions
from ..services import plan
from .. import vi_argparse
from .registry_io import add_verbose, print_table, run_import


def register(subparsers) -> None:
    parser = subparsers.add_parser("council", help="Hội đồng Thi đua - Khen thưởng: phiếu bầu, kết quả",
                                   description="Phiên họp Hội đồng Thi đua - Khen thưởng: nhập phiếu, in phiếu bầu, "
                                               "xem danh sách cuối cùng.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    p = verbs.add_parser("votes", help="nhập số phiếu đồng ý từ tệp Excel (xem trước từng dòng)",
                         description="Đọc tệp .xlsx có cột tên người, tập thể được đề nghị và “Số phiếu đồng ý” "
                                     "(thêm cột Danh hiệu hoặc Đơn vị khi một tên có nhiều đề nghị); ghi cả tệp "
                                     "hoặc không ghi gì.")
    p.add_argument("file", metavar="TỆP.xlsx", type=Path)
    p.add_argument("--session", type=vi_argparse.RECORD_ID, metavar="MÃ", help="mã phiên họp (mặc định: phiên gần nhất)")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    add_verbose(p)
    p.set_defaults(func=run_votes)
    p = verbs.add_parser("sheet", help="tạo bảng Excel để ghi số phiếu của phiên họp",
                         description="Tạo tệp .xlsx liệt kê người, tập thể được đề nghị để thư ký ghi số phiếu.")
    p.add_argument("file", metavar="TỆP.xlsx", type=Path)
    p.add_argument("--session", type=vi_argparse.RECORD_ID, metavar="MÃ")
    p.set_defaults(func=run_sheet)
    p = verbs.add_parser("ballots", help="in phiếu bầu trống ra PDF (mỗi thành viên một phiếu)",
                         description="Tạo tệp PDF phiếu bầu liệt kê người, tập thể đủ điều kiện đưa ra Hội đồng.")
    p.add_argument("--out", required=True, type=Path, metavar="TỆP.pdf")
    p.add_argument("--session", type=vi_argparse.RECORD_ID, metavar="MÃ")
    p.add_argument("--copies", type=vi_argparse.COPIES, metavar="SỐ", help="số bản (mặc định: số thành viên Hội đồng)")
    p.add_argument("--secret", action="store_true", help="chỉ các danh hiệu bỏ phiếu kín")
    p.set_defaults(func=run_ballots)
    p = verbs.add_parser("list", help="các phiên họp và quyết định đã ghi nhận",
                         description="Liệt kê phiên họp Hội đồng (thành phần) và các quyết định khen thưởng.")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_list)
    register_sessions(verbs)
    p = verbs.add_parser("results", help="danh sách cuối cùng theo từng danh hiệu",
                         description="Kết quả biểu quyết: người, tập thể đạt, xếp theo tỷ lệ phiếu, điểm, ưu tiên nữ; "
                                     "cắt theo số lượng tối đa.")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_results)


def run_votes(args, ctx) -> int:
    return run_import(ctx, args.file, args.dry_run,
                      lambda db, path: council.preview_votes(db, path, args.session), council.apply_votes,
                      args.verbose)


def run_sheet(args, ctx) -> int:
    print(f"Đã tạo bảng ghi phiếu: {council.write_vote_sheet(ctx.db, args.file, args.session)}")
    return 0


def run_ballots(args, ctx) -> int:
    from ..printing import ballots

    if args.out.suffix.lower() != ".pdf":
        raise UserError("Phiếu bầu ghi ra tệp .pdf.")
    with ctx.db.read() as session:
        ballot = council.current_ballot(session, args.session, args.secret, args.copies)
    pages = ballots.save_pdf(ballot, args.out)
    people = sum(len(g.rows) for g in ballot.groups)
    print(f"Đã tạo {ballot.copies} phiếu bầu ({people} người, tập thể; {pages} trang): {args.out}")
    return 0


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        data = [dataclasses.asdict(x) for x in council.session_summaries(session)]
        made = [decision_json(d) for d in decisions.rows(session)]
    if args.json:
        ctx.print_json({"sessions": data, "decisions": made})
        return 0
    print_table(["Mã", "Phiên họp", "Thành viên", "Có mặt", "Ý kiến văn bản", "Vắng", "Số phiếu đã nhập"],
                [[d["id"], d["label"], d["members"], d["present"], d["written"], d["absent"], d["votes"]] for d in data])
    for d in data:
        for problem in d["problems"]:
            print(f"  Lưu ý ({d['label']}): {problem}")
    print()
    print_table(["Mã", "Văn bản", "Ngày ký", "Loại", "Số người, tập thể", "Tiền thưởng", "Trạng thái"],
                [[m["id"], m["number"], format_date(parse_date(m["signed_on"])), m["kind"],
                  m["awardees"], format_money(m["prize_total"]), "đã khóa" if m["frozen"] else "đang mở"]
                 for m in made])
    return 0


def run_results(args, ctx) -> int:
    with ctx.db.read() as session:
        lists = council.final_lists(session, plan.current_campaign(session))
    if args.json:
        ctx.print_json([{"title": fl.title.code, "title_name": fl.title.name, "quota": fl.title.quota,
                         "chosen": [{"id": e.row.id, "name": e.row.name, "rank": e.rank, "share": e.row.vote.share
                                     if e.row.vote else None, "note": e.note} for e in fl.chosen],
                         "over_quota": [e.row.name for e in fl.entries if not e.within_quota],
                         "not_passed": [r.name for r in fl.not_passed], "not_voted": [r.name for r in fl.not_voted],
                         "ineligible": [r.name for r in fl.ineligible]} for fl in lists])
        return 0
    for fl in lists:
        print(fl.summary())
        print_table(["Thứ tự", "Họ tên / tập thể", "Đơn vị / địa chỉ", "Phiếu", "Ghi chú"],
                    [[e.rank, e.row.name, e.row.where or e.row.group, e.row.vote_text or "không cần biểu quyết",
                      e.note] for e in fl.entries])
        print()
    return 0


def decision_json(d: decisions.DecisionRow) -> dict:
    """A decision as ``council list --json`` and ``decisions list --json`` print it."""
    return {"id": d.id, "number": d.number, "signed_on": d.signed_on.isoformat(), "frozen": d.frozen,
            "kind": d.kind, "titles": d.titles, "awardees": d.count, "prize_total": d.prize,
            "base_salary": d.base_salary, "reopen_log": d.log}
