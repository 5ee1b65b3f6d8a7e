"""Issue 15 goal 7: the ward's evaluation and rankings read results and allocations as
plain rows and find a measure's carriers from the allocations; what they give must be
exactly what the ORM objects and each unit's items give."""
from __future__ import annotations

from collections import defaultdict

from thidua_desktop.services import plan
from thidua_desktop.services.results import evaluation as ev


def test_carriers_from_allocations_are_the_units_whose_items_carry_the_measure(demo_ward):
    with demo_ward.db.read() as s:
        people = ev.participants(s, plan.current_campaign(s))
        from_items: dict[int, list[int]] = defaultdict(list)
        for unit_id in people.units:
            for item in people.items(unit_id):
                if item.kind == ev.MEASURE:
                    from_items[item.id].append(unit_id)
        assert from_items  # the demo allocates measures
        assert dict(ev.measure_carriers(people)) == dict(from_items)


def test_plain_rows_evaluate_as_the_orm_objects_do(demo_ward):
    with demo_ward.db.read() as s:
        campaign = plan.current_campaign(s)
        period = ev.main_period(campaign)
        orm = ev.period_results(s, period)
        assert orm.rows  # the demo has results
        assert ev.unit_results(s, campaign, period) == ev.unit_results(s, campaign, period, results=orm)
        assert (ev.ward_target_results(s, campaign, period)
                == ev.ward_target_results(s, campaign, period, results=orm))


def test_each_item_pair_judged_once_gives_what_judging_each_row_gives(demo_ward):
    with demo_ward.db.read() as s:
        campaign = plan.current_campaign(s)
        period = ev.main_period(campaign)
        orm, tol, book = ev.period_results(s, period), ev.tolerances(s), ev.register(s, campaign)
        for unit_id, ur in ev.unit_results(s, campaign, period).items():
            alone = [ev.unit_item_result(i.item, unit_id, orm, tol, book) for i in ur.items]
            assert ur.items == alone, ur.name
