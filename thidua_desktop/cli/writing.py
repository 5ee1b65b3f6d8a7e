"""What the verbs that change one thing share: one audited transaction, or
with ``--dry-run`` the same work, every check included, rolled back."""
from __future__ import annotations

from typing import Any, Callable

from ..domain.text import TextError, parse_date, parse_number
from ..errors import UserError

DRY_RUN_NOTE = "Chạy thử (--dry-run): mọi kiểm tra khi ghi đều qua; không ghi gì vào cơ sở dữ liệu."


def add_dry_run(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="chạy thử: kiểm tra như khi ghi nhưng không ghi gì")


def write(ctx, dry_run: bool, reason: str, op: Callable[[Any], Any]) -> Any:
    """``op(session)`` in one transaction kept in the audit trail with ``reason``; its result."""
    db = ctx.app(write=not dry_run).db
    if not dry_run:
        with db.transaction(reason=reason) as session:
            return op(session)
    with db.rehearsal(), db.transaction(reason=reason) as session:
        result = op(session)
    print(DRY_RUN_NOTE)
    return result


def number(text: str, what: str) -> float:
    """A number as a clerk writes it (``1,5``, ``2.340.000``); the message names ``what``."""
    try:
        return parse_number(text)
    except TextError:
        raise UserError(f"{what} phải là số, đã ghi “{text}”.") from None


def whole(text: str, what: str) -> int:
    value = number(text, what)
    if not value.is_integer() or value < 0:
        raise UserError(f"{what} phải là số nguyên không âm, đã ghi “{text}”.")
    return int(value)


def day(text: str, what: str):
    try:
        return parse_date(text)
    except TextError:
        raise UserError(f"{what} “{text}” không phải ngày (ghi dạng 01/07/2024).") from None


def pairs(items: list[str] | None, what: str) -> dict[str, str]:
    """``["min=HTTNV", "each=2"]`` as a dictionary; a missing ``=`` is named."""
    out = {}
    for item in items or ():
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise UserError(f"{what} “{item}”: ghi dạng TÊN=GIÁ_TRỊ.")
        out[key.strip()] = value.strip()
    return out
