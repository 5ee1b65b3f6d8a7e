"""What earlier years say about a nominee, for the rules across years (issue 18, item 3).

The awards come from the same two sources as the award history
(``services/awards/history.py``): the awardees of the decisions recorded in
the app, every year, and the history rows imported from the office's lists or
typed in from the city's decisions. The ratings (hoàn thành xuất sắc nhiệm
vụ…) come from the people's yearly records and, for collectives, from the
ratings written on their nominations. A collective's predecessors (merged,
split, renamed: ``registry/lineage``) count as the collective. Kept apart from ``history`` so that
``nominations`` can read it without an import cycle.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import eligibility as el
from ...domain.text import fold
from ..registry import lineage
from ...storage.models import AwardHistory, AwardTitle, Campaign, Decision, Nomination, PersonYear

Key = tuple  # ("person", id) / ("unit", id)


@dataclass
class Past:
    awards: dict[Key, list[el.PastAward]] = field(default_factory=lambda: defaultdict(list))
    ratings: dict[Key, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))

    def history(self, key: Key) -> tuple[el.PastAward, ...]:
        return tuple(sorted(self.awards.get(key, ()), key=lambda a: a.year))

    def ratings_by_year(self, key: Key, year: int, rating_now: str) -> dict[int, str]:
        known = dict(self.ratings.get(key, {}))
        if rating_now:
            known[year] = rating_now
        return known


def _key(subject: str, person_id: int | None, unit_id: int | None) -> Key | None:
    if subject == "person" and person_id is not None:
        return ("person", person_id)
    if subject == "unit" and unit_id is not None:
        return ("unit", unit_id)
    return None


def past_of(session: Session, campaign: Campaign) -> Past:
    """Every award and rating of every year but ``campaign``'s own nominations in progress."""
    past = Past()
    codes = {fold(t.name): t.code for t in session.scalars(select(AwardTitle))}
    codes.update({fold(code): code for code in list(codes.values())})
    decided = (select(Nomination, AwardTitle, Campaign.year)
               .join(Decision, Nomination.decision_id == Decision.id)
               .join(Campaign, Decision.campaign_id == Campaign.id)
               .join(AwardTitle, Nomination.title_id == AwardTitle.id)
               .where(Nomination.status == "awarded"))
    for n, title, year in session.execute(decided):
        key = _key(n.subject, n.person_id, n.unit_id)
        if key is not None:
            past.awards[key].append(el.PastAward(year, title.code, title.name, n.achievement_key))
    by_name: dict[str, list[el.PastAward]] = defaultdict(list)  # collectives known by name only
    for row in session.scalars(select(AwardHistory)):
        award = el.PastAward(row.year, codes.get(fold(row.title), ""), row.title)
        key = _key(row.subject, row.person_id, row.unit_id)
        if key is not None:
            past.awards[key].append(award)
        elif row.subject == "unit":
            by_name[row.name_key].append(award)
    ratings = select(PersonYear.person_id, PersonYear.rating, Campaign.year).join(
        Campaign, PersonYear.campaign_id == Campaign.id).where(PersonYear.rating != "",
                                                                Campaign.id != campaign.id)
    for person_id, rating, year in session.execute(ratings):
        past.ratings[("person", person_id)][year] = rating
    unit_ratings = select(Nomination.unit_id, Nomination.rating, Campaign.year).join(
        Campaign, Nomination.campaign_id == Campaign.id).where(
        Nomination.subject == "unit", Nomination.rating != "", Campaign.id != campaign.id)
    for unit_id, rating, year in session.execute(unit_ratings):
        known = past.ratings[("unit", unit_id)]
        if year not in known or el.rating_at_least(rating, known[year]):
            known[year] = rating
    _follow_lineage(session, past, by_name)
    return past


def _follow_lineage(session: Session, past: Past, by_name: dict[str, list[el.PastAward]]) -> None:
    """A unit's predecessors' awards and ratings are its own (merged, split, renamed units)."""
    for unit_id, line in lineage.ancestries(session).items():
        key = ("unit", unit_id)
        inherited = [a for pid in line.ids for a in past.awards.get(("unit", pid), ())]
        inherited += [a for name in line.name_keys for a in by_name.get(name, ())]
        past.awards[key].extend(inherited)
        for pid in line.ids:
            for year, rating in past.ratings.get(("unit", pid), {}).items():
                past.ratings[key].setdefault(year, rating)
