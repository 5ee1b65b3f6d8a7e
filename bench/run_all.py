"""Every speed goal of the app in one table (issue 15): work, ours, floor, ratio,
goal, met or not. Each module named in ``MODULES`` has ``goals(runs) -> list[Goal]``.

    python bench/run_all.py [--runs 5] [--only NAME]
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from goals import print_table  # noqa: E402

MODULES: list[str] = ["bench_grid", "bench_startup", "bench_import_people", "bench_results_table", "bench_docx_lists", "bench_scale", "bench_page_switch", "bench_whatif"]  # bench modules with a goals(runs) function, in the order


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", action="append", default=[], help="run only these modules")
    args = parser.parse_args()
    goals = []
    for name in MODULES:
        if args.only and name not in args.only:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        goals.extend(importlib.import_module(name).goals(args.runs))
    print_table(goals)
    return 0 if all(g.met for g in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
