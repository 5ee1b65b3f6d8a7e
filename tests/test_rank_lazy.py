"""Ranking builds each unit's explanation only when it is read (issue 15, goal 7):
the lazy lines must be exactly the lines an eager scoring gives, on the demo ward."""
from __future__ import annotations

from thidua_desktop.domain import scoring as sc
from thidua_desktop.services import plan
from thidua_desktop.services.awards import scoring

_NUMBERS = ("base", "bonus", "bonus_raw", "deductions", "total", "percent", "band", "disqualified",
            "exceeded_count", "reached_count")


def test_lazy_explanation_equals_the_eager_one_on_the_demo(demo_ward):
    db = demo_ward.db
    with db.read() as s:
        basis = scoring.ranking_basis(s, plan.current_campaign(s))
    result = scoring.rank_basis(basis)
    entries = {s.unit_id: s for b in result.blocks for s in b.ranking.entries}
    ward = {s.unit_id: s for s in result.ward.entries if not s.unassigned}
    assert entries and all(s.line_list is None for s in entries.values())  # nothing built yet
    compared = 0
    for block, inputs in basis.blocks:
        leaders = sc.leader_ratios(block.card, inputs)
        for unit in inputs:
            eager = sc.score_unit(block.card, unit, leaders)
            lazy = entries[unit.unit_id]
            assert [getattr(lazy, k) for k in _NUMBERS] == [getattr(eager, k) for k in _NUMBERS]
            assert eager.lines and lazy.lines == eager.lines
            # the ward's copy builds its own, equal lines
            assert ward[unit.unit_id].lines == eager.lines
            compared += 1
    assert compared == len(entries) > 30
