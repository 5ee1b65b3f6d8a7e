"""``thidua info``: where the database is, its schema version, the plan in brief."""
from __future__ import annotations

from sqlalchemy import func, select

from .. import __version__
from ..domain.text import format_date
from ..services import plan
from ..storage.migrate import current_revision, head_revision
from ..storage.models import Unit


def register(subparsers) -> None:
    parser = subparsers.add_parser("info", help="thông tin cơ sở dữ liệu và kế hoạch",
                                   description="Vị trí cơ sở dữ liệu, phiên bản dữ liệu và tóm tắt kế hoạch.")
    parser.add_argument("--json", action="store_true", help="in dạng JSON")
    parser.set_defaults(func=run)


def run(args, ctx) -> int:
    db = ctx.db
    with db.read() as session:
        campaign = plan.current_campaign(session)
        ward = plan.ward(session)
        units = session.scalar(select(func.count(Unit.id)))
        info = {
            "database": db.display_name,
            "schema_version": current_revision(db),
            "app_schema_version": head_revision(),
            "app_version": __version__,
            "ward": ward.full_name,
            "plan": {
                "year": campaign.year,
                "title": campaign.title,
                "number": campaign.number,
                "issued_on": format_date(campaign.issued_on),
                "city_plan_reference": campaign.city_plan_reference,
                "city_theme": campaign.city_theme,
                "ward_theme": campaign.ward_theme,
                "units_deadline": format_date(campaign.units_deadline),
                "ward_deadline": format_date(campaign.ward_deadline),
                "targets": len(campaign.targets),
                "measures": sum(len(t.measures) for t in campaign.targets),
                "movements": [m.name for m in campaign.movements],
                "periods": [p.name for p in campaign.periods],
                "signer": f"{campaign.signer_authority} / {campaign.signer_title} / {campaign.signer_name}",
            },
            "units": units,
        }
    if args.json:
        ctx.print_json(info)
        return 0
    p = info["plan"]
    lines = [
        f"Cơ sở dữ liệu:      {info['database']}",
        f"Phiên bản dữ liệu:  {info['schema_version']} (chương trình {__version__}, cần {info['app_schema_version']})",
        f"Phường:             {info['ward']}",
        f"Kế hoạch năm {p['year']}:   {p['title']}",
        f"Kế hoạch phường:    số {p['number'] or '(chưa ghi)'}, ngày {p['issued_on'] or '(chưa ghi)'}"
        " (thidua plan set --number … --date …)",
        f"Thực hiện:          {p['city_plan_reference']}",
        f"Chủ đề thành phố:   {p['city_theme']}",
        f"Chủ đề phường:      {p['ward_theme']}",
        f"Hạn đơn vị báo cáo: {p['units_deadline']}",
        f"Hạn báo cáo TP:     {p['ward_deadline']}",
        f"Chỉ tiêu:           {p['targets']} chỉ tiêu, {p['measures']} tiêu chí đo",
        f"Đơn vị:             {units}",
    ]
    print("\n".join(lines))
    return 0
