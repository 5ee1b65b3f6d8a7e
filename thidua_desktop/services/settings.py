"""Reading and changing settings (declared in ``domain.settings``)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import settings as decl
from ..storage.models import Setting


def get(session: Session, key: str) -> Any:
    spec = decl.spec(key)
    row = session.get(Setting, key)
    return spec.default if row is None else row.value


def get_all(session: Session) -> dict[str, Any]:
    stored = {row.key: row.value for row in session.scalars(select(Setting))}
    return {key: stored.get(key, spec.default) for key, spec in decl.REGISTRY.items()}


def set_value(session: Session, key: str, value: Any) -> Any:
    """Validate and store; storing the default removes the override."""
    value = decl.validate(key, value)
    row = session.get(Setting, key)
    if value == decl.spec(key).default:
        if row is not None:
            session.delete(row)
        return value
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    return value
