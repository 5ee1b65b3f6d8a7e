"""A large ward for the scale benchmarks (issue 15): ``units`` units of every
kind in the five emulation blocks of the demo, ``people`` people spread over
them, every unit's registration, the plan's measures allocated by the default
rule with each block's default criteria, and a year's results for most units
(with their reports), held exactly as the app holds them (audit entries
included).

Rows are written with the services' bulk path (``services/xlsx/bulkwrite.py``), so
2.000 units and 20.000 people take seconds. The file is cached under the
temporary folder by its parameters and by the schema it was made with;
``make_ward`` copies the cached file to ``path``.

    python bench/make_ward.py OUT.db [--units 2000] [--people 20000] [--no-results]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thidua_desktop.domain.registry import is_leader_position, name_key  # noqa: E402
from thidua_desktop.services.results import evaluation as ev  # noqa: E402
from thidua_desktop.services import plan  # noqa: E402
from thidua_desktop.services.results import targets as target_service  # noqa: E402
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.services.xlsx.bulkwrite import insert_rows  # noqa: E402
from thidua_desktop.services.demo.registry import BLOCKS, landline, mobile, person_name  # noqa: E402
from thidua_desktop.services.demo.results import _profile, _value  # noqa: E402
from thidua_desktop.storage.models import (  # noqa: E402
    BlockMembership, EmulationBlock, Person, Registration, Result, Unit, UnitReport)

SEED = 15
# (kind, block index into the demo's BLOCKS, share of the units, name pattern)
KINDS = [
    ("co_quan", 0, 0.07, "Phòng chuyên môn số {n} phường Bạch Đằng"),
    ("don_vi_su_nghiep", 0, 0.05, "Trung tâm dịch vụ công số {n}"),
    ("mat_tran_doan_the", 1, 0.05, "Chi hội đoàn thể số {n}"),
    ("truong_hoc", 2, 0.08, "Trường Tiểu học Bạch Đằng số {n}"),
    ("to_dan_pho", 3, 0.50, "Tổ dân phố số {n}"),
    ("doanh_nghiep", 4, 0.25, "Công ty TNHH Thương mại và Dịch vụ Bạch Đằng {n}"),
]
POSITIONS = ["Chuyên viên", "Giáo viên", "Công nhân", "Nhân viên", "Cán bộ", "Trưởng phòng", "Phó Trưởng phòng",
             "Kế toán", "Hội viên", "Tổ trưởng tổ dân phố", "Điều dưỡng", "Phó Giám đốc", "Kỹ thuật viên"]
REPORTED_SHARE = 0.9  # units with a year's results


def cache_folder() -> Path:
    return Path(tempfile.gettempdir()) / "thidua-bench-wards"


def _schema_stamp() -> str:
    """Changes when the models, the migrations, the seeded plan or the bulk writer (how rows
    are stored) change."""
    digest = hashlib.sha256()
    sources = [ROOT / "thidua_desktop/storage/models.py", ROOT / "thidua_desktop/services/xlsx/bulkwrite.py",
               Path(__file__)]
    sources += sorted((ROOT / "thidua_desktop/storage/migrations/versions").glob("*.py"))
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def make_ward(path: Path, units: int = 2000, people: int = 20000, results: bool = True) -> Path:
    """A copy of the cached large ward at ``path`` (built first if not cached)."""
    path = Path(path)
    cached = cache_folder() / f"ward-u{units}-p{people}-{'r' if results else 'n'}-{_schema_stamp()}.db"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _build(partial, units, people, results)
        partial.replace(cached)
    if path.resolve() != cached.resolve():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, path)
    return path


def _build(path: Path, units: int, people: int, results: bool) -> None:
    app = open_app(path)
    try:
        with app.db.transaction(actor="bench", reason="Phường lớn cho đo tốc độ") as session:
            rng = random.Random(SEED)
            campaign = plan.current_campaign(session)
            blocks = _blocks(session, campaign)
            unit_rows = _units(session, campaign, blocks, units, rng)
            _people(session, campaign, unit_rows, people, rng)
            target_service.apply_default_allocation(session, campaign)
            target_service.apply_default_criteria(session, campaign)
            if results:
                _results(session, campaign, rng)
    finally:
        app.close()


def _blocks(session, campaign) -> list[int]:
    ids = []
    for position, (name, note) in enumerate(BLOCKS, start=1):
        block = EmulationBlock(campaign_id=campaign.id, position=position, name=name, name_key=name_key(name),
                               note=note)
        session.add(block)
        session.flush()
        ids.append(block.id)
    return ids


def _units(session, campaign, blocks: list[int], count: int, rng: random.Random) -> list[dict]:
    rows, block_of, titles = [], [], []
    for kind, block, share, pattern in KINDS:
        for n in range(1, max(1, round(count * share)) + 1):
            if len(rows) == count:
                break
            name = pattern.format(n=n)
            staff = rng.randint(8, 120) if kind != "to_dan_pho" else None
            rows.append({"name": name, "name_key": name_key(name), "kind": kind,
                         "head_name": person_name(rng, rng.choice(["nam", "nu"]), rng.randint(1960, 1990)),
                         "phone": landline(rng), "address": f"Số {n} đường Bạch Đằng", "email": "",
                         "staff_count": staff, "female_staff_count": staff // 2 if staff else None,
                         "active": True, "note": ""})
            block_of.append(blocks[block])
            titles.append(_titles(rng, kind))
    ids = insert_rows(session, Unit.__table__, rows)
    insert_rows(session, BlockMembership.__table__, [
        {"campaign_id": campaign.id, "block_id": b, "unit_id": u} for u, b in zip(ids, block_of)])
    day = dt.date(campaign.year, 1, 20)
    insert_rows(session, Registration.__table__, [
        {"campaign_id": campaign.id, "unit_id": u, "registered_on": day, "titles": t, "note": ""}
        for u, t in zip(ids, titles)])
    for row, unit_id in zip(rows, ids):
        row["id"] = unit_id
    return rows


def _titles(rng: random.Random, kind: str) -> list[str]:
    if kind == "to_dan_pho":
        return ["TDPVH"] + (["GK"] if rng.random() < 0.3 else [])
    if kind == "doanh_nghiep":
        return ["TTLDTT", "GK"] if rng.random() < 0.4 else ["GK"]
    return ["TTLDXS" if rng.random() < 0.3 else "TTLDTT"] + (["GK"] if rng.random() < 0.3 else [])


def _people(session, campaign, units: list[dict], count: int, rng: random.Random) -> None:
    rows = []
    for _ in range(count):
        gender = rng.choice(["nam", "nu"])
        year = rng.randint(1960, 2003)
        name = person_name(rng, gender, year)
        position = rng.choice(POSITIONS)
        rows.append({"full_name": name, "name_key": name_key(name), "gender": gender,
                     "birth_date": dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), "birth_year": year,
                     "position": position, "unit_id": rng.choice(units)["id"],
                     "is_leader": is_leader_position(position),
                     "phone": mobile(rng) if rng.random() < 0.7 else "",
                     "address": f"Tổ dân phố số {rng.randint(1, 80)}, phường Bạch Đằng", "active": True,
                     "note": ""})
    insert_rows(session, Person.__table__, rows)


def _results(session, campaign, rng: random.Random) -> None:
    """A year's results of most units, as the clerks' typing or the units' forms leave them."""
    session.flush()
    people = ev.participants(session, campaign)
    period = ev.main_period(campaign)
    rows, reports = [], []
    for unit in people.ordered_units():
        if rng.random() >= REPORTED_SHARE:
            continue
        profile = _profile(rng, unit)
        day = dt.date(campaign.year, 11, rng.randint(9, 25))
        source = "form" if rng.random() < 0.8 else "manual"
        for item in people.items(unit.id):
            values = _value(rng, item, profile, unit.name, year_end=True)
            rows.append({"period_id": period.id, "unit_id": unit.id,
                         "measure_id": item.id if item.kind == ev.MEASURE else None,
                         "criterion_id": item.id if item.kind == ev.CRITERION else None,
                         "value": values.value, "numerator": values.numerator,
                         "denominator": values.denominator, "current_amount": values.current_amount,
                         "previous_amount": values.previous_amount, "flag": values.flag,
                         "note": "", "evidence": "", "source": source, "source_file": "",
                         "reported_on": day, "updated_by": "bench"})
        reports.append({"period_id": period.id, "unit_id": unit.id, "reported_on": day, "source": source,
                        "source_file": "", "note": ""})
    insert_rows(session, Result.__table__, rows)
    insert_rows(session, UnitReport.__table__, reports)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--no-results", dest="results", action="store_false")
    args = parser.parse_args()
    start = time.perf_counter()
    make_ward(args.out, args.units, args.people, args.results)
    print(f"{args.out}: {args.units} đơn vị, {args.people} người ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
