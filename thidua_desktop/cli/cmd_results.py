"""``thidua results``: enter a result, write units' forms, read them back, see who has reported."""
from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from ..domain.results import detail_text, display_text, parse_entry
from ..domain.text import TextError, clean, format_date, parse_date
from ..errors import UserError
from ..services.results import evaluation as ev
from ..services import plan
from ..services.results import reporting
from ..services.results import forms as rf
from ..services.results import entry as rs
from ..services.results import exchange
from ..services.results import periods as period_service
from .context import CliFailure
from .printed import add_pdf_option, write_pdf


def register(subparsers) -> None:
    parser = subparsers.add_parser("results", help="kết quả thực hiện chỉ tiêu",
                                   description="Nhập kết quả, tạo phiếu báo cáo cho đơn vị, đọc phiếu gửi về, "
                                               "xem đơn vị nào đã báo cáo.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True

    setting = verbs.add_parser(
        "set", help="ghi một kết quả",
        description="Ghi kết quả của một chỉ tiêu cho một đơn vị, hoặc số toàn phường (không ghi --unit). "
                    "GIÁ_TRỊ: 96,5 — 965/1000 (tử số/mẫu số) — 52300/46200 (năm nay/năm trước) — Có/Không; "
                    "chuỗi rỗng \"\" để xóa.")
    setting.add_argument("target", metavar="CHỈ_TIÊU", help="mã như “thidua targets list” in ra (8, 6a, 12b) "
                                                            "hoặc mã tiêu chí của khối (TC01)")
    setting.add_argument("value", metavar="GIÁ_TRỊ")
    setting.add_argument("--unit", metavar="ĐƠN_VỊ", help="tên đơn vị (mặc định: số toàn phường)")
    setting.add_argument("--period", metavar="KỲ", help="mã hoặc tên kỳ báo cáo (mặc định: cả năm)")
    setting.add_argument("--note", metavar="GHI_CHÚ")
    setting.add_argument("--evidence", metavar="MINH_CHỨNG")
    setting.add_argument("--date", metavar="NGÀY", help="ngày đơn vị báo cáo (mặc định: hôm nay)")
    setting.set_defaults(func=run_set)

    forms = verbs.add_parser("forms", help="tạo phiếu báo cáo Excel cho các đơn vị",
                             description="Tạo một tệp Excel cho mỗi đơn vị (hoặc các đơn vị chọn) vào thư mục.")
    forms.add_argument("--out", metavar="THƯ_MỤC", required=True, type=Path)
    forms.add_argument("--unit", metavar="ĐƠN_VỊ", action="append", help="chỉ đơn vị này (ghi nhiều lần được)")
    forms.add_argument("--period", metavar="KỲ")
    forms.set_defaults(func=run_forms)

    importing = verbs.add_parser("import", help="đọc phiếu đơn vị gửi về, hoặc bảng kết quả",
                                 description="Đọc các phiếu báo cáo (tệp hoặc cả thư mục) và bảng dài có cột "
                                             "Đơn vị, Chỉ tiêu, Giá trị (Kỳ, Ghi chú). Mỗi tệp vào trọn vẹn "
                                             "hoặc không vào gì.")
    importing.add_argument("paths", metavar="TỆP_HOẶC_THƯ_MỤC", nargs="+", type=Path)
    importing.add_argument("--period", metavar="KỲ", help="kỳ của bảng dài không có cột Kỳ (mặc định: cả năm)")
    importing.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và in kết quả đọc, không ghi gì")
    importing.add_argument("--verbose", "-v", action="store_true", help="in từng dòng của từng tệp")
    importing.set_defaults(func=run_import)

    status = verbs.add_parser("status", help="đơn vị nào đã báo cáo, đơn vị nào trễ hạn",
                              description="Tình hình báo cáo của các đơn vị trong một kỳ.")
    status.add_argument("--period", metavar="KỲ")
    status.add_argument("--today", metavar="NGÀY", help="tính trễ hạn đến ngày này (mặc định: hôm nay)")
    status.add_argument("--json", action="store_true")
    add_pdf_option(status)
    status.set_defaults(func=run_status)

    show = verbs.add_parser("show", help="kết quả và đánh giá của một đơn vị",
                            description="Các chỉ tiêu, tiêu chí của đơn vị với kết quả và đánh giá.")
    show.add_argument("--unit", metavar="ĐƠN_VỊ", required=True)
    show.add_argument("--period", metavar="KỲ")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)

    report = verbs.add_parser(
        "report", help="ghi nhận ngày đơn vị báo cáo (hoặc bỏ ghi nhận)",
        description="Ghi nhận một đơn vị đã báo cáo trong kỳ, ví dụ khi nhận báo cáo giấy: ngày báo cáo dùng "
                    "để tính đúng hạn, trễ hạn. --clear bỏ ghi nhận.")
    report.add_argument("unit", metavar="ĐƠN_VỊ", help="tên đơn vị")
    report.add_argument("--date", metavar="NGÀY", help="ngày báo cáo, dd/mm/yyyy (mặc định: hôm nay)")
    report.add_argument("--clear", action="store_true", help="bỏ ghi nhận báo cáo của đơn vị trong kỳ")
    report.add_argument("--period", metavar="KỲ", help="mã hoặc tên kỳ báo cáo (mặc định: cả năm)")
    report.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    report.add_argument("--json", action="store_true", help="in dạng JSON")
    report.set_defaults(func=run_report)

    periods = verbs.add_parser(
        "periods", help="các kỳ báo cáo: liệt kê, thêm, sửa, xóa",
        description="Kỳ cả năm và các kỳ sơ kết, đợt cao điểm. Không ghi gì thêm: liệt kê các kỳ.")
    periods.add_argument("action", nargs="?", default="list", choices=["list", "add", "edit", "delete"],
                         metavar="VIỆC", help="list (mặc định), add, edit, delete")
    periods.add_argument("code", nargs="?", metavar="MÃ_KỲ", help="mã kỳ (add, edit, delete)")
    periods.add_argument("--name", metavar="TÊN", help="tên kỳ, ví dụ “6 tháng đầu năm 2026”")
    periods.add_argument("--start", metavar="NGÀY", help="từ ngày (dd/mm/yyyy)")
    periods.add_argument("--end", metavar="NGÀY", help="đến ngày (dd/mm/yyyy)")
    periods.add_argument("--deadline", metavar="NGÀY", help="hạn đơn vị báo cáo (dd/mm/yyyy)")
    periods.add_argument("--with-results", action="store_true",
                         help="delete: xóa cả kết quả đã nhập của kỳ (sao lưu trước khi xóa)")
    periods.add_argument("--json", action="store_true", help="list: in dạng JSON")
    periods.set_defaults(func=run_periods)


def _date(text: str | None, what: str) -> dt.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except TextError as exc:
        raise CliFailure(f"{what}: {exc}", 2) from None


def run_set(args, ctx) -> int:
    db = ctx.app(write=True).db
    reported_on = _date(args.date, "--date")
    with db.transaction(reason="Ghi kết quả từ dòng lệnh") as session:
        campaign = plan.current_campaign(session)
        period = ev.period_for(session, campaign, args.period)
        people = ev.participants(session, campaign)
        if args.unit:
            unit = rs.find_unit(list(people.units.values()), args.unit)
            items = people.items(unit.id)
            if not items:
                raise UserError(f"{unit.name} chưa được giao chỉ tiêu, tiêu chí nào.")
            try:
                item = rs.find_item(items, args.target)
            except UserError as exc:
                raise UserError(f"{exc.message.rstrip('.')} trong danh sách của {unit.name}.") from None
            unit_id, who = unit.id, unit.name
        else:
            item = rs.find_item(rs.ward_items(campaign), args.target)
            unit_id, who = None, "toàn phường"
        try:
            values = parse_entry(args.value, item.spec)
        except TextError as exc:
            raise UserError(f"Chỉ tiêu {item.code}: {exc}") from None
        change = rs.CellChange(rs.CellKey(unit_id, item.kind, item.id), values,
                               args.note if args.note is not None else rs.KEEP,
                               args.evidence if args.evidence is not None else rs.KEEP)
        summary = rs.apply_changes(session, period, [change], "cli", reported_on=reported_on)
        verdict = ev.evaluate_item(item, values, ev.tolerances(session))
    shown = detail_text(values, item.spec) if values is not None else "(đã xóa)"
    print(f"{item.code} – {item.label}, {who}, {period.name}: {shown} — {summary.text()}.")
    print(f"Đánh giá: {verdict.label}. {verdict.rule}")
    return 0


def run_forms(args, ctx) -> int:
    with ctx.db.read() as session:
        period = period_service.named(session, args.period)
        unit_ids = None
        if args.unit:
            people = ev.participants(session, plan.current_campaign(session))
            unit_ids = [rs.find_unit(list(people.units.values()), name).id for name in args.unit]
        written = exchange.write_forms(session, period.id, args.out, unit_ids)
    print(written.text())
    return 0


def run_import(args, ctx) -> int:
    with ev.collector_paused():  # tens of thousands of rows' objects, no cycles among them
        return _import(args, ctx)


def _import(args, ctx) -> int:
    db = ctx.app(write=not args.dry_run).db
    with db.read() as session:
        period_id = period_service.named(session, args.period).id
        readback = exchange.read_back(session, period_id, args.paths)
    for line in readback.lines():
        print(line)
    if args.verbose:
        for f in readback.files:
            print(f"\n{f.path.name}:")
            for line in f.preview.lines():
                print("  " + line)
    rejected = readback.rejected
    if args.dry_run:
        with db.rehearsal():  # the real writing, every check included, rolled back at the end
            rf.apply(db, readback)
        print(f"\nKiểm tra xong: {len(readback.accepted)} tệp đọc được, {len(rejected)} tệp bị từ chối; "
              "chưa ghi gì (--dry-run).")
        return 1 if rejected else 0
    applied = rf.apply(db, readback)
    print("\n" + applied.text())
    with db.read() as session:
        status = reporting.count_of(session, period_id)
    print(status.summary() + ".")
    if status.not_reported:
        print("Còn chưa báo cáo: " + ", ".join(status.not_reported) + ".")
    return 1 if rejected else 0


def run_status(args, ctx) -> int:
    today = _date(args.today, "--today")
    with ctx.db.read() as session:
        status = reporting.status_of(session, period_service.named(session, args.period).id, today)
    if args.pdf:
        return write_pdf(ctx, args.pdf, lambda lists, s: lists.results_status(s, status.period_id, today))
    if args.json:
        ctx.print_json(status.as_json())
        return 0
    print(f"Tình hình báo cáo — {status.period_name}: {status.summary()}.")
    for u in status.units:
        print(f"  {'✓' if u.reported else '·'} {u.name:<45} {u.state_text}")
    if status.late:
        print("\nTrễ hạn: " + ", ".join(f"{u.name} ({u.days_late} ngày)" for u in status.late) + ".")
    return 0


def run_show(args, ctx) -> int:
    with ctx.db.read() as session:
        campaign = plan.current_campaign(session)
        period = ev.period_for(session, campaign, args.period)
        people = ev.participants(session, campaign)
        unit = rs.find_unit(list(people.units.values()), args.unit)
        results = ev.unit_results(session, campaign, period, [unit.id], people=people).get(unit.id)
    if results is None:
        raise UserError(f"{unit.name} chưa được giao chỉ tiêu, tiêu chí nào.")
    if args.json:
        ctx.print_json({"unit": results.name, "block": results.block_name, "period": period.name,
                        "reported_on": results.reported_on.isoformat() if results.reported_on else None,
                        "items": [item_json(i) for i in results.items]})
        return 0
    print(f"{results.name} — {results.block_name or 'chưa vào khối'} — {period.name}"
          + (f" — báo cáo ngày {format_date(results.reported_on)}" if results.reported_on else ""))
    for i in results.items:
        shown = display_text(i.values, i.item.spec) if i.values is not None else "—"
        print(f"  {i.item.code:<5} {i.item.planned_text or '—':<22} {shown:<10} {i.status.label:<16} {i.item.label}")
        if i.values is not None or i.note:
            print(f"        {i.evaluation.rule}" + (f" — ghi chú: {i.note}" if i.note else ""))
    return 0


def item_json(i: ev.ItemResult) -> dict:
    e = i.evaluation
    return {
        "code": i.item.code, "label": i.item.label, "criterion_id": i.item.criterion_id,
        "measure_id": i.item.measure_id, "planned": i.item.planned, "planned_text": i.item.planned_text,
        "values": i.values.as_dict() if i.values is not None else None, "actual": e.actual,
        "percent_of_plan": e.percent_of_plan, "status": e.status.value, "status_label": e.status.label,
        "rule": e.rule, "note": i.note, "evidence": i.evidence, "source": i.source,
    }


def run_periods(args, ctx) -> int:
    if args.action == "list":
        return _list_periods(args, ctx)
    if not args.code:
        raise CliFailure(f"thidua results periods {args.action}: chưa ghi MÃ_KỲ.", 2)
    if args.action == "add":
        if not args.name:
            raise CliFailure("thidua results periods add: chưa ghi --name (tên kỳ).", 2)
        dates = _date(args.start, "--start"), _date(args.end, "--end"), _date(args.deadline, "--deadline")
        with ctx.app(write=True).db.transaction(reason=f"Thêm kỳ báo cáo {args.name}") as session:
            period = period_service.add(session, args.code, args.name, *dates)
        print(f"Đã thêm kỳ {period.code}: {period.name}.")
        return 0
    db = ctx.app(write=True).db
    with db.read() as session:
        period = period_service.by_code(session, args.code)
        period_id, name, usage = period.id, period.name, period_service.usage(session, period.id)
        current = (period.name, period.start, period.end, period.deadline)
        if args.action == "delete" and period.is_main:
            raise UserError(f"Không xóa được kỳ “{name}”: đây là kỳ cả năm của kế hoạch.")
    if args.action == "edit":
        values = (args.name if args.name is not None else current[0],
                  _date(args.start, "--start") if args.start is not None else current[1],
                  _date(args.end, "--end") if args.end is not None else current[2],
                  _date(args.deadline, "--deadline") if args.deadline is not None else current[3])
        with db.transaction(reason=f"Sửa kỳ báo cáo {name}") as session:
            period_service.edit(session, period_id, *values)
        print(f"Đã sửa kỳ {args.code}: {clean(values[0])}.")
        return 0
    if not usage.empty and not args.with_results:
        raise UserError(f"Kỳ “{name}” đã có {usage.text()}. Ghi thêm --with-results nếu thật sự muốn xóa "
                        "cả các số liệu này (có sao lưu trước khi xóa).")
    period_service.remove(db, period_id)
    print(f"Đã xóa kỳ {args.code}: {name}" + ("." if usage.empty else f", cùng {usage.text()}."))
    return 0


def run_report(args, ctx) -> int:
    """The page's “Ghi nhận đã báo cáo” / “Bỏ ghi nhận”: the same service, the same reason in the log."""
    if args.clear and args.date:
        raise CliFailure("thidua results report: ghi --date hoặc --clear, không ghi cả hai.", 2)
    day = None if args.clear else (_date(args.date, "--date") or dt.date.today())
    db = ctx.app(write=not args.dry_run).db
    with db.read() as session:
        period = period_service.named(session, args.period)
        unit = rs.find_unit(list(ev.participants(session, plan.current_campaign(session)).units.values()), args.unit)
        period_id, period_name, unit_id, unit_name = period.id, period.name, unit.id, unit.name
    with db.rehearsal() if args.dry_run else contextlib.nullcontext():
        with db.transaction(reason=f"Ghi nhận báo cáo của {unit_name}") as session:
            period_service.record_report(session, period_id, unit_id, day)
    if args.json:
        ctx.print_json({"unit": unit_name, "period": period_name, "reported_on": day.isoformat() if day else None,
                        "dry_run": args.dry_run})
        return 0
    done = f"{unit_name} báo cáo {period_name} ngày {format_date(day)}" if day else \
        f"bỏ ghi nhận báo cáo {period_name} của {unit_name}"
    print(("Kiểm tra xong, chưa ghi gì (--dry-run): " if args.dry_run else "Đã ghi nhận: ") + done + ".")
    return 0


def _list_periods(args, ctx) -> int:
    with ctx.db.read() as session:
        rows = []
        for p in period_service.periods(session):
            usage = period_service.usage(session, p.id)
            rows.append({"code": p.code, "name": p.name, "main": p.is_main,
                         "start": p.start.isoformat() if p.start else None,
                         "end": p.end.isoformat() if p.end else None,
                         "deadline": p.deadline.isoformat() if p.deadline else None,
                         "results": usage.results, "reports": usage.reports})
    if args.json:
        ctx.print_json(rows)
        return 0
    for r in rows:
        span = " – ".join(format_date(dt.date.fromisoformat(d)) for d in (r["start"], r["end"]) if d)
        deadline = f"; hạn {format_date(dt.date.fromisoformat(r['deadline']))}" if r["deadline"] else ""
        print(f"{r['code']:<8} {r['name']}{' (cả năm)' if r['main'] else ''}"
              f"{' — ' + span if span else ''}{deadline}; {r['results']} kết quả, {r['reports']} đơn vị đã báo cáo")
    return 0
