"""``thidua whatif``: try changed scoring and award rules, the ranking and the Giấy khen
list side by side (nothing written); ``--apply --reason`` writes them."""
from __future__ import annotations

from ..domain.text import format_number
from ..errors import UserError
from ..services.awards import scorecards, whatif
from . import writing
from .registry_io import print_table


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "whatif", help="thử thay đổi quy tắc chấm điểm, khen thưởng (xem trước, không ghi)",
        description="Thử đổi điểm tiêu chí, tiêu chí phụ khi bằng điểm, số lượng tối đa Giấy khen, chế độ của "
                    "quy định điều kiện khen thưởng: in xếp hạng và danh sách Giấy khen (tập thể) trước và sau, "
                    "không ghi gì. Thêm --apply --reason để áp dụng.")
    p.add_argument("--points", action="append", metavar="KHỐI:MÃ=ĐIỂM",
                   help="điểm tối đa mới của một tiêu chí, ví dụ “Khối tổ dân phố:T1=0” (lặp lại được)")
    p.add_argument("--tiebreak", action="append", metavar="KHỐI=KHÓA,…",
                   help="tiêu chí phụ khi bằng điểm của một khối, ví dụ “Khối trường học=reported_on,exceeded”")
    p.add_argument("--ward-tiebreak", metavar="KHÓA,…", help="tiêu chí phụ khi bằng điểm của xếp hạng toàn phường")
    p.add_argument("--quota", metavar="SỐ", help="số lượng tối đa Giấy khen trong năm; “không” là không giới hạn")
    p.add_argument("--mode", action="append", metavar="QUY_ĐỊNH=CHẾ_ĐỘ",
                   help="chế độ của một quy định (block, warn, info, off), ví dụ “collective_standing=block”")
    p.add_argument("--all", action="store_true", help="in mọi đơn vị (mặc định: chỉ đơn vị đổi hạng, đổi danh sách)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument("--apply", action="store_true", help="áp dụng các thay đổi (cần --reason)")
    p.add_argument("--reason", metavar="LÝ_DO", default="", help="lý do áp dụng (ghi vào nhật ký thay đổi)")
    p.set_defaults(func=run)


def _split(text: str, sign: str, option: str, shape: str) -> tuple[str, str]:
    left, found, right = text.rpartition(sign)
    if not found or not left.strip() or not right.strip():
        raise UserError(f"{option} “{text}”: ghi dạng {shape}.")
    return left.strip(), right.strip()


def _keys(text: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in text.split(",") if k.strip())


def _changes(session, args) -> whatif.RuleChanges:
    """The options as rule changes, block names read in this year's blocks."""
    points = {}
    for item in args.points or ():
        where, value = _split(item, "=", "--points", "KHỐI:MÃ=ĐIỂM")
        block, code = _split(where, ":", "--points", "KHỐI:MÃ=ĐIỂM")
        points[(scorecards.block_id(session, block), code)] = writing.number(value, f"Điểm của tiêu chí {code}")
    tiebreak = {}
    for item in args.tiebreak or ():
        block, keys = _split(item, "=", "--tiebreak", "KHỐI=KHÓA,KHÓA")
        tiebreak[scorecards.block_id(session, block)] = _keys(keys)
    modes = dict(_split(item, "=", "--mode", "QUY_ĐỊNH=CHẾ_ĐỘ") for item in args.mode or ())
    no_quota = args.quota is not None and args.quota.strip().lower() in ("không", "khong", "none")
    quota = writing.whole(args.quota, "Số lượng tối đa") if args.quota is not None and not no_quota else None
    return whatif.RuleChanges(points, tiebreak, _keys(args.ward_tiebreak) if args.ward_tiebreak is not None else None,
                              quota, no_quota, modes)


def _rank(rank: int | None) -> str:
    return "—" if rank is None else str(rank)


def _score(total: float | None) -> str:
    return "" if total is None else format_number(total)


def _in(side: whatif.Side) -> str:
    return "có" if side.in_list else "không"


def run(args, ctx) -> int:
    if args.apply:
        said = writing.write(ctx, False, args.reason or "",
                             lambda s: whatif.apply_what_if(s, _changes(s, args), args.reason))
        print("Đã áp dụng:\n" + "\n".join(f"- {line}" for line in said))
        return 0
    with ctx.db.read() as session:
        result = whatif.what_if(session, _changes(session, args))
    if args.json:
        ctx.print_json(result.as_json())
        return 0
    for line in result.changes:
        print(f"- {line}")
    print(result.summary)
    print(f"Danh sách Giấy khen — trước: {result.old_rule}; sau: {result.new_rule}.")
    rows = [r for r in result.rows if args.all or r.moved or r.list_change or r.old.total != r.new.total]
    if rows:
        print()
        print_table(["Đơn vị", "Khối", "Hạng cũ", "Hạng mới", "±", "Hạng khối", "Điểm cũ", "Điểm mới",
                     "Giấy khen", "Ghi chú"],
                    [[r.unit, r.block, _rank(r.old.ward_rank), _rank(r.new.ward_rank), r.move,
                      f"{_rank(r.old.block_rank)} → {_rank(r.new.block_rank)}", _score(r.old.total),
                      _score(r.new.total), f"{_in(r.old)} → {_in(r.new)}", r.new.note] for r in rows])
    if not args.apply and result.changes:
        print("\nChưa ghi gì. Áp dụng: thêm --apply --reason \"lý do\".")
    return 0
