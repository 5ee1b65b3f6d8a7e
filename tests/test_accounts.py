"""Accounts, passwords, sign-in throttling, roles and what each role may write."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from thidua_desktop.cli import main as cli
from thidua_desktop.domain import roles
from thidua_desktop.domain.roles import Action, PermissionDenied, Role
from thidua_desktop.errors import UserError
from thidua_desktop.services.safety import accounts, backup, restore
from thidua_desktop.services import plan, settings
from thidua_desktop.services.app import open_app
from thidua_desktop.storage.models import (
    Account,
    AuditEntry,
    AwardTitle,
    CouncilSession,
    Nomination,
    Setting,
    Unit,
    Vote,
    Ward,
)

from safety_helpers import add_units, count, table_dump

T0 = dt.datetime(2026, 11, 26, 9, 0, 0)


@pytest.fixture
def admin(db):
    return accounts.create_first_admin(db, "Admin", "matkhau-quan-tri", "Nguyễn Thị Lan")


def make(db, username, role, password="matkhau123"):
    with db.transaction(reason="t") as session:
        accounts.create_account(session, username, password, role, username.title())


# --- passwords ---------------------------------------------------------------------


def test_passwords_are_stored_as_salted_scrypt_hashes():
    one, two = accounts.hash_password("bí mật 123"), accounts.hash_password("bí mật 123")
    assert one != two and one.startswith("scrypt$32768$8$1$") and "bí mật" not in one
    assert accounts.verify_password("bí mật 123", one)
    assert not accounts.verify_password("bí mật 124", one)
    assert not accounts.verify_password("x", "md5$abc") and not accounts.verify_password("x", "")


def test_password_and_username_rules():
    assert "ít nhất 6" in accounts.check_password_rules("12345")
    assert "trùng tên" in accounts.check_password_rules("lan123", "lan123")
    assert accounts.check_password_rules("  abcdefg") is not None
    assert accounts.check_password_rules("Mật khẩu tốt") is None
    assert accounts.check_username("có dấu cách") is not None
    assert accounts.check_username("lan.vhxh") is None and accounts.check_username("hoà") is None
    assert accounts.normalise_username("  Lan.VHXH ") == "lan.vhxh"


# --- the first administrator and managing accounts ----------------------------------


def test_the_first_account_is_the_administrator(db, admin):
    assert admin.username == "admin" and admin.role == "admin"
    with pytest.raises(UserError, match="Đã có tài khoản"):
        accounts.create_first_admin(db, "khac", "matkhau123")
    with db.read() as session:
        stored = session.scalars(select(Account)).one()
        assert stored.password_hash.startswith("scrypt$")
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "account")).one()
    assert audit.actor == "admin" and audit.changes["password_hash"] == "***"


def test_the_first_account_cannot_be_anything_but_an_administrator(db):
    with db.transaction(reason="t") as session, pytest.raises(UserError, match="quản trị"):
        accounts.create_account(session, "lan", "matkhau123", Role.OFFICER)


def test_account_rules(db, admin):
    make(db, "lan", "officer")
    with db.transaction(reason="t") as session:
        with pytest.raises(UserError, match="Đã có tài khoản"):
            accounts.create_account(session, "LAN", "matkhau123", "reader")
        with pytest.raises(UserError, match="Vai trò “sếp” không có"):
            accounts.create_account(session, "hoa", "matkhau123", "sếp")
        with pytest.raises(UserError, match="ít nhất 6"):
            accounts.create_account(session, "hoa", "123", "reader")
    with db.transaction(reason="t") as session:
        accounts.create_account(session, "hoa", "matkhau123", "Chỉ xem")  # the Vietnamese label works too
        assert accounts.find(session, "HOA").role == "reader"


def test_the_last_administrator_cannot_be_demoted_or_disabled(db, admin):
    for change in ({"role": "officer"}, {"active": False}):
        with pytest.raises(UserError, match="ít nhất một tài khoản quản trị"):
            with db.transaction(reason="t") as session:
                accounts.update_account(session, "admin", **change)
    make(db, "admin2", "admin")
    with db.transaction(reason="t") as session:
        accounts.update_account(session, "admin", role="officer")
    with db.read() as session:
        assert accounts.find(session, "admin").role == "officer"


# --- signing in ----------------------------------------------------------------------


def test_sign_in_with_the_right_password(db, admin):
    account = accounts.authenticate(db, " ADMIN ", "matkhau-quan-tri", at=T0)
    assert account.username == "admin"
    with db.read() as session:
        assert accounts.find(session, "admin").last_login_at == T0


def test_unknown_user_and_wrong_password_get_the_same_answer(db, admin):
    with pytest.raises(accounts.SignInError) as unknown:
        accounts.authenticate(db, "khong-co", "x", at=T0)
    with pytest.raises(accounts.SignInError) as wrong:
        accounts.authenticate(db, "admin", "x", at=T0)
    assert unknown.value.message == wrong.value.message == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_repeated_wrong_passwords_lock_for_longer_and_longer(db, admin):
    at = T0
    for attempt in (1, 2):
        with pytest.raises(accounts.SignInError):
            accounts.authenticate(db, "admin", "sai", at=at)
    waits = []
    for attempt in range(3, 7):
        with pytest.raises(accounts.SignInError, match="thử lại sau"):
            accounts.authenticate(db, "admin", "sai", at=at)
        with db.read() as session:
            row = accounts.find(session, "admin")
        waits.append((row.locked_until - at).total_seconds())
        # even the right password is refused while locked, and the lock is not extended
        with pytest.raises(accounts.SignInError, match="thử lại sau"):
            accounts.authenticate(db, "admin", "matkhau-quan-tri", at=at + dt.timedelta(seconds=1))
        at = row.locked_until
    assert waits == [30, 60, 120, 240]
    account = accounts.authenticate(db, "admin", "matkhau-quan-tri", at=at)
    with db.read() as session:
        row = accounts.find(session, "admin")
    assert account and row.failed_attempts == 0 and row.locked_until is None


def test_the_lock_is_kept_in_the_database(db_path):
    opened = open_app(db_path, actor="t")
    accounts.create_first_admin(opened.db, "admin", "matkhau-quan-tri")
    for _ in range(3):
        with pytest.raises(accounts.SignInError):
            accounts.authenticate(opened.db, "admin", "sai")
    opened.close()
    again = open_app(db_path, actor="t")  # closing the app does not reset the count
    with pytest.raises(accounts.SignInError, match="thử lại sau"):
        accounts.authenticate(again.db, "admin", "matkhau-quan-tri")
    with again.db.transaction(reason="t") as session:
        accounts.unlock(session, "admin")
    assert accounts.authenticate(again.db, "admin", "matkhau-quan-tri")
    again.close()


def test_lock_delay_is_capped():
    assert accounts.lock_delay(2) is None
    assert accounts.lock_delay(3) == dt.timedelta(seconds=30)
    assert accounts.lock_delay(50) == dt.timedelta(minutes=30)


def test_a_disabled_account_cannot_sign_in(db, admin):
    make(db, "lan", "officer")
    with db.transaction(reason="t") as session:
        accounts.update_account(session, "lan", active=False)
    with pytest.raises(accounts.SignInError, match="ngừng sử dụng"):
        accounts.authenticate(db, "lan", "matkhau123")


def test_signing_in_names_every_change(db, admin):
    accounts.sign_in_as(db, accounts.authenticate(db, "admin", "matkhau-quan-tri"))
    assert db.actor == "admin" and accounts.current(db).role is Role.ADMIN
    add_units(db, 1, actor=None)
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "unit")).one()
    assert entry.actor == "admin"


def test_automatic_sign_in(db, admin):
    assert accounts.auto_sign_in_account(db) is None
    make(db, "lan", "officer")
    with db.transaction(reason="t") as session:
        accounts.set_auto_sign_in(session, "LAN")
    assert accounts.auto_sign_in_account(db).username == "lan"
    with db.transaction(reason="t") as session:
        accounts.update_account(session, "lan", active=False)
    assert accounts.auto_sign_in_account(db) is None  # a disabled account never signs in by itself
    with db.transaction(reason="t") as session, pytest.raises(UserError, match="ngừng sử dụng"):
        accounts.set_auto_sign_in(session, "lan")


def test_changing_ones_own_password_needs_the_current_one(db, admin):
    make(db, "lan", "reader")
    accounts.sign_in_as(db, accounts.authenticate(db, "lan", "matkhau123"))
    with pytest.raises(UserError, match="hiện tại không đúng"):
        with db.transaction(reason="t") as session:
            accounts.set_password(session, "lan", "moi-123456", old_password="sai")
    with db.transaction(reason="t") as session:  # a reader may change their own password
        accounts.set_password(session, "lan", "moi-123456", old_password="matkhau123")
    with pytest.raises(PermissionDenied):  # but nobody else's
        with db.transaction(reason="t") as session:
            accounts.set_password(session, "admin", "moi-123456")
    accounts.sign_out(db)
    assert accounts.authenticate(db, "lan", "moi-123456")


# --- roles ---------------------------------------------------------------------------


def test_what_each_role_may_do():
    assert all(roles.can(Role.ADMIN, a) for a in Action)
    assert roles.can(Role.OFFICER, Action.IMPORT) and not roles.can(Role.OFFICER, Action.RESTORE)
    assert not roles.can(Role.OFFICER, Action.ACCOUNTS) and not roles.can(Role.OFFICER, Action.SETTINGS)
    assert roles.can(Role.COUNCIL, Action.ENTER_VOTES) and not roles.can(Role.COUNCIL, Action.EDIT_DATA)
    assert roles.can(Role.READER, Action.READ) and not roles.can(Role.READER, Action.BACKUP)
    assert roles.can(None, Action.RESTORE)  # the command line's operator
    with pytest.raises(PermissionDenied, match="không được phép phục hồi dữ liệu"):
        roles.require("officer", Action.RESTORE, "lan")


def _signed_in(db, username, role):
    make(db, username, role)
    accounts.sign_in_as(db, accounts.authenticate(db, username, "matkhau123"))


def test_a_reader_cannot_write_anything_and_nothing_changes(db, admin):
    add_units(db, 1)
    _signed_in(db, "doc", "reader")
    before = table_dump(db)
    with pytest.raises(PermissionDenied, match="không được phép thay đổi đơn vị"):
        add_units(db, 1, start=9, actor=None)
    with pytest.raises(PermissionDenied):
        with db.transaction(reason="t") as session:
            session.get(Unit, 1).phone = "0912345678"
    with pytest.raises(PermissionDenied):
        with db.transaction(reason="t") as session:
            session.delete(session.get(Unit, 1))
    assert table_dump(db) == before


def test_a_council_member_writes_votes_only(db, admin):
    with db.transaction(reason="t") as session:
        campaign = plan.current_campaign(session)
        meeting = CouncilSession(campaign_id=campaign.id, number="01/BB", members_total=9)
        unit = Unit(name="Trường Mầm non Hoa Sen", name_key="trường mầm non hoa sen")
        session.add_all([meeting, unit])
        session.flush()
        title = AwardTitle(code="GK-THU", name="Giấy khen", subject="unit")
        session.add(title)
        session.flush()
        nomination = Nomination(campaign_id=campaign.id, subject="unit", unit_id=unit.id, title_id=title.id)
        session.add(nomination)
        session.flush()
        ids = meeting.id, nomination.id
    _signed_in(db, "hoidong", "council")
    with db.transaction(reason="Nhập phiếu") as session:
        session.add(Vote(session_id=ids[0], nomination_id=ids[1], agree=7, ballots=9))
    assert count(db, Vote) == 1
    with pytest.raises(PermissionDenied, match="đề nghị khen thưởng"):
        with db.transaction(reason="t") as session:
            session.get(Nomination, ids[1]).summary = "sửa"


def test_an_officer_enters_data_but_not_settings_accounts_or_restore(db, admin):
    _signed_in(db, "canbo", "officer")
    add_units(db, 2, actor=None)
    assert count(db, Unit) == 2
    with pytest.raises(PermissionDenied, match="thiết lập"):
        with db.transaction(reason="t") as session:
            settings.set_value(session, "backup.keep_last", 3)
    with pytest.raises(PermissionDenied):
        with db.transaction(reason="t") as session:
            session.scalars(select(Ward)).first().phone = "0225"
    with pytest.raises(PermissionDenied, match="quản lý tài khoản"):
        with db.transaction(reason="t") as session:
            accounts.create_account(session, "moi", "matkhau123", "reader")
    saved = backup.create_backup(db)  # officers back up
    with pytest.raises(PermissionDenied, match="phục hồi"):
        restore.restore(db, saved)
    assert count(db, Setting) == 0


def test_sign_in_bookkeeping_is_allowed_for_every_role(db, admin):
    _signed_in(db, "doc", "reader")
    with pytest.raises(accounts.SignInError):
        accounts.authenticate(db, "doc", "sai")  # counting a failure writes the account row
    with db.read() as session:
        assert accounts.find(session, "doc").failed_attempts == 1


# --- the command line ------------------------------------------------------------------


def run(capsys, monkeypatch, *args, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_accounts_from_the_command_line(capsys, monkeypatch, db_path):
    db = ["--db", str(db_path)]
    assert run(capsys, monkeypatch, *db, "init")[0] == 0
    code, out, err = run(capsys, monkeypatch, *db, "accounts", "add", "admin", "--role", "admin",
                         "--name", "Nguyễn Thị Lan", "--password-stdin", stdin="matkhau-quan-tri\n")
    assert code == 0 and "Đã thêm tài khoản “admin” (Quản trị)" in out, err
    code, out, _ = run(capsys, monkeypatch, *db, "accounts", "add", "Lan.VHXH", "--role", "officer",
                       "--password-stdin", stdin="matkhau123\n")
    assert code == 0
    code, out, err = run(capsys, monkeypatch, *db, "accounts", "add", "x y", "--role", "reader", "--password-stdin",
                         stdin="matkhau123\n")
    assert code == 1 and "Tên đăng nhập" in err
    code, out, err = run(capsys, monkeypatch, *db, "accounts", "add", "hoa", "--role", "reader")
    assert code == 2 and "--password-stdin" in err  # no console to type a password in
    code, out, _ = run(capsys, monkeypatch, *db, "accounts", "role", "lan.vhxh", "council")
    assert code == 0 and "Thành viên Hội đồng" in out
    code, out, err = run(capsys, monkeypatch, *db, "accounts", "disable", "admin")
    assert code == 1 and "ít nhất một tài khoản quản trị" in err
    code, out, _ = run(capsys, monkeypatch, *db, "accounts", "autologin", "lan.vhxh")
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, *db, "accounts", "passwd", "lan.vhxh", "--password-stdin",
                       stdin="mat-khau-moi\n")
    assert code == 0 and "Đã đặt mật khẩu mới" in out
    code, out, _ = run(capsys, monkeypatch, *db, "accounts", "list", "--json")
    data = json.loads(out)
    assert data["auto_sign_in"] == "lan.vhxh"
    assert [(a["username"], a["role"]) for a in data["accounts"]] == [("admin", "admin"), ("lan.vhxh", "council")]
    code, out, _ = run(capsys, monkeypatch, *db, "accounts", "list")
    assert "Nguyễn Thị Lan" in out and "Tự động đăng nhập: lan.vhxh" in out
    code, out, _ = run(capsys, monkeypatch, *db, "audit", "--entity", "account", "--json")
    reasons = {e["reason"] for e in json.loads(out)["entries"]}
    assert {"Thêm tài khoản admin", "Đổi vai trò của lan.vhxh", "Đặt lại mật khẩu của lan.vhxh"} <= reasons
    code, out, _ = run(capsys, monkeypatch, *db, "accounts", "autologin", "--off")
    assert code == 0 and "Đã tắt" in out


def test_fast_bulk_writes_are_guarded_too(db, admin):
    from thidua_desktop.services.xlsx import bulkwrite

    _signed_in(db, "doc", "reader")
    row = {"name": "Tổ 9", "name_key": "tổ 9", "kind": "", "head_name": "", "phone": "", "address": "",
           "email": "", "staff_count": None, "female_staff_count": None, "active": True, "note": "",
           "created_at": T0, "updated_at": T0}
    with pytest.raises(PermissionDenied, match="đơn vị"):
        with db.transaction(reason="t") as session:
            bulkwrite.insert_rows(session, Unit.__table__, [row], "name")
    assert count(db, Unit) == 0
