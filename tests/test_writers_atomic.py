"""Issue 12, class 5: a full disk (or a kill) in the middle of writing a file
leaves no 0-byte or half file under the final name, and an existing file of
that name exactly as it was; the clerk gets a Vietnamese message naming the
file and what to do. Issue 12, class 15 for the files: disk full and a
read-only folder are told in Vietnamese, never as a traceback.

The disk is filled by opening every file of the target folder through a file
object that raises ``ENOSPC`` once it holds a few hundred bytes (what Windows
and Linux do on a full disk); PDF files, which Qt writes itself, fail in the
middle of their second page."""
from __future__ import annotations

import builtins
import errno
import hashlib
import io
import os
import time
from pathlib import Path

import pytest

from thidua_desktop.cli import main
from thidua_desktop.storage import atomic


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """A demo ward on disk (units, people, nominations, a council session)."""
    folder = tmp_path_factory.mktemp("demo-ghi")
    path = folder / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THIDUA_DATA_DIR", str(folder))
        assert main(["--db", str(path), "init", "--demo"]) == 0
    return path


class _FullDisk(io.FileIO):
    """A file on a disk with ``room`` bytes left."""

    room = 300

    def write(self, data) -> int:
        data = bytes(data)
        left = self.room - self.tell()
        if len(data) > left:
            if left > 0:
                super().write(data[:left])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


@pytest.fixture
def full_disk(monkeypatch):
    """``full_disk(folder)``: from now on, files written in ``folder`` hit a full disk."""
    real_open = builtins.open

    def arm(folder: Path) -> None:
        folder = folder.resolve()

        def fake_open(file, mode="r", *args, **kwargs):
            if isinstance(file, (str, os.PathLike)) and "b" in mode and any(m in mode for m in "wxa") \
                    and Path(file).resolve().parent == folder:
                return _FullDisk(file, mode.replace("b", ""))
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(io, "open", fake_open)

    return arm


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


# (command after --db, file written); ``{out}`` is the file (or folder) under test.
FILE_WRITERS = {
    "ranking workbook": (["rank", "--out", "{out}"], "xep hang.xlsx"),
    "nomination template": (["nominations", "template", "{out}"], "mau de nghi.xlsx"),
    "council vote sheet": (["council", "sheet", "{out}"], "ghi phieu.xlsx"),
    "nomination list xlsx": (["report", "nominations", "--out", "{out}"], "danh sach.xlsx"),
    "units export": (["units", "export", "{out}"], "don vi.xlsx"),
    "people template": (["people", "template", "{out}"], "mau ca nhan.xlsx"),
    "Word template": (["templates", "export", "decision", "--out", "{out}"], "mau quyet dinh.docx"),
    "decision docx": (["report", "decision", "--draft", "--out", "{out}"], "quyet dinh.docx"),
}
PDF_WRITERS = {
    "ballots": (["council", "ballots", "--out", "{out}"], "phieu bau.pdf", "thidua_desktop.printing.paged.render"),
    "nomination list pdf": (["report", "nominations", "--out", "{out}"], "danh sach.pdf",
                            "thidua_desktop.printing.award_lists.render"),
}


def argv_for(template: list[str], out: Path) -> list[str]:
    return [a.replace("{out}", str(out)) for a in template]


def assert_refused_cleanly(code: int, err: str, target: Path, before: str | None) -> None:
    assert code == 1, err
    assert "Không ghi được tệp" in err and target.name in err, err
    assert "không mong muốn" not in err and "Traceback" not in err and "Error" not in err, err
    if before is None:
        assert not target.exists(), "a half file was left under the final name"
    else:
        assert digest(target) == before, "the existing file was damaged"
    leftovers = [p.name for p in target.parent.iterdir() if p.name.endswith(atomic.TEMP_SUFFIX)]
    assert leftovers == []


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "file already there"])
@pytest.mark.parametrize("writer", list(FILE_WRITERS))
def test_full_disk_mid_write_leaves_nothing_half_written(writer, existing, demo_db, tmp_path, capsys, full_disk):
    template, name = FILE_WRITERS[writer]
    target = tmp_path / "kết quả" / name
    target.parent.mkdir()
    before = None
    if existing:
        target.write_bytes(b"the clerk's own file " * 100)
        before = digest(target)
    full_disk(target.parent)
    code, _, err = run(capsys, demo_db, *argv_for(template, target))
    assert_refused_cleanly(code, err, target, before)
    assert "ổ đĩa đã đầy" in err and "giải phóng chỗ trống" in err


def test_full_disk_while_writing_unit_forms(demo_db, tmp_path, capsys, full_disk):
    folder = tmp_path / "phiếu"
    code, out, _ = run(capsys, demo_db, "results", "forms", "--out", str(folder))
    assert code == 0
    first = sorted(folder.iterdir())[0]
    first.write_bytes(b"a returned form? no: damaged on purpose")
    states = {p.name: digest(p) for p in folder.iterdir()}
    full_disk(folder)
    code, _, err = run(capsys, demo_db, "results", "forms", "--out", str(folder))
    assert code == 1 and "ổ đĩa đã đầy" in err
    assert {p.name: digest(p) for p in folder.iterdir() if p.is_file()} == states
    assert not [p for p in folder.rglob("*") if p.name.endswith(atomic.TEMP_SUFFIX)]


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "file already there"])
@pytest.mark.parametrize("writer", list(PDF_WRITERS))
def test_pdf_failing_on_its_second_page_leaves_nothing(writer, existing, demo_db, tmp_path, capsys, monkeypatch):
    template, name, render_name = PDF_WRITERS[writer]
    module_name, _, attr = render_name.rpartition(".")
    module = __import__(module_name, fromlist=[attr])
    real = getattr(module, attr)

    def render(device, documents, setup, continuous=False, progress=None):
        def disk_full(_target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(device, list(documents)[:1] + [disk_full], setup, continuous, progress)

    monkeypatch.setattr(module, attr, render)
    target = tmp_path / name
    before = None
    if existing:
        target.write_bytes(b"%PDF-1.4 the clerk's earlier ballots")
        before = digest(target)
    code, _, err = run(capsys, demo_db, *argv_for(template, target))
    assert_refused_cleanly(code, err, target, before)


def test_pdf_written_whole_under_its_name(demo_db, tmp_path, capsys):
    target = tmp_path / "phieu bau.pdf"
    code, _, err = run(capsys, demo_db, "council", "ballots", "--out", str(target))
    assert code == 0, err
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:]
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("writer", ["ranking workbook", "Word template"])
def test_disk_full_at_fsync_leaves_the_old_file(writer, demo_db, tmp_path, capsys, monkeypatch):
    """Some disks accept the bytes and refuse them only when flushed."""
    template, name = FILE_WRITERS[writer]
    target = tmp_path / name
    target.write_bytes(b"old content")
    before = digest(target)

    def fsync(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)
    code, _, err = run(capsys, demo_db, *argv_for(template, target))
    assert_refused_cleanly(code, err, target, before)


@pytest.fixture
def refusing_folder(monkeypatch):
    """``refusing_folder(folder, errno)``: creating files in ``folder`` fails
    as on a locked USB stick (EROFS) or a folder without write permission (EACCES)."""
    real_open = builtins.open

    def arm(folder: Path, code: int) -> None:
        folder = folder.resolve()

        def fake_open(file, mode="r", *args, **kwargs):
            if isinstance(file, (str, os.PathLike)) and any(m in mode for m in "wxa") \
                    and Path(file).resolve().parent == folder:
                raise OSError(code, os.strerror(code), str(file))
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(io, "open", fake_open)

    return arm


@pytest.mark.parametrize("code, told", [(errno.EROFS, "ổ đĩa chỉ cho đọc"), (errno.EACCES, "quyền ghi")],
                         ids=["read-only USB", "no write permission"])
@pytest.mark.parametrize("writer", ["ranking workbook", "nomination template", "Word template", "units export"])
def test_read_only_folder_is_told_in_vietnamese(writer, code, told, demo_db, tmp_path, capsys, refusing_folder):
    template, name = FILE_WRITERS[writer]
    folder = tmp_path / "chỉ đọc"
    folder.mkdir()
    refusing_folder(folder, code)
    rc, _, err = run(capsys, demo_db, *argv_for(template, folder / name))
    assert_refused_cleanly(rc, err, folder / name, None)
    assert told in err and "thư mục" in err, err


def test_read_only_folder_for_pdf(demo_db, tmp_path, capsys, refusing_folder):
    folder = tmp_path / "usb"
    folder.mkdir()
    refusing_folder(folder, errno.EROFS)
    rc, _, err = run(capsys, demo_db, "council", "ballots", "--out", str(folder / "phieu bau.pdf"))
    assert_refused_cleanly(rc, err, folder / "phieu bau.pdf", None)
    assert "ổ đĩa chỉ cho đọc" in err


def test_write_bytes_keeps_the_old_file_when_the_disk_fills(tmp_path, full_disk):
    target = tmp_path / "văn bản.docx"
    target.write_bytes(b"old")
    full_disk(tmp_path)
    with pytest.raises(Exception) as caught:
        atomic.write_bytes(target, b"x" * 10_000)
    assert "ổ đĩa đã đầy" in str(caught.value)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_killed_copy_is_removed_on_the_next_start(tmp_path):
    """A backup (or any writer) killed mid-copy leaves ``.name.pid-xxxx.tmp``;
    the next start removes it once nobody can still be writing it."""
    from thidua_desktop.services.app import open_app

    path = tmp_path / "dữ liệu" / "thi đua.db"
    open_app(path, actor="kiểm thử").close()
    backups = path.parent / "backups"
    backups.mkdir(exist_ok=True)
    stale = backups / ".thi đua-20261204-1010.db.4242-abcdef.tmp"
    stale_journal = stale.with_name(stale.name + "-journal")
    beside = path.parent / ".bao cao.docx.4242-abcdef.tmp"
    fresh = backups / ".thi đua-20261204-1011.db.4343-abcdef.tmp"
    mine = backups / "ban sao cua van thu.tmp"  # not one of ours: no leading dot
    for p in (stale, stale_journal, beside, fresh, mine):
        p.write_bytes(b"half a copy")
    old = time.time() - 2 * atomic.STALE_AFTER.total_seconds()
    for p in (stale, stale_journal, beside, mine):
        os.utime(p, (old, old))
    open_app(path, actor="kiểm thử").close()
    assert not stale.exists() and not stale_journal.exists() and not beside.exists()
    assert fresh.exists(), "a copy still being written was removed"
    assert mine.exists()
