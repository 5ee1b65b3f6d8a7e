"""Initial schema: ward, plan, targets, units, results, awards, documents, accounts, audit.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('username', name=op.f('uq_account_username'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_entity'), ['entity'], unique=False)

    op.create_table('award_title',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('salary_multiple', sa.Float(), nullable=True),
    sa.Column('needs_ballot', sa.Boolean(), nullable=False),
    sa.Column('pass_threshold', sa.Float(), nullable=True),
    sa.Column('threshold_base', sa.String(length=20), nullable=False),
    sa.Column('threshold_op', sa.String(length=2), nullable=False),
    sa.Column('multiples', sa.JSON(), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_title')),
    sa.UniqueConstraint('code', name=op.f('uq_award_title_code'))
    )
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('city_theme', sa.Text(), nullable=False),
    sa.Column('ward_theme', sa.Text(), nullable=False),
    sa.Column('city_plan_reference', sa.Text(), nullable=False),
    sa.Column('city_plan_number', sa.String(length=50), nullable=False),
    sa.Column('city_plan_date', sa.Date(), nullable=True),
    sa.Column('period_text', sa.Text(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('units_deadline', sa.Date(), nullable=True),
    sa.Column('units_deadline_text', sa.String(length=200), nullable=False),
    sa.Column('units_report_to', sa.String(length=300), nullable=False),
    sa.Column('ward_deadline', sa.Date(), nullable=True),
    sa.Column('ward_deadline_text', sa.String(length=200), nullable=False),
    sa.Column('ward_report_to', sa.String(length=300), nullable=False),
    sa.Column('award_text', sa.Text(), nullable=False),
    sa.Column('general_goal', sa.Text(), nullable=False),
    sa.Column('tasks', sa.JSON(), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_title', sa.String(length=100), nullable=False),
    sa.Column('signer_authority', sa.String(length=100), nullable=False),
    sa.Column('narrative', sa.JSON(), nullable=False),
    sa.Column('source_file', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
    sa.UniqueConstraint('year', name=op.f('uq_campaign_year'))
    )
    op.create_table('document_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_template')),
    sa.UniqueConstraint('kind', name=op.f('uq_document_template_kind'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_key', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('head_name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('staff_count', sa.Integer(), nullable=True),
    sa.Column('female_staff_count', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('name_key', name=op.f('uq_unit_name_key'))
    )
    op.create_table('ward',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('authority', sa.String(length=300), nullable=False),
    sa.Column('parent_city', sa.String(length=200), nullable=False),
    sa.Column('place_name', sa.String(length=200), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_title', sa.String(length=100), nullable=False),
    sa.Column('signer_authority', sa.String(length=100), nullable=False),
    sa.Column('deputy_signer_name', sa.String(length=200), nullable=False),
    sa.Column('deputy_signer_title', sa.String(length=100), nullable=False),
    sa.Column('staff_office', sa.String(length=200), nullable=False),
    sa.Column('staff_office_short', sa.String(length=30), nullable=False),
    sa.Column('council_name', sa.String(length=300), nullable=False),
    sa.Column('report_addressee', sa.String(length=300), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('doc_symbols', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ward'))
    )
    op.create_table('council_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('members_total', sa.Integer(), nullable=False),
    sa.Column('chair_name', sa.String(length=200), nullable=False),
    sa.Column('secretary_name', sa.String(length=200), nullable=False),
    sa.Column('conclusion', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_council_session_campaign_id_campaign'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_session'))
    )
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_session_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('emulation_block',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('leader_unit_id', sa.Integer(), nullable=True),
    sa.Column('deputy_unit_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_emulation_block_campaign_id_campaign'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['deputy_unit_id'], ['unit.id'], name=op.f('fk_emulation_block_deputy_unit_id_unit'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['leader_unit_id'], ['unit.id'], name=op.f('fk_emulation_block_leader_unit_id_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emulation_block')),
    sa.UniqueConstraint('campaign_id', 'name_key', name=op.f('uq_emulation_block_campaign_id_name_key'))
    )
    with op.batch_alter_table('emulation_block', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emulation_block_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('issued_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('dated', sa.Date(), nullable=True),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_issued_document_campaign_id_campaign'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_document'))
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('movement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_movement_campaign_id_campaign'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement'))
    )
    with op.batch_alter_table('movement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('is_main', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_period_campaign_id_campaign'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period')),
    sa.UniqueConstraint('campaign_id', 'code', name=op.f('uq_period_campaign_id_code'))
    )
    with op.batch_alter_table('period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('gender', sa.String(length=10), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('is_leader', sa.Boolean(), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_person_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_unit_id'), ['unit_id'], unique=False)

    op.create_table('registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('titles', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_registration_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_registration_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration')),
    sa.UniqueConstraint('campaign_id', 'unit_id', name=op.f('uq_registration_campaign_id_unit_id'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_unit_id'), ['unit_id'], unique=False)

    op.create_table('target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_target_campaign_id_campaign'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target')),
    sa.UniqueConstraint('campaign_id', 'code', name=op.f('uq_target_campaign_id_code'))
    )
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('block_membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('block_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['block_id'], ['emulation_block.id'], name=op.f('fk_block_membership_block_id_emulation_block'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_block_membership_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_block_membership_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_block_membership')),
    sa.UniqueConstraint('campaign_id', 'unit_id', name=op.f('uq_block_membership_campaign_id_unit_id'))
    )
    with op.batch_alter_table('block_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_block_membership_block_id'), ['block_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_block_membership_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_block_membership_unit_id'), ['unit_id'], unique=False)

    op.create_table('council_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('attendance', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['council_session.id'], name=op.f('fk_council_member_session_id_council_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_member'))
    )
    with op.batch_alter_table('council_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_member_session_id'), ['session_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('title_id', sa.Integer(), nullable=True),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_title', sa.String(length=100), nullable=False),
    sa.Column('base_salary', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('frozen', sa.Boolean(), nullable=False),
    sa.Column('reopen_log', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_decision_campaign_id_campaign'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['session_id'], ['council_session.id'], name=op.f('fk_decision_session_id_council_session'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['title_id'], ['award_title.id'], name=op.f('fk_decision_title_id_award_title'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('comparison', sa.String(length=20), nullable=False),
    sa.Column('planned_value', sa.Float(), nullable=True),
    sa.Column('baseline_value', sa.Float(), nullable=True),
    sa.Column('numerator_label', sa.String(length=300), nullable=False),
    sa.Column('denominator_label', sa.String(length=300), nullable=False),
    sa.Column('amount_unit', sa.String(length=50), nullable=False),
    sa.Column('rollup', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['target_id'], ['target.id'], name=op.f('fk_measure_target_id_target'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure'))
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_target_id'), ['target_id'], unique=False)

    op.create_table('person_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.String(length=10), nullable=False),
    sa.Column('discipline', sa.String(length=50), nullable=False),
    sa.Column('under_review', sa.Boolean(), nullable=False),
    sa.Column('initiative', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_person_year_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_year_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_year')),
    sa.UniqueConstraint('campaign_id', 'person_id', name=op.f('uq_person_year_campaign_id_person_id'))
    )
    with op.batch_alter_table('person_year', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_year_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_year_person_id'), ['person_id'], unique=False)

    op.create_table('scorecard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('block_id', sa.Integer(), nullable=False),
    sa.Column('scale', sa.Integer(), nullable=False),
    sa.Column('bands', sa.JSON(), nullable=False),
    sa.Column('tiebreak', sa.JSON(), nullable=False),
    sa.Column('bonus_cap', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['block_id'], ['emulation_block.id'], name=op.f('fk_scorecard_block_id_emulation_block'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorecard')),
    sa.UniqueConstraint('block_id', name=op.f('uq_scorecard_block_id'))
    )
    op.create_table('unit_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('source_file', sa.String(length=500), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_unit_report_period_id_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_report_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_report')),
    sa.UniqueConstraint('period_id', 'unit_id', name=op.f('uq_unit_report_period_id_unit_id'))
    )
    with op.batch_alter_table('unit_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_report_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_report_unit_id'), ['unit_id'], unique=False)

    op.create_table('allocation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('planned_value', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_allocation_measure_id_measure'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_allocation_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocation')),
    sa.UniqueConstraint('measure_id', 'unit_id', name=op.f('uq_allocation_measure_id_unit_id'))
    )
    with op.batch_alter_table('allocation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allocation_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocation_unit_id'), ['unit_id'], unique=False)

    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('block_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('group', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=50), nullable=False),
    sa.Column('comparison', sa.String(length=20), nullable=False),
    sa.Column('planned_value', sa.Float(), nullable=True),
    sa.Column('max_points', sa.Float(), nullable=False),
    sa.Column('rule', sa.String(length=30), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['block_id'], ['emulation_block.id'], name=op.f('fk_criterion_block_id_emulation_block'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_criterion_measure_id_measure'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion')),
    sa.UniqueConstraint('block_id', 'code', name=op.f('uq_criterion_block_id_code'))
    )
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criterion_block_id'), ['block_id'], unique=False)

    op.create_table('nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('household_name', sa.String(length=300), nullable=False),
    sa.Column('household_address', sa.String(length=300), nullable=False),
    sa.Column('title_id', sa.Integer(), nullable=False),
    sa.Column('proposing_unit_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('achievement_key', sa.String(length=300), nullable=False),
    sa.Column('rating', sa.String(length=10), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('check_report', sa.JSON(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('decision_seq', sa.Integer(), nullable=True),
    sa.Column('prize_amount', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_nomination_campaign_id_campaign'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_nomination_decision_id_decision'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_nomination_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['proposing_unit_id'], ['unit.id'], name=op.f('fk_nomination_proposing_unit_id_unit'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['title_id'], ['award_title.id'], name=op.f('fk_nomination_title_id_award_title'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_nomination_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination'))
    )
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_title_id'), ['title_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_unit_id'), ['unit_id'], unique=False)

    op.create_table('result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('criterion_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('numerator', sa.Float(), nullable=True),
    sa.Column('denominator', sa.Float(), nullable=True),
    sa.Column('current_amount', sa.Float(), nullable=True),
    sa.Column('previous_amount', sa.Float(), nullable=True),
    sa.Column('flag', sa.Boolean(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('source_file', sa.String(length=500), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_result_criterion_id_criterion'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_result_measure_id_measure'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['period_id'], ['period.id'], name=op.f('fk_result_period_id_period'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_result_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result'))
    )
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_result_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_result_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_result_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index('uq_result_unit_criterion', ['period_id', 'unit_id', 'criterion_id'], unique=True, sqlite_where=sa.text('criterion_id IS NOT NULL'), postgresql_where=sa.text('criterion_id IS NOT NULL'))
        batch_op.create_index('uq_result_unit_measure', ['period_id', 'unit_id', 'measure_id'], unique=True, sqlite_where=sa.text('unit_id IS NOT NULL AND measure_id IS NOT NULL'), postgresql_where=sa.text('unit_id IS NOT NULL AND measure_id IS NOT NULL'))
        batch_op.create_index('uq_result_ward_measure', ['period_id', 'measure_id'], unique=True, sqlite_where=sa.text('unit_id IS NULL AND measure_id IS NOT NULL'), postgresql_where=sa.text('unit_id IS NULL AND measure_id IS NOT NULL'))

    op.create_table('score_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_score_adjustment_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_score_adjustment_criterion_id_criterion'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_score_adjustment_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_adjustment'))
    )
    with op.batch_alter_table('score_adjustment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_adjustment_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_adjustment_unit_id'), ['unit_id'], unique=False)

    op.create_table('vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('agree', sa.Integer(), nullable=False),
    sa.Column('ballots', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_vote_nomination_id_nomination'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['session_id'], ['council_session.id'], name=op.f('fk_vote_session_id_council_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote')),
    sa.UniqueConstraint('session_id', 'nomination_id', name=op.f('uq_vote_session_id_nomination_id'))
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_session_id'), ['session_id'], unique=False)

    op.create_table('result_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=True),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('criterion_id', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('replaced_at', sa.DateTime(), nullable=False),
    sa.Column('replaced_by', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['result_id'], ['result.id'], name=op.f('fk_result_history_result_id_result'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_history'))
    )
    with op.batch_alter_table('result_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_history_result_id'), ['result_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('result_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_result_history_result_id'))

    op.drop_table('result_history')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_session_id'))
        batch_op.drop_index(batch_op.f('ix_vote_nomination_id'))

    op.drop_table('vote')
    with op.batch_alter_table('score_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_adjustment_unit_id'))
        batch_op.drop_index(batch_op.f('ix_score_adjustment_campaign_id'))

    op.drop_table('score_adjustment')
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.drop_index('uq_result_ward_measure', sqlite_where=sa.text('unit_id IS NULL AND measure_id IS NOT NULL'), postgresql_where=sa.text('unit_id IS NULL AND measure_id IS NOT NULL'))
        batch_op.drop_index('uq_result_unit_measure', sqlite_where=sa.text('unit_id IS NOT NULL AND measure_id IS NOT NULL'), postgresql_where=sa.text('unit_id IS NOT NULL AND measure_id IS NOT NULL'))
        batch_op.drop_index('uq_result_unit_criterion', sqlite_where=sa.text('criterion_id IS NOT NULL'), postgresql_where=sa.text('criterion_id IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_result_unit_id'))
        batch_op.drop_index(batch_op.f('ix_result_period_id'))
        batch_op.drop_index(batch_op.f('ix_result_measure_id'))
        batch_op.drop_index(batch_op.f('ix_result_criterion_id'))

    op.drop_table('result')
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_unit_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_title_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_person_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_decision_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_campaign_id'))

    op.drop_table('nomination')
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criterion_block_id'))

    op.drop_table('criterion')
    with op.batch_alter_table('allocation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allocation_unit_id'))
        batch_op.drop_index(batch_op.f('ix_allocation_measure_id'))

    op.drop_table('allocation')
    with op.batch_alter_table('unit_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_report_unit_id'))
        batch_op.drop_index(batch_op.f('ix_unit_report_period_id'))

    op.drop_table('unit_report')
    op.drop_table('scorecard')
    with op.batch_alter_table('person_year', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_year_person_id'))
        batch_op.drop_index(batch_op.f('ix_person_year_campaign_id'))

    op.drop_table('person_year')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_target_id'))

    op.drop_table('measure')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_campaign_id'))

    op.drop_table('decision')
    with op.batch_alter_table('council_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_member_session_id'))

    op.drop_table('council_member')
    with op.batch_alter_table('block_membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_block_membership_unit_id'))
        batch_op.drop_index(batch_op.f('ix_block_membership_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_block_membership_block_id'))

    op.drop_table('block_membership')
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_campaign_id'))

    op.drop_table('target')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_unit_id'))
        batch_op.drop_index(batch_op.f('ix_registration_campaign_id'))

    op.drop_table('registration')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_unit_id'))
        batch_op.drop_index(batch_op.f('ix_person_name_key'))

    op.drop_table('person')
    with op.batch_alter_table('period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_period_campaign_id'))

    op.drop_table('period')
    with op.batch_alter_table('movement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_campaign_id'))

    op.drop_table('movement')
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_document_campaign_id'))

    op.drop_table('issued_document')
    with op.batch_alter_table('emulation_block', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emulation_block_campaign_id'))

    op.drop_table('emulation_block')
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_session_campaign_id'))

    op.drop_table('council_session')
    op.drop_table('ward')
    op.drop_table('unit')
    op.drop_table('setting')
    op.drop_table('document_template')
    op.drop_table('campaign')
    op.drop_table('award_title')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_entity'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))

    op.drop_table('audit_entry')
    op.drop_table('account')
