"""``thidua awards``: the award catalogue, its quotas, the eligibility rules,
prize money and the base-salary history (what the catalogue tab edits)."""
from __future__ import annotations

import argparse

from ..domain.text import format_date, format_money, format_number
from ..services.awards import catalogue
from . import writing
from .registry_io import print_table


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "awards", help="danh mục khen thưởng: danh hiệu, số lượng, quy định, lương cơ sở",
        description="Danh mục danh hiệu thi đua, hình thức khen thưởng; số lượng tối đa; điều kiện khen thưởng; "
                    "tiền thưởng và lương cơ sở theo thời gian.")
    groups = parser.add_subparsers(dest="group", metavar="PHẦN", title="các phần")
    groups.required = True
    _titles(groups)
    _quota(groups)
    _rules(groups)
    _money(groups)
    _salary(groups)


def _verbs(groups, name: str, help_line: str):
    verbs = groups.add_parser(name, help=help_line, description=help_line[:1].upper() + help_line[1:] + ".") \
        .add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    return verbs


def _json(p) -> None:
    p.add_argument("--json", action="store_true", help="in dạng JSON")


# --- titles ----------------------------------------------------------------------------------


def _titles(groups) -> None:
    verbs = _verbs(groups, "titles", "danh hiệu thi đua, hình thức khen thưởng")
    p = verbs.add_parser("list", help="liệt kê danh mục", description="Liệt kê danh hiệu, hình thức khen thưởng: "
                         "hệ số tiền thưởng, ngưỡng biểu quyết, số lượng tối đa.")
    _json(p)
    p.set_defaults(func=run_titles)
    for verb, help_line in (("add", "thêm danh hiệu, hình thức"), ("set", "sửa danh hiệu, hình thức")):
        p = verbs.add_parser(verb, help=help_line, description=help_line[:1].upper() + help_line[1:]
                             + " (các trường không ghi thì giữ như cũ" + (", hoặc theo mặc định" if verb == "add"
                                                                          else "") + ").")
        p.add_argument("code", metavar="MÃ", help="mã viết hoa, ví dụ GK, LDTT")
        p.add_argument("--name", metavar="TÊN", required=verb == "add", help="tên danh hiệu, hình thức")
        p.add_argument("--kind", choices=("title", "form"), help="title: danh hiệu thi đua; form: hình thức khen")
        p.add_argument("--subject", choices=("unit", "person", "household", "any"), help="đối tượng")
        p.add_argument("--level", choices=("ward", "city"), help="ward: phường quyết định; city: đề nghị thành phố")
        p.add_argument("--multiple", action="append", metavar="ĐỐI_TƯỢNG=HỆ_SỐ",
                       help="hệ số × lương cơ sở, ví dụ unit=0,6 hoặc person=0,3 (ghi nhiều lần)")
        p.add_argument("--threshold", metavar="%", help="ngưỡng biểu quyết (%%); “không” nếu không cần biểu quyết")
        p.add_argument("--threshold-op", choices=("ge", "gt"), help="ge: từ … trở lên; gt: trên")
        p.add_argument("--threshold-base", choices=("total", "present"),
                       help="total: trên tổng số thành viên; present: trên số thành viên biểu quyết")
        p.add_argument("--ballot", action=argparse.BooleanOptionalAction, help="bỏ phiếu kín")
        p.add_argument("--note", metavar="CĂN_CỨ", help="ghi chú, căn cứ")
        p.add_argument("--active", action=argparse.BooleanOptionalAction, help="đang dùng (--no-active: ẩn đi)")
        writing.add_dry_run(p)
        p.set_defaults(func=run_title_add if verb == "add" else run_title_set)


def run_titles(args, ctx) -> int:
    with ctx.db.read() as session:
        rows = catalogue.title_rows(session)
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    print_table(["Mã", "Tên", "Đối tượng", "Cấp", "Tiền thưởng (× lương cơ sở)", "Biểu quyết", "Tối đa", "Dùng"],
                [[r.code, r.name, catalogue.TITLE_SUBJECTS.get(r.subject, r.subject),
                  catalogue.LEVELS.get(r.level, r.level), catalogue.multiples_text(r), catalogue.threshold_text(r),
                  "" if r.quota is None else r.quota, "có" if r.active else "không"] for r in rows])
    return 0


def _title_changes(args) -> dict:
    changes = {k: getattr(args, k) for k in ("name", "kind", "subject", "level", "threshold_op", "threshold_base",
                                             "note") if getattr(args, k) is not None}
    if args.multiple:
        changes["multiples"] = {k: writing.number(v, f"Hệ số tiền thưởng “{k}”")
                                for k, v in writing.pairs(args.multiple, "--multiple").items()}
    if args.threshold is not None:
        none = args.threshold.strip().lower() in ("không", "khong", "none")
        changes["pass_threshold"] = None if none else writing.number(args.threshold, "Ngưỡng biểu quyết")
    if args.ballot is not None:
        changes["needs_ballot"] = args.ballot
    return changes


def run_title_add(args, ctx) -> int:
    values = {"code": args.code.strip().upper(), "kind": "title", "subject": "any", "level": "ward",
              "multiples": {}, "needs_ballot": False, "pass_threshold": None, "threshold_base": "total",
              "threshold_op": "ge", "quota": None, "note": "", **_title_changes(args)}
    row = writing.write(ctx, args.dry_run, f"Danh mục khen thưởng: {values['code']}",
                        lambda s: catalogue.edit_title(s, values, None, args.active is not False))
    print(f"Đã thêm {row.code} — {row.name}." if not args.dry_run else f"Sẽ thêm {row.code} — {row.name}.")
    return 0


def run_title_set(args, ctx) -> int:
    changes = _title_changes(args)
    row = writing.write(ctx, args.dry_run, f"Danh mục khen thưởng: {args.code.strip().upper()}",
                        lambda s: catalogue.change_title(s, args.code, changes, args.active))
    print(f"{row.code} — {row.name}: {catalogue.multiples_text(row)}; {catalogue.threshold_text(row)}; "
          f"tối đa {'không giới hạn' if row.quota is None else row.quota}; {'đang dùng' if row.active else 'ẩn'}.")
    return 0


# --- quotas ----------------------------------------------------------------------------------


def _quota(groups) -> None:
    verbs = _verbs(groups, "quota", "số lượng tối đa của danh hiệu, hình thức")
    p = verbs.add_parser("set", help="đặt số lượng tối đa", description="Đặt số lượng tối đa được khen của một "
                         "danh hiệu, hình thức trong năm; danh sách cuối lấy theo thứ tự của Hội đồng.")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("quota", metavar="SỐ_LƯỢNG")
    writing.add_dry_run(p)
    p.set_defaults(func=run_quota)
    p = verbs.add_parser("clear", help="bỏ giới hạn số lượng", description="Bỏ số lượng tối đa của một danh hiệu.")
    p.add_argument("code", metavar="MÃ")
    writing.add_dry_run(p)
    p.set_defaults(func=run_quota, quota=None)


def run_quota(args, ctx) -> int:
    quota = None if args.quota is None else writing.whole(args.quota, "Số lượng tối đa")
    row = writing.write(ctx, args.dry_run, f"Số lượng tối đa {args.code.strip().upper()}",
                        lambda s: catalogue.set_quota(s, args.code, quota))
    print(f"{row.code} — {row.name}: tối đa {'không giới hạn' if row.quota is None else row.quota}.")
    return 0


# --- eligibility rules -------------------------------------------------------------------------


def _rules(groups) -> None:
    verbs = _verbs(groups, "rules", "điều kiện khen thưởng (mỗi quy định là một cài đặt)")
    p = verbs.add_parser("list", help="liệt kê các quy định",
                         description="Liệt kê các quy định điều kiện khen thưởng: chế độ, danh hiệu áp dụng, tham số.")
    p.add_argument("--text", action="store_true", help="in cả nội dung trích khi không đạt")
    _json(p)
    p.set_defaults(func=run_rules)
    p = verbs.add_parser("set", help="sửa một quy định",
                         description="Sửa chế độ, danh hiệu áp dụng, nội dung hoặc tham số của một quy định "
                                     "(mã quy định: xem “thidua awards rules list”).")
    p.add_argument("key", metavar="QUY_ĐỊNH")
    p.add_argument("--mode", choices=("block", "warn", "info", "off"),
                   help="block: chặn; warn: cảnh báo (qua được khi ghi lý do); info: chỉ thông tin; off: không áp dụng")
    p.add_argument("--titles", metavar="MÃ,MÃ", help="các mã danh hiệu áp dụng, cách nhau bằng dấu phẩy; * là tất cả")
    p.add_argument("--text", metavar="NỘI_DUNG", help="nội dung trích khi không đạt")
    p.add_argument("--param", action="append", metavar="TÊN=GIÁ_TRỊ", help="tham số của quy định (ghi nhiều lần)")
    p.add_argument("--default", action="store_true", help="trở về quy định mặc định trước khi sửa")
    writing.add_dry_run(p)
    p.set_defaults(func=run_rule_set)


def _params_text(config) -> str:
    def shown(value) -> str:  # unit kinds by title as the rule dialog writes them
        return "; ".join(f"{k}: {', '.join(v)}" for k, v in value.items()) if isinstance(value, dict) else str(value)

    return "; ".join(f"{p.key}={shown(config.param(p.key))}" for p in config.rule.param_defs)


def rule_json(config) -> dict:
    return {"key": config.rule.key, "label": config.rule.label, "mode": config.mode.value,
            "titles": list(config.titles), "text": config.text, "source": config.rule.source,
            "params": {p.key: config.param(p.key) for p in config.rule.param_defs}}


def run_rules(args, ctx) -> int:
    with ctx.db.read() as session:
        configs = catalogue.rule_configs(session)
    if args.json:
        ctx.print_json([rule_json(c) for c in configs])
        return 0
    print_table(["Mã", "Quy định", "Chế độ", "Áp dụng cho", "Tham số"],
                [[c.rule.key, c.rule.label, c.mode.value, ", ".join(c.titles), _params_text(c)] for c in configs])
    if args.text:
        for c in configs:
            print(f"\n{c.rule.key}: {c.text}\n  Nguồn: {c.rule.source}")
    return 0


def run_rule_set(args, ctx) -> int:
    rule = catalogue.find_rule(args.key)
    params = writing.pairs(args.param, "--param")
    titles = args.titles.split(",") if args.titles is not None else None
    config = writing.write(ctx, args.dry_run, f"Quy định điều kiện: {rule.label}",
                           lambda s: catalogue.change_rule(s, rule.key, args.mode, titles, args.text, params,
                                                           args.default))
    print(f"{rule.key} — {rule.label}: {config.mode.label}; áp dụng cho {', '.join(config.titles)}"
          + (f"; {_params_text(config)}" if config.rule.param_defs else "") + ".")
    return 0


# --- prize money and the council's settings ---------------------------------------------------

_MONEY_OPTIONS = (("round_to", "money.round_to", "làm tròn tiền thưởng lên đến (đồng)"),
                  ("household_factor", "money.household_factor", "hộ gia đình nhận gấp (lần mức cá nhân)"),
                  ("female_share", "council.female_share", "Hội đồng ưu tiên tập thể có tỷ lệ nữ từ (%%)"),
                  ("min_participation", "council.min_participation",
                   "số thành viên có mặt hoặc gửi ý kiến tối thiểu (%%)"))


def _money(groups) -> None:
    verbs = _verbs(groups, "money", "quy tắc tiền thưởng và Hội đồng")
    p = verbs.add_parser("show", help="xem quy tắc tiền thưởng, Hội đồng",
                         description="Làm tròn tiền thưởng, hệ số hộ gia đình, mức cao nhất, tỷ lệ nữ ưu tiên, "
                                     "số thành viên tối thiểu.")
    _json(p)
    p.set_defaults(func=run_money)
    p = verbs.add_parser("set", help="sửa quy tắc tiền thưởng, Hội đồng",
                         description="Sửa quy tắc tiền thưởng, Hội đồng (các mục không ghi thì giữ như cũ).")
    for option, _key, help_line in _MONEY_OPTIONS:
        p.add_argument("--" + option.replace("_", "-"), dest=option, metavar="SỐ", help=help_line)
    p.add_argument("--highest-only", action=argparse.BooleanOptionalAction,
                   help="cùng một thành tích đạt nhiều danh hiệu: chỉ nhận mức cao nhất")
    writing.add_dry_run(p)
    p.set_defaults(func=run_money_set)


def run_money(args, ctx) -> int:
    with ctx.db.read() as session:
        values = {k: v for k, v in catalogue.catalogue_view(session).money.items()
                  if k != "money.base_salary_history"}
    if args.json:
        ctx.print_json(values)
        return 0
    print_table(["Quy tắc", "Giá trị"], [[help_line[:1].upper() + help_line[1:].replace("%%", "%"),
                                          format_number(values[key])] for _o, key, help_line in _MONEY_OPTIONS]
                + [["Nhiều danh hiệu cho một thành tích: chỉ nhận mức cao nhất",
                    "có" if values["money.highest_title_only"] else "không"]])
    return 0


def run_money_set(args, ctx) -> int:
    values = {key: writing.number(getattr(args, option), help_line[:1].upper() + help_line[1:].replace("%%", "%"))
              for option, key, help_line in _MONEY_OPTIONS if getattr(args, option) is not None}
    if args.highest_only is not None:
        values["money.highest_title_only"] = args.highest_only
    writing.write(ctx, args.dry_run, "Quy tắc tiền thưởng, Hội đồng",
                  lambda s: catalogue.set_money_settings(s, values))
    print(f"Đã {'kiểm tra' if args.dry_run else 'lưu'} {len(values)} quy tắc tiền thưởng, Hội đồng.")
    return 0


# --- the base-salary history ------------------------------------------------------------------


def _salary(groups) -> None:
    verbs = _verbs(groups, "salary", "lương cơ sở theo thời gian (tính tiền thưởng)")
    p = verbs.add_parser("list", help="các mức lương cơ sở",
                         description="Các mức lương cơ sở với ngày bắt đầu áp dụng và căn cứ.")
    _json(p)
    p.set_defaults(func=run_salary)
    p = verbs.add_parser("add", help="thêm một mức lương cơ sở",
                         description="Thêm mức lương cơ sở áp dụng từ một ngày (tiền thưởng theo quyết định ký từ "
                                     "ngày đó tính theo mức mới).")
    p.add_argument("start", metavar="TỪ_NGÀY", help="ngày bắt đầu áp dụng, ví dụ 01/07/2024")
    p.add_argument("amount", metavar="SỐ_TIỀN", help="lương cơ sở (đồng), ví dụ 2.340.000")
    p.add_argument("--basis", metavar="CĂN_CỨ", default="", help="văn bản quy định, ví dụ Nghị định 73/2024/NĐ-CP")
    writing.add_dry_run(p)
    p.set_defaults(func=run_salary_add)
    p = verbs.add_parser("remove", help="bỏ một mức lương cơ sở",
                         description="Bỏ mức lương cơ sở áp dụng từ ngày đã ghi (phải còn ít nhất một mức).")
    p.add_argument("start", metavar="TỪ_NGÀY")
    writing.add_dry_run(p)
    p.set_defaults(func=run_salary_remove)


def _print_salary(steps) -> None:
    print_table(["Áp dụng từ ngày", "Lương cơ sở (đồng)", "Căn cứ"],
                [[format_date(s.start), format_money(s.amount), s.basis] for s in steps])


def run_salary(args, ctx) -> int:
    with ctx.db.read() as session:
        steps = catalogue.salary_history(session)
    if args.json:
        ctx.print_json([{"from": s.start.isoformat(), "amount": s.amount, "basis": s.basis} for s in steps])
        return 0
    _print_salary(steps)
    return 0


def run_salary_add(args, ctx) -> int:
    start = writing.day(args.start, "Ngày áp dụng")
    amount = writing.whole(args.amount, "Lương cơ sở")
    steps = writing.write(ctx, args.dry_run, f"Lương cơ sở từ {format_date(start)}",
                          lambda s: catalogue.add_salary_step(s, start, amount, args.basis))
    _print_salary(steps)
    return 0


def run_salary_remove(args, ctx) -> int:
    start = writing.day(args.start, "Ngày áp dụng")
    steps = writing.write(ctx, args.dry_run, f"Bỏ mức lương cơ sở từ {format_date(start)}",
                          lambda s: catalogue.remove_salary_step(s, start))
    _print_salary(steps)
    return 0
