"""One order, one number: the awardee's số sổ vàng (its number in the decision)
is the same on the Quyết định's attached list (DOCX), the printed list (PDF),
its Excel copy and the certificate, every attached list reads 1, 2, 3 … in
order, and the Tờ trình's list, the minutes' vote table and the ballots keep
the same order (``domain.award_order``)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass

import openpyxl
import pytest
from lxml import etree

from thidua_desktop.domain import award_order
from thidua_desktop.domain import certificates as layout_rules
from thidua_desktop.errors import UserError
from thidua_desktop.printing import award_lists as printing
from thidua_desktop.services.awards import (
    lists as award_lists, catalogue as awards, council, decisions, nominations,
)
from thidua_desktop.services import documents, plan
from thidua_desktop.services.documents import Options
from thidua_desktop.storage.models import Person

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PDFTOTEXT = shutil.which("pdftotext")


# --- the rule itself -----------------------------------------------------------------------


@dataclass
class Row:
    id: int
    subject: str
    name: str
    group: str = ""
    title_id: int = 1
    title_position: int = 0
    birth_year: int | None = None
    decision_id: int | None = None
    decision_date: object = None
    seq: int | None = None


def names(rows) -> list[str]:
    return [r.name for r in rows]


def test_sections_then_titles_then_units_then_given_names():
    rows = [
        Row(1, "household", "Hộ ông Bùi Văn Tám", "Tổ dân phố số 3"),
        Row(2, "person", "Trần Văn An", "Tổ dân phố số 10"),
        Row(3, "person", "Nguyễn Thị Bình", "Tổ dân phố số 2"),
        Row(4, "person", "Lê Văn An", "Tổ dân phố số 2"),
        Row(5, "person", "Phạm Văn Đức", "Tổ dân phố số 2", title_id=2, title_position=1),  # a second title
        Row(6, "person", "Đỗ Thị Ánh", "Tổ dân phố số 2"),
        Row(7, "unit", "Tổ dân phố số 10"),
        Row(8, "unit", "Tổ dân phố số 9"),
        Row(9, "person", "Lê Văn An", "Tổ dân phố số 2", birth_year=1970),  # same name: the elder first
    ]
    assert names(award_order.ordered(rows)) == [
        "Tổ dân phố số 9", "Tổ dân phố số 10",  # I. Tập thể: numbers read as numbers
        # II. Cá nhân, title 1: unit "số 2" before "số 10"; by given name (An, Ánh, Bình), family name (Lê) …
        "Lê Văn An", "Lê Văn An", "Đỗ Thị Ánh", "Nguyễn Thị Bình", "Trần Văn An",
        "Phạm Văn Đức",  # … then title 2, even though its unit comes before "số 10"
        "Hộ ông Bùi Văn Tám",  # III. Hộ gia đình
    ]
    assert [r.id for r in award_order.ordered(rows)][2:4] == [9, 4]
    # "theo tên (A→Z)": section, then name, whatever the unit and the title
    assert names(award_order.ordered(rows, "name"))[2:7] == [
        "Lê Văn An", "Lê Văn An", "Trần Văn An", "Đỗ Thị Ánh", "Nguyễn Thị Bình"]
    # vote tables and ballots: title by title, the same rule inside each
    grouped = award_order.by_title(rows)
    assert list(grouped) == [1, 2]
    assert names(grouped[1]) == [n for n in names(award_order.ordered(rows)) if n != "Phạm Văn Đức"]
    with pytest.raises(ValueError):
        award_order.ordered(rows, "title")


def test_a_recorded_decision_reads_by_its_numbers():
    import datetime as dt

    day = dt.date(2026, 12, 22)
    rows = [Row(1, "person", "An", seq=2, decision_id=7, decision_date=day),
            Row(2, "unit", "Zeta", seq=1, decision_id=7, decision_date=day),
            Row(3, "person", "Bình", seq=1, decision_id=5, decision_date=dt.date(2026, 12, 20)),
            Row(4, "person", "Chi", seq=3, decision_id=7, decision_date=day)]
    assert [r.id for r in award_order.numbered(rows)] == [3, 2, 1, 4]


# --- the demo ward, read back from the files a clerk prints ------------------------------------


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for tbl in root.iter(f"{{{W}}}tbl"):
        out.append([["".join(t.text or "" for t in tc.iter(f"{{{W}}}t")) for tc in tr.findall(f"{{{W}}}tc")]
                    for tr in tbl.findall(f"{{{W}}}tr")])
    return out


def _list_table(data: bytes) -> list[list[str]]:
    """The document's (last) list: the table whose header starts with STT."""
    return [t for t in _docx_tables(data) if t and t[0][0].startswith("STT")][-1]


def _list_rows(table: list[list[str]], name_header: str, title_header: str) -> list[tuple[str, str, str]]:
    """(STT, name, title) of the data rows of a list table (header row first)."""
    header = table[0]
    name_at, title_at = header.index(name_header), header.index(title_header)
    return [(row[0], row[name_at], row[title_at]) for row in table[1:] if len(row) == len(header)]


def _xlsx_rows(path) -> list[tuple[str, str, str]]:
    ws = openpyxl.load_workbook(path).active
    values = [[("" if c is None else str(c)) for c in row] for row in ws.iter_rows(values_only=True)]
    top = next(i for i, row in enumerate(values) if row[0].startswith("STT"))
    header = values[top]
    name_at, title_at = header.index("Họ và tên / Tên tập thể"), header.index("Danh hiệu, hình thức")
    return [(row[0], row[name_at], row[title_at]) for row in values[top + 1:] if row[0].isdigit()]


def _pdf_rows(path) -> list[tuple[str, str]]:
    """(STT, the first line of the name) of each data row of the printed list."""
    text = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True).stdout
    out = []
    for line in text.decode("utf-8").splitlines():
        found = re.match(r"^\s{0,8}(\d+)\s{2,}(\S.*)$", line)
        if found:
            out.append((found.group(1), re.split(r"\s{2,}", found.group(2))[0]))
    return out


def _certificates(data: bytes) -> list[tuple[str, str, int]]:
    """(decision line, name line, số sổ vàng) of each certificate page, in page order."""
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(f"{{{W}}}body")
    out = []
    for page in body.findall(f"{{{W}}}p"):
        texts = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in page.iter(f"{{{W}}}p")][1:]
        number = next(t for t in texts if t.startswith("Số sổ vàng:"))
        decision = next(t for t in texts if t.startswith("Quyết định số "))
        out.append((decision, texts, int(number.split(":")[1])))
    return out


def test_every_decision_of_the_demo_numbers_its_awardees_alike_everywhere(demo_ward, qapp, tmp_path):
    db = demo_ward.db
    with db.read() as s:
        campaign = plan.current_campaign(s)
        recorded = decisions.decisions(s, campaign)
        assert len(recorded) == 3  # 125/QĐ (Giấy khen), 126/QĐ (five titles), 15/TTr (to the city)
        every = nominations.rows(s, campaign)
        checked_certificates = 0
        for d in recorded:
            rows = [r for r in every if r.decision_id == d.id]
            by_number = sorted(rows, key=lambda r: r.seq)
            # numbered 1, 2, 3 … without gaps, in the one order
            assert [r.seq for r in by_number] == list(range(1, len(rows) + 1)), d.number
            assert [r.id for r in award_order.ordered(rows)] == [r.id for r in by_number], d.number
            expected = [(str(r.seq), r.name, r.title_name) for r in by_number]

            # the Quyết định (or the Tờ trình to the city) with its attached list
            city = decisions.kind_label(s, d) != "Quyết định khen thưởng"
            kind, options = ("proposal", Options(level="city", decision_id=d.id)) if city else (
                "decision", Options(decision_id=d.id))
            docx = documents.generate(s, kind, options).data
            annex = _list_table(docx)
            assert annex[0][0] == "STT (số sổ vàng)"
            assert _list_rows(annex, "Họ và tên / Tên tập thể", "Danh hiệu, hình thức") == expected, d.number
            # the same list as the Documents page's "Danh sách được khen thưởng"
            listed = documents.generate(s, "nominations", Options(decision_id=d.id, awardees=True)).data
            assert _list_rows(_list_table(listed), "Họ và tên / Tên tập thể",
                              "Danh hiệu, hình thức") == expected, d.number

            # the printed list: Excel and PDF
            listing = award_lists.awardee_list(s, d.id)
            xlsx = award_lists.write_xlsx(listing, tmp_path / f"ds-{d.id}.xlsx")
            assert _xlsx_rows(xlsx) == expected, d.number
            if PDFTOTEXT:
                pdf = tmp_path / f"ds-{d.id}.pdf"
                printing.save_pdf(listing, pdf)
                printed = _pdf_rows(pdf)
                assert [n for n, _ in printed] == [n for n, _, _ in expected], d.number
                for (_, first_line), (_, name, _) in zip(printed, expected):
                    assert name.startswith(first_line), (d.number, first_line, name)

            # the certificates (the city prints its own): title by title, each page with its number
            if city:
                continue
            for code in {r.title_code for r in rows}:
                if code in layout_rules.TITLE_PAPERS and layout_rules.TITLE_PAPERS[code] is None:
                    with pytest.raises(UserError, match="không kèm giấy khen"):  # LĐTT: nothing to print
                        documents.generate(s, "certificates", Options(decision_id=d.id, title_code=code))
                    continue
                pages = _certificates(documents.generate(s, "certificates", Options(
                    decision_id=d.id, title_code=code)).data)
                mine = [r for r in by_number if r.title_code == code]
                assert [p[2] for p in pages] == [r.seq for r in mine], (d.number, code)
                for (decision_line, texts, _), r in zip(pages, mine):
                    assert decision_line.startswith(f"Quyết định số {d.number} ")
                    assert any(t == r.name or t.endswith(" " + r.name) for t in texts), (r.name, texts)
                checked_certificates += len(pages)
        # the default run prints every Giấy khen of the year, decision by decision, by number
        pages = _certificates(documents.generate(s, "certificates", Options()).data)
        forms = [r for r in award_order.numbered(every) if r.decision_id and r.title_kind == "form"
                 and r.title_level == "ward"]
        assert [(p[0].split(" ngày")[0], p[2]) for p in pages] == [
            (f"Quyết định số {r.decision_number}", r.seq) for r in forms]
        assert checked_certificates == sum(1 for r in every if r.decision_id and r.title_level == "ward"
                                           and layout_rules.TITLE_PAPERS.get(r.title_code, "") is not None)


def test_the_proposal_the_minutes_and_the_ballots_keep_the_decisions_order(demo_ward):
    db = demo_ward.db
    with db.read() as s:
        campaign = plan.current_campaign(s)
        every = nominations.rows(s, campaign)
        ward = [d for d in decisions.decisions(s, campaign) if decisions.kind_label(s, d) == "Quyết định khen thưởng"]
        assert ward

        # the council's Tờ trình to the chairman: one list over every ward title, numbered 1 … n
        table = _list_table(documents.generate(s, "proposal", Options(level="ward")).data)
        header = table[0]
        where_at, title_at = header.index("Chức vụ, đơn vị công tác / Địa chỉ"), header.index(
            "Danh hiệu, hình thức đề nghị")
        proposal = [(row[0], (row[1], row[where_at], row[title_at])) for row in table[1:] if len(row) == len(header)]
        assert [n for n, _ in proposal] == [str(i) for i in range(1, len(proposal) + 1)]
        keys = [k for _, k in proposal]
        for d in ward:
            awarded = [(r.name, r.where or r.group, r.title_name)
                       for r in sorted((r for r in every if r.decision_id == d.id), key=lambda r: r.seq)]
            assert set(awarded) <= set(keys), d.number
            assert [k for k in keys if k in set(awarded)] == awarded, d.number  # same relative order

        # the minutes' vote table: title by title, inside each the order of the lists
        minutes = documents.generate(s, "minutes", Options()).data
        votes = next(t for t in _docx_tables(minutes) if t[0][:2] == ["TT", "Họ và tên / Tên tập thể"])
        tables: dict[str, list[tuple[str, str]]] = {}
        current = None
        for row in votes[1:]:
            if len(row) == 1:
                current = tables.setdefault(row[0].split(" (cần")[0], [])
                continue
            assert row[0] == str(len(current) + 1)  # each title numbered from 1
            current.append((row[1], row[2]))
        voted = {t.name for t in awards.titles(s) if t.pass_threshold is not None}
        assert set(tables) <= voted and len(tables) >= 4
        for d in ward:
            for title in {r.title_name for r in every if r.decision_id == d.id} & voted:
                mine = [(r.name, r.where) for r in sorted(every, key=lambda r: r.seq or 0)
                        if r.decision_id == d.id and r.title_name == title]
                assert [k for k in tables[title] if k in set(mine)] == mine, (d.number, title)

        # the ballots and the vote sheet list each title in the same order
        for group in council.ballot_groups(s, campaign):
            assert [r.id for r in group.rows] == [r.id for r in award_order.ordered(group.rows)]


def test_a_signed_list_keeps_its_numbers_when_a_name_changes_later(db, qapp):
    from awards_helpers import full_year

    ids = full_year(db)
    with db.read() as s:
        before = award_lists.awardee_list(s, ids["decision"])
    numbers = [(row.values["stt"], row.values["name"]) for sec in before.sections for g in sec.groups
               for row in g.rows]
    assert [n for n, _ in numbers] == [str(i) for i in range(1, len(numbers) + 1)]
    with db.transaction() as s:
        # "Nguyễn Thị Hoa" would now sort after every other given name
        s.get(Person, ids["Nguyễn Thị Hoa"]).full_name = "Nguyễn Thị Yến"
    with db.read() as s:
        after = award_lists.awardee_list(s, ids["decision"])
    renamed = [(row.values["stt"], row.values["name"]) for sec in after.sections for g in sec.groups
               for row in g.rows]
    assert [n for n, _ in renamed] == [n for n, _ in numbers]  # 1, 2, 3 … as signed
    assert renamed == [(n, "Nguyễn Thị Yến" if name == "Nguyễn Thị Hoa" else name) for n, name in numbers]


def test_a_list_over_several_titles_heads_each_title(db, qapp, tmp_path):
    from awards_helpers import full_year

    ids = full_year(db)  # one decision: Giấy khen, Lao động tiên tiến, Chiến sĩ thi đua cơ sở
    with db.read() as s:
        listing = award_lists.awardee_list(s, ids["decision"])
        docx = documents.generate(s, "decision", Options(decision_id=ids["decision"])).data
    layout = [(sec.numeral, g.heading, g.name, [r.values["stt"] for r in g.rows])
              for sec in listing.sections for g in sec.groups]
    assert layout == [
        ("I", "Giấy khen (1)", "", ["1"]),
        ("II", "Danh hiệu “Lao động tiên tiến” (6)", "Trường THCS Bạch Đằng", ["2", "3", "4", "5", "6", "7"]),
        ("II", "Danh hiệu “Chiến sĩ thi đua cơ sở” (1)", "Trường THCS Bạch Đằng", ["8"]),  # the unit again
        ("III", "Giấy khen (1)", "Tổ dân phố số 1", ["9"]),
    ]
    # the DOCX, the xlsx and the PDF print the headings where the list has them
    spans = [row[0] for row in _list_table(docx) if len(row) == 1]
    assert spans == ["I. TẬP THỂ (1)", "Giấy khen (1)", "II. CÁ NHÂN (7)", "Danh hiệu “Lao động tiên tiến” (6)",
                     "Trường THCS Bạch Đằng", "Danh hiệu “Chiến sĩ thi đua cơ sở” (1)", "Trường THCS Bạch Đằng",
                     "III. HỘ GIA ĐÌNH (1)", "Giấy khen (1)", "Tổ dân phố số 1"]
    ws = openpyxl.load_workbook(award_lists.write_xlsx(listing, tmp_path / "ds.xlsx")).active
    column_a = [str(c.value) for c in ws["A"] if c.value is not None]
    assert column_a[column_a.index("II. CÁ NHÂN"):][:3] == [
        "II. CÁ NHÂN", "Danh hiệu “Lao động tiên tiến” (6)", "Trường THCS Bạch Đằng"]
    if PDFTOTEXT:
        pdf = tmp_path / "ds.pdf"
        printing.save_pdf(listing, pdf)
        text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
        assert "Danh hiệu “Chiến sĩ thi đua cơ sở” (1)" in text.decode("utf-8")
    # one title: no heading, as domain.md §2.4 (sections, then units)
    with db.read() as s:
        single = award_lists.proposal_list(s, plan.current_campaign(s), "all",
                                           [awards.title_by_code(s, "LDTT").id])
    assert single.count == 6 and not any(g.heading for sec in single.sections for g in sec.groups)


def test_the_minutes_list_in_the_lists_order_whatever_order_the_votes_were_typed_in(db):
    from awards_helpers import full_year
    from thidua_desktop.storage.models import Vote

    ids = full_year(db)
    with db.transaction() as s:  # the secretary typed the counts from the bottom of the sheet up
        typed = sorted(s.query(Vote).filter(Vote.session_id == ids["session"]), key=lambda v: -v.id)
        kept = [(v.nomination_id, v.agree, v.ballots) for v in typed]
        for v in typed:
            s.delete(v)
        s.flush()
        for nomination_id, agree, ballots in kept:
            s.add(Vote(session_id=ids["session"], nomination_id=nomination_id, agree=agree, ballots=ballots))
    with db.read() as s:
        campaign = plan.current_campaign(s)
        every = [r for r in nominations.rows(s, campaign) if r.vote is not None]
        table = next(t for t in _docx_tables(documents.generate(s, "minutes", Options()).data)
                     if t[0][:2] == ["TT", "Họ và tên / Tên tập thể"])
    printed = [row[1] for row in table[1:] if len(row) > 1]
    assert printed == [r.name for rows in award_order.by_title(every).values() for r in rows]
    assert printed[:3] == ["Tổ dân phố số 1", "Hộ ông Phạm Văn Lộc", "Bùi Văn Đức"]  # Giấy khen, then LĐTT by name
