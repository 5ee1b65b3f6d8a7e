"""Papers of issue 17: the public disclosure's dates on the council session; the achievement report's texts.

Revision ID: 0003_papers_disclosure
Revises: 0002_audit_chain
Create Date: 2026-12-04

Luật Thi đua, khen thưởng 2022 Điều 84 khoản 5: the proposals are made public
before the decision. The dates are recorded on the council session whose
result is posted; both stay empty on sessions recorded before this version.
The narrative parts of a nominee's báo cáo thành tích (the duties, the
achievements in words) are kept on the nomination, empty until written.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_papers_disclosure'
down_revision = '0002_audit_chain'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('posted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('comments_until', sa.Date(), nullable=True))
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.add_column(sa.Column('achievement_text', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_column('achievement_text')
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.drop_column('comments_until')
        batch_op.drop_column('posted_on')
