"""SQLAlchemy ORM models: everything the ward records over a year.

Names are English; the Vietnamese term is in each docstring. Text columns hold
NFC text cleaned by :mod:`thidua_desktop.domain.text`; ``*_key`` columns hold
:func:`~thidua_desktop.domain.text.unique_key` values used for uniqueness.

Every schema change comes with an Alembic migration in ``storage/migrations``;
``tests/test_migrations.py`` fails when the two disagree.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .clock import now

# Named constraints so that Alembic's batch mode can alter SQLite tables.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Stamped:
    """Creation and last-change time on rows a clerk edits."""

    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)


# --- the ward and its settings ---------------------------------------------


class Ward(Base, Stamped):
    """Phường: the issuing authority named on every document."""

    __tablename__ = "ward"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # "Bạch Đằng"
    full_name: Mapped[str] = mapped_column(String(200))  # "Phường Bạch Đằng"
    authority: Mapped[str] = mapped_column(String(300))  # "Ủy ban nhân dân phường Bạch Đằng"
    parent_city: Mapped[str] = mapped_column(String(200))  # "thành phố Hải Phòng"
    place_name: Mapped[str] = mapped_column(String(200))  # địa danh on documents
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_title: Mapped[str] = mapped_column(String(100))  # "CHỦ TỊCH"
    signer_authority: Mapped[str] = mapped_column(String(100))  # "TM. ỦY BAN NHÂN DÂN"
    deputy_signer_name: Mapped[str] = mapped_column(String(200), default="")
    deputy_signer_title: Mapped[str] = mapped_column(String(100), default="PHÓ CHỦ TỊCH")
    staff_office: Mapped[str] = mapped_column(String(200), default="")  # Phòng Văn hóa - Xã hội
    staff_office_short: Mapped[str] = mapped_column(String(30), default="")  # VHXH
    council_name: Mapped[str] = mapped_column(String(300), default="")
    report_addressee: Mapped[str] = mapped_column(String(300), default="")  # Kính gửi
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    # Number symbols per document type, e.g. {"BC": "BC-UBND", "QĐ": "QĐ-UBND"}.
    doc_symbols: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Setting(Base):
    """A configurable rule or default (thresholds, quotas, base salary…).

    Keys and defaults are declared in :mod:`thidua_desktop.domain.settings`;
    a row exists only where the ward changed the default."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)


# --- the plan ----------------------------------------------------------------


class Campaign(Base, Stamped):
    """Kế hoạch phát động phong trào thi đua of one year."""

    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(Text)
    number: Mapped[str] = mapped_column(String(50), default="")  # số/ký hiệu of the ward's plan
    issued_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    city_theme: Mapped[str] = mapped_column(Text, default="")
    ward_theme: Mapped[str] = mapped_column(Text, default="")
    city_plan_reference: Mapped[str] = mapped_column(Text, default="")
    city_plan_number: Mapped[str] = mapped_column(String(50), default="")
    city_plan_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    period_text: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[Optional[dt.date]] = mapped_column(Date)
    period_end: Mapped[Optional[dt.date]] = mapped_column(Date)
    units_deadline: Mapped[Optional[dt.date]] = mapped_column(Date)
    units_deadline_text: Mapped[str] = mapped_column(String(200), default="")
    units_report_to: Mapped[str] = mapped_column(String(300), default="")
    ward_deadline: Mapped[Optional[dt.date]] = mapped_column(Date)
    ward_deadline_text: Mapped[str] = mapped_column(String(200), default="")
    ward_report_to: Mapped[str] = mapped_column(String(300), default="")
    award_text: Mapped[str] = mapped_column(Text, default="")
    general_goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[list[Any]] = mapped_column(JSON, default=list)
    recipients: Mapped[list[Any]] = mapped_column(JSON, default=list)
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(100), default="")
    signer_authority: Mapped[str] = mapped_column(String(100), default="")
    # The clerk's narrative parts of the year-end report, by section key.
    narrative: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source_file: Mapped[str] = mapped_column(String(300), default="")
    # A closed year (Kết thúc năm) is read-only until reopened with a reason (services/years.py).
    closed_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    closed_by: Mapped[str] = mapped_column(String(100), default="")
    close_log: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"at", "by", "action", "reason"}]

    movements: Mapped[list["Movement"]] = relationship(
        back_populates="campaign", order_by="Movement.position", cascade="all, delete-orphan")
    targets: Mapped[list["Target"]] = relationship(
        back_populates="campaign", order_by="Target.position", cascade="all, delete-orphan")
    periods: Mapped[list["Period"]] = relationship(
        back_populates="campaign", order_by="Period.position", cascade="all, delete-orphan")
    blocks: Mapped[list["EmulationBlock"]] = relationship(
        back_populates="campaign", order_by="EmulationBlock.position")


class Movement(Base):
    """Phong trào thi đua named in the plan."""

    __tablename__ = "movement"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    campaign: Mapped[Campaign] = relationship(back_populates="movements")


class Period(Base):
    """Kỳ báo cáo: the year, or an interim period (6 tháng, đợt cao điểm)."""

    __tablename__ = "period"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[Optional[dt.date]] = mapped_column(Date)
    end: Mapped[Optional[dt.date]] = mapped_column(Date)
    deadline: Mapped[Optional[dt.date]] = mapped_column(Date)
    is_main: Mapped[bool] = mapped_column(Boolean, default=False)  # the year-end period
    campaign: Mapped[Campaign] = relationship(back_populates="periods")


class Target(Base, Stamped):
    """Chỉ tiêu chủ yếu of the plan, e.g. "(8) Tỷ lệ dân số tham gia BHYT đạt 96%"."""

    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    campaign: Mapped[Campaign] = relationship(back_populates="targets")
    measures: Mapped[list["Measure"]] = relationship(
        back_populates="target", order_by="Measure.position", cascade="all, delete-orphan")


class Measure(Base, Stamped):
    """One measured value of a target (target (6) and (12) have two).

    ``comparison`` and ``kind`` take the values of
    :class:`~thidua_desktop.domain.targets.Comparison` and ``MeasureKind``."""

    __tablename__ = "measure"
    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20))  # "8", "6a", "6b"
    label: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(50), default="")  # ĐVT
    kind: Mapped[str] = mapped_column(String(20))
    comparison: Mapped[str] = mapped_column(String(20))
    planned_value: Mapped[Optional[float]] = mapped_column(Float)
    baseline_value: Mapped[Optional[float]] = mapped_column(Float)  # last year's, for decrease/growth
    numerator_label: Mapped[str] = mapped_column(String(300), default="")
    denominator_label: Mapped[str] = mapped_column(String(300), default="")
    amount_unit: Mapped[str] = mapped_column(String(50), default="")  # for growth from amounts
    # How units' results combine into the ward figure: "ratio", "sum", "none".
    rollup: Mapped[str] = mapped_column(String(20), default="none")
    note: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[Target] = relationship(back_populates="measures")
    allocations: Mapped[list["Allocation"]] = relationship(
        back_populates="measure", cascade="all, delete-orphan")


# --- participants ----------------------------------------------------------


class EmulationBlock(Base, Stamped):
    """Khối thi đua of a year, with its leading and deputy units."""

    __tablename__ = "emulation_block"
    __table_args__ = (UniqueConstraint("campaign_id", "name_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    leader_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    deputy_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    campaign: Mapped[Campaign] = relationship(back_populates="blocks")
    leader_unit: Mapped[Optional["Unit"]] = relationship(foreign_keys=[leader_unit_id])
    deputy_unit: Mapped[Optional["Unit"]] = relationship(foreign_keys=[deputy_unit_id])
    memberships: Mapped[list["BlockMembership"]] = relationship(back_populates="block")


class Unit(Base, Stamped):
    """Cơ quan, đơn vị, doanh nghiệp, tổ dân phố, trường học, Mặt trận, đoàn thể…"""

    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(50), default="")  # see domain.units.UNIT_KINDS
    head_name: Mapped[str] = mapped_column(String(200), default="")  # thủ trưởng
    phone: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    staff_count: Mapped[Optional[int]] = mapped_column(Integer)
    female_staff_count: Mapped[Optional[int]] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    memberships: Mapped[list["BlockMembership"]] = relationship(back_populates="unit")
    people: Mapped[list["Person"]] = relationship(back_populates="unit")


class BlockMembership(Base):
    """A unit's place in a block for one year (one block per unit per year)."""

    __tablename__ = "block_membership"
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("emulation_block.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    block: Mapped[EmulationBlock] = relationship(back_populates="memberships")
    unit: Mapped[Unit] = relationship(back_populates="memberships")


class Person(Base, Stamped):
    """Cá nhân: an official, worker or resident who may be nominated."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    gender: Mapped[str] = mapped_column(String(10), default="")  # "nam" / "nu" / ""
    birth_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    birth_year: Mapped[Optional[int]] = mapped_column(Integer)
    position: Mapped[str] = mapped_column(String(200), default="")  # chức vụ
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)  # giữ chức vụ lãnh đạo
    phone: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[Optional[Unit]] = relationship(back_populates="people")


class PersonYear(Base, Stamped):
    """A person's standing for a year: task-completion rating, discipline,
    pending review, recognised initiatives (what eligibility rules read)."""

    __tablename__ = "person_year"
    __table_args__ = (UniqueConstraint("campaign_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    rating: Mapped[str] = mapped_column(String(10), default="")  # HTXSNV / HTTNV / HTNV / KHTNV
    discipline: Mapped[str] = mapped_column(String(50), default="")  # "" or khiển trách / cảnh cáo / …
    under_review: Mapped[bool] = mapped_column(Boolean, default=False)  # bị xem xét kỷ luật, điều tra
    initiative: Mapped[str] = mapped_column(Text, default="")  # sáng kiến / đề tài được công nhận
    note: Mapped[str] = mapped_column(Text, default="")


class Registration(Base, Stamped):
    """Đăng ký thi đua: a unit's pledge for the year and the titles it aims for."""

    __tablename__ = "registration"
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    registered_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    titles: Mapped[list[Any]] = mapped_column(JSON, default=list)  # title codes
    note: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[Unit] = relationship()


# --- targets carried out by units, criteria and results ---------------------


class Allocation(Base, Stamped):
    """A measure given to a unit with the unit's own planned value (giao chỉ tiêu)."""

    __tablename__ = "allocation"
    __table_args__ = (UniqueConstraint("measure_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    planned_value: Mapped[Optional[float]] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[Measure] = relationship(back_populates="allocations")
    unit: Mapped[Unit] = relationship()


class Criterion(Base, Stamped):
    """Tiêu chí of a block's list and scorecard (bảng chấm điểm).

    A criterion either follows an allocated measure (``measure_id``) or stands on
    its own (yes/no or a number of its own). Scoring fields say how it earns
    points; ``rule`` is one of the rules in ``domain.scoring`` with ``params``."""

    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("block_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("emulation_block.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(Text)
    group: Mapped[str] = mapped_column(String(200), default="")  # nhóm tiêu chí
    kind: Mapped[str] = mapped_column(String(20), default="yesno")  # measure / yesno / number
    measure_id: Mapped[Optional[int]] = mapped_column(ForeignKey("measure.id", ondelete="RESTRICT"))
    unit: Mapped[str] = mapped_column(String(50), default="")
    comparison: Mapped[str] = mapped_column(String(20), default="ge")
    planned_value: Mapped[Optional[float]] = mapped_column(Float)
    max_points: Mapped[float] = mapped_column(Float, default=0)
    rule: Mapped[str] = mapped_column(String(30), default="full")
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    role: Mapped[str] = mapped_column(String(20), default="score")  # score / bonus / penalty / disqualify
    note: Mapped[str] = mapped_column(Text, default="")
    block: Mapped[EmulationBlock] = relationship()
    measure: Mapped[Optional[Measure]] = relationship()


class Scorecard(Base, Stamped):
    """Bảng chấm điểm header of a block: scale, classification bands, tie-break chain."""

    __tablename__ = "scorecard"
    id: Mapped[int] = mapped_column(primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("emulation_block.id", ondelete="CASCADE"), unique=True)
    scale: Mapped[int] = mapped_column(Integer, default=100)  # 100 or 1000
    bands: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"name": "Xuất sắc", "min": 90}, …]
    tiebreak: Mapped[list[Any]] = mapped_column(JSON, default=list)  # ordered keys
    bonus_cap: Mapped[Optional[float]] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    block: Mapped[EmulationBlock] = relationship()


class Result(Base, Stamped):
    """Kết quả: a value reported for a measure or criterion, for a unit or for
    the whole ward (``unit_id`` is NULL), in one period.

    Missing is a missing row, never a zero. Rates keep numerator and
    denominator; growth keeps this year's and last year's amounts when given."""

    __tablename__ = "result"
    # Partial unique indexes. On PostgreSQL migration 0001 makes them partial too
    # (``postgresql_where``); naming that option here would load SQLAlchemy's
    # PostgreSQL dialect, every driver module of it, at each start (~40 ms) for
    # SQLite files, where the models never make tables.
    __table_args__ = (
        Index("uq_result_unit_measure", "period_id", "unit_id", "measure_id", unique=True,
              sqlite_where=text("unit_id IS NOT NULL AND measure_id IS NOT NULL")),
        Index("uq_result_ward_measure", "period_id", "measure_id", unique=True,
              sqlite_where=text("unit_id IS NULL AND measure_id IS NOT NULL")),
        Index("uq_result_unit_criterion", "period_id", "unit_id", "criterion_id", unique=True,
              sqlite_where=text("criterion_id IS NOT NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency (several clerks on one server): every UPDATE checks the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    measure_id: Mapped[Optional[int]] = mapped_column(ForeignKey("measure.id", ondelete="RESTRICT"), index=True)
    criterion_id: Mapped[Optional[int]] = mapped_column(ForeignKey("criterion.id", ondelete="RESTRICT"), index=True)
    value: Mapped[Optional[float]] = mapped_column(Float)
    numerator: Mapped[Optional[float]] = mapped_column(Float)
    denominator: Mapped[Optional[float]] = mapped_column(Float)
    current_amount: Mapped[Optional[float]] = mapped_column(Float)
    previous_amount: Mapped[Optional[float]] = mapped_column(Float)
    flag: Mapped[Optional[bool]] = mapped_column(Boolean)  # yes/no criteria
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")  # minh chứng
    source: Mapped[str] = mapped_column(String(30), default="manual")  # manual / paste / form / import
    source_file: Mapped[str] = mapped_column(String(500), default="")
    reported_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    updated_by: Mapped[str] = mapped_column(String(100), default="")


class ResultHistory(Base):
    """An earlier value of a result, kept when it is changed after being reported."""

    __tablename__ = "result_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[Optional[int]] = mapped_column(ForeignKey("result.id", ondelete="SET NULL"), index=True)
    period_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[Optional[int]] = mapped_column(Integer)
    measure_id: Mapped[Optional[int]] = mapped_column(Integer)
    criterion_id: Mapped[Optional[int]] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)  # the old values
    replaced_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    replaced_by: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class UnitReport(Base, Stamped):
    """That a unit has reported for a period: when, how, from which file."""

    __tablename__ = "unit_report"
    __table_args__ = (UniqueConstraint("period_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    reported_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(30), default="manual")
    source_file: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ScoreAdjustment(Base, Stamped):
    """Điểm thưởng / điểm trừ given to a unit with its reason."""

    __tablename__ = "score_adjustment"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    points: Mapped[float] = mapped_column(Float)  # positive bonus, negative deduction
    reason: Mapped[str] = mapped_column(Text)
    criterion_id: Mapped[Optional[int]] = mapped_column(ForeignKey("criterion.id", ondelete="SET NULL"))


# --- awards ----------------------------------------------------------------


class AwardTitle(Base, Stamped):
    """Danh hiệu / hình thức khen thưởng the ward gives or proposes, with its rules.

    ``subject``: unit / person / household, or ``any`` for a form given to all
    three (Giấy khen). ``level``: ward (decided by the ward chairman) or city
    (proposed upward). ``multiples`` overrides ``salary_multiple`` per subject
    (e.g. Giấy khen: tập thể 0,6, cá nhân 0,3). ``threshold_op``: ``ge`` (at
    least the threshold, e.g. ≥ 80%) or ``gt`` (above it: a majority is > 50%)."""

    __tablename__ = "award_title"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)  # GK, LDTT, CSTDCS, TTLDTT…
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="form")  # "title" (danh hiệu) / "form" (hình thức)
    subject: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20), default="ward")
    position: Mapped[int] = mapped_column(Integer, default=0)
    salary_multiple: Mapped[Optional[float]] = mapped_column(Float)  # × lương cơ sở
    needs_ballot: Mapped[bool] = mapped_column(Boolean, default=False)
    pass_threshold: Mapped[Optional[float]] = mapped_column(Float)  # % agreeing votes
    threshold_base: Mapped[str] = mapped_column(String(20), default="total")  # total / present
    threshold_op: Mapped[str] = mapped_column(String(2), default="ge")  # ge / gt
    multiples: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # subject → multiple
    quota: Mapped[Optional[int]] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Nomination(Base, Stamped):
    """Đề nghị khen thưởng of a collective, an individual or a household."""

    __tablename__ = "nomination"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency (several clerks on one server): every UPDATE checks the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="RESTRICT"), index=True)
    subject: Mapped[str] = mapped_column(String(20))  # unit / person / household
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    household_name: Mapped[str] = mapped_column(String(300), default="")  # hộ ông/bà …
    household_address: Mapped[str] = mapped_column(String(300), default="")
    title_id: Mapped[int] = mapped_column(ForeignKey("award_title.id", ondelete="RESTRICT"), index=True)
    proposing_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    summary: Mapped[str] = mapped_column(Text, default="")  # tóm tắt thành tích
    achievement_key: Mapped[str] = mapped_column(String(300), default="")  # one achievement, one award
    rating: Mapped[str] = mapped_column(String(10), default="")  # HTXSNV / HTTNV / HTNV / KHTNV
    score: Mapped[Optional[float]] = mapped_column(Float)
    rank: Mapped[Optional[int]] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30), default="proposed")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    check_report: Mapped[list[Any]] = mapped_column(JSON, default=list)  # last eligibility findings
    decision_id: Mapped[Optional[int]] = mapped_column(ForeignKey("decision.id", ondelete="SET NULL"), index=True)
    decision_seq: Mapped[Optional[int]] = mapped_column(Integer)  # số sổ vàng
    prize_amount: Mapped[Optional[int]] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    achievement_text: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)  # báo cáo thành tích: part → text
    title: Mapped[AwardTitle] = relationship()
    unit: Mapped[Optional[Unit]] = relationship(foreign_keys=[unit_id])
    person: Mapped[Optional[Person]] = relationship()
    proposing_unit: Mapped[Optional[Unit]] = relationship(foreign_keys=[proposing_unit_id])


class CouncilSession(Base, Stamped):
    """Phiên họp Hội đồng Thi đua - Khen thưởng."""

    __tablename__ = "council_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(50), default="")  # số biên bản
    held_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    ended_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    members_total: Mapped[int] = mapped_column(Integer, default=0)
    chair_name: Mapped[str] = mapped_column(String(200), default="")
    secretary_name: Mapped[str] = mapped_column(String(200), default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    posted_on: Mapped[Optional[dt.date]] = mapped_column(Date)  # result posted publicly (Luật Đ84 k5)
    comments_until: Mapped[Optional[dt.date]] = mapped_column(Date)  # last day for comments
    members: Mapped[list["CouncilMember"]] = relationship(
        back_populates="session", order_by="CouncilMember.position", cascade="all, delete-orphan")
    votes: Mapped[list["Vote"]] = relationship(back_populates="session", cascade="all, delete-orphan")


class CouncilMember(Base):
    """A member of the council at a session: present, absent with a written opinion, or absent."""

    __tablename__ = "council_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")  # Chủ tịch HĐ, Ủy viên…
    attendance: Mapped[str] = mapped_column(String(20), default="present")  # present / written / absent
    session: Mapped[CouncilSession] = relationship(back_populates="members")


class Vote(Base, Stamped):
    """Number of agreeing votes for one nomination at a session."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("session_id", "nomination_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency (several clerks on one server): every UPDATE checks the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="RESTRICT"), index=True)
    agree: Mapped[int] = mapped_column(Integer)
    ballots: Mapped[Optional[int]] = mapped_column(Integer)  # valid ballots counted
    session: Mapped[CouncilSession] = relationship(back_populates="votes")
    nomination: Mapped[Nomination] = relationship()


class Decision(Base, Stamped):
    """Quyết định khen thưởng. While ``frozen``, the lists it rests on cannot change."""

    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency (several clerks on one server): every UPDATE checks the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(50))  # "125/QĐ-UBND"
    signed_on: Mapped[dt.date] = mapped_column(Date)
    title_id: Mapped[Optional[int]] = mapped_column(ForeignKey("award_title.id", ondelete="RESTRICT"))
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(100), default="")
    base_salary: Mapped[Optional[int]] = mapped_column(Integer)  # lương cơ sở used
    session_id: Mapped[Optional[int]] = mapped_column(ForeignKey("council_session.id", ondelete="SET NULL"))
    frozen: Mapped[bool] = mapped_column(Boolean, default=True)
    reopen_log: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"at", "by", "reason"}]
    note: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[Optional[AwardTitle]] = relationship()


# --- documents -------------------------------------------------------------


class DocumentTemplate(Base, Stamped):
    """A clerk's edited Word template replacing a built-in default."""

    __tablename__ = "document_template"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), unique=True)  # year-end, proposal, decision…
    file_name: Mapped[str] = mapped_column(String(300), default="")
    content: Mapped[bytes] = mapped_column(LargeBinary)


class IssuedDocument(Base):
    """A document the app generated: kind, number, date, file (the register)."""

    __tablename__ = "issued_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[Optional[int]] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[str] = mapped_column(String(50), default="")
    dated: Mapped[Optional[dt.date]] = mapped_column(Date)
    path: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    created_by: Mapped[str] = mapped_column(String(100), default="")


# --- accounts and the audit trail ------------------------------------------


class Account(Base, Stamped):
    """A person who signs in: administrator, emulation officer, council member, reader."""

    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    last_login_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEntry(Base):
    """Nhật ký thay đổi: who changed what, when, from which value to which, and why."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(20))  # insert / update / delete / event
    entity: Mapped[str] = mapped_column(String(50), index=True)
    entity_id: Mapped[Optional[int]] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text, default="")  # human name of the record
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # field: [old, new]
    reason: Mapped[str] = mapped_column(Text, default="")
    # SHA-256 chaining this entry to the one before it (storage/audit_chain.py).
    entry_hash: Mapped[Optional[str]] = mapped_column(String(64))


# --- years: award history and the wards' exchange files (issue 18) ----------


class AwardHistory(Base, Stamped):
    """Lịch sử khen thưởng typed in or imported: earlier years' awards and the
    city's decisions. The ward's own recorded decisions are not copied here:
    they are read from the nominations (services/awards/history.py)."""

    __tablename__ = "award_history"
    __table_args__ = (UniqueConstraint("subject", "name_key", "unit_key", "title_key", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(20))  # unit / person / household
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    unit_name: Mapped[str] = mapped_column(String(300), default="")  # a person's unit, a household's address
    unit_key: Mapped[str] = mapped_column(String(300), default="")
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    title_key: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer, index=True)
    decision_number: Mapped[str] = mapped_column(String(50), default="")
    decision_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    level: Mapped[str] = mapped_column(String(20), default="ward")  # ward / city / higher
    source_file: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ExchangeFile(Base):
    """A ward's year received as a ``.thidua`` exchange file (city mode): the
    file as sent, and the figures the consolidated table reads."""

    __tablename__ = "exchange_file"
    __table_args__ = (UniqueConstraint("ward_key", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ward_name: Mapped[str] = mapped_column(String(200))
    ward_key: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    format_version: Mapped[int] = mapped_column(Integer)
    app_version: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)  # when the ward wrote the file
    file_name: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64))  # of the whole file
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class UnitLineage(Base, Stamped):
    """Đơn vị tiền thân: a unit merged from, split from or renamed from another (wards and
    agencies were reorganised in 2025) keeps the awards and years of its predecessors."""

    __tablename__ = "unit_lineage"
    __table_args__ = (UniqueConstraint("unit_id", "predecessor_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    # the predecessor as a unit of the registry when it is one, and always by name (it may be gone)
    predecessor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), index=True)
    predecessor_name: Mapped[str] = mapped_column(String(300))
    predecessor_key: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="renamed")  # see domain.units.LINEAGE_KINDS
    effective_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
