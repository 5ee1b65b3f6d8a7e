"""``thidua ward show|set``: the settings page's ward details and document symbols as
verbs, on a real SQLite file: the same checks as the page, audited, ``--dry-run``
writing nothing, exit 1 with a Vietnamese message naming the field."""
from __future__ import annotations

import json

import pytest

from thidua_desktop.cli import main


def run(capsys, db_path, *args):
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ward(capsys, db_path):
    assert run(capsys, db_path, "init")[0] == 0
    return db_path


def shown(capsys, db_path) -> dict:
    code, out, _ = run(capsys, db_path, "ward", "show", "--json")
    assert code == 0
    return json.loads(out)


def test_set_some_fields_and_a_symbol_the_others_stay(capsys, ward):
    before = shown(capsys, ward)
    code, out, err = run(capsys, ward, "ward", "set", "phone=0225 3123 456", "signer_name=Phạm Văn Đức",
                         "--symbol", "KH=KH-UBND")
    assert code == 0, err
    assert out == "Đã sửa 3 trường: Điện thoại, Người ký (Chủ tịch), ký hiệu Kế hoạch.\n"
    after = shown(capsys, ward)
    assert (after["phone"], after["signer_name"], after["doc_symbols"]["KH"]) == (
        "0225 3123 456", "Phạm Văn Đức", "KH-UBND")
    assert {k: v for k, v in after.items() if k not in ("phone", "signer_name", "doc_symbols")} == {
        k: v for k, v in before.items() if k not in ("phone", "signer_name", "doc_symbols")}
    assert {k: v for k, v in after["doc_symbols"].items() if k != "KH"} == {
        k: v for k, v in before["doc_symbols"].items() if k != "KH"}
    code, out, _ = run(capsys, ward, "audit", "--entity", "ward", "--json")
    assert json.loads(out)["entries"][0]["reason"] == "Sửa thông tin phường"
    code, out, _ = run(capsys, ward, "ward", "show")
    assert code == 0 and "Người ký (Chủ tịch)" in out and "Phạm Văn Đức" in out and "Kế hoạch: KH-UBND" in out


def test_dry_run_writes_nothing(capsys, ward):
    before = shown(capsys, ward)
    code, out, _ = run(capsys, ward, "ward", "set", "email=ubnd@bachdang.vn", "--dry-run")
    assert code == 0 and out == "Kiểm tra xong 1 trường; chưa ghi gì (--dry-run).\n"
    assert shown(capsys, ward) == before


@pytest.mark.parametrize("args, message", [
    (("chairman=Phạm Văn Đức",), "Không có trường “chairman”. Các trường: name, full_name"),
    (("full_name=",), "“Tên đầy đủ” không được để trống."),
    (("--symbol", "KH=kh ubnd"), "Kế hoạch: Ký hiệu “kh ubnd” không đúng dạng"),
    (("signer_name",), "“signer_name” không đúng dạng TRƯỜNG=GIÁ_TRỊ"),
    ((), "Chưa ghi trường nào cần sửa"),
])
def test_bad_input_exits_1_naming_the_field(capsys, ward, args, message):
    before = shown(capsys, ward)
    code, out, err = run(capsys, ward, "ward", "set", *args)
    assert code == 1 and out == "" and err.startswith("thidua: ") and message in err and err.count("\n") == 1
    assert shown(capsys, ward) == before
