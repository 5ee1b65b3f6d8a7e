"""``thidua targets list|evaluate|defaults|add|delete|allocate``: the plan's targets, their
evaluation, their allocation (the setup tabs' actions, through the same services)."""
from __future__ import annotations

import contextlib

from ..domain.evaluation import percent_of_plan_text, value_text
from ..domain.targets import Comparison, MeasureKind
from ..domain.text import TextError, clean, format_number, parse_number
from ..services.results import entry as rs
from ..services.results import evaluation as ev
from ..services import plan
from ..services.results import setup as plan_setup
from ..services.results import targets as target_service
from .. import vi_argparse
from .context import CliFailure


def register(subparsers) -> None:
    parser = subparsers.add_parser("targets", help="chỉ tiêu của kế hoạch",
                                   description="Các chỉ tiêu chủ yếu của kế hoạch thi đua.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    listing = verbs.add_parser("list", help="liệt kê chỉ tiêu", description="Liệt kê các chỉ tiêu và giá trị kế hoạch.")
    listing.add_argument("--year", type=vi_argparse.YEAR, help="năm của kế hoạch (mặc định: năm mới nhất)")
    listing.add_argument("--json", action="store_true", help="in dạng JSON (mã, nội dung, đơn vị, phép so sánh, giá trị kế hoạch)")
    listing.set_defaults(func=run_list)
    evaluating = verbs.add_parser(
        "evaluate", help="đánh giá các chỉ tiêu toàn phường",
        description="Kết quả thực hiện từng chỉ tiêu: số toàn phường, số cộng dồn từ đơn vị, % kế hoạch, "
                    "vượt / đạt / không đạt / chưa đủ dữ liệu và quy tắc đã áp dụng.")
    evaluating.add_argument("--period", metavar="KỲ", help="mã hoặc tên kỳ báo cáo (mặc định: cả năm)")
    evaluating.add_argument("--json", action="store_true", help="in dạng JSON")
    evaluating.set_defaults(func=run_evaluate)
    defaults = verbs.add_parser(
        "defaults", help="giao chỉ tiêu cho đơn vị và lập danh sách tiêu chí các khối theo mặc định",
        description="Giao chỉ tiêu cho đơn vị theo loại hình (tổ dân phố, trường học, cơ quan, doanh nghiệp) "
                    "và lập danh sách tiêu chí cho các khối chưa có; giữ nguyên những gì đã giao, đã lập.")
    defaults.set_defaults(func=run_defaults)

    adding = verbs.add_parser(
        "add", help="thêm một chỉ tiêu (với một tiêu chí đo) vào kế hoạch",
        description="Thêm chỉ tiêu vào kế hoạch của năm, như nút “Thêm chỉ tiêu…” của thẻ Chỉ tiêu.")
    adding.add_argument("code", metavar="MÃ", help="mã chỉ tiêu chưa có, ví dụ 17")
    adding.add_argument("--text", metavar="NỘI_DUNG", required=True, help="nội dung chỉ tiêu")
    adding.add_argument("--label", metavar="TIÊU_CHÍ_ĐO", help="tiêu chí đo (mặc định: nội dung chỉ tiêu)")
    adding.add_argument("--kind", choices=[k.value for k in MeasureKind], default=MeasureKind.RATE.value,
                        help="loại giá trị: " + ", ".join(f"{k.value} = {k.label}" for k in MeasureKind))
    adding.add_argument("--comparison", choices=[c.value for c in Comparison], default=Comparison.GE.value,
                        help="so với kế hoạch: " + ", ".join(f"{c.value} = {c.label}" for c in Comparison))
    adding.add_argument("--planned", metavar="SỐ", help="giá trị kế hoạch, ví dụ 96,5")
    adding.add_argument("--unit", metavar="ĐVT", help="đơn vị tính (mặc định: % cho tỷ lệ)")
    _writing_options(adding)
    adding.set_defaults(func=run_add)

    deleting = verbs.add_parser("delete", help="xóa một chỉ tiêu chưa có kết quả",
                                description="Xóa chỉ tiêu khỏi kế hoạch; chỉ tiêu đã có kết quả hoặc đang có "
                                            "trong danh sách tiêu chí của khối thì không xóa được.")
    deleting.add_argument("code", metavar="MÃ")
    _writing_options(deleting)
    deleting.set_defaults(func=run_delete)

    allocating = verbs.add_parser(
        "allocate", help="giao (hoặc bỏ giao) một tiêu chí đo cho một đơn vị",
        description="Như thẻ “Giao cho đơn vị”: đánh dấu đơn vị được giao, với kế hoạch riêng nếu có.")
    allocating.add_argument("measure", metavar="TIÊU_CHÍ_ĐO", help="mã tiêu chí đo, ví dụ 8 hoặc 6a")
    allocating.add_argument("unit", metavar="ĐƠN_VỊ", help="tên đơn vị")
    allocating.add_argument("--planned", metavar="SỐ", help="kế hoạch riêng của đơn vị (mặc định: theo kế hoạch chung)")
    allocating.add_argument("--remove", action="store_true", help="bỏ giao (đơn vị chưa có kết quả của tiêu chí này)")
    _writing_options(allocating)
    allocating.set_defaults(func=run_allocate)

    criteria = verbs.add_parser(
        "criteria", help="tiêu chí của một khối: xem, thêm, xóa, sắp xếp",
        description="Như thẻ “Tiêu chí của khối”. Không ghi VIỆC: liệt kê các tiêu chí của khối.")
    criteria.add_argument("block", metavar="KHỐI", help="tên khối (một phần tên cũng được nếu không trùng)")
    criteria.add_argument("action", nargs="?", default="list", choices=["list", "add", "delete", "up", "down"],
                          metavar="VIỆC", help="list (mặc định), add, delete, up (lên), down (xuống)")
    criteria.add_argument("code", nargs="?", metavar="MÃ", help="mã tiêu chí (add, delete, up, down)")
    criteria.add_argument("--kind", choices=list(target_service.CRITERION_KINDS), default="yesno",
                          help="add: " + ", ".join(f"{k} = {v}" for k, v in target_service.CRITERION_KINDS.items()))
    criteria.add_argument("--label", metavar="NỘI_DUNG", help="add: nội dung tiêu chí")
    criteria.add_argument("--measure", metavar="TIÊU_CHÍ_ĐO", help="add --kind measure: mã tiêu chí đo của kế hoạch")
    criteria.add_argument("--unit", metavar="ĐVT", help="add --kind number: đơn vị tính")
    criteria.add_argument("--comparison", choices=[c.value for c in Comparison], default=Comparison.GE.value,
                          help="add --kind number: so với kế hoạch")
    criteria.add_argument("--planned", metavar="SỐ", help="add: giá trị kế hoạch")
    criteria.add_argument("--group", metavar="NHÓM", help="add: nhóm tiêu chí")
    _writing_options(criteria)
    criteria.set_defaults(func=run_criteria)


def _writing_options(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    parser.add_argument("--json", action="store_true", help="in dạng JSON")


def run_list(args, ctx) -> int:
    with ctx.db.read() as session:
        campaign = plan.current_campaign(session, args.year)
        if args.json:
            ctx.print_json(plan.targets_as_json(campaign))
            return 0
        print(f"Chỉ tiêu kế hoạch thi đua năm {campaign.year}:")
        for target in campaign.targets:
            print(f"({target.code}) {target.text}")
        print()
        for row in plan.measure_rows(campaign):
            print(f"  {row.code:<4} {row.planned_text:<24} {row.label}")
    return 0


def run_evaluate(args, ctx) -> int:
    with ctx.db.read() as session:
        campaign = plan.current_campaign(session)
        period = ev.period_for(session, campaign, args.period)
        targets = ev.ward_target_results(session, campaign, period)
        decimals = ev.tolerances(session).decimals
    if args.json:
        ctx.print_json({"year": campaign.year, "period": {"code": period.code, "name": period.name},
                        "targets": [target_json(t, decimals) for t in targets]})
        return 0
    print(f"Đánh giá chỉ tiêu năm {campaign.year} — {period.name}:")
    for t in targets:
        print(f"({t.code}) {t.text} — {t.status.label}")
        for m in t.measures:
            actual = value_text(m.actual, m.unit, decimals) if m.actual is not None else "—"
            percent = f"{percent_of_plan_text(m.evaluation.percent_of_plan)} KH" \
                if m.evaluation.percent_of_plan is not None else ""
            print(f"  {m.code:<4} {m.planned_text:<24} {actual:<18} {percent:<12} {m.status.label}")
            print(f"       {m.evaluation.rule}")
            if m.rollup is not None and m.rollup.value is not None and m.source == "official":
                print(f"       Cộng dồn từ đơn vị: {m.rollup.text(m.unit, decimals)}"
                      + (" — KHÔNG KHỚP với số toàn phường" if m.mismatch else ""))
    return 0


def target_json(t: ev.TargetResult, decimals: int) -> dict:
    return {
        "code": t.code, "text": t.text, "status": t.status.value, "status_label": t.status.label,
        "measures": [{
            "code": m.code, "label": m.label, "unit": m.unit, "kind": m.kind.value,
            "comparison": m.comparison.value, "planned": m.planned, "planned_text": m.planned_text,
            "actual": m.actual, "percent_of_plan": m.evaluation.percent_of_plan,
            "status": m.status.value, "status_label": m.status.label, "rule": m.evaluation.rule,
            "source": m.source,
            "official": m.official.values.value if m.official.values is not None else None,
            "rollup": None if m.rollup is None else {
                "method": m.rollup.method.value, "value": m.rollup.value, "numerator": m.rollup.numerator,
                "denominator": m.rollup.denominator, "units_reported": m.reported_units,
                "units_expected": m.expected_units, "text": m.rollup.text(m.unit, decimals)},
            "mismatch": m.mismatch, "baseline": m.baseline,
        } for m in t.measures],
    }


def run_defaults(args, ctx) -> int:
    db = ctx.app(write=True).db
    with db.transaction(reason="Giao chỉ tiêu và lập tiêu chí theo mặc định") as session:
        said = plan_setup.apply_defaults(session)
    print("\n".join(said))
    return 0


def _number(text: str | None, what: str) -> float | None:
    if text is None or not clean(text):
        return None
    try:
        return parse_number(text)
    except TextError as exc:
        raise CliFailure(f"{what}: {exc}", 2) from None


def _change(args, ctx, reason: str, op):
    """``op(session)`` in one audited transaction (rolled back with ``--dry-run``); what it returned."""
    db = ctx.app(write=not args.dry_run).db
    with db.rehearsal() if args.dry_run else contextlib.nullcontext():
        with db.transaction(reason=reason) as session:
            return op(session)


def _say(args, ctx, done: str, data: dict) -> int:
    """``done`` is what was done, without its verb's tense ("thêm chỉ tiêu (17) …")."""
    if args.json:
        ctx.print_json({**data, "dry_run": args.dry_run})
    else:
        print(("Kiểm tra xong, chưa ghi gì (--dry-run): sẽ " if args.dry_run else "Đã ") + done)
    return 0


def run_add(args, ctx) -> int:
    kind = MeasureKind(args.kind)
    measure = {"label": args.label or args.text, "kind": kind.value, "comparison": args.comparison,
               "planned_value": _number(args.planned, "--planned"),
               "unit": args.unit if args.unit is not None else ("%" if kind is MeasureKind.RATE else "")}
    code = clean(args.code).strip("()")
    _change(args, ctx, f"Thêm chỉ tiêu ({code})", lambda s: plan_setup.add_target(s, code, args.text, measure))
    return _say(args, ctx, f"thêm chỉ tiêu ({code}) {clean(args.text)}.", {"code": code, "text": clean(args.text)})


def run_delete(args, ctx) -> int:
    code = clean(args.code).strip("()")
    _change(args, ctx, f"Xóa chỉ tiêu ({code})",
            lambda s: target_service.delete_target(s, plan_setup.target_id_of(s, code)))
    return _say(args, ctx, f"xóa chỉ tiêu ({code}).", {"code": code})


def run_allocate(args, ctx) -> int:
    if args.remove and args.planned is not None:
        raise CliFailure("thidua targets allocate: ghi --planned hoặc --remove, không ghi cả hai.", 2)
    planned = _number(args.planned, "--planned")

    def allocate(session):
        measure_id = plan_setup.measure_id_of(session, args.measure)
        unit = rs.find_unit(list(ev.participants(session, plan.current_campaign(session)).units.values()), args.unit)
        target_service.set_allocation(session, measure_id, unit.id, not args.remove, planned)
        return unit.name

    unit_name = _change(args, ctx, "Giao chỉ tiêu cho đơn vị", allocate)
    own = "" if planned is None else f", kế hoạch riêng {format_number(planned, max_decimals=4)}"
    text = f"bỏ giao {args.measure} cho {unit_name}." if args.remove else f"giao {args.measure} cho {unit_name}{own}."
    return _say(args, ctx, text, {"measure": args.measure, "unit": unit_name, "allocated": not args.remove,
                                  "planned": planned})


def run_criteria(args, ctx) -> int:
    with ctx.db.read() as session:
        block_id = plan_setup.block_id_of(session, args.block)
        block = dict(plan_setup.block_choices(session))[block_id]
        rows = plan_setup.criterion_rows(session, block_id)
    if args.action == "list":
        return _list_criteria(args, ctx, block, rows)
    if not args.code:
        raise CliFailure(f"thidua targets criteria {args.action}: chưa ghi MÃ tiêu chí.", 2)
    if args.action == "add":
        planned = _number(args.planned, "--planned")

        def add(session):
            measure_id = plan_setup.measure_id_of(session, args.measure or "") if args.kind == "measure" else None
            values = {"kind": args.kind, "measure_id": measure_id, "code": args.code, "label": args.label or "",
                      "group": args.group or "", "unit": args.unit or "", "comparison": args.comparison,
                      "planned_value": planned, "note": ""}
            return plan_setup.save_criterion(session, block_id, values)

        _change(args, ctx, f"Tiêu chí của {block}", add)
        return _say(args, ctx, f"thêm tiêu chí {clean(args.code)} vào {block}.", {"block": block, "code": args.code})
    if args.action == "delete":
        _change(args, ctx, f"Xóa tiêu chí {args.code}",
                lambda s: target_service.delete_criterion(s, plan_setup.criterion_id_of(s, block_id, args.code)))
        return _say(args, ctx, f"xóa tiêu chí {clean(args.code)} của {block}.", {"block": block, "code": args.code})
    step = -1 if args.action == "up" else 1
    _change(args, ctx, "Sắp xếp tiêu chí",
            lambda s: target_service.move_criterion(s, plan_setup.criterion_id_of(s, block_id, args.code), step))
    where = "lên" if step < 0 else "xuống"
    return _say(args, ctx, f"chuyển tiêu chí {clean(args.code)} {where} một dòng.", {"block": block, "code": args.code})


def _list_criteria(args, ctx, block: str, rows: list[plan_setup.CriterionRow]) -> int:
    if args.json:
        ctx.print_json({"block": block, "criteria": [
            {"position": r.position + 1, "code": r.code, "label": r.label, "kind": r.kind, "plan": r.plan_text,
             "group": r.group} for r in rows]})
        return 0
    print(f"Tiêu chí của {block}:")
    for r in rows:
        print(f"  {r.position + 1:>2}. {r.code:<6} {r.plan_text:<12} {r.label}"
              + (f" — {r.group}" if r.group else ""))
    return 0
