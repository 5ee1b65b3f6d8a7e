"""Accounts, passwords, signing in, and who may do what (tài khoản, phân quyền).

Passwords are kept as salted scrypt hashes (standard library, memory-hard and
slow on purpose). Wrong passwords are counted in the account row; from the
third in a row the account is locked for a time that doubles with each further
failure, so guessing is slow even on a shared PC.

Who is signed in is remembered per database engine (:func:`sign_in_as`); the
name becomes ``db.actor`` and so the actor of every audit entry. With nobody
signed in (the command line, scripts, tests) the operator may do everything:
whoever can run them can open the database file anyway. With somebody signed
in, :func:`require` refuses what the role may not do, and a guard on every
flush refuses writes to tables outside the role's reach, so a page that forgets
a check still cannot write.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import re
import secrets
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from ...domain import roles
from ...domain.roles import Action, PermissionDenied, Role
from ...domain.text import clean
from ...errors import UserError
from ...storage.database import Database
from ...storage.models import Account, now
from . import field_limits
from .. import settings

# scrypt cost: 2**15 × 8 × 128 bytes = 32 MiB and ~0.1 s per try on an office PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2 ** 15, 8, 1, 32
SCRYPT_MAXMEM = 64 * 1024 * 1024
MIN_PASSWORD = 6
FREE_ATTEMPTS = 3  # wrong passwords before the first delay
FIRST_DELAY_S = 30  # then 30 s, 60 s, 120 s … up to MAX_DELAY_S
MAX_DELAY_S = 30 * 60
AUTO_SIGN_IN = "accounts.auto_sign_in_user"
RECOVERY_HASH = "accounts.recovery_code_hash"
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper without doubt
RECOVERY_GROUPS, RECOVERY_GROUP_LEN = 4, 5  # 20 characters, 100 bits

_USERNAME = re.compile(r"^[\w.\-]{2,40}$")
_BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."


# --- passwords ---------------------------------------------------------------


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) for a new password."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_LEN, maxmem=SCRYPT_MAXMEM)
    return "$".join(["scrypt", str(n), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected), maxmem=SCRYPT_MAXMEM)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to check against when the user name does not exist, so that the
    answer takes as long as for a real account (made on first need, not at
    import: scrypt is deliberately slow)."""
    return hash_password("không phải mật khẩu")


def check_password_rules(password: str, username: str = "") -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."
    if password.strip() != password:
        return "Mật khẩu không được bắt đầu hay kết thúc bằng dấu cách."
    if username and password.casefold() == username.casefold():
        return "Mật khẩu không được trùng tên đăng nhập."
    return None


def normalise_username(value: object) -> str:
    return clean(value).casefold()


def check_username(value: object) -> str | None:
    name = normalise_username(value)
    if not name:
        return "Chưa nhập tên đăng nhập."
    if not _USERNAME.match(name):
        return ("Tên đăng nhập dài 2–40 ký tự, chỉ gồm chữ, số và các dấu . _ - "
                "(không có dấu cách).")
    return None


# --- who is signed in ----------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    username: str
    full_name: str
    role: Role

    @property
    def display(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username


_signed_in: "weakref.WeakKeyDictionary[Engine, SignedIn]" = weakref.WeakKeyDictionary()


def _engine_of(target: Database | Session | Engine) -> Engine | None:
    if isinstance(target, Database):
        return target.engine
    if isinstance(target, Engine):
        return target
    bind = target.get_bind()
    return bind if isinstance(bind, Engine) else getattr(bind, "engine", None)


def sign_in_as(db: Database, account: Account) -> SignedIn:
    who = SignedIn(account.username, account.full_name, Role(account.role))
    _signed_in[db.engine] = who
    db.actor = account.username
    return who


def sign_out(db: Database) -> None:
    _signed_in.pop(db.engine, None)


def current(target: Database | Session | Engine) -> SignedIn | None:
    """The account signed in on this database, or None (command line, scripts)."""
    engine = _engine_of(target)
    return _signed_in.get(engine) if engine is not None else None


def current_role(target: Database | Session | Engine) -> Role | None:
    who = current(target)
    return who.role if who else None


def allowed(target: Database | Session | Engine, action: Action) -> bool:
    """Whether whoever is signed in may do ``action`` (pages use it to disable buttons)."""
    return roles.can(current_role(target), action)


def require(target: Database | Session | Engine, action: Action) -> None:
    """Refuse, with a Vietnamese message, what the signed-in role may not do."""
    who = current(target)
    if who is not None:
        roles.require(who.role, action, who.username)


@event.listens_for(Session, "before_flush")
def _guard_writes(session: Session, _context, _instances) -> None:
    if session.info.get("system"):
        return
    who = current(session)
    if who is None or who.role is Role.ADMIN:
        return
    from .audit_log import entity_label

    for obj in (*session.new, *session.dirty, *session.deleted):
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        table = obj.__table__.name
        if not roles.may_write(who.role, table):
            raise PermissionDenied(
                f"Tài khoản “{who.username}” (vai trò {who.role.label}) không được phép thay đổi "
                f"{entity_label(table).lower()}. Hãy nhờ người có quyền làm việc này.")


@event.listens_for(Session, "do_orm_execute")
def _guard_statements(state) -> None:
    """The same guard for INSERT/UPDATE/DELETE statements run through a session
    (fast bulk writes do not flush objects)."""
    if not (state.is_insert or state.is_update or state.is_delete) or state.session.info.get("system"):
        return
    who = current(state.session)
    if who is None or who.role is Role.ADMIN:
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table is not None and not roles.may_write(who.role, table):
        from .audit_log import entity_label

        raise PermissionDenied(
            f"Tài khoản “{who.username}” (vai trò {who.role.label}) không được phép thay đổi "
            f"{entity_label(table).lower()}. Hãy nhờ người có quyền làm việc này.")


_RAW_DML = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+["`\[]?(\w+)',
                      re.IGNORECASE)


@event.listens_for(Engine, "before_cursor_execute")
def _guard_raw_sql(conn, _cursor, statement, _parameters, context, _executemany) -> None:
    """And for SQL handed to the driver as it is (the fastest bulk inserts), which
    no session event sees; compiled statements were checked above."""
    if context is not None and getattr(context, "compiled", None) is not None:
        return
    match = _RAW_DML.match(statement)
    if match is None:
        return
    who = _signed_in.get(conn.engine)
    if who is None or who.role is Role.ADMIN or roles.may_write(who.role, match.group(1)):
        return
    from .audit_log import entity_label

    raise PermissionDenied(
        f"Tài khoản “{who.username}” (vai trò {who.role.label}) không được phép thay đổi "
        f"{entity_label(match.group(1)).lower()}. Hãy nhờ người có quyền làm việc này.")


def _system(session: Session) -> Session:
    """Mark a session as the app's own bookkeeping (sign-in counters, own password)."""
    session.info["system"] = True
    return session


# --- reading -------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    failed_attempts: int
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None
    created_at: dt.datetime | None

    @property
    def role_label(self) -> str:
        return self.role.label

    def locked(self, at: dt.datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (at or now())

    def as_json(self) -> dict[str, Any]:
        return {"username": self.username, "full_name": self.full_name, "role": self.role.value,
                "role_label": self.role.label, "active": self.active,
                "failed_attempts": self.failed_attempts,
                "locked_until": self.locked_until.isoformat() if self.locked_until else None,
                "last_login_at": self.last_login_at.isoformat() if self.last_login_at else None}


def _row(a: Account) -> AccountRow:
    return AccountRow(a.id, a.username, a.full_name, Role(a.role), a.active, a.failed_attempts or 0,
                      a.locked_until, a.last_login_at, a.created_at)


def list_accounts(session: Session) -> list[AccountRow]:
    return [_row(a) for a in session.scalars(select(Account).order_by(Account.username))]


def has_accounts(session: Session) -> bool:
    return bool(session.scalar(select(func.count(Account.id))))


def find(session: Session, username: str) -> Account:
    account = session.scalar(select(Account).where(Account.username == normalise_username(username)))
    if account is None:
        raise UserError(f"Không có tài khoản “{clean(username)}”.")
    return account


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count(Account.id)).where(
        Account.role == Role.ADMIN.value, Account.active.is_(True))) or 0


# --- changing ------------------------------------------------------------------


def create_account(session: Session, username: str, password: str, role: Role | str,
                   full_name: str = "") -> Account:
    """A new account. The very first one must be an administrator."""
    require(session, Action.ACCOUNTS)
    problem = check_username(username)
    if problem:
        raise UserError(problem)
    name = normalise_username(username)
    role = roles.parse_role(role)
    problem = check_password_rules(password, name)
    if problem:
        raise UserError(problem)
    if session.scalar(select(Account.id).where(Account.username == name)) is not None:
        raise UserError(f"Đã có tài khoản “{name}”.")
    if not has_accounts(session) and role is not Role.ADMIN:
        raise UserError("Tài khoản đầu tiên phải là tài khoản quản trị.")
    account = Account(username=name, full_name=clean(full_name), role=role.value,
                      password_hash=hash_password(password), failed_attempts=0, active=True)
    session.add(account)
    session.flush()
    return account


def update_account(session: Session, username: str, *, full_name: str | None = None,
                   role: Role | str | None = None, active: bool | None = None) -> Account:
    require(session, Action.ACCOUNTS)
    account = find(session, username)
    was_admin = account.role == Role.ADMIN.value and account.active
    if full_name is not None:
        account.full_name = clean(full_name)
    if role is not None:
        account.role = roles.parse_role(role).value
    if active is not None:
        account.active = active
    still_admin = account.role == Role.ADMIN.value and account.active
    if was_admin and not still_admin:
        session.flush()
        if _active_admins(session) == 0:
            raise UserError("Phải còn ít nhất một tài khoản quản trị đang dùng; "
                            f"không đổi được “{account.username}”.")
    who = current(session)
    if who is not None and who.username == account.username and not still_admin and who.role is Role.ADMIN:
        raise UserError("Không tự bỏ quyền quản trị của chính mình; hãy nhờ một quản trị khác.")
    return account


def set_password(session: Session, username: str, new_password: str,
                 old_password: str | None = None) -> Account:
    """Change a password: one's own with the old password, anyone's as administrator.
    Setting a password also lifts a lock from wrong attempts."""
    account = find(session, username)
    who = current(session)
    own = who is not None and who.username == account.username
    if own:
        if old_password is None or not verify_password(old_password, account.password_hash):
            raise UserError("Mật khẩu hiện tại không đúng.")
        _system(session)
    else:
        require(session, Action.ACCOUNTS)
    problem = check_password_rules(new_password, account.username)
    if problem:
        raise UserError(problem)
    account.password_hash = hash_password(new_password)
    account.failed_attempts = 0
    account.locked_until = None
    return account


def unlock(session: Session, username: str) -> Account:
    require(session, Action.ACCOUNTS)
    account = find(session, username)
    account.failed_attempts = 0
    account.locked_until = None
    return account


# --- signing in ----------------------------------------------------------------


def lock_delay(failures: int) -> dt.timedelta | None:
    """How long an account waits after ``failures`` wrong passwords in a row."""
    if failures < FREE_ATTEMPTS:
        return None
    seconds = FIRST_DELAY_S * 2 ** min(failures - FREE_ATTEMPTS, 16)
    return dt.timedelta(seconds=min(seconds, MAX_DELAY_S))


class SignInError(UserError):
    """A refused sign-in (wrong password, locked, disabled)."""


def authenticate(db: Database, username: str, password: str, at: dt.datetime | None = None) -> Account:
    """Check a password and record the attempt; return the account or raise SignInError.

    The attempt is committed before a refusal is raised, so the count of wrong
    passwords survives closing the dialog or the app."""
    at = at or now()
    name = normalise_username(username)
    refusal: str | None = None
    with db.transaction(actor=name, reason="Đăng nhập") as session:
        _system(session)
        account = session.scalar(select(Account).where(Account.username == name)) if name else None
        if account is None:
            verify_password(password, _dummy_hash())
            refusal = _BAD_LOGIN
        elif account.locked_until is not None and account.locked_until > at:
            refusal = _locked_message(account.locked_until, at)
        elif not verify_password(password, account.password_hash):
            session.info["reason"] = "Đăng nhập sai mật khẩu"
            account.failed_attempts = (account.failed_attempts or 0) + 1
            delay = lock_delay(account.failed_attempts)
            refusal = _BAD_LOGIN
            if delay is not None:
                account.locked_until = at + delay
                refusal += " " + _locked_message(account.locked_until, at)
        elif not account.active:
            refusal = f"Tài khoản “{account.username}” đã ngừng sử dụng. Hãy hỏi người quản trị."
        else:
            account.failed_attempts = 0
            account.locked_until = None
            account.last_login_at = at
    if refusal is not None:
        raise SignInError(refusal)
    return account


def _locked_message(until: dt.datetime, at: dt.datetime) -> str:
    seconds = max(1, int((until - at).total_seconds()))
    wait = f"{seconds} giây" if seconds < 120 else f"{(seconds + 59) // 60} phút"
    return (f"Đã nhập sai mật khẩu nhiều lần; hãy thử lại sau {wait} "
            f"(lúc {until:%H:%M:%S}).")


def create_first_admin(db: Database, username: str, password: str, full_name: str = "",
                       auto_sign_in: bool = False) -> Account:
    """The administrator made at the first launch (only while there is no account)."""
    with db.transaction(actor=normalise_username(username), reason="Tạo tài khoản quản trị đầu tiên") as session:
        if has_accounts(session):
            raise UserError("Đã có tài khoản; hãy đăng nhập.")
        _system(session)
        account = create_account(session, username, password, Role.ADMIN, full_name)
        if auto_sign_in:
            settings.set_value(session, AUTO_SIGN_IN, account.username)
    return account


def auto_sign_in_account(db: Database) -> Account | None:
    """The account to sign in without a password, if the office chose one."""
    with db.read() as session:
        name = settings.get(session, AUTO_SIGN_IN)
        if not name:
            return None
        return session.scalar(select(Account).where(
            Account.username == normalise_username(name), Account.active.is_(True)))


def set_auto_sign_in(session: Session, username: str | None) -> None:
    """Sign in automatically as ``username`` (None or "": always ask)."""
    require(session, Action.SETTINGS)
    if username:
        account = find(session, username)
        if not account.active:
            raise UserError(f"Tài khoản “{account.username}” đã ngừng sử dụng.")
        username = account.username
    settings.set_value(session, AUTO_SIGN_IN, username or "")


def record_auto_sign_in(db: Database, account: Account) -> None:
    with db.transaction(actor=account.username, reason="Tự động đăng nhập") as session:
        _system(session)
        row = session.get(Account, account.id)
        if row is not None:
            row.last_login_at = now()


# --- what the sign-in window and the accounts tab ask (the GUI holds no session) --------


def auto_sign_in_username(session: Session) -> str:
    """The account chosen for automatic sign-in ("" when every start asks)."""
    return settings.get(session, AUTO_SIGN_IN) or ""


def needs_first_admin(db: Database) -> bool:
    """No account yet: the first launch creates the administrator."""
    with db.read() as session:
        return not has_accounts(session)


def resume_after_restore(db: Database) -> bool | None:
    """After a restore the accounts are the backup's: keep whoever is signed in if
    the account is there and active (True), else sign them out (False). None when
    nobody was signed in (started without accounts, a smoke test)."""
    who = current(db)
    if who is None:
        return None
    with db.read() as session:
        try:
            account = find(session, who.username)
        except Exception:
            account = None
    if account is not None and account.active:
        sign_in_as(db, account)
        return True
    sign_out(db)
    return False


# --- the recovery code: a forgotten administrator password, reset inside the app ------------
# The code is shown once (at the first launch, or when an administrator makes a new one),
# printed and kept in the office; only its scrypt hash is stored. Using it resets an
# administrator's password and makes a new code (the old one is used up). A wrong code
# counts as a wrong password, so guessing is as slow as for passwords.


def _normalise_code(code: str) -> str:
    return re.sub(r"[\s\-]", "", code or "").upper()


def _new_code() -> str:
    chars = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN))
    return "-".join(chars[i:i + RECOVERY_GROUP_LEN] for i in range(0, len(chars), RECOVERY_GROUP_LEN))


def _store_new_code(session: Session) -> str:
    code = _new_code()
    settings.set_value(session, RECOVERY_HASH, hash_password(_normalise_code(code)))
    return code


def new_recovery_code(db: Database, actor: str) -> str:
    """A new recovery code (the old one stops working), to show once. An administrator's
    action; also right after the first administrator is created (nobody signed in yet)."""
    with db.transaction(actor=actor, reason="Tạo mã khôi phục mật khẩu mới") as session:
        require(session, Action.ACCOUNTS)
        return _store_new_code(session)


def has_recovery_code(db: Database) -> bool:
    with db.read() as session:
        return bool(settings.get(session, RECOVERY_HASH))


def reset_with_recovery_code(db: Database, username: str, code: str, new_password: str,
                             at: dt.datetime | None = None) -> str:
    """Set a new password for an administrator account with the recovery code; the
    new code that replaces it (to show once). A wrong code is counted as a wrong password."""
    at = at or now()
    name = normalise_username(username)
    problem = check_password_rules(new_password, name)
    if problem:
        raise UserError(problem)
    refusal: str | None = None
    new_code = ""
    with db.transaction(actor=name, reason="Đặt lại mật khẩu bằng mã khôi phục") as session:
        _system(session)
        account = session.scalar(select(Account).where(Account.username == name)) if name else None
        stored = settings.get(session, RECOVERY_HASH)
        if not stored:
            refusal = "Dữ liệu này chưa có mã khôi phục; hãy nhờ một quản trị khác đặt lại mật khẩu."
        elif account is None or Role(account.role) is not Role.ADMIN or not account.active:
            verify_password(code, _dummy_hash())
            refusal = "Mã khôi phục chỉ đặt lại mật khẩu của một tài khoản quản trị đang dùng."
        elif account.locked_until is not None and account.locked_until > at:
            refusal = _locked_message(account.locked_until, at)
        elif not verify_password(_normalise_code(code), stored):
            session.info["reason"] = "Nhập sai mã khôi phục"
            account.failed_attempts = (account.failed_attempts or 0) + 1
            delay = lock_delay(account.failed_attempts)
            refusal = "Mã khôi phục không đúng."
            if delay is not None:
                account.locked_until = at + delay
                refusal += " " + _locked_message(account.locked_until, at)
        else:
            account.password_hash = hash_password(new_password)
            account.failed_attempts = 0
            account.locked_until = None
            new_code = _store_new_code(session)
    if refusal is not None:
        raise SignInError(refusal)
    return new_code
