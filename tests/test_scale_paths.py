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
    from thidua_desktop.services.safety import backup, backup_info, restore
    from thidua_desktop.storage import audit_chain

    app.close()

    def refuse(*_args, **_kwargs):
        raise AssertionError("the new copy was proved again")

    monkeypatch.setattr(audit_chain, "verify", refuse)
    monkeypatch.setattr(backup_info, "_verify_file", refuse)
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
    assert "nguyên vẹn" in restore.inspect_backup(copy).trail  # a restore still proves everything


def _straight_haystack(columns, row) -> str:
    from thidua_desktop.domain.text import fold

    return " ".join(fold(c.display(c.value(row))) for c in columns if c.searchable)


def test_the_people_tab_shows_the_rows_counts_and_order_a_straightforward_reading_gives(qtbot, app):
    """The tab skips work while showing (search texts made at the first search,
    filters applied once with the new rows, counts read from the source when
    nothing is hidden): what it shows is still exactly the plain computation."""
    import random

    from PySide6.QtCore import Qt

    from thidua_desktop.domain.text import fold, format_number, person_sort_key
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow
    from thidua_desktop.services.registry import people as people_service
    from thidua_desktop.services import plan
    from thidua_desktop.services.demo import SEED
    from thidua_desktop.services.demo import registry as registry_step
    from thidua_desktop.services.progress import no_progress

    with app.db.transaction(reason="dữ liệu mẫu") as session:
        registry_step.populate(session, plan.current_campaign(session), random.Random(SEED), no_progress)
    window = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("units")
    page.tabs.setCurrentWidget(page.people)
    tab = page.people
    with app.db.read() as session:
        everyone = people_service.list_people(session, plan.current_campaign(session).id)

    def expect(rows, words=()):
        kept = [r for r in rows if r.active and all(w in _straight_haystack(tab.model.columns, r) for w in words)]
        leaders = sum(1 for r in kept if r.is_leader)
        share = f" — lãnh đạo, quản lý: {leaders} ({format_number(leaders * 100 / len(kept), max_decimals=1)}%)"
        return kept, f"Hiển thị {len(kept)} / {len(rows)} cá nhân" + (share if kept else "")

    by_name = sorted(everyone, key=lambda r: person_sort_key(r.full_name))
    kept, count = expect(by_name)
    assert [r.id for r in tab.shown_rows()] == [r.id for r in kept] and tab.count.text() == count
    tab.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # by unit, then a search on the sorted rows
    tab.search.setText("nguyen van")
    by_unit = sorted(by_name, key=lambda r: tab.model.columns[4].sort_key(r.unit_name), reverse=True)
    kept, count = expect(by_unit, fold("nguyen van").split())
    assert kept and [r.id for r in tab.shown_rows()] == [r.id for r in kept] and tab.count.text() == count
    tab.refresh()  # reloaded with the search and the sort kept (ties in the order the rows are read)
    kept, count = expect(sorted(everyone, key=lambda r: tab.model.columns[4].sort_key(r.unit_name), reverse=True),
                         fold("nguyen van").split())
    assert [r.id for r in tab.shown_rows()] == [r.id for r in kept] and tab.count.text() == count
