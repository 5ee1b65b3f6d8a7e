"""Demo step 2: the year's results of Phường Bạch Đằng.

Builds on the participants of step 1 (by the units' kinds and names): the
default allocation of the plan's targets and the blocks' default criteria
lists, a "6 tháng đầu năm" interim period, and plausible results —

- for the year: most units have sent their forms back (dates in late
  November), three have not yet; a few reports leave items blank; the ward's
  official figures come from its offices, and several targets are missed
  (public investment disbursement, social insurance, clean water, on-time
  procedures); the on-time procedures figure differs from the agencies' own
  roll-up, to show the mismatch flag;
- for the first six months: most units reported, some after the 05/07
  deadline, a few never.

All numbers come from ``rng`` so the demo is the same every time.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from ...domain.evaluation import growth_rate
from ...domain.results import ResultValues
from ...storage.models import Campaign
from ..results import evaluation as ev
from ..results import entry as rs
from ..results import targets as target_service
from ..progress import Progress
from ..results.forms import file_name

NOT_REPORTED = ("Tổ dân phố số 12", "Hội Nông dân phường", "Công ty TNHH Cơ khí Đông Hải")
DRUG_FREE = ("Tổ dân phố số 3", "Tổ dân phố số 7")  # target (14)
STANDARD_SCHOOL = "Trường Tiểu học Tân Lập"  # target (7)


def populate(session: Session, campaign: Campaign, rng: random.Random, progress: Progress) -> str:
    year = campaign.year
    target_service.apply_default_allocation(session, campaign)
    people = ev.participants(session, campaign)
    by_name = {u.name: u for u in people.units.values()}
    measures = {m.code: m for m in people.measures.values()}
    for name in DRUG_FREE:
        if name in by_name:
            target_service.set_allocation(session, measures["14"].id, by_name[name].id, True, 1)
    if STANDARD_SCHOOL in by_name:
        target_service.set_allocation(session, measures["7"].id, by_name[STANDARD_SCHOOL].id, True, 1)
    target_service.apply_default_criteria(session, campaign)
    six = rs.add_period(session, campaign, "6t", f"6 tháng đầu năm {year}", dt.date(year, 1, 1),
                        dt.date(year, 6, 30), dt.date(year, 7, 5))
    session.flush()
    people = ev.participants(session, campaign)
    year_period = ev.main_period(campaign)
    profiles = {uid: _profile(rng, people.units[uid]) for uid in people.units}

    units = [u for u in people.ordered_units() if people.items(u.id)]
    reported = 0
    totals = {"5": [0.0, 0.0], "13": [0.0, 0.0]}  # near-poor now/last year; recruits quota/enlisted
    for i, unit in enumerate(units):
        progress(i, len(units), f"Đang tạo kết quả mẫu: {unit.name}")
        items = people.items(unit.id)
        day = dt.date(year, 11, rng.randint(9, 25))
        by_form = rng.random() < 0.8
        own = [n for n, item in enumerate(items) if item.kind == ev.CRITERION]
        skip = {rng.choice(own)} if own and rng.random() < 0.15 else set()  # an item left blank
        changes = [_change(unit.id, item, _value(rng, item, profiles[unit.id], unit.name, year_end=True))
                   for n, item in enumerate(items) if n not in skip]
        for change in changes:  # the ward's offices know every group's figures, reported or not
            code = next(i.code for i in items if i.key == (change.key.kind, change.key.item_id))
            if code in ("5", "13") and change.values is not None:
                totals[code][0] += change.values.value if code == "5" else change.values.denominator
                totals[code][1] += change.values.previous_amount if code == "5" else change.values.numerator
        if unit.name not in NOT_REPORTED:
            _write(session, year_period, unit, changes, day, by_form, year)
            reported += 1
        # first six months: some late, a few never
        roll = rng.random()
        if roll < 0.12 or unit.name in NOT_REPORTED[:1]:
            continue
        day = dt.date(year, 7, rng.randint(6, 14)) if roll < 0.3 else dt.date(year, 6, rng.randint(22, 30)) \
            if roll < 0.8 else dt.date(year, 7, rng.randint(1, 3))
        changes = [_change(unit.id, item, _value(rng, item, profiles[unit.id], unit.name, year_end=False))
                   for item in items]
        _write(session, six, unit, changes, day, rng.random() < 0.6, year)
    session.flush()
    rolled = {m.code: m.rollup.value for m in ev.measure_results(ev.ward_target_results(session, campaign, year_period))
              if m.rollup is not None and m.rollup.value is not None}
    _ward_figures(session, year_period, six, measures, year, totals, rolled)
    return (f"kết quả năm {year}: {reported}/{len(units)} đơn vị đã báo cáo, "
            f"{len(NOT_REPORTED)} đơn vị chưa báo cáo; kỳ 6 tháng; số liệu toàn phường")


def _profile(rng: random.Random, unit) -> dict:
    population = rng.randint(1100, 3300)
    return {
        "population": population,
        "households": round(population / rng.uniform(3.2, 3.7)),
        "near_poor_last_year": rng.randint(3, 16),
        "recruits": rng.randint(1, 3),
        "workers": unit.staff_count or rng.randint(25, 260),
        "dossiers": rng.randint(350, 2600),
    }


def _change(unit_id: int | None, item: ev.Item, values: ResultValues | None) -> rs.CellChange:
    return rs.CellChange(rs.CellKey(unit_id, item.kind, item.id), values)


def _value(rng: random.Random, item: ev.Item, p: dict, unit_name: str, year_end: bool) -> ResultValues | None:
    """A plausible result of ``item`` for a unit (six-month figures lag behind)."""
    lag = 1.0 if year_end else rng.uniform(0.93, 0.99)
    code = item.code
    if item.spec.shape.value == "yesno":
        return ResultValues(flag=rng.random() < (0.92 if year_end else 0.88))
    if code == "5":
        last = p["near_poor_last_year"]
        now = max(0, last - rng.choice((0, 1, 1, 2, 2, 3)) + (1 if rng.random() < 0.08 else 0))
        if not year_end:
            now = max(now, last - 1)
        return ResultValues(value=now, previous_amount=last)
    if code == "6a":
        return _ratio(p["households"], rng.uniform(95.6, 99.4) * lag)
    if code == "8":
        return _ratio(p["population"], rng.uniform(94.2, 98.9) * lag)
    if code == "10":
        return _ratio(p["population"], 100 if rng.random() < 0.7 else rng.uniform(98.6, 99.9))
    if code == "11":
        generated = round(p["population"] * 0.29 * (1 if year_end else 0.5), 1)
        collected = round(generated * min(1.0, rng.uniform(0.93, 0.995)), 1)
        return ResultValues(value=collected / generated * 100, numerator=collected, denominator=generated)
    if code == "13":  # the call-up is in February: by mid-year every group has met its quota
        return _ratio(p["recruits"], 100, whole=True)
    if code == "14":
        return ResultValues(value=1 if unit_name in DRUG_FREE and year_end else 0)
    if code == "7":
        return ResultValues(value=1 if unit_name == STANDARD_SCHOOL and year_end else 0)
    if code == "9":
        return _ratio(p["workers"], rng.uniform(72, 100) * lag, whole=True)
    if code == "12a":
        return _ratio(p["dossiers"] * (1 if year_end else 0.48), rng.choice((100, 100, 99.7, 99.4)))
    if code == "12b":
        return _ratio(p["dossiers"] * (1 if year_end else 0.48), rng.uniform(91.5, 98.8) * lag)
    if item.spec.percent:
        planned = item.planned or 90
        return ResultValues(value=round(min(100.0, rng.uniform(planned - 6, planned + 6) * lag), 1))
    return ResultValues(value=rng.randint(0, 5))


def _ratio(denominator: float, percent: float, whole: bool = False) -> ResultValues:
    den = max(1, round(denominator))
    num = min(den, round(den * percent / 100.0))
    if whole:
        num = int(num)
    return ResultValues(value=num / den * 100, numerator=num, denominator=den)


def _write(session, period, unit, changes, day: dt.date, by_form: bool, year: int) -> None:
    source = "form" if by_form else "manual"
    source_file = file_name(unit.name, period, year) if by_form else ""
    rs.apply_changes(session, period, changes, source, source_file=source_file, reported_on=day,
                     existing={}, reason="Dữ liệu mẫu")
    rs.set_report(session, period, unit.id, day, source, source_file,
                  note="" if by_form else "Đơn vị gửi báo cáo giấy; văn thư nhập")


def _ward_figures(session, year_period, six, measures: dict, year: int, totals: dict, rolled: dict) -> None:
    """The official ward-wide figures, as the ward's offices give them."""

    def value(code, values):
        return rs.CellChange(rs.CellKey(None, ev.MEASURE, measures[code].id), values)

    revenue = ResultValues(value=growth_rate(55_120, 48_600), current_amount=55_120, previous_amount=48_600)
    year_end = [
        value("1", revenue),
        value("2", ResultValues(value=100.8)),
        value("3", ResultValues(value=93.6, numerator=46_800, denominator=50_000)),
        value("4", ResultValues(value=10.8)),
        value("5", ResultValues(value=totals["5"][0], previous_amount=totals["5"][1])),
        value("6a", ResultValues(value=97.4)),
        value("6b", ResultValues(value=12 / 14 * 100, numerator=12, denominator=14)),
        value("8", ResultValues(value=96.4)),
        value("9", ResultValues(value=55.2)),
        value("10", ResultValues(value=99.6)),
        value("11", ResultValues(value=95.8)),
        value("12a", ResultValues(value=99.3)),
        value("12b", ResultValues(value=round(rolled.get("12b", 96.1), 2))),  # the agencies' own sum
        value("13", _ratio(totals["13"][0], 100, whole=True)),
        value("14", ResultValues(value=2)),
    ]
    rs.apply_changes(session, year_period, year_end, "manual", reported_on=dt.date(year, 11, 24), existing={},
                     reason="Dữ liệu mẫu")
    mid_year = [
        value("1", ResultValues(value=6.1)),
        value("8", ResultValues(value=92.7)),
        value("12a", ResultValues(value=99.0)),
        value("12b", ResultValues(value=93.2)),
        value("13", _ratio(totals["13"][0], 100, whole=True)),
    ]
    rs.apply_changes(session, six, mid_year, "manual", reported_on=dt.date(year, 7, 8), existing={},
                     reason="Dữ liệu mẫu")
    for note_code, note in (("9", "Theo số liệu của Bảo hiểm xã hội thành phố đến 20/11"),
                            ("3", "Còn 3,2 tỷ đồng vốn dự án chỉnh trang đô thị chưa giải ngân")):
        rs.apply_changes(session, year_period, [rs.CellChange(rs.CellKey(None, ev.MEASURE, measures[note_code].id),
                                                              note=note)], "manual", reason="Dữ liệu mẫu")
