"""The award catalogue: installed at first start from resources/awards.toml, edited by the clerk."""
from __future__ import annotations

import pytest

from thidua_desktop.errors import UserError
from thidua_desktop.services.awards import catalogue as awards
from thidua_desktop.services.app import open_app


def test_first_start_installs_the_catalogue_once(app, db_path):
    with app.db.read() as s:
        titles = {t.code: t for t in awards.titles(s)}
    assert list(titles) == ["GK", "LDTT", "CSTDCS", "TTLDTT", "TDPVH", "GDVH", "BK", "CTD", "TTLDXS", "CSTDTP"]
    cstdcs = titles["CSTDCS"]
    assert (cstdcs.needs_ballot, cstdcs.pass_threshold, cstdcs.threshold_base, cstdcs.threshold_op) == (
        True, 80, "total", "ge")
    gk = titles["GK"]
    assert gk.subject == "any" and gk.multiples == {"unit": 0.6, "person": 0.3}
    assert (gk.pass_threshold, gk.threshold_op) == (50, "gt")
    assert titles["BK"].level == "city" and titles["GDVH"].pass_threshold is None
    app.close()
    again = open_app(db_path)
    try:
        with again.db.read() as s:
            assert len(awards.titles(s)) == 10
    finally:
        again.close()


def test_multiples_per_subject_and_household_factor(app):
    with app.db.read() as s:
        rules = awards.money_rules(s)
        gk = awards.title_by_code(s, "gk")
        assert awards.prize_for(gk, "unit", 2_340_000, rules).amount == 1_410_000
        assert awards.prize_for(gk, "person", 2_340_000, rules).amount == 710_000
        assert awards.prize_for(gk, "household", 2_340_000, rules).amount == 1_060_000
        assert awards.prize_for(awards.title_by_code(s, "GDVH"), "household", 2_340_000, rules).amount == 0
        city = awards.prize_for(awards.title_by_code(s, "CTD"), "unit", 2_340_000, rules)
        assert city.amount == 0 and "Thành phố" in city.explanation
        assert awards.threshold_text(awards.title_by_code(s, "CSTDCS")) == \
            "từ 80% tổng số thành viên (bỏ phiếu kín)"


def test_titles_are_edited_with_checks(app):
    with app.db.transaction() as s:
        title = awards.title_by_code(s, "GK")
        values = {k: getattr(title, k) for k in ("code", "name", "kind", "subject", "level", "multiples",
                                                 "needs_ballot", "pass_threshold", "threshold_base",
                                                 "threshold_op", "quota", "note")}
        awards.save_title(s, {**values, "quota": 30}, title.id)
        assert title.quota == 30
        with pytest.raises(UserError, match="ngưỡng biểu quyết"):
            awards.save_title(s, {**values, "pass_threshold": 150}, title.id)
        with pytest.raises(UserError, match="Đã có danh hiệu mã “LDTT”"):
            awards.save_title(s, {**values, "code": "LDTT"}, title.id)
        new = awards.save_title(s, {**values, "code": "GKCD", "name": "Giấy khen chuyên đề chuyển đổi số"})
        assert new.position > title.position
        awards.delete_title(s, new.id)
    with pytest.raises(UserError, match="Không có danh hiệu"):
        with app.db.read() as s:
            awards.title_by_code(s, "XYZ")
