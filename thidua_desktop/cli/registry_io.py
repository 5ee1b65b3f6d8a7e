"""What ``thidua units`` and ``thidua people`` share: import with a printed
preview, export, blank template, and plain-text tables."""
from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Callable, Sequence

from ..errors import UserError
from ..services.xlsx.importing import Outcome


def add_file_verbs(verbs, noun: str, what: str) -> dict:
    """``import FILE [--dry-run]``, ``export FILE``, ``template FILE``; returns the parsers by verb."""
    parsers = {}
    p = verbs.add_parser("import", help=f"nhập {what} từ tệp Excel (xem trước rồi ghi)",
                         description=f"Nhập {what} từ tệp .xlsx: in số dòng thêm mới, cập nhật, không đổi, lỗi "
                                     "và từng dòng lỗi (-v: từng dòng) rồi ghi cả tệp trong một lần; "
                                     "có dòng lỗi thì không ghi gì.")
    p.add_argument("file", metavar="TỆP.xlsx", type=Path)
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì vào cơ sở dữ liệu")
    add_verbose(p)
    parsers["import"] = p
    p = verbs.add_parser("export", help=f"xuất {what} ra tệp Excel",
                         description=f"Xuất toàn bộ {what} ra tệp .xlsx (có thể sửa rồi nhập lại).")
    p.add_argument("file", metavar="TỆP.xlsx", type=Path)
    parsers["export"] = p
    p = verbs.add_parser("template", help=f"tạo tệp Excel mẫu để điền {what}",
                         description=f"Tạo tệp .xlsx mẫu trống để điền {what}: có trang hướng dẫn, "
                                     "danh sách chọn, dòng tiêu đề cố định.")
    p.add_argument("file", metavar="TỆP.xlsx", type=Path)
    parsers["template"] = p
    return parsers


def add_verbose(parser) -> None:
    parser.add_argument("--verbose", "-v", action="store_true", help="in kết quả của từng dòng")


def print_preview(preview, verbose: bool) -> None:
    """The counts and every error; each row only with ``-v`` (ten thousand
    lines on a terminal hide the errors and cost more than the import)."""
    rows = preview.rows if verbose else preview.errors
    for line in preview.lines(rows):
        print(line)
    print(preview.summary())
    if not verbose and len(rows) < len(preview.rows):
        print("(Thêm -v để in kết quả của từng dòng.)")


def run_import(ctx, path: Path, dry_run: bool, preview_fn, apply_fn, verbose: bool = False) -> int:
    app = ctx.app(write=not dry_run)
    # A large file is some hundred thousand new objects (cells, lines, outcomes, rows) and no garbage
    # worth a collection: the collector would walk them, and all that is loaded, again and again for
    # nothing (a sixth of a 10.000-row import); paused for the import, as evaluation.collector_paused does.
    was_on = gc.isenabled()
    gc.disable()
    try:
        return _preview_and_apply(app, path, dry_run, preview_fn, apply_fn, verbose)
    finally:
        if was_on:
            gc.enable()


def _preview_and_apply(app, path: Path, dry_run: bool, preview_fn, apply_fn, verbose: bool) -> int:
    preview = preview_fn(app.db, path)
    print_preview(preview, verbose)
    if not preview.ok:
        raise UserError(f"Tệp “{path.name}” có {len(preview.errors)} dòng lỗi; chưa nhập gì. "
                        "Sửa các dòng lỗi trong tệp rồi nhập lại.")
    if not any(r.outcome in (Outcome.NEW, Outcome.UPDATE) for r in preview.rows):
        print("Không có gì thay đổi; cơ sở dữ liệu giữ nguyên.")
        return 0
    if dry_run:  # the real writing, every check included, rolled back at the end
        with app.db.rehearsal():
            apply_fn(app.db, preview)
        print("Chạy thử (--dry-run): mọi kiểm tra khi ghi đều qua; không ghi gì vào cơ sở dữ liệu.")
        return 0
    print(apply_fn(app.db, preview))
    return 0


def run_write(ctx, path: Path, write_fn: Callable, done: str) -> int:
    result = write_fn(ctx.db, path)
    count = f" ({result} dòng)" if isinstance(result, int) else ""
    print(f"{done}: {path}{count}")
    return 0


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], out=None) -> None:
    """Columns padded to their widest cell (Vietnamese text is NFC, one cell per letter)."""
    out = out or sys.stdout
    texts = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(headers)]
    widths[-1] = 0  # the last column is not padded
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip(), file=out)
    for row in texts:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip(), file=out)
