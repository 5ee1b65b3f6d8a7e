"""Closing a year: a closed year is read-only until reopened with a reason.

Revision ID: 0005_year_close
Revises: 0004_years_history_exchange
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_year_close'
down_revision = '0004_years_history_exchange'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_by', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('close_log', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_column('close_log')
        batch_op.drop_column('closed_by')
        batch_op.drop_column('closed_at')
