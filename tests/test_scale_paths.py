"""Paths made fast for a large ward (issue 15, goal 7) give exactly what the
straightforward computation gives."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from thidua_desktop.domain import scoring as sc
from thidua_desktop.domain.scoring import UnitScore
from thidua_desktop.services.app import open_app

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


def test_the_backup_command_describes_its_copy_without_proving_it_again(app, db_path, monkeypatch, capsys):
    """``create_backup`` has just checked the copy; recomputing its whole audit
    chain and integrity cost ten times the copy itself on a large ward."""
    from thidua_desktop.cli import main
    from thidua_desktop.services import backup
    from thidua_desktop.storage import audit_chain

    app.close()

    def refuse(*_args, **_kwargs):
        raise AssertionError("the new copy was proved again")

    monkeypatch.setattr(audit_chain, "verify", refuse)
    monkeypatch.setattr(backup, "_verify_file", refuse)
    assert main(["--db", str(db_path), "backup"]) == 0
    out = capsys.readouterr().out
    assert "Đã sao lưu vào:" in out
    assert "Nhật ký thay đổi:" in out and "mục (chuỗi mã kiểm tra được xác minh khi phục hồi)" in out
    monkeypatch.undo()
    opened = open_app(db_path, lock=False)
    try:
        copy = backup.list_backups(opened.db)[0].path
    finally:
        opened.close()
    assert "nguyên vẹn" in backup.inspect_backup(copy).trail  # a restore still proves everything
