"""``thidua rank --json`` and ``thidua targets evaluate --json`` at a large ward's
scale (issue 15, goal 7): the faster paths give exactly what the plain ones gave."""
from __future__ import annotations

import datetime as dt
import gc
import json
import os
import random
import sqlite3
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua_desktop.cli import json_text, main
from thidua_desktop.domain import scoring as sc
from thidua_desktop.domain.evaluation import round_half_up
from thidua_desktop.domain.text import collation_key
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.awards import scoring
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services.results import reporting

ROOT = Path(__file__).resolve().parent.parent
_plain = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                   st.text(alphabet=st.characters(codec="utf-8"), max_size=8), st.dates())
_keys = st.one_of(st.text(max_size=6), st.text(alphabet="{}[],:\n\" ", max_size=4), st.integers(0, 3))
_data = st.recursive(
    _plain,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_keys, inner, max_size=5),
                            st.lists(st.dictionaries(_keys, _plain, max_size=4), max_size=4),
                            st.lists(st.dictionaries(_keys, st.one_of(_plain, st.lists(_plain, max_size=3)),
                                                     max_size=4), max_size=4),
                            st.tuples(inner, inner)),
    max_leaves=30)


def _standard(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@settings(max_examples=400, deadline=None)
@given(_data)
def test_the_commands_json_is_the_standard_encoders_text(data):
    assert json_text.dumps(data) == _standard(data)


def test_keys_that_are_not_text_and_odd_values_read_as_the_standard_writes_them():
    for data in ({1: [2], "a": {}}, {1.5: "x", None: [1]}, [{"k": "},\n    {"}, {"k": 1}], [{"a": 1}, {}],
                 {"d": dt.date(2026, 12, 5), "t": (1, [2, ()])}, [float("inf"), float("nan")], "chữ", 3, []):
        assert json_text.dumps(data) == _standard(data)


# --- the ranking's verdicts and the targets' evaluation, read the short way ------------------

def _shaken(path: Path, seed: int) -> None:
    """The demo ward with its figures, dates, allocations and registrations changed at random."""
    rng = random.Random(seed)
    day = lambda: rng.choice([None, (dt.date(2026, 6, 1) + dt.timedelta(days=rng.randrange(200))).isoformat()])
    conn = sqlite3.connect(path)
    with conn:
        for (rid,) in conn.execute("SELECT id FROM result WHERE unit_id IS NOT NULL").fetchall():
            roll = rng.random()
            if roll < 0.12:
                conn.execute("DELETE FROM result WHERE id = ?", (rid,))
            elif roll < 0.22:
                conn.execute("UPDATE result SET value = NULL, numerator = NULL, denominator = NULL, "
                             "current_amount = NULL, previous_amount = NULL, flag = NULL WHERE id = ?", (rid,))
            elif roll < 0.45:  # few distinct figures: units share them, as a large ward's do
                conn.execute("UPDATE result SET value = ?, flag = ? WHERE id = ?",
                             (rng.choice([None, 0, 1, 50, 95, 100, 120]), rng.choice([None, 0, 1]), rid))
            if rng.random() < 0.3:
                conn.execute("UPDATE result SET reported_on = ? WHERE id = ?", (day(), rid))
        for (rid,) in conn.execute("SELECT id FROM unit_report").fetchall():
            if rng.random() < 0.3:
                conn.execute("DELETE FROM unit_report WHERE id = ?", (rid,))
            elif rng.random() < 0.4:
                conn.execute("UPDATE unit_report SET reported_on = ? WHERE id = ?", (day(), rid))
        for (aid,) in conn.execute("SELECT id FROM allocation").fetchall():
            if rng.random() < 0.1:
                conn.execute("DELETE FROM allocation WHERE id = ?", (aid,))
            elif rng.random() < 0.2:
                conn.execute("UPDATE allocation SET planned_value = ? WHERE id = ?",
                             (rng.choice([None, 1, 90, 100]), aid))
        for (gid,) in conn.execute("SELECT id FROM registration").fetchall():
            if rng.random() < 0.2:
                conn.execute("DELETE FROM registration WHERE id = ?", (gid,))
            elif rng.random() < 0.2:
                conn.execute("UPDATE registration SET registered_on = ? WHERE id = ?", (day(), gid))
        conn.execute("UPDATE unit SET active = 0 WHERE id % 17 = ?", (seed % 17,))
        conn.execute("UPDATE period SET deadline = ?", (day(),))
    conn.close()


def _verdicts_the_long_way(session, campaign, period, people) -> dict[int, scoring.UnitVerdicts]:
    """What ranking read before: every unit's results, the reporting status, each item's outcome."""
    results = ev.unit_results(session, campaign, period, people=people)
    status = reporting.reporting_status(session, campaign, period, unit_results=results, people=people)
    by_unit = {u.unit_id: u for u in status.units}
    out = {}
    for unit_id, ur in results.items():
        st = by_unit[unit_id]
        items = ur.by_criterion()
        out[unit_id] = scoring.UnitVerdicts(
            ur.has_reported, st.reported_on, st.days_late if st.late and ur.has_reported else 0,
            {str(cid): scoring.outcome_of(i) for cid, i in items.items()},
            frozenset(str(cid) for cid, i in items.items() if i.unplanned))
    return out


def each_period(path: Path, seed: int | None):
    """``(session, campaign, period, participants)`` for each period of the demo ward in
    ``path``, shaken first with ``seed`` (``_shaken``) unless it is None."""
    if seed is not None:
        _shaken(path, seed)
    opened = open_app(path, actor="kiểm thử")
    try:
        with opened.db.read() as s:
            campaign = plan.current_campaign(s)
            for period in campaign.periods:
                yield s, campaign, period, ev.participants(s, campaign)
    finally:
        opened.close()


@pytest.mark.parametrize("seed", [None, 1, 2, 3, 4, 5])
def test_the_short_ways_read_what_the_long_ways_read(demo_copy, seed):
    for s, campaign, period, people in each_period(demo_copy, seed):
        verdicts = scoring.unit_verdicts(s, campaign, period, people)
        assert verdicts == _verdicts_the_long_way(s, campaign, period, people)
        assert sum(v.reported for v in verdicts.values()) > 5
        results = ev.period_results(s, period)
        full = ev.ward_target_results(s, campaign, period, people, results)
        assert ev.ward_target_results(s, campaign, period) == full
        carriers, tol = ev.measure_carriers(people), ev.tolerances(s)  # as the results grid evaluates
        assert [m for t in full for m in t.measures] == [
            ev.measure_result(m, t.code, people, results, carriers.get(m.id, []), tol,
                              ev.contributions(m.id, carriers.get(m.id, []), people, results))
            for t in campaign.targets for m in t.measures]


def _rounded_afresh(value: float, decimals: int) -> float:
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.floats(-1e6, 1e6), st.sampled_from([0.0, -0.0, 2.345, -2.345, 1.005])),
                          st.integers(0, 4)), max_size=20))
def test_rounding_remembered_reads_as_rounding_afresh(pairs):
    for value, decimals in pairs + pairs[::-1]:  # asked again: from what was remembered
        assert repr(round_half_up(value, decimals)) == repr(_rounded_afresh(value, decimals))


def test_only_the_program_itself_leaves_its_objects_out_of_the_collectors_walks(demo_copy, capsys):
    """``thidua`` run as a program freezes what it made (its last collections walked every
    object of a large ward, 0,1 s); a caller of ``main`` in its own process keeps its collector."""
    frozen = gc.get_freeze_count()
    assert main(["--db", str(demo_copy), "rank", "--json"]) == 0
    assert gc.get_freeze_count() == frozen
    capsys.readouterr()
    code = "import gc\nfrom thidua_desktop.cli import main\ncode = main()\nprint(code, gc.get_freeze_count() > 0)\n"
    done = subprocess.run([sys.executable, "-c", code, "--db", str(demo_copy), "targets", "evaluate", "--json"],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 True"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([70.0, 85.5, 90.0, 90.004]),
                          st.sampled_from(["Tổ An", "tổ ân", "Tổ Bình", "Ấp B"]), st.integers(0, 2),
                          st.sampled_from([None, dt.date(2026, 12, 1), dt.date(2026, 11, 30)])), max_size=14))
def test_units_tied_on_every_key_are_ordered_by_name_as_before(rows):
    scores = [sc.UnitScore(n, name, True, total=total, percent=total, exceeded_count=exceeded, reported_on=day)
              for n, (total, name, exceeded, day) in enumerate(rows)]
    keys = [sc.TIEBREAKS[k] for k in sc.DEFAULT_TIEBREAK]
    expected = sorted(scores, key=lambda s: ((-round(s.total, 6), *[k.sort_value(s) for k in keys]),
                                             collation_key(s.name)))
    assert [s.unit_id for s in sc.rank_scores(list(scores), sc.DEFAULT_TIEBREAK)] == [s.unit_id for s in expected]
