"""Word templates with fields: ``{{so_ky_hieu}}`` in the text is replaced by
its value; a field standing alone on its line, such as ``{{bang_chi_tieu}}``,
is replaced by whole paragraphs and tables.

The built-in default of every document is itself such a template (built by
``skeleton``), so a clerk can export it, change the wording in Word and give it
back: the same code fills both. A template is checked before it is used or
stored: a field the document does not know, a required field that is missing,
a ``{{`` without its ``}}`` or a list field sharing its line with other text is
refused with a message that names it.

Word splits text into runs as it pleases (spell checking, editing history), so
fields are found in the text of a whole paragraph and replaced across runs,
keeping the look of the run where the field starts.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt, Twips
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from ...domain import docformat as fmt
from ...errors import UserError
from .build import ROWS_MARKER, Content, Rows, para, paragraph
from .ooxml import W_NS, twips, w
from .package import replace_part, text_roots, to_bytes
from .styles import ensure_styles

FIELD = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
VML_NS = "urn:schemas-microsoft-com:vml"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"


class TemplateError(UserError):
    """A template that cannot be used; the message lists every problem."""


@dataclass(frozen=True)
class Field:
    """A field a document fills. ``block`` fields stand on their own line and
    become paragraphs or tables."""

    name: str
    label: str
    block: bool = False
    required: bool = True

    @property
    def token(self) -> str:
        return "{{" + self.name + "}}"


@dataclass
class Block:
    """Paragraphs and tables (built by ``build``) for a block field.
    ``landscape``: set in a section of its own, on landscape pages starting on
    a new page (wide lists and annexes)."""

    content: Content
    landscape: bool = False


@dataclass(frozen=True)
class Sized:
    """Inline text set at its own size (a long name shrunk to fit its box)."""

    text: str
    size: float


Value = str | Block | Sized


# --- finding fields ---------------------------------------------------------------------

@dataclass
class Found:
    name: str
    in_body: bool  # not in a header or footer
    paragraph: etree._Element
    alone: bool


def _paragraph_texts(p: etree._Element) -> list[etree._Element]:
    """The ``w:t`` of this paragraph, not of paragraphs nested in its text boxes."""
    out = []
    for t in p.iter(w("t")):
        parent = t.getparent()
        while parent is not None and parent.tag != w("p"):
            parent = parent.getparent()
        if parent is p:
            out.append(t)
    return out


def scan(document: Document) -> tuple[list[Found], list[str]]:
    """Every field in the template, and the malformed ``{{``/``}}`` found."""
    found: list[Found] = []
    malformed: list[str] = []
    for n, root in enumerate(text_roots(document)):
        for p in root.iter(w("p")):
            text = "".join(t.text or "" for t in _paragraph_texts(p))
            if "{" not in text and "}" not in text:
                continue
            for match in FIELD.finditer(text):
                found.append(Found(match.group(1), n == 0, p, FIELD.fullmatch(text.strip()) is not None))
            rest = FIELD.sub("", text)
            if "{{" in rest or "}}" in rest:
                start = max(rest.find("{{"), 0) if "{{" in rest else max(rest.find("}}") - 20, 0)
                malformed.append(rest[start:start + 40].strip())
    return found, malformed


def check(document: Document, fields: Mapping[str, Field], document_label: str) -> list[Found]:
    """Raise :class:`TemplateError` naming every problem; return the fields found."""
    found, malformed = scan(document)
    problems = []
    for snippet in malformed:
        problems.append(f"Có dấu ngoặc của trường viết chưa đủ cặp {{{{ }}}} ở chỗ: “{snippet}”.")
    seen = set()
    for item in found:
        spec = fields.get(item.name)
        token = "{{" + item.name + "}}"
        if spec is None:
            if item.name not in seen:
                problems.append(f"Trường {token} không có trong {document_label}.")
            seen.add(item.name)
            continue
        seen.add(item.name)
        if spec.block and not item.alone:
            problems.append(f"Trường {token} ({spec.label}) phải đứng riêng một dòng.")
        elif spec.block and not item.in_body:
            problems.append(f"Trường {token} ({spec.label}) không đặt được ở đầu trang hoặc chân trang.")
    for spec in fields.values():
        if spec.required and spec.name not in seen:
            problems.append(f"Mẫu thiếu trường {spec.token} ({spec.label}).")
    if problems:
        raise TemplateError(f"Mẫu {document_label} không dùng được:\n" + "\n".join(f"- {p}" for p in problems))
    return found


# --- replacing inline fields ------------------------------------------------------------------

def _set_text(t: etree._Element, text: str) -> None:
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _replace_inline(p: etree._Element, values: Mapping[str, Value]) -> None:
    ts = _paragraph_texts(p)
    texts = [t.text or "" for t in ts]
    matches = [m for m in FIELD.finditer("".join(texts)) if m.group(1) in values]
    if not matches:
        return
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text)

    def holder(pos: int) -> int:
        """Index of the ``w:t`` holding character ``pos``."""
        return next(i for i in range(len(ts)) if starts[i] <= pos < starts[i] + len(texts[i]))

    for match in reversed(matches):
        value = values[match.group(1)]
        text = value.text if isinstance(value, Sized) else value if isinstance(value, str) else ""
        lines = fmt.safe_text(text).split("\n")
        first, last = holder(match.start()), holder(match.end() - 1)
        head = texts[first][: match.start() - starts[first]]
        tail = texts[last][match.end() - starts[last]:]
        for i in range(first + 1, last + 1):
            texts[i] = ""
            _set_text(ts[i], "")
        if first != last:
            texts[last] = tail
            _set_text(ts[last], tail)
            tail = ""
        texts[first] = head + lines[0] + (tail if len(lines) == 1 else "")
        _set_text(ts[first], texts[first])
        anchor = ts[first]
        for n, line in enumerate(lines[1:], start=2):
            br = OxmlElement("w:br")
            anchor.addnext(br)
            t = OxmlElement("w:t")
            _set_text(t, line + (tail if n == len(lines) else ""))
            br.addnext(t)
            anchor = t
        if isinstance(value, Sized):
            _set_run_size(ts[first].getparent(), value.size)


def _set_run_size(run: etree._Element, size: float) -> None:
    if run.tag == w("r"):
        Run(run, None).font.size = Pt(size)


def _drop_if_emptied(p: etree._Element) -> None:
    """A line made only of fields that all came out empty disappears (an
    optional line such as the parent body's name), unless it must stay."""
    parent = p.getparent()
    if parent is None or paragraph_text(p).strip() or p.find(f".//{w('drawing')}") is not None:
        return
    if p.find(f"{w('pPr')}/{w('sectPr')}") is not None:
        return
    if sum(1 for c in parent if c.tag in (w("p"), w("tbl"))) <= 1:
        return
    parent.remove(p)


# --- replacing block fields ----------------------------------------------------------------

def _governing_sect(p: etree._Element, body: etree._Element) -> etree._Element:
    """The ``w:sectPr`` of the section a body-level paragraph is in."""
    node = p
    while node is not None:
        sect = node.find(f"{w('pPr')}/{w('sectPr')}") if node.tag == w("p") else None
        if sect is not None:
            return sect
        node = node.getnext()
    return body.find(w("sectPr"))


def _landscape(sect: etree._Element) -> etree._Element:
    """A copy of the section turned to landscape, starting on a new page."""
    turned = copy.deepcopy(sect)
    section = Section(turned, None)  # geometry only: the header references stay as they are
    width, height = section.page_width or Mm(fmt.PAGE_A4_MM[0]), section.page_height or Mm(fmt.PAGE_A4_MM[1])
    section.page_width, section.page_height = max(width, height), min(width, height)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.different_first_page_header_footer = False  # an annex's first page is numbered too
    section.start_type = WD_SECTION.NEW_PAGE
    return turned


def _break_paragraph(sect: etree._Element) -> etree._Element:
    """An empty paragraph of (almost) no height ending a section at ``sect``."""
    p = paragraph(before=Twips(0), after=Twips(0), line=Twips(20))
    p.get_or_add_pPr()._insert_sectPr(sect)
    return p


def _insert_block(p: etree._Element, block: Block, body: etree._Element, rows: list[str]) -> None:
    """Put the block's paragraphs and tables where its field's paragraph was,
    with the section breaks a landscape block needs around it. The rows of a
    long table are marked in it and collected in ``rows`` (see :func:`_saved`)."""
    parent = p.getparent()
    if not block.content:
        if parent.tag == w("tc") and sum(1 for c in parent if c.tag in (w("p"), w("tbl"))) <= 1:
            parent.replace(p, paragraph())
        else:
            parent.remove(p)
        return
    if block.landscape and parent is body:
        sect = _governing_sect(p, body)
        p.addprevious(_break_paragraph(copy.deepcopy(sect)))
        following = [e for e in p.itersiblings() if e.tag != w("sectPr")]
        if following:
            p.addnext(_break_paragraph(_landscape(sect)))
        else:  # the list ends the document: the last section is the landscape one
            body.replace(body.find(w("sectPr")), _landscape(sect))
    for item in block.content:
        if isinstance(item, Rows):
            p.getprevious().append(etree.ProcessingInstruction(ROWS_MARKER, str(len(rows))))
            rows.append(item.xml)
        else:
            p.addprevious(item)
    parent.remove(p)


def _saved(document: Document, rows: list[str]) -> bytes:
    """The .docx python-docx writes, with the rows of long tables written in
    place of their markers (as text: a thousand rows parsed and moved into
    python-docx's tree cost ten times the whole document)."""
    data = to_bytes(document)
    if not rows:
        return data
    if document.element.nsmap.get("w") != W_NS:
        raise TemplateError("Mẫu dùng tiền tố XML “w” theo cách khác thường; hãy lưu lại mẫu bằng Word.")

    def unwrap(xml: bytes) -> bytes:
        parts = re.split(rb"<\?" + ROWS_MARKER.encode() + rb" (\d+)\?>", xml)
        parts[1::2] = [rows[int(n)].encode("utf-8") for n in parts[1::2]]
        return b"".join(parts)

    return replace_part(data, document.part.partname.lstrip("/"), unwrap)


# --- rules under the issuer, the summary and the motto ---------------------------------------

class StyleSheet:
    """Enough of the styles to know a paragraph's font size and weight."""

    def __init__(self, document: Document):
        styles = document.styles
        self.styles: dict[str, BaseStyle] = {s.style_id: s for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
        self.default_style = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        # python-docx has no API for the document defaults
        size = styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('sz')}")
        self.default_size = int(size.get(w("val"))) / 2 if size is not None else fmt.SIZE_BODY

    def _chain(self, style_id: str | None) -> list[BaseStyle]:
        chain = []
        style = self.styles.get(style_id) if style_id else self.default_style
        while style is not None and style not in chain:
            chain.append(style)
            style = style.base_style
        return chain

    def alignment(self, style_id: str | None) -> str | None:
        """The ``w:jc`` value a paragraph of ``style_id`` takes from its styles."""
        for style in self._chain(style_id):
            if style.paragraph_format.alignment is not None:
                return style.paragraph_format.alignment.xml_value
        return None

    def run_props(self, style_id: str | None, rpr: etree._Element | None = None) -> tuple[float, bool, bool]:
        """(size, bold, italic) of a run (its ``w:rPr`` given) in a paragraph of ``style_id``."""
        size, bold, italic = None, None, None
        if rpr is not None:
            if rpr.find(w("sz")) is not None:
                size = int(rpr.find(w("sz")).get(w("val"))) / 2
            if rpr.find(w("b")) is not None:
                bold = rpr.find(w("b")).get(w("val"), "true") not in ("0", "false")
            if rpr.find(w("i")) is not None:
                italic = rpr.find(w("i")).get(w("val"), "true") not in ("0", "false")
        for style in self._chain(style_id):
            font = style.font
            size = size if size is not None or font.size is None else font.size.pt
            bold = bold if bold is not None else font.bold
            italic = italic if italic is not None else font.italic
        return size or self.default_size, bool(bold), bool(italic)


def paragraph_style(p: etree._Element) -> str | None:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val")) if style is not None else None


def container_width_twips(p: etree._Element, body: etree._Element) -> int:
    """Width available to a paragraph: its table cell, or the page's text width."""
    node = p.getparent()
    while node is not None and node.tag != w("tc") and node.tag != w("body"):
        node = node.getparent()
    if node is not None and node.tag == w("tc"):
        width = node.find(f"{w('tcPr')}/{w('tcW')}")
        if width is not None and width.get(w("type"), "dxa") == "dxa":
            table = node.getparent().getparent()
            margins = table.find(f"{w('tblPr')}/{w('tblCellMar')}")
            pad = 108 * 2
            if margins is not None:
                pad = sum(int(m.get(w("w"), "108")) for m in margins
                          if m.tag in (w("left"), w("right"), w("start"), w("end")))
            return max(int(width.get(w("w"))) - pad, 200)
    node = p
    while node.getparent() is not None and node.getparent().tag != w("body"):
        node = node.getparent()
    sect = _governing_sect(node, body) if node.getparent() is not None else body.find(w("sectPr"))
    if sect is None:
        return twips(fmt.PAGE_A4_MM[0] - fmt.MARGIN_LEFT - fmt.MARGIN_RIGHT)
    section = Section(sect, None)  # geometry only: no headers are reached through it
    return Length(section.page_width - section.left_margin - section.right_margin).twips


def paragraph_text(p: etree._Element) -> str:
    parts = []
    for node in p.iter(w("t"), w("br"), w("tab")):
        parents = [a for a in node.iterancestors(w("p"))]
        if parents and parents[0] is not p:
            continue
        parts.append(node.text or "" if node.tag == w("t") else "\n" if node.tag == w("br") else " ")
    return "".join(parts)


RULE_STYLES = {"ND30RuleShort": fmt.SHORT_RULE_RATIO, "ND30RuleFull": 1.0}


def fit_rules(document: Document) -> None:
    """Size each rule paragraph to the text above it: the decree wants the
    rule under the issuer and the summary 1/3–1/2 as long as the text, the
    one under the motto as long as the motto."""
    sheet = StyleSheet(document)
    root = document.element
    body = root.body
    rules = root.xpath("//w:p[w:pPr/w:pStyle[@w:val='ND30RuleShort' or @w:val='ND30RuleFull']]")
    for p in rules:
        ratio = RULE_STYLES[paragraph_style(p)]
        above = p.getprevious()
        while above is not None and above.tag != w("p"):
            above = above.getprevious()
        if above is None:
            continue
        text = paragraph_text(above).strip()
        if not text:
            continue
        first_rpr = next((r.find(w("rPr")) for r in above.iter(w("r")) if r.find(w("t")) is not None), None)
        size, bold, italic = sheet.run_props(paragraph_style(above), first_rpr)
        available = container_width_twips(p, body)
        width_pt = fmt.widest_line_pt(text, available / 20, size, bold, italic)
        rule = min(width_pt * 20 * ratio, available)
        side = max(int((available - rule) / 2), 0)
        set_indent(p, side, side)


def set_indent(p: etree._Element, left: int, right: int) -> None:
    """Indent the paragraph ``left`` and ``right`` twips, the first line not
    at all (replacing a clerk's ``w:start``/``w:hanging`` and the like)."""
    p.get_or_add_pPr().get_or_add_ind().attrib.clear()
    layout = Paragraph(p, None).paragraph_format
    layout.left_indent, layout.right_indent, layout.first_line_indent = Twips(left), Twips(right), Twips(0)


# --- cloning for one page per record (certificates) ------------------------------------------

def _make_unique(elements: Iterable[etree._Element], counter: list[int]) -> None:
    for element in elements:
        for node in element.iter():
            if node.tag in (w("bookmarkStart"), w("bookmarkEnd")):
                node.getparent().remove(node)
                continue
            for attr in (f"{{{W14_NS}}}paraId", f"{{{W14_NS}}}textId"):
                if attr in node.attrib:
                    del node.attrib[attr]
            if node.tag == f"{{{WP_NS}}}docPr":
                counter[0] += 1
                node.set("id", str(counter[0]))
            elif isinstance(node.tag, str) and node.tag.startswith(f"{{{VML_NS}}}") and node.get("id"):
                counter[0] += 1
                node.set("id", f"_x0000_s{counter[0]}")


def _repeat_body(body: etree._Element, records: Sequence[Mapping[str, Value]], apply) -> None:
    sect = body.find(w("sectPr"))
    unit = [child for child in body if child is not sect]
    for child in unit:
        body.remove(child)
    counter = [0]
    for n, values in enumerate(records):
        clones = [copy.deepcopy(child) for child in unit]
        _make_unique(clones, counter)
        if n and clones and clones[0].tag == w("p"):
            Paragraph(clones[0], None).paragraph_format.page_break_before = True
        for clone in clones:
            (sect.addprevious(clone) if sect is not None else body.append(clone))
        apply(clones, values)


# --- rendering -------------------------------------------------------------------------------

def render(document: Document, fields: Mapping[str, Field], values: Mapping[str, Value] | None = None,
           *, document_label: str = "văn bản", records: Sequence[Mapping[str, Value]] | None = None) -> bytes:
    """Fill the template (changed in place) and return the finished .docx.

    ``values`` fill the document once; with ``records`` the body is repeated,
    one copy per record (each on a new page), every copy filled with
    ``values`` and its record."""
    check(document, fields, document_label)
    ensure_styles(document)
    values = dict(values or {})
    body = document.element.body
    rows: list[str] = []

    def fill(elements: Iterable[etree._Element], these: Mapping[str, Value]) -> None:
        blocks = []
        for element in elements:
            for p in list(element.iter(w("p"))):
                text = "".join(t.text or "" for t in _paragraph_texts(p)).strip()
                whole = FIELD.fullmatch(text)
                if whole and whole.group(1) in these and fields[whole.group(1)].block:
                    blocks.append((p, these[whole.group(1)]))
                    continue
                only_fields = bool(text) and not FIELD.sub("", text).strip()
                _replace_inline(p, these)
                if only_fields:
                    _drop_if_emptied(p)
        for p, value in blocks:
            block = value if isinstance(value, Block) else Block(para(value, "ND30Body") if value else [])
            _insert_block(p, block, body, rows)

    if records is not None:
        _repeat_body(body, records, lambda clones, record: fill(clones, {**values, **record}))
    else:
        fill([body], values)
    for root in text_roots(document)[1:]:
        for p in list(root.iter(w("p"))):
            _replace_inline(p, values)
    fit_rules(document)
    return _saved(document, rows)


__all__ = ["Field", "Block", "Sized", "TemplateError", "check", "render", "scan", "fit_rules", "StyleSheet",
           "paragraph_text", "W_NS", "field"]
