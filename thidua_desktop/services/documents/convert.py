"""DOCX → PDF with the office suite on the machine (LibreOffice anywhere,
Microsoft Word on Windows), and PDF pages → pixels for previews and printing.

Nothing here is required: without an office suite the app still writes DOCX
files, and the preview falls back to the document's text.
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ...errors import UserError

TIMEOUT_S = 180


@dataclass(frozen=True)
class Converter:
    name: str  # "LibreOffice" / "Microsoft Word"
    program: str


def _libreoffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = []
    if sys.platform == "win32":
        for root in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
            if root:
                candidates.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((str(c) for c in candidates if c.exists()), None)


def _word() -> str | None:
    if sys.platform != "win32":
        return None
    try:
        import winreg

        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Word.Application\CLSID"):
            pass
    except OSError:
        return None
    return shutil.which("powershell") or shutil.which("pwsh")


def find_converter() -> Converter | None:
    """LibreOffice if installed, else Microsoft Word (Windows), else None."""
    program = _libreoffice()
    if program:
        return Converter("LibreOffice", program)
    program = _word()
    if program:
        return Converter("Microsoft Word", program)
    return None


_WORD_SCRIPT = (
    "$ErrorActionPreference='Stop';"
    "$w=New-Object -ComObject Word.Application;$w.Visible=$false;$w.DisplayAlerts=0;"
    "try{$d=$w.Documents.Open($env:THIDUA_IN,$false,$true);$d.ExportAsFixedFormat($env:THIDUA_OUT,17);"
    "$d.Close($false)}finally{$w.Quit()}"
)


def docx_to_pdf(docx: Path, pdf: Path, converter: Converter | None = None, export: str = "pdf") -> Path:
    """Write ``pdf`` from ``docx``; raises :class:`UserError` saying why not.
    ``export``: LibreOffice's target with its filter options (``pdfa.EXPORT``)."""
    converter = converter or find_converter()
    if converter is None:
        raise UserError("Máy này chưa có LibreOffice hoặc Microsoft Word nên chưa lưu được PDF; "
                        "hãy lưu DOCX rồi mở bằng Word để in hoặc lưu PDF.")
    docx, pdf = Path(docx).resolve(), Path(pdf).resolve()
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as work:
        work_dir = Path(work)
        try:
            if converter.name == "LibreOffice":
                source = work_dir / "document.docx"
                shutil.copyfile(docx, source)
                with _PROFILE_LOCK:  # one LibreOffice at a time on our profile
                    result = subprocess.run(
                        [converter.program, f"-env:UserInstallation={_profile().as_uri()}", "--headless",
                         "--norestore", "--convert-to", export, "--outdir", str(work_dir), str(source)],
                        capture_output=True, timeout=TIMEOUT_S, **_hidden())
                made = work_dir / "document.pdf"
            else:
                made = work_dir / "document.pdf"
                env = {**os.environ, "THIDUA_IN": str(docx), "THIDUA_OUT": str(made)}
                result = subprocess.run([converter.program, "-NoProfile", "-NonInteractive", "-Command",
                                         _WORD_SCRIPT], capture_output=True, timeout=TIMEOUT_S, env=env,
                                        **_hidden())
        except subprocess.TimeoutExpired:
            raise UserError(f"{converter.name} không chuyển xong tệp sang PDF sau {TIMEOUT_S} giây.") from None
        except OSError as exc:
            raise UserError(f"Không chạy được {converter.name}: {exc}") from None
        if not made.exists() or made.stat().st_size == 0:
            detail = (result.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise UserError(f"{converter.name} không chuyển được tệp sang PDF"
                            + (f": {detail[-1]}" if detail else "."))
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), str(pdf))
    return pdf


_PROFILE_LOCK = threading.Lock()
_PROFILE: list[Path] = []


def _profile() -> Path:
    """A LibreOffice profile of our own for the whole run: the clerk may have
    LibreOffice open, and a headless instance sharing that profile would hand
    the job to it and return; made once, it also saves seconds per conversion."""
    if not _PROFILE:
        folder = Path(tempfile.mkdtemp(prefix="thidua-libreoffice-"))
        atexit.register(shutil.rmtree, folder, True)
        _PROFILE.append(folder)
    return _PROFILE[0]


def _hidden() -> dict:
    """No console window flashing up on Windows."""
    if sys.platform == "win32":
        return {"creationflags": 0x08000000}  # CREATE_NO_WINDOW
    return {}


@dataclass(frozen=True)
class PageImage:
    """A rendered page: RGB bytes, row by row."""

    width: int
    height: int
    stride: int
    data: bytes
    width_pt: float
    height_pt: float


def render_pdf(pdf: Path, dpi: float = 96.0, first: int = 0, last: int | None = None) -> list[PageImage]:
    """Pages of a PDF as RGB pixels (with pypdfium2)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        raise UserError(f"Không đọc được tệp PDF “{Path(pdf).name}”: {exc}") from None
    pages = []
    try:
        end = len(document) if last is None else min(last + 1, len(document))
        for index in range(first, end):
            page = document[index]
            width_pt, height_pt = page.get_size()
            bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
            pages.append(PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer),
                                   width_pt, height_pt))
            page.close()
    finally:
        document.close()
    return pages


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()
