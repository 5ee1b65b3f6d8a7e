"""A faithful text preview of a generated DOCX, as HTML, for machines without
LibreOffice or Word: every paragraph and table in order, with its alignment,
weight, slant and size, sections marked where pages turn."""
from __future__ import annotations

import html

from lxml import etree

from .ooxml import w
from .package import open_docx
from .template import StyleSheet, paragraph_style

_ALIGN = {"center": "center", "both": "justify", "right": "right", "left": "left"}


def _runs_html(p: etree._Element, sheet: StyleSheet, style: str | None) -> str:
    out = []
    for r in p.iter(w("r")):
        parent = r.getparent()
        while parent is not None and parent.tag != w("p"):
            parent = parent.getparent()
        if parent is not p:
            continue
        size, bold, italic = sheet.run_props(style, r.find(w("rPr")))
        text = []
        for node in r:
            if node.tag == w("t"):
                text.append(html.escape(node.text or ""))
            elif node.tag == w("br"):
                text.append("<br>")
            elif node.tag == w("tab"):
                text.append("&emsp;")
        if not text:
            continue
        css = f"font-size:{size:g}pt;"
        piece = "".join(text)
        if bold:
            piece = f"<b>{piece}</b>"
        if italic:
            piece = f"<i>{piece}</i>"
        out.append(f'<span style="{css}">{piece}</span>')
    return "".join(out)


def _paragraph_html(p: etree._Element, sheet: StyleSheet) -> str:
    style = paragraph_style(p)
    jc = p.find(f"{w('pPr')}/{w('jc')}")
    align = _ALIGN.get((jc.get(w("val")) if jc is not None else sheet.alignment(style)) or "left", "left")
    body = _runs_html(p, sheet, style)
    if style in ("ND30RuleShort", "ND30RuleFull"):
        return '<hr style="width:40%;">' if style == "ND30RuleShort" else '<hr style="width:60%;">'
    out = '<hr><p align="center"><i>— trang mới —</i></p>' if p.find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None else ""
    boxes = [_paragraph_html(inner, sheet) for box in p.iter(w("txbxContent")) for inner in box.iter(w("p"))]
    return out + f'<p align="{align}" style="margin:2px 0;">{body or "&nbsp;"}</p>' + "".join(boxes)


def _table_html(tbl: etree._Element, sheet: StyleSheet) -> str:
    borders = tbl.find(f"{w('tblPr')}/{w('tblBorders')}")
    bordered = borders is not None and any(b.get(w("val")) not in ("nil", "none") for b in borders)
    rows = []
    for tr in tbl.findall(w("tr")):
        cells = []
        for tc in tr.findall(w("tc")):
            span = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
            colspan = f' colspan="{span.get(w("val"))}"' if span is not None else ""
            inner = "".join(_block_html(child, sheet) for child in tc if child.tag in (w("p"), w("tbl")))
            cells.append(f"<td{colspan} valign=\"top\">{inner}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    attrs = 'border="1" cellspacing="0" cellpadding="3"' if bordered else 'border="0" cellpadding="2"'
    return f'<table {attrs} width="100%">{"".join(rows)}</table>'


def _block_html(node: etree._Element, sheet: StyleSheet) -> str:
    if node.tag == w("p"):
        out = _paragraph_html(node, sheet)
        if node.find(f"{w('pPr')}/{w('sectPr')}") is not None:
            out += "<hr><p align=\"center\"><i>— sang trang, đổi hướng trang —</i></p>"
        return out
    if node.tag == w("tbl"):
        return _table_html(node, sheet)
    return ""


def to_html(data: bytes) -> str:
    """The document as HTML for a QTextBrowser."""
    document = open_docx(data)
    sheet = StyleSheet(document)
    body = document.element.body
    parts = [_block_html(child, sheet) for child in body]
    return ('<html><body style="font-family:\'Times New Roman\',serif;">' + "".join(parts) + "</body></html>")
