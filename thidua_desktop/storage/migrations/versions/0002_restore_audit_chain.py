"""Tamper-evident audit trail: every entry carries a hash chained to the one before it.

Revision ID: 0002_audit_chain
Revises: 0001
Create Date: 2026-12-04

The entries already written are chained here, oldest first, so a trail from
before this version is verifiable from now on (what was edited before cannot
be told, of course).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from thidua_desktop.storage import audit_chain

revision = '0002_audit_chain'
down_revision = '0001'
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entry_hash', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    previous, last_id = audit_chain.GENESIS, 0
    columns = ", ".join(audit_chain.FIELDS)
    while True:
        rows = connection.exec_driver_sql(
            f"SELECT id, {columns} FROM audit_entry WHERE id > {int(last_id)} ORDER BY id LIMIT {_BATCH}").all()
        if not rows:
            break
        updates = []
        for row in rows:
            previous = audit_chain.entry_hash(previous, dict(zip(audit_chain.FIELDS, row[1:])))
            updates.append({"h": previous, "i": row[0]})
        connection.execute(sa.text("UPDATE audit_entry SET entry_hash = :h WHERE id = :i"), updates)
        last_id = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('entry_hash')
