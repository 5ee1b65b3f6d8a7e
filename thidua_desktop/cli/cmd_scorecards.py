"""``thidua scorecards``: each block's scorecard and the điểm thưởng / điểm trừ
(what the scoring page edits; ``thidua rank`` shows the result)."""
from __future__ import annotations

from ..domain import scoring as sc
from ..domain.text import format_number
from ..errors import UserError
from ..services.awards import scorecards
from . import vi_argparse, writing
from .registry_io import print_table


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "scorecards", help="bảng chấm điểm của khối, điểm thưởng, điểm trừ",
        description="Bảng chấm điểm của từng khối thi đua (thang điểm, điểm tối đa và cách chấm từng tiêu chí, "
                    "xếp loại, tiêu chí phụ) và điểm thưởng, điểm trừ của đơn vị.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    p = verbs.add_parser("list", help="xem bảng chấm điểm của các khối",
                         description="In bảng chấm điểm của từng khối: thang điểm, tiêu chí, xếp loại, tiêu chí phụ.")
    p.add_argument("--block", metavar="KHỐI", help="chỉ một khối (tên khối, không cần dấu)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_list)
    _set_parser(verbs)
    p = verbs.add_parser("adjustments", help="liệt kê điểm thưởng, điểm trừ",
                         description="Điểm thưởng, điểm trừ của năm, với số để bỏ bằng “unadjust”.")
    p.add_argument("--unit", metavar="ĐƠN_VỊ", help="chỉ một đơn vị")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_adjustments)
    p = verbs.add_parser("adjust", help="thêm điểm thưởng hoặc điểm trừ cho một đơn vị",
                         description="Thêm điểm thưởng (--bonus) hoặc điểm trừ (--deduct) cho một đơn vị, kèm lý do "
                                     "(in trong phần giải thích điểm).")
    p.add_argument("unit", metavar="ĐƠN_VỊ")
    points = p.add_mutually_exclusive_group(required=True)
    points.add_argument("--bonus", metavar="ĐIỂM", help="số điểm thưởng, ví dụ 2 hoặc 1,5")
    points.add_argument("--deduct", metavar="ĐIỂM", help="số điểm trừ, ví dụ 1,5")
    p.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do (bắt buộc)")
    writing.add_dry_run(p)
    p.set_defaults(func=run_adjust)
    p = verbs.add_parser("unadjust", help="bỏ một điểm thưởng, điểm trừ",
                         description="Bỏ điểm thưởng, điểm trừ theo số của nó (xem “thidua scorecards adjustments”).")
    p.add_argument("adjustment", metavar="SỐ", type=vi_argparse.RECORD_ID)
    p.add_argument("--reason", required=True, metavar="LÝ_DO", help="vì sao bỏ (ghi vào nhật ký thay đổi)")
    writing.add_dry_run(p)
    p.set_defaults(func=run_unadjust)


def _set_parser(verbs) -> None:
    p = verbs.add_parser("set", help="sửa bảng chấm điểm của một khối",
                         description="Sửa bảng chấm điểm của một khối; mục nào không ghi thì giữ như cũ. Đổi thang "
                                     "điểm thì mọi điểm số được nhân theo, như trong cửa sổ chương trình. Tiêu chí "
                                     "chấm điểm mới thêm ở danh mục tiêu chí của khối; ở đây thêm điểm thưởng, "
                                     "điểm trừ, tiêu chí liệt.")
    p.add_argument("block", metavar="KHỐI")
    p.add_argument("--scale", choices=("100", "1000"), help="thang điểm")
    cap = p.add_mutually_exclusive_group()
    cap.add_argument("--bonus-cap", metavar="ĐIỂM", help="điểm thưởng tối đa")
    cap.add_argument("--no-bonus-cap", action="store_true", help="không giới hạn điểm thưởng")
    p.add_argument("--bands", metavar="“TÊN:ĐIỂM; …”", help="các mức xếp loại, ví dụ “Xuất sắc:90; Tốt:70; Khá:50”")
    p.add_argument("--tiebreak", metavar="TÊN,TÊN",
                   help="tiêu chí phụ khi bằng điểm, theo thứ tự: " + ", ".join(sc.TIEBREAKS))
    p.add_argument("--points", action="append", metavar="MÃ=ĐIỂM", help="điểm tối đa của một tiêu chí (ghi nhiều lần)")
    p.add_argument("--rule", action="append", metavar="MÃ=CÁCH_CHẤM",
                   help="cách chấm của một tiêu chí: " + ", ".join(r.value for r in sc.Rule))
    p.add_argument("--param", action="append", metavar="MÃ.THAM_SỐ=GIÁ_TRỊ",
                   help="tham số cách chấm, ví dụ T1.each=2 hoặc 2.floor=50")
    p.add_argument("--add", action="append", nargs=4, metavar=("VAI_TRÒ", "MÃ", "NỘI_DUNG", "ĐIỂM"),
                   help="thêm tiêu chí: vai trò bonus (điểm thưởng), penalty (điểm trừ) hoặc disqualify (liệt)")
    p.add_argument("--remove", action="append", metavar="MÃ", help="bỏ một tiêu chí điểm thưởng, điểm trừ, liệt")
    p.add_argument("--note", metavar="GHI_CHÚ")
    writing.add_dry_run(p)
    p.set_defaults(func=run_set)


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        cards = scorecards.block_cards(session, args.block)
    if args.json:
        ctx.print_json([scorecards.scorecard_json(c) for c in cards])
        return 0
    if not cards:
        print("Chưa có khối thi đua nào.")
    for card in cards:
        _print_card(card)
    return 0


def _print_card(card) -> None:
    c = card.card
    cap = "không giới hạn" if c.bonus_cap is None else format_number(c.bonus_cap)
    print(f"{card.block_name} — thang {format_number(c.scale)} điểm; điểm thưởng tối đa {cap}")
    for note in card.notes:
        print(f"  Lưu ý: {note}")
    print_table(["Mã", "Tiêu chí", "Vai trò", "Cách chấm", "Điểm tối đa", "Tham số"],
                [[s.code, s.label, s.role.value, s.rule.value, format_number(s.max_points),
                  "; ".join(f"{k}={_shown(v)}" for k, v in s.settings.items())] for s in c.criteria])
    print("Xếp loại: " + "; ".join(f"{b.name} từ {format_number(b.minimum)}" for b in c.bands))
    print("Tiêu chí phụ: " + (", ".join(c.tiebreak) or "không có"))
    if card.note:
        print(f"Ghi chú: {card.note}")
    print()


def _shown(value) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    return format_number(value) if isinstance(value, (int, float)) else str(value)


def _change(args) -> scorecards.ScorecardChange:
    params: dict[str, dict[str, str]] = {}
    for key, value in writing.pairs(args.param, "--param").items():
        code, dot, name = key.rpartition(".")
        if not dot or not code:
            raise UserError(f"--param “{key}={value}”: ghi dạng MÃ.THAM_SỐ=GIÁ_TRỊ, ví dụ T1.each=2.")
        params.setdefault(code, {})[name] = value
    return scorecards.ScorecardChange(
        scale=int(args.scale) if args.scale else None,
        bonus_cap=writing.number(args.bonus_cap, "Điểm thưởng tối đa") if args.bonus_cap is not None else None,
        no_bonus_cap=args.no_bonus_cap,
        bands=scorecards.parse_bands(args.bands) if args.bands is not None else None,
        tiebreak=[t.strip() for t in args.tiebreak.split(",") if t.strip()] if args.tiebreak is not None else None,
        points={code: writing.number(v, f"Điểm tối đa của tiêu chí {code}")
                for code, v in writing.pairs(args.points, "--points").items()},
        rules=writing.pairs(args.rule, "--rule"), params=params,
        add=[(role, code, label, writing.number(points, f"Điểm của tiêu chí {code}"))
             for role, code, label, points in args.add or ()],
        remove=list(args.remove or ()), note=args.note)


def run_set(args, ctx) -> int:
    change = _change(args)

    def op(session):
        return scorecards.change_scorecard(session, scorecards.block_id(session, args.block), change)

    card = writing.write(ctx, args.dry_run, f"Sửa bảng chấm điểm {args.block} (dòng lệnh)", op)
    _print_card(card)
    return 0


def run_adjustments(args, ctx) -> int:
    with ctx.db.read() as session:
        unit_id = scorecards.unit_id(session, args.unit) if args.unit else None
        rows = scorecards.adjustment_rows(session, unit_id)
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print("Chưa có điểm thưởng, điểm trừ nào.")
        return 0
    print_table(["Số", "Đơn vị", "Điểm", "Lý do"], [[r.id, r.unit, format_number(r.points), r.reason] for r in rows])
    return 0


def run_adjust(args, ctx) -> int:
    points = writing.number(args.bonus, "Điểm thưởng") if args.bonus is not None \
        else -writing.number(args.deduct, "Điểm trừ")
    if (args.bonus is not None and points < 0) or (args.deduct is not None and points > 0):
        raise UserError("Ghi số điểm dương: --bonus là điểm thưởng, --deduct là điểm trừ.")

    def op(session):
        return scorecards.adjust(session, scorecards.unit_id(session, args.unit), points, args.reason)

    row = writing.write(ctx, args.dry_run, "Điểm thưởng, điểm trừ (dòng lệnh)", op)
    kind = "điểm thưởng" if row.points > 0 else "điểm trừ"
    print(f"{'Sẽ ghi' if args.dry_run else f'Đã ghi (số {row.id})'}: {row.unit} {kind} "
          f"{format_number(abs(row.points))} — {row.reason}")
    return 0


def run_unadjust(args, ctx) -> int:
    row = writing.write(ctx, args.dry_run, args.reason, lambda s: scorecards.unadjust(s, args.adjustment))
    print(f"{'Sẽ bỏ' if args.dry_run else 'Đã bỏ'}: {row.unit} {format_number(row.points)} điểm — {row.reason}")
    return 0
