"""``thidua rank``: scores and rankings of the blocks and of the whole ward."""
from __future__ import annotations

from pathlib import Path

from ..domain import scoring as sc
from ..domain.text import format_number
from ..services.results import evaluation as ev
from ..services import plan
from ..services.awards import scoring
from .context import CliFailure
from .registry_io import print_table


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "rank", help="chấm điểm, xếp hạng các đơn vị",
        description="Chấm điểm các đơn vị theo bảng điểm của từng khối và xếp hạng trong khối, toàn phường. "
                    "Xếp hạng là tạm thời khi còn đơn vị chưa báo cáo.")
    parser.add_argument("--block", metavar="KHỐI", help="chỉ một khối (tên khối, không cần dấu)")
    parser.add_argument("--period", metavar="KỲ", help="kỳ báo cáo (mặc định: cả năm)")
    parser.add_argument("--ward", action="store_true", help="thêm bảng xếp hạng toàn phường (so theo tỷ lệ thang điểm)")
    parser.add_argument("--explain", action="store_true", help="in cách tính điểm của từng đơn vị")
    parser.add_argument("--json", action="store_true", help="in dạng JSON")
    parser.add_argument("--out", metavar="TỆP.xlsx", type=Path,
                        help="ghi bảng điểm, xếp hạng ra tệp Excel: toàn phường, từng khối, cách tính điểm")
    parser.set_defaults(func=run)


def run(args, ctx) -> int:
    with ctx.db.read() as session:
        campaign = plan.current_campaign(session)
        period = ev.period_for(session, campaign, args.period)
        block_ids = [scoring.find_block(session, campaign, args.block).id] if args.block else None
        result = scoring.rankings(session, campaign, period, block_ids)
        ward_name = plan.ward(session).full_name
    if args.out is not None:
        if args.out.suffix.lower() != ".xlsx":
            raise CliFailure(f"--out: tệp phải có đuôi .xlsx (đã ghi “{args.out.name}”).", 2)
        from ..services.awards import ranking_export  # openpyxl: only for --out

        ranking_export.write_rankings_xlsx(result, args.out, ward_name, campaign.year)
        provisional = sum(1 for b in result.blocks if b.ranking.provisional)
        print(f"Đã ghi {args.out}: {len(result.blocks)} khối, {len(result.ward.entries)} đơn vị"
              + (f"; {provisional} khối còn xếp hạng tạm thời." if provisional else "."))
        return 0
    if args.json:
        data = {"year": campaign.year, "period": period.name,
                "blocks": [scoring.ranking_json(b.ranking, args.explain) for b in result.blocks]}
        if args.ward or not args.block:
            data["ward"] = scoring.ranking_json(result.ward, args.explain)
        data["unassigned"] = result.unassigned
        ctx.print_json(data)
        return 0
    if not result.blocks:
        print("Chưa có khối thi đua nào.")
    if result.unassigned:
        print(sc.unassigned_note(result.unassigned) + "\n")
    if not result.blocks:
        return 0
    for block in result.blocks:
        ranking = block.ranking
        print(f"{ranking.title} — thang {format_number(ranking.scale)} điểm — {period.name}")
        print(ranking.status_text)
        for note in ranking.notes:
            print(f"  Lưu ý: {note}")
        _table(ranking, with_block=False)
        print(ranking.chain_text)
        if args.explain:
            for s in ranking.entries:
                print(f"\n  {s.name}:")
                for line in scoring.explanation(s):
                    print(f"    {line}")
        print()
    if args.ward:
        print(f"{result.ward.title} (so theo tỷ lệ điểm so với thang điểm của khối)")
        print(result.ward.status_text)
        _table(result.ward, with_block=True)
        print(result.ward.chain_text)
    return 0


def _table(ranking, with_block: bool) -> None:
    rows = []
    for s in ranking.entries:
        rank = str(s.rank) if s.rank is not None else "—"
        total = format_number(s.percent) + "%" if with_block else format_number(s.total)
        row = [rank, s.name] + ([s.block] if with_block else []) + [
            total if s.reported else "", s.band, s.status or s.tie_note]
        rows.append(row)
    headers = ["Hạng", "Đơn vị"] + (["Khối"] if with_block else []) + [
        "Tỷ lệ điểm" if with_block else "Tổng điểm", "Xếp loại", "Ghi chú"]
    print_table(headers, rows)
