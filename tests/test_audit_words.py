"""The audit trail in words (issue 16, item 6): after a realistic series of a clerk's
actions on the demo ward, no detail the audit page or ``thidua audit`` shows holds an
English field name (``achievement_text``), a setting's key or a stored code
(``thu-cong``, ``collective_standing``): every field by its Vietnamese label, every
value in words."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from thidua_desktop.cli import main
from thidua_desktop.domain.registry import UnitFields
from thidua_desktop.services import plan, settings, years
from thidua_desktop.services.app import open_app
from thidua_desktop.services.awards import whatif
from thidua_desktop.services.registry import lineage, units
from thidua_desktop.services.safety import accounts, audit_log, backup

# an ASCII identifier: snake_case, a dotted key or a hyphenated code
RAW = re.compile(r"(?<![\w./\\-])[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)+(?![\w-])")
FILE = re.compile(r"\S+\.(?:db|xlsx|docx|pdf)\b|[A-Za-z]:\\\S+|/\S+|\S+@\S+")  # files, e-mail: the clerk's words


def _raw_words(text: str) -> list[str]:
    return RAW.findall(FILE.sub("", text))


def _every_code() -> set[str]:
    """The stored codes (lower case: "GK", "HTXSNV" are the abbreviations the clerk writes too)."""
    codes = set(backup.KIND_LABELS)
    for entity, field in audit_log.CODE_LISTS:
        codes.update(k for k in audit_log.code_labels(entity, field) if isinstance(k, str))
    return {c for c in codes if c.islower()}


def _act(app, tmp_path) -> None:
    """A clerk's day: a unit added, its lineage, one line of it removed, the unit closed; a setting; a rule tried and
    applied; a backup to a USB stick; the year closed and reopened; an account."""
    with app.db.transaction(reason="Thêm đơn vị mới") as s:
        campaign = plan.current_campaign(s)
        unit = units.save_unit(s, campaign.id, UnitFields(name="Tổ dân phố số 99", kind="to_dan_pho",
                                                          staff_count=12, female_staff_count=5))
        merged = lineage.add(s, unit.id, "Tổ dân phố số 98", "merged", dt.date(2026, 7, 1))
        lineage.add(s, unit.id, "Tổ dân phố số 97", "split")
    with app.db.transaction(reason="Nhập nhầm") as s:
        lineage.remove(s, merged.id)
        units.save_unit(s, campaign.id, UnitFields(name="Tổ dân phố số 99", kind="to_dan_pho", staff_count=12,
                                                   female_staff_count=5, active=False), unit_id=unit.id)
    with app.db.transaction(reason="Kế toán mới") as s:
        settings.set_value(s, "documents.chief_accountant", "Trần Thị Bình")
    with app.db.transaction() as s:
        tdp = next(card.block_id for card, _ in whatif.load_basis(s).ranking.blocks
                   if card.block_name == "Khối tổ dân phố")
        whatif.apply_what_if(s, whatif.RuleChanges(points={(tdp, "T1"): 2},
                                                   ward_tiebreak=("female_collective", "exceeded"),
                                                   modes={"collective_standing": "block"}),
                             "Theo Kế hoạch sửa đổi")
    backup.create_backup(app.db, destination=tmp_path / "usb.db", reason="Mang sang máy khác")
    with app.db.transaction(reason="Hết năm") as s:
        years.close_year(s, 2026, "kiểm thử", despite="Hết năm")
    with app.db.transaction(reason="Sửa số liệu") as s:
        years.reopen_year(s, 2026, "Sửa số liệu", "kiểm thử")
    with app.db.transaction(reason="Tài khoản quản trị") as s:
        accounts.create_account(s, "nhaplieu", "Mat-khau-2026!", "admin", "Lê Văn Nhập")


def _rendered(app) -> list[tuple[audit_log.AuditRow, list[str]]]:
    with app.db.read() as s:
        rows = audit_log.fetch_entries(s, limit=None)
    return [(r, [r.record, r.summary(100_000), *(t for line in r.change_lines() for t in line)]) for r in rows]


@pytest.fixture
def acted(demo_copy, tmp_path):
    app = open_app(demo_copy, actor="kiểm thử")
    _act(app, tmp_path)
    yield app
    app.close()


def test_no_detail_holds_an_english_field_or_a_code(acted):
    codes = _every_code()
    rendered = _rendered(acted)
    assert {r.entity for r, _ in rendered} >= {
        "unit", "person", "emulation_block", "registration", "result", "measure", "allocation", "scorecard",
        "criterion", "setting", "award_title", "nomination", "council_session", "vote", "decision", "account",
        "backup", "campaign", "ward", "unit_lineage", "result_history"}
    raw = {(r.entity, word) for r, texts in rendered for text in texts for word in _raw_words(text)}
    assert not raw
    lines = [(r.entity, line) for r in (r for r, _ in rendered) for line in r.change_lines()]
    assert not {(e, field) for e, (field, _, _) in lines if re.fullmatch(r"[a-z_]+", field)}
    # a record's own code ("Mã": the period "nam", the title "GK") is how the clerk types it
    assert not {(e, field, value) for e, (field, *values) in lines for value in values
                if value in codes and field != "Mã"}
    assert not {(r.entity, part) for r, texts in rendered for part in _parts(texts[1]) if part in codes}
    # a field pointing to another record names it (the year is the one number that is a name)
    pointing = {audit_log.field_label(k, e) for e, k in {(r.entity, k) for r, _ in rendered for k in r.changes}
                if k.endswith("_id") and k != "campaign_id"}
    assert not {(e, field) for e, (field, *values) in lines if field in pointing
                for value in values if value.isdigit()}


def _parts(summary: str) -> list[str]:
    """The values in "Field: old → new; Field: value (Inner: value)" but a record's own code."""
    parts = []
    for piece in summary.split("; "):
        label, _, value = piece.rpartition(": ")
        if not label.endswith("Mã"):
            parts.extend(value.split(" → "))
    return parts


def test_a_few_entries_in_exact_words(acted):
    rendered = _rendered(acted)

    def first(entity, action, keep=lambda r: True):
        return next(r for r, _ in rendered if r.entity == entity and r.action == action and keep(r))

    accountant = first("setting", "update", lambda r: r.label == "documents.chief_accountant")
    assert accountant.record == "Kế toán trưởng (danh sách chi tiền thưởng)"
    assert accountant.summary() == "Giá trị: Bùi Thị Chi → Trần Thị Bình"
    mode = next(r for r, _ in rendered if r.label == "eligibility.collective_standing")
    assert mode.record == "Giấy khen tập thể: đã báo cáo, xếp loại từ mức tối thiểu"
    assert "Cách xét: Chặn (không đủ điều kiện)" in mode.summary()
    tiebreak = next(r for r, _ in rendered if r.label == "scoring.ward_tiebreak")
    assert tiebreak.summary(1000).endswith("Nhiều chỉ tiêu vượt kế hoạch hơn")
    unit = first("unit", "insert", lambda r: r.label == "Tổ dân phố số 99")
    assert ("Loại hình", "", "Tổ dân phố") in unit.change_lines()
    assert ("Số cán bộ, người lao động", "", "12") in unit.change_lines()
    assert ("Trong đó nữ", "", "5") in unit.change_lines()
    assert ("Đang hoạt động", "", "Có") in unit.change_lines()
    merged = first("unit_lineage", "delete", lambda r: r.changes["kind"] == "merged")
    assert merged.change_lines() == [
        ("Đơn vị", "Tổ dân phố số 99", ""), ("Đơn vị tiền thân (trong danh sách)", "(trống)", ""),
        ("Đơn vị tiền thân", "Tổ dân phố số 98", ""), ("Loại", "hợp nhất, sáp nhập từ", ""),
        ("Ngày có hiệu lực", "01/07/2026", ""), ("Ghi chú", "(trống)", "")]
    copy = first("backup", "event")
    assert ("Loại bản sao", "", "Sao lưu thủ công") in copy.change_lines()
    # a record without a name of its own is named by what it points to, never "số 1234"
    allocations = [r.record for r, _ in rendered if r.entity == "allocation" and "Tổ dân phố số 99" in r.record]
    assert allocations and all(re.fullmatch(r"Tổ dân phố số 99 — \(\w+\)", a) for a in allocations)
    assert first("person_year", "update").record in {r.record for r, _ in rendered if r.entity == "person"}
    closed = first("campaign", "update", lambda r: "closed_at" in r.changes)
    assert closed.record == "Năm 2026" and closed.summary().startswith("Khóa sổ lúc: ")
    vote = first("vote", "insert")
    assert vote.summary().startswith(f"Phiên họp: biên bản 01/BB-HĐTĐKT; Đề nghị: {vote.record}; Phiếu đồng ý: ")
    nomination = first("nomination", "update", lambda r: "achievement_text" in r.changes)
    assert " — " in nomination.record  # "Trường THCS Bạch Đằng — Giấy khen"
    assert nomination.summary().startswith("Báo cáo thành tích: ")
    assert "Thành tích đạt được" in nomination.summary(1000)


def test_a_backup_copy_says_in_words_how_it_was_made(acted, tmp_path):
    copy = open_app(tmp_path / "usb.db", actor="kiểm thử")
    try:
        with copy.db.read() as s:
            [made] = audit_log.fetch_entries(s, audit_log.AuditFilter(entities=("backup",)), limit=None)
    finally:
        copy.close()
    lines = dict((field, value) for field, _, value in made.change_lines())
    assert lines["Loại bản sao"] == "Sao lưu thủ công" and re.fullmatch(r"số \d+", lines["Phiên bản dữ liệu"])
    assert not {w for value in lines.values() for w in _raw_words(value)}


def test_the_command_line_prints_words(acted, capsys):
    acted.close()
    assert main(["--db", str(acted.db.path), "audit", "--limit", "0"]) == 0
    out = capsys.readouterr().out
    assert "Thiết lập “Kế toán trưởng (danh sách chi tiền thưởng)”: Giá trị: Bùi Thị Chi → Trần Thị Bình" in out
    assert not {w for line in out.splitlines() for w in _raw_words(line)}


def test_a_prize_reads_as_money():
    # the unit card's history showed "Tiền thưởng: (trống) → 3510000"
    assert audit_log.describe_change("nomination", "prize_amount", None, 3510000) == "(trống) → 3.510.000 đồng"
