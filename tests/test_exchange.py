"""The ward's year as data for the city (issue 18, item 4): export, checks on
import, the newest file per ward and year, the consolidated table — on real
SQLite files, real .thidua zips and a real xlsx."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zipfile

import openpyxl
import pytest

from thidua_desktop.cli import main
from thidua_desktop.services.exchange import package
from thidua_desktop.storage.migrate import backup_sqlite


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "init", "--demo"]) == 0
    return path


@pytest.fixture
def wards(demo_file, tmp_path):
    """Two demo wards: Bạch Đằng as built, and a copy renamed Hồng Bàng."""
    bach_dang, hong_bang = tmp_path / "bach-dang.db", tmp_path / "hong-bang.db"
    backup_sqlite(demo_file, bach_dang)
    backup_sqlite(demo_file, hong_bang)
    con = sqlite3.connect(hong_bang)
    con.execute("UPDATE ward SET name = 'Hồng Bàng', full_name = 'Phường Hồng Bàng'")
    con.commit()
    con.close()
    return bach_dang, hong_bang


@pytest.fixture
def city_db(tmp_path, capsys):
    path = tmp_path / "thành phố.db"
    code, out, err = run(capsys, path, "init", "--city", "Thành phố Hải Phòng")
    assert code == 0, err
    assert "Cơ sở dữ liệu của Thành phố Hải Phòng" in out
    return path


def run(capsys, path, *args):
    code = main(["--db", str(path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def content(path) -> str:
    """The database's rows (opening a file may rewrite pages without changing any row)."""
    con = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()


def export(capsys, db, out, created_at=None, monkeypatch=None):
    if created_at is not None:
        monkeypatch.setattr(package, "created_now", lambda: created_at)
    code, text, err = run(capsys, db, "exchange", "export", "--year", "2026", "--out", str(out))
    assert code == 0, err
    return text


def rewrite(source, target, change):
    """A copy of an exchange file whose members ``change(name, data)`` edits (the manifest kept as it was)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))
    return target


def test_round_trip_of_two_demo_wards_into_a_city_database(wards, city_db, tmp_path, capsys):
    bach_dang, hong_bang = wards
    text = export(capsys, bach_dang, tmp_path / "bach-dang-2026.thidua")
    assert "dữ liệu năm 2026 của Phường Bạch Đằng" in text and "phiên bản 1" in text
    export(capsys, hong_bang, tmp_path / "hong-bang-2026.thidua")
    with zipfile.ZipFile(tmp_path / "bach-dang-2026.thidua") as z:
        manifest = json.loads(z.read("manifest.json"))
        assert manifest["format"] == "thidua-trao-doi" and manifest["format_version"] == 1
        assert manifest["ward"]["full_name"] == "Phường Bạch Đằng" and manifest["year"] == 2026
        assert set(manifest["members"]) == set(package.MEMBERS)
        for name, entry in manifest["members"].items():
            assert hashlib.sha256(z.read(name)).hexdigest() == entry["sha256"]
        decisions = json.loads(z.read("decisions.json"))
        report = json.loads(z.read("report.json"))
    assert [d["number"] for d in decisions] == ["125/QĐ-UBND", "126/QĐ-UBND", "15/TTr-UBND"]
    # the report's prize money is the decisions' (the demo's 119.520.000 đồng)
    assert report["awarded"]["prize"] == sum(d["total_prize"] for d in decisions) == 119_520_000
    # the targets' outcomes are those `thidua targets evaluate` gives the ward
    code, out, _ = run(capsys, bach_dang, "targets", "evaluate", "--json")
    statuses = [m["status"] for t in json.loads(out)["targets"] for m in t["measures"]]
    assert report["targets"]["measures"] == len(statuses)
    assert report["targets"]["exceeded"] == statuses.count("vuot") and report["targets"]["met"] == statuses.count("dat")

    code, out, err = run(capsys, city_db, "exchange", "import", str(tmp_path / "bach-dang-2026.thidua"),
                         str(tmp_path / "hong-bang-2026.thidua"))
    assert code == 0, err
    assert "Phường Bạch Đằng năm 2026" in out and "Phường Hồng Bàng năm 2026" in out
    assert "Đã nhập 2 tệp trao đổi của phường." in out
    code, out, _ = run(capsys, city_db, "exchange", "list", "--json")
    listed = json.loads(out)
    assert listed["city"] == "Thành phố Hải Phòng"
    assert [(f["ward"], f["year"]) for f in listed["files"]] == [("Phường Bạch Đằng", 2026), ("Phường Hồng Bàng", 2026)]
    assert all(f["awarded"] == report["awarded"] and f["targets"] == report["targets"] for f in listed["files"])
    assert listed["files"][0]["bytes"] == (tmp_path / "bach-dang-2026.thidua").stat().st_size

    out_xlsx = tmp_path / "tổng hợp.xlsx"
    code, out, err = run(capsys, city_db, "exchange", "report", "--out", str(out_xlsx))
    assert code == 0, err
    assert "bảng tổng hợp năm 2026 của 2 phường" in out
    wb = openpyxl.load_workbook(out_xlsx)
    assert wb.sheetnames == ["Tổng hợp", "Chỉ tiêu", "Khen thưởng"]
    summary = wb["Tổng hợp"]
    assert "THÀNH PHỐ HẢI PHÒNG" in summary["A1"].value and "NĂM 2026" in summary["A1"].value
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=4)]
    assert [r[1] for r in rows] == ["Phường Bạch Đằng", "Phường Hồng Bàng"]
    assert rows[0][11] == 119_520_000 and rows[0][3] == len(statuses)
    assert summary.page_setup.orientation == "landscape" and summary.print_title_rows == "$3:$3"
    targets = [[c.value for c in row] for row in wb["Chỉ tiêu"].iter_rows(min_row=4)]
    assert len(targets) == 2 * len(statuses)
    titles = [[c.value for c in row] for row in wb["Khen thưởng"].iter_rows(min_row=4)]
    assert sum(r[6] or 0 for r in titles if r[0] == "Phường Bạch Đằng") == 119_520_000
    # no file the user has is overwritten without being asked
    code, _, err = run(capsys, city_db, "exchange", "report", "--out", str(out_xlsx))
    assert code == 1 and "Đã có tệp" in err and "--overwrite" in err


def _tampered_member(name, data):
    if name == "report.json":
        report = json.loads(data)
        report["awarded"]["prize"] *= 2
        return json.dumps(report, ensure_ascii=False).encode()
    return data


def _newer_version(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["format_version"] = 2
        return json.dumps(manifest).encode()
    return data


def _without_awards_consistent_checksums(source, target):
    """A file edited by someone who also rewrote the manifest's checksums: its shape is still checked."""
    def change(name, data):
        if name == "report.json":
            report = json.loads(data)
            del report["awarded"]
            return json.dumps(report).encode()
        return data

    rewrite(source, target, change)
    with zipfile.ZipFile(target) as z:
        members = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(members["manifest.json"])
    for name in package.MEMBERS:
        manifest["members"][name] = {"sha256": hashlib.sha256(members[name]).hexdigest(), "bytes": len(members[name])}
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return target


def test_a_damaged_or_tampered_file_is_refused_and_the_city_database_is_unchanged(wards, city_db, tmp_path, capsys):
    good = tmp_path / "bach-dang-2026.thidua"
    export(capsys, wards[0], good)
    other = tmp_path / "hong-bang-2026.thidua"
    export(capsys, wards[1], other)
    assert run(capsys, city_db, "exchange", "import", str(other))[0] == 0
    before = content(city_db)
    truncated = tmp_path / "cắt-cụt.thidua"
    truncated.write_bytes(good.read_bytes()[:5000])
    cases = [
        (rewrite(good, tmp_path / "sửa-tiền.thidua", _tampered_member),
         "phần report.json không khớp mã kiểm tra SHA-256 trong bản kê: tệp bị hỏng hoặc đã bị sửa"),
        (truncated, "tệp bị hỏng hoặc không phải tệp trao đổi .thidua"),
        (rewrite(good, tmp_path / "phiên-bản-2.thidua", _newer_version),
         "tệp theo định dạng phiên bản 2, mới hơn phiên bản 1"),
        (_without_awards_consistent_checksums(good, tmp_path / "thiếu-mục.thidua"),
         "phần report.json không đúng cấu trúc định dạng phiên bản 1 (tại gốc: thiếu mục “awarded”)"),
        (rewrite(good, tmp_path / "thêm-phần.thidua", lambda n, d: d), None),  # control: an untouched copy is fine
    ]
    for path, message in cases[:-1]:
        # a good file in the same batch does not go in either: all or nothing
        code, out, err = run(capsys, city_db, "exchange", "import", str(good), str(path))
        assert code == 1, out
        assert f"Tệp “{path.name}” bị từ chối: {message}" in err
        assert "Không nhập gì;" in err and "Traceback" not in out + err
        assert content(city_db) == before
    with zipfile.ZipFile(cases[-1][0], "a") as z:
        z.writestr("thêm.json", b"{}")
    code, _, err = run(capsys, city_db, "exchange", "import", str(cases[-1][0]))
    assert code == 1 and "các phần trong tệp không khớp bản kê (thêm.json)" in err
    assert content(city_db) == before


def test_an_older_file_does_not_replace_a_newer_one(wards, city_db, tmp_path, capsys, monkeypatch):
    older, newer, newest = (tmp_path / f"{n}.thidua" for n in ("bd-sang", "bd-chieu", "bd-toi"))
    export(capsys, wards[0], older, "2026-12-20T08:00:00+07:00", monkeypatch)
    export(capsys, wards[0], newer, "2026-12-20T15:30:00+07:00", monkeypatch)
    export(capsys, wards[0], newest, "2026-12-21T09:00:00+07:00", monkeypatch)

    def received():
        code, out, _ = run(capsys, city_db, "exchange", "list", "--json")
        return [(f["file"], f["created_at"]) for f in json.loads(out)["files"]]

    assert run(capsys, city_db, "exchange", "import", str(newer))[0] == 0
    before = content(city_db)
    code, out, err = run(capsys, city_db, "exchange", "import", str(older))
    assert code == 0, err
    made = dt.datetime.fromisoformat("2026-12-20T08:00:00+07:00").astimezone()  # times print in the PC's zone
    assert (f"bd-sang.thidua: Phường Bạch Đằng năm 2026 (lập {made:%H:%M} ngày {made:%d/%m/%Y}) — "
            "Bỏ qua: cũ hơn bản đã nhận") in out
    assert "Không có tệp nào mới; cơ sở dữ liệu giữ nguyên." in out
    assert content(city_db) == before and received() == [("bd-chieu.thidua", "2026-12-20T08:30:00+00:00")]
    # two files of one ward and year in one batch: the later one counts, whatever the order given
    code, out, err = run(capsys, city_db, "exchange", "import", str(newest), str(older))
    assert code == 0, err
    assert "Thay bản cũ" in out and "cùng lần nhập có tệp bd-toi.thidua lập sau" in out
    assert received() == [("bd-toi.thidua", "2026-12-21T02:00:00+00:00")]


def test_city_and_ward_databases_keep_to_their_side(wards, city_db, tmp_path, capsys):
    file = tmp_path / "bd.thidua"
    export(capsys, wards[0], file)
    code, _, err = run(capsys, wards[0], "exchange", "import", str(file))
    assert code == 1 and "Cơ sở dữ liệu này là của phường" in err
    code, _, err = run(capsys, city_db, "exchange", "export", "--out", str(tmp_path / "tp.thidua"))
    assert code == 1 and "Cơ sở dữ liệu này của thành phố" in err
    code, _, err = run(capsys, wards[0], "init", "--city", "Thành phố Hải Phòng")
    assert code == 1 and "đã có đơn vị của một phường" in err
    code, _, err = run(capsys, wards[0], "exchange", "export", "--out", str(file))
    assert code == 1 and "Đã có tệp" in err
    code, _, err = run(capsys, wards[0], "exchange", "export", "--out", str(tmp_path / "bd.zip"))
    assert code == 1 and "phải có đuôi .thidua" in err
    assert not (tmp_path / "bd.zip").exists()
