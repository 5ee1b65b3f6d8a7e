"""The one order of the ward's award lists: who comes first, and so which
number (số sổ vàng) each awardee carries in a decision.

Every list and document that names nominees or awardees takes its order from
here — the number given when a decision is recorded
(``services.awards.decisions``), the printed and Excel lists (``services.awards.lists``),
the lists attached to the Quyết định and to the Tờ trình, the certificates'
"Số sổ vàng", the minutes' vote table, the ballots and the vote sheet — so the
same awardee reads the same number, at the same place, everywhere.

The rule (domain.md §2.4 lists by section then by unit; §6 the names):

1. Section: I. Tập thể, II. Cá nhân, III. Hộ gia đình.
2. Danh hiệu / hình thức, in the catalogue's order (the order set on the
   Khen thưởng › Danh mục page). A list of one title — the usual Giấy khen
   decision — has nothing to group and reads exactly as §2.4. A decision over
   several titles (Lao động tiên tiến, Chiến sĩ thi đua cơ sở, …) keeps each
   title's awardees together under its heading, as Điều 1 names them, as the
   prize differs per title and as the Council voted them (title by title);
   unit first would scatter a title through the whole list and list one
   person twice inside the same unit.
3. Đơn vị: a person's unit, the proposing unit of a household (and of a
   collective proposed by another unit), in Vietnamese alphabetical order
   with numbers read as numbers (Tổ dân phố số 2 before số 10); a collective
   that proposes itself has no unit and comes first.
4. Name: people by given name, then family name, then middle name (the
   election rule "xếp tên theo vần chữ cái"); collectives and households by
   their whole name; then the earlier year of birth; then the nomination's
   id, so that equal rows keep one order on every run.

A recorded decision's lists follow its numbers (``numbered``), not a new
sort: the numbers are frozen with the decision, and a unit renamed later must
not reorder a signed list. Vote tables and ballots, which go title by title,
take the same rule inside each title (``by_title``); the proposal list "theo
tên (A→Z)" takes section, name, then title (``ordered(rows, "name")``).

No Qt and no SQL: rows are any objects with the attributes of
``services.awards.nominations.NominationRow`` used below.
"""
from __future__ import annotations

from typing import Iterable, Protocol, TypeVar

from .text import collation_key, person_sort_key

# (subject code, numeral, heading) in the order of the sections
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("unit", "I", "TẬP THỂ"), ("person", "II", "CÁ NHÂN"), ("household", "III", "HỘ GIA ĐÌNH"))
_SECTION_RANK = {code: i for i, (code, _, _) in enumerate(SECTIONS)}
MODES = ("unit", "name")  # the list rule; the A→Z variant of proposal lists


class Listed(Protocol):
    id: int
    subject: str
    name: str
    group: str
    title_id: int
    title_position: int
    birth_year: int | None


class Numbered(Listed, Protocol):
    decision_id: int | None
    decision_date: object
    seq: int | None


R = TypeVar("R", bound=Listed)
N = TypeVar("N", bound=Numbered)


def section_rank(subject: str) -> int:
    return _SECTION_RANK.get(subject, len(SECTIONS))


def section_of(subject: str) -> tuple[str, str, str]:
    """``(code, numeral, heading)`` of the section a subject is listed in."""
    for section in SECTIONS:
        if section[0] == subject:
            return section
    return (subject, str(len(SECTIONS) + 1), subject.upper())


def _name(row: Listed) -> tuple:
    return person_sort_key(row.name) if row.subject == "person" else (collation_key(row.name),)


def _tail(row: Listed) -> tuple:
    return (row.birth_year is None, row.birth_year or 0, row.id)


def _title(row: Listed) -> tuple:
    return (row.title_position, row.title_id)


def list_key(row: Listed) -> tuple:
    """The rule: section, title, unit, name (see the module's text)."""
    return (section_rank(row.subject), *_title(row), collation_key(row.group or ""), _name(row), *_tail(row))


def name_key(row: Listed) -> tuple:
    """"Theo tên (A→Z)": section, name, title."""
    return (section_rank(row.subject), _name(row), *_tail(row)[:2], *_title(row), row.id)


def ordered(rows: Iterable[R], mode: str = "unit") -> list[R]:
    """Rows in the list order (``mode="unit"``, the rule that numbers
    decisions) or by name within each section (``"name"``)."""
    if mode not in MODES:
        raise ValueError(f"unknown list order {mode!r}")
    return sorted(rows, key=list_key if mode == "unit" else name_key)


def title_first_key(row: Listed) -> tuple:
    """Title by title (the Council's order of business), the rule inside each title."""
    return (*_title(row), list_key(row))


def title_first(rows: Iterable[R]) -> list[R]:
    return sorted(rows, key=title_first_key)


def by_title(rows: Iterable[R]) -> dict[int, list[R]]:
    """Title id → its rows in the list order, titles in the catalogue's order
    (vote tables, ballots, the vote sheet)."""
    out: dict[int, list[R]] = {}
    for row in title_first(rows):
        out.setdefault(row.title_id, []).append(row)
    return out


def number_key(row: Numbered) -> tuple:
    """A recorded decision's order: decision by decision (by date), then its
    numbers; rows without a number after, in the list order (the list key,
    costly with its collation keys, only for them)."""
    return (row.decision_date is None, row.decision_date or 0, row.decision_id or 0,
            row.seq is None, row.seq or 0, list_key(row) if row.seq is None else ())


def numbered(rows: Iterable[N]) -> list[N]:
    return sorted(rows, key=number_key)

