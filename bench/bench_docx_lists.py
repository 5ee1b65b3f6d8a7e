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

Issue 15's goal 6 (``goals(runs)``, in ``bench/run_all.py``): 1.006 awardees,
``thidua report nominations --awardees --decision ID --out F.docx`` as a whole
command ≤ 1× a naive script (``python script.py``: import docx, the same
table of 1.006 rows × the same columns through ``add_row`` / ``cell.text``,
save), and our in-process document ≤ 0,5× the naive script's in-process
table. Paired runs, both with compiled bytecode as an installed app has.

    python bench/bench_docx_lists.py [--rows 1000] [--runs 7]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from goals import Goal, paired_ms  # noqa: E402

from thidua_desktop.domain.text import unique_key  # noqa: E402
from thidua_desktop.services.awards import lists as award_lists, catalogue as awards
from thidua_desktop.services import documents, plan
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


def make_database(path: Path, rows: int) -> int:
    """A ward whose recorded decision (base salary, prizes, numbers in the
    list order, as ``decisions.record`` leaves them) holds ``rows`` awardees
    in 25 units; returns the decision's id."""
    app = open_app(path, actor="bench")
    with app.db.transaction(actor="bench") as s:
        campaign = plan.current_campaign(s)
        gk = awards.title_by_code(s, "GK")
        units = [Unit(name=f"Tổ dân phố số {i}", name_key=unique_key(f"Tổ dân phố số {i}")) for i in range(1, 26)]
        s.add_all(units)
        s.flush()
        signed = dt.date(2026, 12, 10)
        rules = awards.money_rules(s)
        base = rules.base_on(signed).amount
        decision = Decision(campaign_id=campaign.id, number="125/QĐ-UBND", signed_on=signed, title_id=gk.id,
                            signer_name="Nguyễn Hoàng Minh", signer_title="CHỦ TỊCH", base_salary=base,
                            frozen=True, reopen_log=[])
        s.add(decision)
        people = [Person(full_name=name(i), name_key=unique_key(name(i)), gender="nu" if i % 3 else "nam",
                         birth_year=1960 + i % 40, position="Chuyên viên", unit_id=units[i * 25 // rows].id)
                  for i in range(rows)]
        s.add_all(people)
        s.flush()
        prize = awards.prize_for(gk, "person", base, rules).amount
        s.add_all(Nomination(campaign_id=campaign.id, title_id=gk.id, subject="person", person_id=p.id,
                             status="awarded", decision_id=decision.id, decision_seq=i + 1, prize_amount=prize,
                             summary="Hoàn thành xuất sắc nhiệm vụ được giao năm 2026")
                  for i, p in enumerate(people))
        s.flush()
        decision_id = decision.id
    app.close()
    return decision_id


# --- issue 15, goal 6 -------------------------------------------------------------------------

GOAL_ROWS = 1006

NAIVE_SCRIPT = """import json, sys
import docx

columns, rows = json.load(open(sys.argv[1], encoding="utf-8"))
document = docx.Document()
table = document.add_table(rows=1, cols=len(columns))
table.style = "Table Grid"
for cell, header in zip(table.rows[0].cells, columns):
    cell.text = header
for values in rows:
    for cell, value in zip(table.add_row().cells, values):
        cell.text = value
document.save(sys.argv[2])
"""


def _compiled_env() -> dict[str, str]:
    """Both commands run from compiled bytecode, as an installed app does
    (a cache outside the worktree, filled by the first run)."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent), PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir())
                                                                              / "thidua-bench-pyc"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{command} failed: {done.stderr}")


def goals(runs: int) -> list[Goal]:
    """The awardee list of 1.006 rows as DOCX: whole command and in process,
    each against the naive python-docx script (paired runs, medians)."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        db = folder / "ward.db"
        decision_id = make_database(db, GOAL_ROWS)
        app = open_app(db, actor="bench")

        def ours_in_process() -> bytes:
            with app.db.read() as session:
                return documents.generate(session, "nominations",
                                          documents.Options(awardees=True, decision_id=decision_id)).data

        with app.db.read() as session:
            listing = award_lists.awardee_list(session, decision_id)
        table = [[c.header for c in listing.columns],
                 [[row.values.get(c.key, "") for c in listing.columns]
                  for section in listing.sections for group in section.groups for row in group.rows]]
        assert len(table[1]) == GOAL_ROWS
        in_ours, in_floor = paired_ms(ours_in_process, lambda: python_docx_table(listing), runs)
        app.close()

        (folder / "rows.json").write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
        (folder / "naive.py").write_text(NAIVE_SCRIPT, encoding="utf-8")
        env = _compiled_env()
        ours = [sys.executable, "-m", "thidua_desktop", "--db", str(db), "report", "nominations", "--awardees",
                "--decision", str(decision_id), "--out", str(folder / "ours.docx")]
        naive = [sys.executable, str(folder / "naive.py"), str(folder / "rows.json"), str(folder / "naive.docx")]

        _run(ours, env)  # fill the bytecode cache
        _run(naive, env)
        whole_ours, whole_floor = paired_ms(lambda: _run(ours, env), lambda: _run(naive, env), runs)
    return [
        Goal(f"danh sách {GOAL_ROWS} người được khen thưởng ra DOCX, cả lệnh", whole_ours / 1000, "s", 1.0,
             whole_floor / 1000, "script python-docx đơn giản"),
        Goal(f"danh sách {GOAL_ROWS} người được khen thưởng ra DOCX, trong tiến trình", in_ours, "ms", 0.5,
             in_floor, "bảng python-docx đơn giản"),
    ]


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
        decision_id = make_database(db, args.rows)
        app = open_app(db, actor="bench")

        def end_to_end() -> bytes:
            with app.db.read() as session:
                return documents.generate(session, "nominations", documents.Options(awardees=True)).data

        end_ms = median_ms(end_to_end, args.runs)

        def reading() -> None:
            with app.db.read() as session:
                award_lists.awardee_list(session, decision_id)

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
