"""Paths made fast for a large ward (issue 15, goal 7) give exactly what the
straightforward computation gives."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from thidua_desktop.domain import scoring as sc
from thidua_desktop.domain.scoring import UnitScore

scores_strategy = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 2), st.booleans(), st.booleans()), min_size=0, max_size=40)


def _scores(data):
    return [UnitScore(i, f"Đơn vị {i:02d}", reported=rep, total=float(total), percent=float(total),
                      exceeded_count=exc, disqualified=dq)
            for i, (total, exc, rep, dq) in enumerate(data)]


@given(scores_strategy)
def test_shared_ranks_name_every_unit_sharing_them_in_ranking_order(data):
    ordered = sc.rank_scores(_scores(data), ["exceeded"])
    ranked = [s for s in ordered if s.rank is not None]
    for s in ranked:
        same = [o.name for o in ranked if o.rank == s.rank and o is not s]  # the straightforward way
        if same:
            assert s.tie_note == "đồng hạng với " + ", ".join(same)
        else:
            assert not s.tie_note.startswith("đồng hạng")
