"""``thidua targets list|evaluate|defaults``: the plan's targets, their evaluation, their allocation."""
from __future__ import annotations

from ..domain.evaluation import percent_of_plan_text, value_text
from ..services.results import evaluation as ev
from ..services import plan
from ..services.results import setup as plan_setup
from . import vi_argparse


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
