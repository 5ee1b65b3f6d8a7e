"""Unit lineage: a unit's predecessors (merged, split, renamed), whose history it keeps.

Revision ID: 0008_unit_lineage
Revises: 0007_row_versions
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_unit_lineage'
down_revision = '0007_row_versions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'unit_lineage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('predecessor_id', sa.Integer(), nullable=True),
        sa.Column('predecessor_name', sa.String(length=300), nullable=False),
        sa.Column('predecessor_key', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('effective_on', sa.Date(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['predecessor_id'], ['unit.id'], name=op.f('fk_unit_lineage_predecessor_id_unit'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_lineage_unit_id_unit'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_lineage')),
        sa.UniqueConstraint('unit_id', 'predecessor_key', name=op.f('uq_unit_lineage_unit_id_predecessor_key')),
    )
    with op.batch_alter_table('unit_lineage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_lineage_predecessor_id'), ['predecessor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_lineage_unit_id'), ['unit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('unit_lineage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_lineage_unit_id'))
        batch_op.drop_index(batch_op.f('ix_unit_lineage_predecessor_id'))
    op.drop_table('unit_lineage')
