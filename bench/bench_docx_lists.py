"""How fast a list of 1,000 awardees is written as DOCX.

python-docx builds the document around the list (package, styles, page,
headers, paragraphs) and the list's table with its header row; filling a
thousand rows through its cell API is slow, so the documents area writes the
rows' XML in one go and splices it into the part python-docx saves
(``build.long_table``). Four figures, each the median of several runs:

1. the table of 1,000 awardees (python-docx's table and header, the rows as
   XML; in memory, no database);
2. the whole landscape list document (header, table, signature) filled and
   zipped from 1,000 awardees in memory;
3. the library floor: the same table written the plain python-docx way
   (``add_row`` and ``cell.text``, one run), to compare 2 with;
4. ``thidua report nominations --awardees`` end to end from a database
   holding 1,000 awardees: the awards area's services read, check and order
   them (most of this figure), then the list is written.

    python bench/bench_docx_lists.py [--rows 1000] [--runs 7]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua_desktop.domain.text import unique_key  # noqa: E402
from thidua_desktop.services import award_lists, awards, documents, plan  # noqa: E402
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.services.documents import content, lists  # noqa: E402
from thidua_desktop.services.documents.template import Block, render  # noqa: E402
from thidua_desktop.storage.models import Decision, Nomination, Person, Unit  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Quốc", "Ngọc", "Đức"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hằng", "Hùng", "Lan", "Long", "Mai", "Nam", "Thủy", "Tùng", "Yến"]


def name(i: int) -> str:
    return f"{FAMILY[i % 10]} {MIDDLE[i // 10 % 8]} {GIVEN[i // 80 % 14]} {i:04d}"


def awardees(rows: int) -> award_lists.AwardList:
    """The awards area's list of ``rows`` people, grouped by unit, in memory."""
    section = award_lists.ListSection("II", "CÁ NHÂN")
    for i in range(rows):
        group = f"Tổ dân phố số {i // 40 + 1}"
        if not section.groups or section.groups[-1].name != group:
            section.groups.append(award_lists.ListGroup(group))
        section.groups[-1].rows.append(award_lists.ListRow(i + 1, {
            "stt": str(i + 1), "name": name(i), "birth": str(1960 + i % 40), "female": "x" if i % 3 else "",
            "where": f"Chuyên viên, {group}", "title": "Giấy khen", "prize": "710.000", "note": ""}))
    return award_lists.AwardList("awardees", ("ỦY BAN NHÂN DÂN", "PHƯỜNG BẠCH ĐẰNG"), "DANH SÁCH ĐƯỢC KHEN THƯỞNG",
                                 ["(Kèm theo Quyết định số 125/QĐ-UBND ngày 10/12/2026)"],
                                 award_lists.AWARDEE_COLUMNS, [section], "", [f"Tổng cộng: {rows} cá nhân."])


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def python_docx_table(award_list: award_lists.AwardList) -> bytes:
    """The table as a script using python-docx's API would write it."""
    import io

    import docx
    from docx.enum.section import WD_ORIENT

    document = docx.Document()
    document.sections[0].orientation = WD_ORIENT.LANDSCAPE
    document.add_paragraph(award_list.heading)
    columns = award_list.columns
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns):
        cell.text = column.header
    for section in award_list.sections:
        for group in section.groups:
            for row in group.rows:
                for cell, column in zip(table.add_row().cells, columns):
                    cell.text = row.values.get(column.key, "")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_database(path: Path, rows: int) -> None:
    app = open_app(path, actor="bench")
    with app.db.transaction(actor="bench") as s:
        campaign = plan.current_campaign(s)
        gk = awards.title_by_code(s, "GK")
        units = [Unit(name=f"Tổ dân phố số {i}", name_key=unique_key(f"Tổ dân phố số {i}")) for i in range(1, 26)]
        s.add_all(units)
        s.flush()
        decision = Decision(campaign_id=campaign.id, number="125/QĐ-UBND", signed_on=dt.date(2026, 12, 10),
                            title_id=gk.id, signer_name="Nguyễn Hoàng Minh", signer_title="CHỦ TỊCH")
        s.add(decision)
        people = [Person(full_name=name(i), name_key=unique_key(name(i)), gender="nu" if i % 3 else "nam",
                         birth_year=1960 + i % 40, position="Chuyên viên", unit_id=units[i % 25].id)
                  for i in range(rows)]
        s.add_all(people)
        s.flush()
        s.add_all(Nomination(campaign_id=campaign.id, title_id=gk.id, subject="person", person_id=p.id,
                             decision_id=decision.id, decision_seq=i + 1, prize_amount=710_000,
                             summary="Hoàn thành xuất sắc nhiệm vụ được giao năm 2026")
                  for i, p in enumerate(people))
    app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rows = awardees(args.rows)

    table_ms = median_ms(lambda: content.list_table(rows), args.runs)

    def whole_document() -> bytes:
        package = lists.template(None, documents.Options())
        values = {"co_quan_ban_hanh": "ỦY BAN NHÂN DÂN\nPHƯỜNG BẠCH ĐẰNG", "dia_danh_ngay": "Bạch Đằng, ngày 10 tháng 12 năm 2026",
                  "trich_yeu": "Tập thể, cá nhân được khen thưởng năm 2026",
                  "danh_sach": Block(content.list_table(rows)),
                  "quyen_han_ky": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "nguoi_ky": "Nguyễn Hoàng Minh"}
        return render(package, lists.FIELDS, values)

    document_ms = median_ms(whole_document, args.runs)
    size_kb = len(whole_document()) / 1024
    floor_ms = median_ms(lambda: python_docx_table(rows), 1)

    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "bench.db"
        make_database(db, args.rows)
        app = open_app(db, actor="bench")

        def end_to_end() -> bytes:
            with app.db.read() as session:
                return documents.generate(session, "nominations", documents.Options(awardees=True)).data

        end_ms = median_ms(end_to_end, args.runs)

        def reading() -> None:
            with app.db.read() as session:
                award_lists.awardee_list(session, 1)

        read_ms = median_ms(reading, args.runs)
        app.close()

    print(f"Danh sách {args.rows} người được khen thưởng (trung vị {args.runs} lần chạy):")
    print(f"  bảng (khung python-docx, dòng XML):{table_ms:7.1f} ms")
    print(f"  cả văn bản DOCX (điền mẫu, nén):  {document_ms:8.1f} ms  ({size_kb:.0f} KB)")
    print(f"  bảng bằng API python-docx (sàn):  {floor_ms:8.1f} ms  → văn bản nhanh gấp {floor_ms / document_ms:.0f} lần")
    print(f"  từ cơ sở dữ liệu đến tệp DOCX:    {end_ms:8.1f} ms")
    print(f"    trong đó đọc danh sách (award_lists.awardee_list): {read_ms:.1f} ms")


if __name__ == "__main__":
    main()
