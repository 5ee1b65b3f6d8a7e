"""Several clerks on one server database: a version on results, nominations, votes and decisions.

Revision ID: 0007_row_versions
Revises: 0006_city_fighter
Create Date: 2026-12-04

Every UPDATE of these rows checks the version it read and raises it by one
(storage/concurrency.py), so the later of two saves of the same row is
refused instead of silently overwriting the first.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_row_versions'
down_revision = '0006_city_fighter'
branch_labels = None
depends_on = None

TABLES = ("result", "nomination", "vote", "decision")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
