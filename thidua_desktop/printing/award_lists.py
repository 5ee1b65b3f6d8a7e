"""Rendering the nomination and awardee lists (and every plain list framed as
one, ``services.printable_lists``): print, print preview and PDF.

A4 landscape, Times New Roman, the header row repeated on every page, page
numbers in the top margin from page 2, sections "I. TẬP THỂ" / "II. CÁ NHÂN" /
"III. HỘ GIA ĐÌNH", a heading per title when the list covers several, a row
per unit group. The data comes from
``services.awards.lists``.

Qt would break a table row across two pages line by line; a list where a
person's name is on one page and their unit on the next is not acceptable, so
the rows are measured once and shared out over pages here: a row that does
not fit starts the next page, and a section or unit heading is never left
alone at the foot of a page. Each page is its own small document whose table
starts with the header row.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPagedPaintDevice, QTextDocument, QTextLength, QTextTable

from ..services.awards.lists import AwardList
from .paged import LANDSCAPE, PageSetup, Target, css, esc, new_document, pdf_writer, px, render, target_for


@dataclass(frozen=True)
class TableRow:
    kind: str  # section / group / data
    html: str


def _rows(award_list: AwardList) -> list[TableRow]:
    n = len(award_list.columns)
    out = []
    for section in award_list.sections:
        if section.title:  # a plain list (units, people…) is one untitled section
            out.append(TableRow("section",
                                f'<tr><td colspan="{n}"><b>{esc(section.numeral)}. {esc(section.title)}</b></td></tr>'))
        for group in section.groups:
            if group.heading:
                out.append(TableRow("title", f'<tr><td colspan="{n}"><b>{esc(group.heading)}</b></td></tr>'))
            if group.name:
                out.append(TableRow("group", f'<tr><td colspan="{n}"><b><i>{esc(group.name)}</i></b></td></tr>'))
            for row in group.rows:
                cells = "".join(f'<td align="{c.align}" valign="top">{esc(row.values.get(c.key, ""))}</td>'
                                for c in award_list.columns)
                out.append(TableRow("data", f"<tr>{cells}</tr>"))
    if not out:
        out.append(TableRow("data", f'<tr><td colspan="{n}" align="center"><i>Danh sách trống.</i></td></tr>'))
    return out


def head_html(award_list: AwardList) -> str:
    """The list's header (authority and motto side by side, the heading, place and date): the
    unit card prints the same one."""
    place = (f'<p align="center" style="margin:{css(3)}px 0 0 0; font-size:13pt"><i>{esc(award_list.place_date)}</i></p>'
             if award_list.place_date else "")
    head = f"""
<table width="100%" cellspacing="0" cellpadding="0" border="0">
 <tr>
  <td width="40%" align="center" valign="top">
   <p align="center" style="margin:0; font-size:12pt"><b>{esc(award_list.authority[0])}</b></p>
   <p align="center" style="margin:0; font-size:12pt"><b>{esc(award_list.authority[1])}</b></p>
  </td>
  <td width="60%" align="center" valign="top">
   <p align="center" style="margin:0; font-size:12pt"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p>
   <p align="center" style="margin:0; font-size:13pt"><b>Độc lập - Tự do - Hạnh phúc</b></p>
   {place}
  </td>
 </tr>
</table>
<p align="center" style="margin-top:{css(5)}px; margin-bottom:0; font-size:14pt"><b>{esc(award_list.heading)}</b></p>
"""
    for line in award_list.subheadings:
        style = "i" if line.startswith("(") else "b"
        head += f'<p align="center" style="margin:0; font-size:13pt"><{style}>{esc(line)}</{style}></p>'
    return head + '<p style="margin:0; font-size:6pt">&nbsp;</p>'


def _tail_html(award_list: AwardList) -> str:
    tail = "".join(f'<p style="margin:{css(1)}px 0 0 0">{esc(t)}</p>' for t in award_list.totals)
    if award_list.signer:
        authority, title, name = award_list.signer
        tail += f"""
<table width="100%" cellspacing="0" cellpadding="0" border="0" style="margin-top:{css(4)}px">
 <tr><td width="45%"></td>
  <td width="55%" align="center">
   <p align="center" style="margin:0; font-size:13pt"><b>{esc(authority)}</b></p>
   <p align="center" style="margin:0; font-size:13pt"><b>{esc(title)}</b></p>
   <p style="margin:0">&nbsp;</p><p style="margin:0">&nbsp;</p><p style="margin:0">&nbsp;</p>
   <p align="center" style="margin:0; font-size:13pt"><b>{esc(name)}</b></p>
  </td></tr>
</table>"""
    return tail


def _table_html(award_list: AwardList, rows: list[TableRow]) -> str:
    total = sum(c.width for c in award_list.columns)
    header = "".join(f'<th width="{c.width * 100 / total:.1f}%" align="center" valign="middle">{esc(c.header)}</th>'
                     for c in award_list.columns)
    pad = css(0.8)
    border = 1
    return (f'<table width="100%" border="{border}" cellspacing="0" cellpadding="{pad}" '
            f'style="border-collapse:collapse; border-style:solid; border-color:#000000">'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(r.html for r in rows)}</tbody></table>")


def list_html(award_list: AwardList, rows: list[TableRow] | None = None,
              head: bool = True, tail: bool = True) -> str:
    rows = _rows(award_list) if rows is None else rows
    parts = [head_html(award_list) if head else ""]
    if rows:
        parts.append(_table_html(award_list, rows))
    if tail:
        parts.append(_tail_html(award_list))
    return f"<html><body>{''.join(parts)}</body></html>"


MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _document(award_list: AwardList, target: Target | None = None, **kw) -> QTextDocument:
    rules = [(award_list.authority[1], 0.4), (MOTTO, 1.0)] if kw.get("head", True) else []
    widths = [c.width for c in award_list.columns]
    return new_document(list_html(award_list, **kw), LANDSCAPE, rules, target, lambda d: fix_columns(d, widths))


def fix_columns(doc: QTextDocument, widths: list[float]) -> None:
    """Give the list's table fixed percentage widths and one header row: the
    HTML importer treats widths as hints and would squeeze narrow columns."""
    total = sum(widths)
    for frame in doc.rootFrame().childFrames():
        if isinstance(frame, QTextTable) and frame.columns() == len(widths):
            fmt = frame.format()
            fmt.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, w * 100 / total)
                                           for w in widths])
            fmt.setHeaderRowCount(1)
            frame.setFormat(fmt)
            # Qt lays the table out again but not what follows it (the totals,
            # the signature), which would stay where the old table ended:
            # drawn over its last rows, or cut off at the foot of the page.
            end = frame.lastPosition()
            doc.markContentsDirty(end, doc.characterCount() - end)


def _list_table(doc: QTextDocument, columns: int) -> QTextTable | None:
    for frame in doc.rootFrame().childFrames():
        if isinstance(frame, QTextTable) and frame.columns() == columns:
            return frame
    return None


def paginate(award_list: AwardList, device: QPagedPaintDevice, setup: PageSetup = LANDSCAPE
             ) -> list[tuple[bool, list[TableRow], bool]]:
    """Share the rows out over pages: ``[(with heading, rows, with totals)]``."""
    rows = _rows(award_list)
    page = target_for(device, setup)
    dpi, height = page.dpi, page.size.height()

    def measure(**kw) -> QTextDocument:
        # one long page: the document is measured without being broken
        return _document(award_list, Target(device, dpi, QSizeF(page.size.width(), 1e9)), **kw)

    full = measure(rows=rows)
    layout = full.documentLayout()
    table = _list_table(full, len(award_list.columns))
    if table is None:  # pragma: no cover - the builder always makes the table
        return [(True, rows, True)]
    table_rect = layout.frameBoundingRect(table)
    tops = []
    for r in range(table.rows()):
        block = table.cellAt(r, 0).firstCursorPosition().block()
        tops.append(layout.blockBoundingRect(block).top())
    pad = css(0.8) * dpi / 96
    tops = [t - pad for t in tops]
    bottoms = tops[1:] + [table_rect.bottom()]
    header_h = bottoms[0] - tops[0]
    heights = [b - t for t, b in zip(tops[1:], bottoms[1:])]
    head_h = tops[0]  # everything above the table on page 1
    tail_h = full.size().height() - table_rect.bottom()
    # A page of rows alone also holds the table's borders and the empty
    # paragraph a document keeps after a table: measured once, on one row.
    alone = measure(rows=rows[:1], head=False, tail=False).size().height()
    slack = px(1.0, dpi) + max(0.0, alone - header_h - heights[0])
    pages: list[tuple[bool, list[TableRow], bool]] = []
    current: list[TableRow] = []
    used = head_h + header_h
    for i, (row, h) in enumerate(zip(rows, heights)):
        # keep a heading (section, title, unit) with the headings and the first row under it
        need, j = h, i
        while rows[j].kind != "data" and j + 1 < len(rows):
            j += 1
            need += heights[j]
        if current and used + need > height - slack:
            pages.append((not pages, current, False))
            current, used = [], header_h
        current.append(row)
        used += h
    if used + tail_h > height - slack and current:
        pages.append((not pages, current, False))
        pages.append((False, [], True))
    else:
        pages.append((not pages, current, True))
    return pages


def _page_factories(award_list: AwardList, device: QPagedPaintDevice):
    plan = paginate(award_list, device)
    return [lambda target, h=h, r=r, t=t: _document(award_list, target, rows=r, head=h, tail=t)
            for h, r, t in plan]


def print_to(device: QPagedPaintDevice, award_list: AwardList, progress=None) -> int:
    """Print (or preview) on a printer; returns the number of pages."""
    return render(device, _page_factories(award_list, device), LANDSCAPE, continuous=True, progress=progress)


def save_pdf(award_list: AwardList, path: Path, progress=None, pdfa: bool = False) -> int:
    """Save the list as PDF (``pdfa``: PDF/A-1b); returns the number of pages."""
    with pdf_writer(Path(path), LANDSCAPE, award_list.heading, pdfa) as writer:
        return render(writer, _page_factories(award_list, writer), LANDSCAPE, continuous=True, progress=progress)
