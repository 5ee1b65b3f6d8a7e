"""Roles and what each may do (phân quyền), without Qt or SQL.

Four roles, as a ward office divides the work:

- ``admin`` — Quản trị: everything, and alone may change settings, manage
  accounts and restore a backup;
- ``officer`` — Cán bộ thi đua: data entry, imports, documents, backups;
- ``council`` — Thành viên Hội đồng: enters the council's votes, reads the rest;
- ``reader`` — Chỉ xem: reads.

Pages ask :func:`can` to disable what a role may not do; services call
``services.safety.accounts.require`` which raises :class:`PermissionDenied` with a
Vietnamese message. The tables each role may write (:func:`may_write`) back
both up: a write outside them is refused when the session flushes.
"""
from __future__ import annotations

import enum

from ..errors import UserError


class Role(str, enum.Enum):
    ADMIN = "admin"
    OFFICER = "officer"
    COUNCIL = "council"
    READER = "reader"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def description(self) -> str:
        return ROLE_DESCRIPTIONS[self]


ROLE_LABELS = {
    Role.ADMIN: "Quản trị",
    Role.OFFICER: "Cán bộ thi đua",
    Role.COUNCIL: "Thành viên Hội đồng",
    Role.READER: "Chỉ xem",
}

ROLE_DESCRIPTIONS = {
    Role.ADMIN: "mọi việc, kể cả cài đặt, quản lý tài khoản và phục hồi dữ liệu",
    Role.OFFICER: "nhập, sửa dữ liệu, nhập tệp Excel, tạo văn bản, sao lưu",
    Role.COUNCIL: "nhập kết quả bỏ phiếu của Hội đồng và xem dữ liệu",
    Role.READER: "chỉ xem dữ liệu",
}


class Action(str, enum.Enum):
    """Something a page or service may be asked to do."""

    READ = "read"
    EDIT_DATA = "edit_data"  # units, people, blocks, targets, results, scoring, nominations, decisions
    IMPORT = "import"  # read Excel files into the database
    DOCUMENTS = "documents"  # generate and register documents
    ENTER_VOTES = "enter_votes"
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"
    RESTORE = "restore"
    SETTINGS = "settings"
    ACCOUNTS = "accounts"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.READ: "xem dữ liệu",
    Action.EDIT_DATA: "nhập, sửa dữ liệu",
    Action.IMPORT: "nhập dữ liệu từ tệp",
    Action.DOCUMENTS: "tạo văn bản",
    Action.ENTER_VOTES: "nhập kết quả bỏ phiếu",
    Action.VIEW_AUDIT: "xem nhật ký thay đổi",
    Action.BACKUP: "sao lưu dữ liệu",
    Action.RESTORE: "phục hồi dữ liệu từ bản sao lưu",
    Action.SETTINGS: "thay đổi cài đặt",
    Action.ACCOUNTS: "quản lý tài khoản",
}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.OFFICER: frozenset({Action.READ, Action.EDIT_DATA, Action.IMPORT, Action.DOCUMENTS,
                             Action.ENTER_VOTES, Action.VIEW_AUDIT, Action.BACKUP}),
    Role.COUNCIL: frozenset({Action.READ, Action.ENTER_VOTES}),
    Role.READER: frozenset({Action.READ}),
}

# Tables only an administrator writes (the ward's details count as settings).
ADMIN_TABLES = frozenset({"setting", "account", "ward"})
# Tables a council member writes when entering votes.
VOTE_TABLES = frozenset({"vote"})
# Written by the app itself whoever acts (the audit trail, Alembic's version).
SYSTEM_TABLES = frozenset({"audit_entry", "alembic_version"})


class PermissionDenied(UserError):
    """A role asked for something it may not do."""


def parse_role(value: object) -> Role:
    """A role from its code (``admin``…) or its Vietnamese label, else a clear error."""
    from .text import fold

    if isinstance(value, Role):
        return value
    text = fold(value)
    for role in Role:
        if text in (role.value, fold(role.label)):
            return role
    choices = ", ".join(f"{r.value} ({r.label})" for r in Role)
    raise UserError(f"Vai trò “{value}” không có. Chọn một trong: {choices}.")


def can(role: Role | str | None, action: Action) -> bool:
    """Whether ``role`` may do ``action``. ``None`` is the operator of the
    command line or a script (no one signed in): allowed everything."""
    if role is None:
        return True
    try:
        return action in PERMISSIONS[Role(role)]
    except ValueError:
        return False


def denial(who: str, role: Role | str, action: Action) -> str:
    try:
        label = Role(role).label
    except ValueError:
        label = str(role)
    return (f"Tài khoản “{who}” (vai trò {label}) không được phép {action.label}. "
            "Hãy nhờ người có quyền làm việc này.")


def require(role: Role | str | None, action: Action, who: str = "") -> None:
    if not can(role, action):
        raise PermissionDenied(denial(who, role, action))


def may_write(role: Role | str | None, table: str) -> bool:
    """Whether ``role`` may insert, change or delete rows of ``table``."""
    if role is None or table in SYSTEM_TABLES:
        return True
    try:
        role = Role(role)
    except ValueError:
        return False
    if role is Role.ADMIN:
        return True
    if table in ADMIN_TABLES:
        return False
    if role is Role.OFFICER:
        return True
    if role is Role.COUNCIL:
        return table in VOTE_TABLES
    return False
