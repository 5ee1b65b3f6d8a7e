"""A ward with awards for the document tests, written with the models (the
awards screens are another area's), and readers for generated DOCX files."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree
from thidua_desktop.domain.text import unique_key
from thidua_desktop.services.awards import catalogue as awards
from thidua_desktop.services import plan
from thidua_desktop.storage.models import (
    CouncilMember, CouncilSession, Decision, Nomination, Person, Unit, Vote,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}

UNITS = ["Tổ dân phố số 1", "Tổ dân phố số 2", "Trường Tiểu học Bạch Đằng", "Trạm Y tế phường"]
PEOPLE = [
    # name, gender, year, position, unit index, leader
    ("Nguyễn Thị Hoa", "nu", 1980, "Giáo viên", 2, False),
    ("Trần Văn Nam", "nam", 1975, "Hiệu trưởng", 2, True),
    ("Lê Thị Thu", "nu", 1990, "Y sĩ", 3, False),
    ("Phạm Văn Long", "nam", 1968, "Tổ trưởng tổ dân phố", 0, True),
    ("Đỗ Thị Hằng", "nu", 1985, "Điều dưỡng", 3, False),
]
MEMBERS = [
    ("Nguyễn Hoàng Minh", "Chủ tịch UBND phường, Chủ tịch Hội đồng", "present"),
    ("Vũ Thị Lan", "Phó Chủ tịch UBND phường, Phó Chủ tịch Hội đồng", "present"),
    ("Trần Quốc Việt", "Trưởng phòng Văn hóa - Xã hội, Ủy viên thường trực", "present"),
    ("Hoàng Văn Tuấn", "Chủ tịch Ủy ban MTTQ phường, Ủy viên", "present"),
    ("Ngô Thị Mai", "Chủ tịch Hội Liên hiệp Phụ nữ phường, Ủy viên", "present"),
    ("Bùi Văn Đức", "Bí thư Đoàn phường, Ủy viên", "present"),
    ("Đặng Thị Hương", "Chuyên viên Phòng Văn hóa - Xã hội, Ủy viên, Thư ký", "present"),
    ("Lý Văn Sơn", "Chỉ huy trưởng Ban Chỉ huy quân sự phường, Ủy viên", "written"),
    ("Phan Văn Quang", "Trưởng Công an phường, Ủy viên", "absent"),
]
DECISION_NUMBER = "125/QĐ-UBND"
DECISION_DATE = dt.date(2026, 12, 10)


def make_awards(db, *, decision: bool = True, extra_people: int = 0) -> dict[str, int]:
    """Units, people, nominations (Giấy khen, LĐTT, CSTĐCS, a city title and a
    household), a council session with votes, and a decision for Giấy khen."""
    ids: dict[str, int] = {}
    with db.transaction(actor="kiểm thử") as s:
        campaign = plan.current_campaign(s)
        units = []
        for name in UNITS:
            unit = Unit(name=name, name_key=unique_key(name), kind="to_dan_pho", staff_count=20,
                        female_staff_count=12, address=f"{name}, phường Bạch Đằng")
            s.add(unit)
            units.append(unit)
        s.flush()
        people = []
        for name, gender, year, position, unit_index, leader in PEOPLE:
            person = Person(full_name=name, name_key=unique_key(name), gender=gender, birth_year=year,
                            position=position, unit_id=units[unit_index].id, is_leader=leader)
            s.add(person)
            people.append(person)
        for n in range(extra_people):
            name = f"Nguyễn Văn Thử {n:04d}"
            person = Person(full_name=name, name_key=unique_key(name), gender="nam" if n % 2 else "nu",
                            birth_year=1970 + n % 30, position="Nhân viên", unit_id=units[n % 4].id)
            s.add(person)
            people.append(person)
        s.flush()
        gk, ldtt = awards.title_by_code(s, "GK"), awards.title_by_code(s, "LDTT")
        cstd, bk = awards.title_by_code(s, "CSTDCS"), awards.title_by_code(s, "BK")

        def nominate(title, subject, **kw):
            n = Nomination(campaign_id=campaign.id, title_id=title.id, subject=subject,
                           summary=kw.pop("summary", "Hoàn thành xuất sắc nhiệm vụ năm 2026"), **kw)
            s.add(n)
            return n

        gk_rows = [nominate(gk, "unit", unit_id=units[0].id), nominate(gk, "unit", unit_id=units[2].id)]
        gk_rows += [nominate(gk, "person", person_id=p.id) for p in people[:3] + people[5:]]
        gk_rows.append(nominate(gk, "household", household_name="Hộ ông Nguyễn Văn Bình",
                                household_address="Số 12 ngõ 5, tổ dân phố số 2"))
        failed = nominate(gk, "person", person_id=people[4].id)
        ldtt_rows = [nominate(ldtt, "person", person_id=p.id) for p in people[:4]]
        cstd_row = nominate(cstd, "person", person_id=people[0].id, summary="Sáng kiến số hóa hồ sơ học sinh")
        city_row = nominate(bk, "unit", unit_id=units[2].id, summary="Dẫn đầu khối trường học")
        s.flush()
        meeting = CouncilSession(campaign_id=campaign.id, number="01", held_at=dt.datetime(2026, 12, 8, 8, 0),
                                 ended_at=dt.datetime(2026, 12, 8, 10, 30), place="Hội trường UBND phường",
                                 members_total=len(MEMBERS), chair_name=MEMBERS[0][0], secretary_name=MEMBERS[6][0])
        meeting.members = [CouncilMember(position=i, full_name=n, role=r, attendance=a)
                           for i, (n, r, a) in enumerate(MEMBERS)]
        s.add(meeting)
        s.flush()
        for row in gk_rows + ldtt_rows:
            s.add(Vote(session_id=meeting.id, nomination_id=row.id, agree=7, ballots=8))
        s.add(Vote(session_id=meeting.id, nomination_id=failed.id, agree=3, ballots=8))
        s.add(Vote(session_id=meeting.id, nomination_id=cstd_row.id, agree=8, ballots=8))
        s.add(Vote(session_id=meeting.id, nomination_id=city_row.id, agree=8, ballots=8))
        ids.update(campaign=campaign.id, session=meeting.id, failed=failed.id, cstd=cstd_row.id)
        if decision:
            d = Decision(campaign_id=campaign.id, number=DECISION_NUMBER, signed_on=DECISION_DATE, title_id=gk.id,
                         signer_name="Nguyễn Hoàng Minh", signer_title="CHỦ TỊCH", base_salary=2_340_000,
                         session_id=meeting.id)
            s.add(d)
            s.flush()
            prizes = {"unit": 1_410_000, "person": 710_000, "household": 1_070_000}
            for seq, row in enumerate(gk_rows, start=1):
                row.decision_id, row.decision_seq, row.prize_amount = d.id, seq, prizes[row.subject]
                row.status = "awarded"
            ids["decision"] = d.id
        ids["gk_count"] = len(gk_rows)
    return ids


def replace_in_part(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                assert old in content, f"{old!r} not in {part}"
                content = content.replace(old, new)
            target.writestr(info, content)
    return out.getvalue()


# --- reading DOCX back ------------------------------------------------------------------

class Docx:
    """The parts of a generated file, parsed."""

    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = self.zip.namelist()
        self.document = self.part("word/document.xml")
        self.styles = self.part("word/styles.xml")
        self.body = self.document.find(f"{{{W}}}body")

    def part(self, name: str):
        return etree.fromstring(self.zip.read(name))

    def xpath(self, expr: str, node=None):
        return (node if node is not None else self.document).xpath(expr, namespaces=NS)

    def style(self, style_id: str):
        found = self.styles.xpath(f"//w:style[@w:styleId='{style_id}']", namespaces=NS)
        return found[0] if found else None

    def style_chain(self, style_id: str | None):
        chain = []
        while style_id:
            style = self.style(style_id)
            if style is None:
                break
            chain.append(style)
            based = style.find(f"{{{W}}}basedOn")
            style_id = based.get(f"{{{W}}}val") if based is not None else None
        return chain

    def prop(self, paragraph, run, tag: str):
        """The element ``tag`` in the run, the paragraph's style chain, or the defaults."""
        layers = []
        if run is not None and run.find(f"{{{W}}}rPr") is not None:
            layers.append(run.find(f"{{{W}}}rPr"))
        style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        for s in self.style_chain(style.get(f"{{{W}}}val") if style is not None else "Normal"):
            if s.find(f"{{{W}}}rPr") is not None:
                layers.append(s.find(f"{{{W}}}rPr"))
        layers.append(self.styles.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr"))
        for layer in layers:
            found = layer.find(f"{{{W}}}{tag}")
            if found is not None:
                return found
        return None

    def size(self, paragraph, run=None) -> float:
        return int(self.prop(paragraph, run, "sz").get(f"{{{W}}}val")) / 2

    def flag(self, paragraph, run, tag: str) -> bool:
        found = self.prop(paragraph, run, tag)
        return found is not None and found.get(f"{{{W}}}val", "true") not in ("0", "false")

    def ppr(self, paragraph, tag: str):
        """A paragraph property from the paragraph or its style chain."""
        own = paragraph.find(f"{{{W}}}pPr/{{{W}}}{tag}")
        if own is not None:
            return own
        style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        for s in self.style_chain(style.get(f"{{{W}}}val") if style is not None else "Normal"):
            found = s.find(f"{{{W}}}pPr/{{{W}}}{tag}")
            if found is not None:
                return found
        return None

    @staticmethod
    def text(node) -> str:
        parts = []
        for n in node.iter(f"{{{W}}}t", f"{{{W}}}br"):
            parts.append(n.text or "" if n.tag == f"{{{W}}}t" else "\n")
        return "".join(parts)

    def paragraphs(self, node=None):
        return (node if node is not None else self.body).iter(f"{{{W}}}p")

    def find_paragraph(self, text: str, node=None):
        for p in self.paragraphs(node):
            if text in self.text(p):
                return p
        raise AssertionError(f"no paragraph with “{text}”")

    def all_text(self) -> str:
        return "\n".join(self.text(p) for p in self.paragraphs())


def val(element, attr: str = "val"):
    return None if element is None else element.get(f"{{{W}}}{attr}")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdfs(files: list[Path], outdir: Path) -> list[Path]:
    """Convert with LibreOffice, in one run (as a clerk's machine would open the files)."""
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                    "pdf", "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=600)
    pdfs = []
    for docx in files:
        pdf = outdir / (docx.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, f"LibreOffice did not convert {docx.name}"
        pdfs.append(pdf)
    return pdfs



# --- structure checks: what makes Word ask to repair a file ---------------------------------

_ORDER = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
            "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
            "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"],
    "trPr": ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden"],
}


def structure_problems(data: bytes) -> list[str]:
    """What would make Word or LibreOffice refuse or repair the file."""
    problems = []
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    types = etree.fromstring(archive.read("[Content_Types].xml"))
    defaults = {d.get("Extension") for d in types if d.tag.endswith("Default")}
    overrides = {o.get("PartName").lstrip("/") for o in types if o.tag.endswith("Override")}
    for name in names:
        if name.rpartition(".")[2] not in defaults and name not in overrides:
            problems.append(f"no content type for {name}")
    parsed = {}
    for name in names:
        if name.endswith((".xml", ".rels")):
            parsed[name] = etree.fromstring(archive.read(name))  # raises on illegal characters
    for name, root in parsed.items():
        if not name.endswith(".rels"):
            continue
        base = name.replace("_rels/", "").removesuffix(".rels")
        folder = base.rpartition("/")[0]
        for rel in root:
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            path = target.lstrip("/") if target.startswith("/") else (f"{folder}/{target}" if folder else target)
            if path not in names:
                problems.append(f"{name}: missing target {path}")
    document = parsed["word/document.xml"]
    body = document.find(f"{{{W}}}body")
    if body[-1].tag != f"{{{W}}}sectPr":
        problems.append("the body does not end with its sectPr")
    for sect in document.iter(f"{{{W}}}sectPr"):
        parent = sect.getparent()
        if parent is not body and parent.tag != f"{{{W}}}pPr":
            problems.append("a sectPr outside a paragraph's properties")
    for attr, what in ((f"{{{NS['wp']}}}docPr", "drawing id"),):
        ids = [e.get("id") for e in document.iter(attr)]
        if len(ids) != len(set(ids)):
            problems.append(f"duplicate {what}")
    bookmarks = [e.get(f"{{{W}}}id") for e in document.iter(f"{{{W}}}bookmarkStart")]
    if len(bookmarks) != len(set(bookmarks)):
        problems.append("duplicate bookmark id")
    para_ids = [e.get("{http://schemas.microsoft.com/office/word/2010/wordml}paraId") for e in document.iter()
                if e.get("{http://schemas.microsoft.com/office/word/2010/wordml}paraId")]
    if len(para_ids) != len(set(para_ids)):
        problems.append("duplicate paraId")
    for name, root in parsed.items():
        if not name.startswith("word/"):
            continue
        for element in root.iter():
            local = etree.QName(element).localname if isinstance(element.tag, str) else ""
            order = _ORDER.get(local)
            if order is None or etree.QName(element).namespace != W:
                continue
            ranks = [order.index(etree.QName(c).localname) for c in element
                     if etree.QName(c).localname in order]
            if ranks != sorted(ranks):
                problems.append(f"{name}: children of {local} out of order")
    for tc in document.iter(f"{{{W}}}tc"):
        if tc.find(f"{{{W}}}p") is None and tc.find(f"{{{W}}}tbl") is None:
            problems.append("a table cell without a paragraph")
    for tbl in document.iter(f"{{{W}}}tbl"):
        grid = len(tbl.findall(f"{{{W}}}tblGrid/{{{W}}}gridCol"))
        for tr in tbl.findall(f"{{{W}}}tr"):
            span = sum(int(val(c.find(f"{{{W}}}tcPr/{{{W}}}gridSpan")) or 1) for c in tr.findall(f"{{{W}}}tc"))
            if span != grid:
                problems.append(f"a table row spans {span} of {grid} columns")
    return sorted(set(problems))
