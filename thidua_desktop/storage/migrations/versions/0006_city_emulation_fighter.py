"""The catalogue gains "Chiến sĩ thi đua thành phố" (CSTDTP, Luật 2022 Điều 22).

Revision ID: 0006_city_fighter
Revises: 0005_year_close
Create Date: 2026-12-04

A database whose catalogue was installed before this version gets the title
once, last in the list, as resources/awards.toml declares it; a clerk who had
already added a title with that code keeps theirs. An empty catalogue is
installed whole at first start, this title included.
"""
from __future__ import annotations

import datetime as dt
import sqlalchemy as sa
from alembic import op

revision = '0006_city_fighter'
down_revision = '0005_year_close'
branch_labels = None
depends_on = None

NOTE = ("Luật 2022 Điều 22: chọn trong số cá nhân có ba lần liên tục đạt “Chiến sĩ thi đua cơ sở” và có sáng "
        "kiến, đề tài có phạm vi ảnh hưởng trong thành phố; phường đề nghị, thành phố quyết định và chi tiền "
        "thưởng.")


def upgrade() -> None:
    conn = op.get_bind()
    count, last = conn.execute(sa.text("SELECT COUNT(*), MAX(position) FROM award_title")).one()
    exists = conn.execute(sa.text("SELECT 1 FROM award_title WHERE code = 'CSTDTP'")).first()
    if not count or exists:
        return
    now = dt.datetime.now().replace(microsecond=0)
    table = sa.table(
        "award_title", *(sa.column(name, kind) for name, kind in (
            ("code", sa.String), ("name", sa.String), ("kind", sa.String), ("subject", sa.String),
            ("level", sa.String), ("position", sa.Integer), ("needs_ballot", sa.Boolean),
            ("pass_threshold", sa.Float), ("threshold_base", sa.String), ("threshold_op", sa.String),
            ("multiples", sa.JSON), ("active", sa.Boolean), ("note", sa.Text), ("created_at", sa.DateTime),
            ("updated_at", sa.DateTime))))
    op.bulk_insert(table, [{
        "code": "CSTDTP", "name": "Chiến sĩ thi đua thành phố", "kind": "title", "subject": "person",
        "level": "city", "position": (last or 0) + 1, "needs_ballot": True, "pass_threshold": 80.0,
        "threshold_base": "total", "threshold_op": "ge", "multiples": {}, "active": True, "note": NOTE,
        "created_at": now, "updated_at": now}])


def downgrade() -> None:
    op.get_bind().execute(sa.text("DELETE FROM award_title WHERE code = 'CSTDTP'"))
