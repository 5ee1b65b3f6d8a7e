"""Years: award history across years, and the wards' exchange files (city mode).

Revision ID: 0004_years_history_exchange
Revises: 0003_papers_disclosure
Create Date: 2026-12-04
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_years_history_exchange'
down_revision = '0003_papers_disclosure'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('award_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('unit_name', sa.String(length=300), nullable=False),
    sa.Column('unit_key', sa.String(length=300), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('title_key', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('decision_number', sa.String(length=50), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('source_file', sa.String(length=300), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_award_history_person_id_person'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_award_history_unit_id_unit'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_history')),
    sa.UniqueConstraint('subject', 'name_key', 'unit_key', 'title_key', 'year',
                        name=op.f('uq_award_history_subject_name_key_unit_key_title_key_year'))
    )
    with op.batch_alter_table('award_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_history_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_history_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_history_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_history_year'), ['year'], unique=False)

    op.create_table('exchange_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ward_name', sa.String(length=200), nullable=False),
    sa.Column('ward_key', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('format_version', sa.Integer(), nullable=False),
    sa.Column('app_version', sa.String(length=50), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_file')),
    sa.UniqueConstraint('ward_key', 'year', name=op.f('uq_exchange_file_ward_key_year'))
    )


def downgrade() -> None:
    op.drop_table('exchange_file')
    with op.batch_alter_table('award_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_history_year'))
        batch_op.drop_index(batch_op.f('ix_award_history_unit_id'))
        batch_op.drop_index(batch_op.f('ix_award_history_person_id'))
        batch_op.drop_index(batch_op.f('ix_award_history_name_key'))
    op.drop_table('award_history')
