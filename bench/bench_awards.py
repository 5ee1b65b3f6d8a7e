"""How long the awards area takes on the demo ward and on a large year.

- the demo ward's awards step (scorecards, 125 nominations, council, 3 decisions);
- scoring and ranking every block of the demo ward;
- checking the eligibility of every nomination (demo: 125; large: 1.000 more);
- the council's final lists; recording a decision of 1.000 awardees;
- the printed list of 1.000+ rows as PDF (Qt, no office suite) and as xlsx.

    python bench/bench_awards.py [--runs 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua_desktop.domain.text import unique_key  # noqa: E402
from thidua_desktop.printing import award_lists as printing  # noqa: E402
from thidua_desktop.services.awards import (
    lists as award_lists, catalogue as awards, council, decisions, nominations, scoring,
)
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app  # noqa: E402
from thidua_desktop.services.demo import SEED, awards as demo_awards, registry, results  # noqa: E402
from thidua_desktop.storage.models import Person, PersonYear, Unit  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run(folder: Path, extra: int) -> dict[str, float]:
    out = {}
    app = open_app(folder / "bench.db")
    db = app.db
    with db.transaction(actor="bench") as s:
        c = plan.current_campaign(s)
        rng = random.Random(SEED)
        registry.populate(s, c, rng, lambda *a: None)
        s.flush()
        results.populate(s, c, rng, lambda *a: None)
        s.flush()
        out["demo awards step"], _ = timed(lambda: demo_awards.populate(s, c, rng, lambda *a: None))
    with db.read() as s:
        c = plan.current_campaign(s)
        out["rank 5 blocks, 40 units"], _ = timed(lambda: scoring.rankings(s, c))
    with db.transaction(actor="bench") as s:
        c = plan.current_campaign(s)
        out["recheck 125 nominations"], _ = timed(lambda: nominations.recheck(s, c))
    # a large year: one more unit with `extra` people nominated "Lao động tiên tiến"
    with db.transaction(actor="bench") as s:
        c = plan.current_campaign(s)
        unit = Unit(name="Công ty thử nghiệm", name_key=unique_key("Công ty thử nghiệm"), kind="doanh_nghiep")
        s.add(unit)
        s.flush()
        people = [Person(full_name=f"Nguyễn Văn Thử {i:04d}", name_key=unique_key(f"Nguyễn Văn Thử {i:04d}"),
                         unit_id=unit.id, position="Công nhân", gender="nam" if i % 2 else "nu",
                         birth_year=1980 + i % 20) for i in range(extra)]
        s.add_all(people)
        s.flush()
        s.add_all(PersonYear(campaign_id=c.id, person_id=p.id, rating="HTTNV") for p in people)
        for p in people:
            nominations.create(s, c, nominations.NominationInput("person", "LDTT", person_id=p.id,
                                                                 summary="Hoàn thành tốt nhiệm vụ"),
                               recheck_all=False)
        out[f"recheck {125 + extra} nominations"], _ = timed(lambda: nominations.recheck(s, c))
        cs = council.sessions(s, c)[0]
        ids = [r.id for r in nominations.rows(s, c) if r.status == "proposed" and r.verdict.may_proceed
               and r.title_code == "LDTT"]
        out[f"enter {len(ids)} votes"], _ = timed(lambda: council.set_votes(s, cs.id, {i: 8 for i in ids}))
        out["final lists"], _ = timed(lambda: council.final_lists(s, c))
        title = awards.title_by_code(s, "LDTT")
        out[f"record a decision of {len(ids)}"], d = timed(lambda: decisions.record(
            s, c, decisions.DecisionInput("200/QĐ-UBND", dt.date(2026, 12, 28), [title.id])))
        decision_id = d.id
    with db.read() as s:
        out["build the awardee list"], listing = timed(lambda: award_lists.awardee_list(s, decision_id))
    out[f"PDF of {listing.count} rows"], pages = timed(lambda: printing.save_pdf(listing, folder / "list.pdf"))
    out[f"xlsx of {listing.count} rows"], _ = timed(lambda: award_lists.write_xlsx(listing, folder / "list.xlsx"))
    out["_pages"] = pages
    app.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    figures: dict[str, list[float]] = {}
    pages = 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            for key, value in run(Path(tmp), args.people).items():
                if key == "_pages":
                    pages = int(value)
                else:
                    figures.setdefault(key, []).append(value)
    print(f"Awards area, {args.runs} runs (median, min), seconds:")
    for key, values in figures.items():
        print(f"  {key:<38} {statistics.median(values):7.3f}  {min(values):7.3f}")
    print(f"  (the PDF has {pages} pages, A4 landscape)")


if __name__ == "__main__":
    main()
