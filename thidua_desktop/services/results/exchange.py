"""Forms out to the units and back in, for a period of the current year given by its id.

The forms themselves are :mod:`.forms`'s; the results tab (and a verb) pass ids
and get its plain results: :class:`~.forms.WrittenForms`, :class:`~.forms.ReadBack`.
Writing what was read goes through ``forms.apply`` (a backup first, then one transaction).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ..progress import Progress, no_progress
from .. import plan
from . import forms, periods


def write_forms(session: Session, period_id: int, folder: Path, unit_ids: list[int] | None = None,
                progress: Progress = no_progress) -> forms.WrittenForms:
    """One Excel form per chosen unit (all units with something to report when ``unit_ids`` is None)."""
    return forms.write_forms(session, plan.current_campaign(session), periods.period(session, period_id),
                             folder, unit_ids, progress)


def read_back(session: Session, period_id: int | None, paths: list[Path],
              progress: Progress = no_progress) -> forms.ReadBack:
    """What the files hold, checked, before anything is written."""
    period = periods.period(session, period_id) if period_id is not None else None
    return forms.read_back(session, plan.current_campaign(session), paths, period, progress)
