"""Blank ballots (phiếu bầu) for a council session: one copy per member.

A4 portrait; each copy lists the nominees that may go before the council,
title by title, with empty "Đồng ý" / "Không đồng ý" boxes and how to mark
them. Secret-ballot titles ("Chiến sĩ thi đua cơ sở") can be printed alone.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPagedPaintDevice, QTextDocument

from ..services.awards.council import Ballot
from .award_lists import fix_columns
from .paged import PORTRAIT, Target, css, esc, new_document, render, write_pdf

WIDTHS = [7, 33, 40, 10, 10]


def ballot_html(ballot: Ballot) -> str:
    parts = [f"""
<table width="100%" cellspacing="0" cellpadding="0" border="0"><tr>
 <td width="48%" align="center" valign="top">
  <p align="center" style="margin:0; font-size:11pt"><b>{esc(ballot.council_name)}</b></p>
  <p align="center" style="margin:0; font-size:12pt"><b>{esc(ballot.ward_name)}</b></p>
 </td>
 <td width="52%" align="center" valign="top">
  <p align="center" style="margin:0; font-size:12pt"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p>
  <p align="center" style="margin:0; font-size:13pt"><b>Độc lập - Tự do - Hạnh phúc</b></p>
 </td></tr></table>
<p align="center" style="margin-top:{css(6)}px; margin-bottom:0; font-size:15pt"><b>PHIẾU BẦU</b></p>
<p align="center" style="margin:0; font-size:13pt"><b>Xét khen thưởng phong trào thi đua năm {ballot.year}</b></p>
<p align="center" style="margin:0 0 {css(3)}px 0; font-size:13pt"><i>({esc(ballot.session_label)})</i></p>
<p style="margin:0; font-size:12pt"><i>Cách ghi phiếu: đồng ý thì đánh dấu (X) vào ô “Đồng ý”, không đồng ý thì đánh dấu (X)
vào ô “Không đồng ý” của từng người, từng tập thể. Ô nào đánh dấu cả hai hoặc để trống thì không tính cho người,
tập thể đó.</i></p>"""]
    total = sum(WIDTHS)
    for group in ballot.groups:
        parts.append(f'<p style="margin:{css(4)}px 0 {css(1)}px 0; font-size:13pt"><b>{esc(group.title.name)}</b>'
                     f' <i>({esc(group.threshold_text)})</i></p>')
        head = "".join(f'<th width="{w * 100 / total:.1f}%" align="center">{h}</th>' for w, h in zip(
            WIDTHS, ("STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị / Địa chỉ", "Đồng ý", "Không đồng ý")))
        rows = "".join(
            f'<tr><td align="center">{i}</td><td>{esc(r.name)}</td><td>{esc(r.where or r.group)}</td>'
            f"<td></td><td></td></tr>" for i, r in enumerate(group.rows, start=1))
        parts.append(f'<table width="100%" border="1" cellspacing="0" cellpadding="{css(1)}" '
                     f'style="border-collapse:collapse; border-style:solid; border-color:#000000">'
                     f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    if not ballot.groups:
        parts.append("<p><i>Không có đề nghị nào đủ điều kiện để bỏ phiếu.</i></p>")
    return "<html><body>" + "".join(parts) + "</body></html>"


def document(ballot: Ballot, target: Target | None = None) -> QTextDocument:
    return new_document(ballot_html(ballot), PORTRAIT, [(ballot.ward_name, 0.4), ("Độc lập - Tự do - Hạnh phúc", 1.0)],
                        target, lambda d: fix_columns(d, WIDTHS))


def _factories(ballot: Ballot):
    return [lambda target: document(ballot, target) for _ in range(max(1, ballot.copies))]


def print_to(device: QPagedPaintDevice, ballot: Ballot) -> int:
    return render(device, _factories(ballot), PORTRAIT)


def save_pdf(ballot: Ballot, path: Path) -> int:
    return write_pdf(Path(path), _factories(ballot), PORTRAIT, "Phiếu bầu")
