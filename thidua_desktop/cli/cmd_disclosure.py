"""``thidua disclosure``: when the council's result was posted publicly and
until when comments are taken (Luật Thi đua, khen thưởng 2022, Điều 84 khoản
5), recorded on the council session; the list itself is
``thidua report disclosure``."""
from __future__ import annotations

import sys

from ..domain.text import parse_date
from . import vi_argparse
from .context import CliFailure


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "disclosure", help="công khai kết quả họp Hội đồng: ngày niêm yết, hạn nhận ý kiến",
        description="Ghi ngày niêm yết công khai danh sách được Hội đồng thông qua và ngày hết hạn nhận ý kiến "
                    "(Luật Thi đua, khen thưởng 2022, Điều 84 khoản 5). In danh sách: thidua report disclosure.")
    verbs = parser.add_subparsers(dest="verb", metavar="VIỆC", title="các việc")
    verbs.required = True
    p = verbs.add_parser("set", help="ghi ngày niêm yết và ngày hết hạn nhận ý kiến",
                         description="Ghi vào phiên họp Hội đồng; --clear để xóa.")
    p.add_argument("--session", type=vi_argparse.RECORD_ID, metavar="MÃ", help="mã phiên họp (mặc định: phiên gần nhất)")
    p.add_argument("--posted", metavar="NGÀY", help="ngày niêm yết (dd/mm/yyyy)")
    p.add_argument("--until", metavar="NGÀY", help="ngày cuối cùng nhận ý kiến (dd/mm/yyyy)")
    p.add_argument("--clear", action="store_true", help="xóa hai ngày đã ghi")
    p.set_defaults(func=run_set)
    p = verbs.add_parser("show", help="thời gian công khai đã ghi và các lưu ý",
                         description="Thời gian công khai của phiên họp và các quyết định ký trước khi hết hạn.")
    p.add_argument("--session", type=vi_argparse.RECORD_ID, metavar="MÃ", help="mã phiên họp (mặc định: phiên gần nhất)")
    p.set_defaults(func=run_show)


def _day(text: str | None, option: str):
    try:
        return parse_date(text) if text else None
    except ValueError as exc:
        raise CliFailure(f"{option}: {exc}", code=2) from None


def _session_id(session, chosen: int | None) -> int:
    from ..services import plan
    from ..services.awards import council

    if chosen is not None:
        return council.get_session(session, chosen).id
    latest = council.latest_session(session, plan.current_campaign(session))
    if latest is None:
        raise CliFailure("Chưa có phiên họp Hội đồng nào.")
    return latest.id


def _report(posting, warnings: list[str]) -> None:
    state = posting.period_text() if posting.recorded else "chưa ghi"
    print(f"Công khai kết quả {posting.label} (mã {posting.session_id}): {state}.")
    for warning in warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)


def run_set(args, ctx) -> int:
    from ..services.awards import disclosure

    if args.clear == bool(args.posted or args.until) or not (args.clear or (args.posted and args.until)):
        raise CliFailure("Ghi cả --posted và --until, hoặc chỉ --clear.", code=2)
    posted, until = _day(args.posted, "--posted"), _day(args.until, "--until")
    with ctx.app(write=True).db.transaction(reason="Ghi thời gian công khai kết quả họp Hội đồng") as session:
        posting = disclosure.set_posting(session, _session_id(session, args.session), posted, until)
        warnings = disclosure.session_warnings(session, posting.session_id)
    _report(posting, warnings)
    return 0


def run_show(args, ctx) -> int:
    from ..services.awards import disclosure

    with ctx.app().db.read() as session:
        posting = disclosure.posting(session, _session_id(session, args.session))
        warnings = disclosure.session_warnings(session, posting.session_id)
    _report(posting, warnings)
    return 0
