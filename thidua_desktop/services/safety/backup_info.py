"""What a backup holds (:func:`inspect_backup`), read with plain ``sqlite3``:
``thidua backup`` describes the copy it made without loading SQLAlchemy;
``restore`` refuses through it what cannot be restored."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...domain.backups import schema_words
from ...domain.text import format_date, format_number
from ...errors import UserError
from ...storage import audit_chain, schema
from ...storage.migrate import SCHEMA_HEAD, is_known_revision
from ...storage.sqlite_copy import open_readonly
from .backup_files import SQLITE_HEADER, why as _why

_APP_TABLES = {"alembic_version", "unit", "person", "campaign", "audit_entry"}
_COUNTED = (("unit", "đơn vị"), ("person", "cá nhân"), ("result", "kết quả"),
            ("nomination", "đề nghị khen thưởng"), ("decision", "quyết định"), ("account", "tài khoản"))


@dataclass
class BackupInfo:
    path: Path
    size: int
    schema_revision: str
    made_at: dt.datetime | None  # when the copy was made (None: a plain copy of a database)
    made_by: str
    reason: str
    last_change: dt.datetime | None  # the newest change recorded in it
    ward: str
    years: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    needs_upgrade: bool = False
    trail: str = ""  # the audit trail: whole, or where it was edited outside the app

    def lines(self) -> list[str]:
        made = (f"{self.made_at:%H:%M} ngày {format_date(self.made_at.date())}" if self.made_at
                else "không ghi (tệp chép trực tiếp)")
        last = (f"{self.last_change:%H:%M} ngày {format_date(self.last_change.date())}"
                if self.last_change else "chưa có")
        lines = [
            f"Tệp: {self.path}",
            f"Dung lượng: {format_number(self.size / 1048576, 1)} MB",
            f"Thời điểm sao lưu: {made}" + (f" — {self.reason}" if self.reason and self.made_at else ""),
            f"Thay đổi cuối cùng trong dữ liệu: {last}",
            f"Phường: {self.ward or '—'}; kế hoạch các năm: "
            + (", ".join(str(y) for y in self.years) or "—"),
            f"Phiên bản dữ liệu: {schema_words(self.schema_revision)}"
            + (" (cũ hơn, sẽ được nâng cấp sau khi phục hồi)" if self.needs_upgrade else ""),
            "Gồm: " + ", ".join(f"{format_number(self.counts.get(t, 0))} {label}" for t, label in _COUNTED),
            f"Nhật ký thay đổi: {self.trail}",
        ]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "size": self.size, "schema_revision": self.schema_revision,
                "made_at": self.made_at.isoformat() if self.made_at else None, "made_by": self.made_by,
                "reason": self.reason,
                "last_change": self.last_change.isoformat() if self.last_change else None,
                "ward": self.ward, "years": self.years, "counts": self.counts,
                "needs_upgrade": self.needs_upgrade, "trail": self.trail}


def _parse_time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).replace(microsecond=0)
    except ValueError:
        return None


def refusal(name: str, why: str) -> UserError:
    return UserError(f"Tệp “{name}” {why}; không phục hồi từ tệp này. Dữ liệu hiện tại không bị thay đổi.")


def inspect_backup(path: str | os.PathLike[str], just_made: bool = False) -> BackupInfo:
    """Read what a copy holds, refusing what cannot be restored: not ours,
    damaged, edited outside the app (its schema differs from what its version
    should have: an extra trigger, view, table, column or index, or one missing),
    with broken links, or from a newer version of the app. Nothing is written to it.

    ``just_made``: a copy :func:`create_backup` has just written and checked;
    it is described without being proved again (the full proof, the audit
    trail's above all, costs ten times the copy on a large ward and is made
    when the copy is restored, and by ``thidua check`` on the data itself)."""
    path = Path(path).expanduser()
    name = path.name
    if not path.exists():
        raise UserError(f"Không tìm thấy tệp “{path}”.")
    if path.is_dir():
        raise UserError(f"“{path}” là một thư mục; hãy chọn tệp sao lưu (.db).")
    size = path.stat().st_size
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header != SQLITE_HEADER:
        raise UserError(f"Tệp “{name}” không phải là bản sao lưu của chương trình Thi đua – Khen thưởng.")
    try:
        conn = open_readonly(path)
    except sqlite3.Error as exc:
        raise UserError(f"Không mở được tệp “{name}”: {_why(exc)}") from exc
    try:
        revision = _revision(conn) if just_made else _verify_file(conn, name)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                  for t, _ in _COUNTED if t in tables}
        made = conn.execute("SELECT at, actor, reason FROM audit_entry WHERE entity='backup' "
                            "AND action='event' ORDER BY at DESC, id DESC LIMIT 1").fetchone()
        (last,) = conn.execute("SELECT max(at) FROM audit_entry WHERE entity <> 'backup'").fetchone()
        ward = conn.execute("SELECT full_name FROM ward LIMIT 1").fetchone() if "ward" in tables else None
        years = [r[0] for r in conn.execute("SELECT year FROM campaign ORDER BY year")]
        trail = _trail_count(conn) if just_made else _trail_state(conn)
    except sqlite3.DatabaseError as exc:
        raise UserError(f"Tệp “{name}” bị hỏng hoặc không đọc được ({_why(exc)}).") from exc
    finally:
        conn.close()
    return BackupInfo(path=path, size=size, schema_revision=revision,
                      made_at=_parse_time(made[0]) if made else None,
                      made_by=made[1] if made else "", reason=made[2] if made else "",
                      last_change=_parse_time(last), ward=ward[0] if ward else "", years=years,
                      counts=counts, needs_upgrade=revision != SCHEMA_HEAD, trail=trail)


def _verify_file(conn: sqlite3.Connection, name: str) -> str:
    """Prove the file is a whole database of ours; return its schema revision."""
    try:
        verdict = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:
        raise UserError(f"Tệp “{name}” bị hỏng, không dùng để phục hồi được ({_why(exc)}).") from exc
    if verdict != ["ok"]:
        raise UserError(f"Tệp “{name}” bị hỏng, không dùng để phục hồi được ({verdict[0]}).")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not _APP_TABLES <= tables:
        raise UserError(f"Tệp “{name}” là một cơ sở dữ liệu SQLite nhưng không phải của chương trình "
                        "Thi đua – Khen thưởng; không phục hồi từ tệp này.")
    versions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    if not versions:
        raise refusal(name, "không có thông tin phiên bản dữ liệu")
    if len(versions) > 1:
        shown = ", ".join(str(v)[:30] for v in versions[:3]) + (", …" if len(versions) > 3 else "")
        raise refusal(name, f"ghi {len(versions)} phiên bản dữ liệu cùng lúc ({shown}) "
                             "trong khi phải có đúng một, nên đã bị sửa ngoài chương trình")
    revision = versions[0]
    if not is_known_revision(revision):
        raise UserError(
            f"Tệp “{name}” được tạo bởi một phiên bản mới hơn của chương trình (phiên bản dữ liệu "
            f"{str(revision)[:30]}). Hãy cài phiên bản mới nhất rồi phục hồi; dữ liệu hiện tại không bị thay đổi.")
    verify_structure(conn, name, revision)
    return revision


def verify_structure(conn: sqlite3.Connection, name: str, revision: str) -> None:
    """The schema is exactly the one ``revision`` has, and every link between tables holds."""
    found = schema.differences(schema.schema_of_connection(conn), schema.expected_schema(revision))
    if found:
        shown = "; ".join(found[:3]) + (f"; và {len(found) - 3} điểm khác nữa" if len(found) > 3 else "")
        raise refusal(name, f"không đúng cấu trúc dữ liệu của chương trình ({shown}); tệp đã bị sửa "
                             "ngoài chương trình hoặc không phải bản sao lưu thật")
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        from .audit_log import entity_label

        table, rowid, parent, _key = broken[0]
        raise refusal(name, f"có {format_number(len(broken))} liên kết hỏng giữa các bảng (ví dụ: "
                             f"{entity_label(table)} số {rowid} trỏ tới {entity_label(parent).lower()} "
                             "không còn tồn tại)")


def _revision(conn: sqlite3.Connection) -> str:
    (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return revision


def _trail_count(conn: sqlite3.Connection) -> str:
    (count,) = conn.execute("SELECT count(*) FROM audit_entry").fetchone()
    return f"{format_number(count)} mục (chuỗi mã kiểm tra được xác minh khi phục hồi)"


def _trail_state(conn: sqlite3.Connection) -> str:
    """The audit trail of a copy, in words: whole, or where it was edited outside the app."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_entry)")}
    if "entry_hash" not in columns:
        return "chưa có mã kiểm tra (bản sao lưu của phiên bản cũ)"
    verdict = audit_chain.verify(conn)
    if verdict.broken is None:
        return f"{format_number(verdict.entries)} mục, nguyên vẹn"
    from .audit_log import describe_broken_entry

    return describe_broken_entry(verdict.broken)
