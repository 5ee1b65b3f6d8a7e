"""A realistic demo ward to try the app on (``thidua init --demo``).

Built in steps, each owned by the area it fills: participants, then results,
then scoring and awards. Each step is a module here with
``populate(session, campaign, rng, progress)``; they run in the order of
``STEPS`` inside one transaction, with a fixed random seed so the demo is the
same every time.
"""
from __future__ import annotations

import importlib
import random

from sqlalchemy.orm import Session

from ...errors import UserError
from ..plan import current_campaign
from ..progress import Progress, no_progress

SEED = 2026
STEPS: list[str] = ["registry", "results", "awards", "documents"]  # module names under this package, in order


def build_demo(session: Session, progress: Progress = no_progress) -> list[str]:
    """Fill an empty ward with demo data; returns what each step made."""
    from sqlalchemy import func, select

    from ...storage.models import Unit

    if session.scalar(select(func.count(Unit.id))):
        raise UserError("Cơ sở dữ liệu đã có đơn vị; chỉ tạo dữ liệu mẫu trên cơ sở dữ liệu mới.")
    campaign = current_campaign(session)
    rng = random.Random(SEED)
    notes = []
    for i, name in enumerate(STEPS):
        progress(i, len(STEPS), f"Đang tạo dữ liệu mẫu: {name}…")
        module = importlib.import_module(f"{__name__}.{name}")
        notes.append(module.populate(session, campaign, rng, progress))
        session.flush()
    progress(len(STEPS), len(STEPS), "Xong")
    return notes
