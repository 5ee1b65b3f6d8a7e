"""Demo step 3: scorecards, nominations, the council's session and the decisions.

On top of the participants ("registry") and the year's results ("results"):

- every block gets the default scorecard (README, "Scoring"); the residential
  groups' block adds a bonus criterion (a model praised by the city, +3, bonus
  cap 5) and a disqualifying one (a serious, drawn-out security incident), the
  enterprises' block is scored on 1.000 points; one điểm thưởng and one điểm
  trừ with their reasons;
- nominations from several units: "Lao động tiên tiến" for the rated staff of
  the offices, schools and mass organisations, "Chiến sĩ thi đua cơ sở" for the
  excellent ones and those with an initiative, Giấy khen for each block's
  leader, for some people and households, "Tập thể lao động tiên tiến" for two
  units whose whole staff is on record, "Tổ dân phố văn hóa" and "Gia đình văn
  hóa", and proposals to the city; the rules block some (discipline, review,
  low rating) and warn on others, two warnings accepted with a reason;
- a council session of 9 members (7 present, 1 written opinion, 1 absent)
  with the votes on every nominee that may go before it;
- Quyết định 125/QĐ-UBND (Giấy khen) and 126/QĐ-UBND (danh hiệu thi đua),
  and Tờ trình 15/TTr-UBND to the city.

The dates follow the plan's timeline (:func:`timeline`): the units report
before their deadline (05/12/2026), the council meets three days after it,
the Chairman signs two days later and the tờ trình leaves for the city the
next day, before the ward's own deadline (15/12/2026).
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.results import ResultValues
from ...domain.scoring import total_text
from ...domain.text import common_in_sentence, format_money, format_number, lower_first_word, unique_key
from ...storage.models import Campaign, EmulationBlock, Person, PersonYear, Registration, Unit
from ..awards import catalogue as awards, council, decisions, nominations as nm, scoring
from ..results import entry as rs
from ..results import evaluation as ev
from ..awards.nominations import NominationInput
from ..progress import Progress
from .registry import person_name

STAFF_UNITS = ("co_quan", "don_vi_su_nghiep", "truong_hoc", "mat_tran_doan_the")
COMPLETE_STAFF = ("Trạm Y tế phường", "Phòng Văn hóa - Xã hội")  # all members on record: TTLĐTT can be checked
HOUSEHOLDS = [
    ("Hộ ông Phạm Văn Lộc", "Số 12 ngõ 45 đường Bạch Đằng", "Tổ dân phố số 3",
     "Tự nguyện hiến 56 m² đất để mở rộng ngõ 45, tổng giá trị khoảng 1,2 tỷ đồng", "GK"),
    ("Hộ bà Nguyễn Thị Nhàn", "Số 8 đường Tân Lập", "Tổ dân phố số 7",
     "Ủng hộ 50 triệu đồng xây dựng nhà văn hóa tổ dân phố", "GK"),
    ("Hộ ông Trần Văn Bảy", "Số 21 ngõ 3 Bạch Đằng", "Tổ dân phố số 1",
     "Hiến 20 m² đất, tháo dỡ tường rào làm đường giao thông", "GK"),
    ("Hộ ông Lê Văn Cường", "Số 4 ngõ 10 Bạch Đằng", "Tổ dân phố số 1", "Gia đình văn hóa 5 năm liền", "GDVH"),
    ("Hộ bà Vũ Thị Hạnh", "Số 16 ngõ 10 Bạch Đằng", "Tổ dân phố số 1", "Gia đình văn hóa 3 năm liền", "GDVH"),
    ("Hộ ông Đỗ Văn Hùng", "Số 2 ngõ 7 Tân Lập", "Tổ dân phố số 7", "Gia đình văn hóa tiêu biểu", "GDVH"),
    ("Hộ bà Hoàng Thị Lan", "Số 30 đường Bạch Đằng", "Tổ dân phố số 3", "Gia đình văn hóa 3 năm liền", "GDVH"),
    ("Hộ ông Bùi Văn Tám", "Số 9 ngõ 45 đường Bạch Đằng", "Tổ dân phố số 3", "Gia đình văn hóa tiêu biểu", "GDVH"),
]
COUNCIL = [
    ("Nguyễn Hoàng Minh", "Chủ tịch UBND phường, Chủ tịch Hội đồng", "present"),
    ("Trần Thị Thanh Hương", "Phó Chủ tịch UBND phường, Phó Chủ tịch Hội đồng", "present"),
    ("Lê Văn Thành", "Trưởng phòng Văn hóa - Xã hội, Ủy viên thường trực", "present"),
    ("Phạm Thị Ngọc Ánh", "Chủ tịch Ủy ban MTTQ Việt Nam phường, Ủy viên", "present"),
    ("Vũ Đức Thắng", "Trưởng Công an phường, Ủy viên", "present"),
    ("Đặng Thị Hồng", "Chủ tịch Hội Liên hiệp Phụ nữ phường, Ủy viên", "present"),
    ("Nguyễn Văn Quang", "Chánh Văn phòng HĐND và UBND phường, Ủy viên", "present"),
    ("Hoàng Minh Tuấn", "Bí thư Đoàn phường, Ủy viên", "written"),
    ("Đỗ Văn Hải", "Chủ tịch Hội Cựu chiến binh phường, Ủy viên", "absent"),
]


def populate(session: Session, campaign: Campaign, rng: random.Random, progress: Progress) -> str:
    progress(0, 4, "Đang tạo bảng chấm điểm mẫu…")
    units = {u.name: u for u in session.scalars(select(Unit))}
    _scorecards(session, campaign, units)
    _complete_staff(session, campaign, rng, units)
    progress(1, 4, "Đang tạo đề nghị khen thưởng mẫu…")
    count = _nominations(session, campaign, rng, units)
    progress(2, 4, "Đang tạo phiên họp Hội đồng mẫu…")
    cs = _council(session, campaign, rng)
    progress(3, 4, "Đang ghi quyết định khen thưởng mẫu…")
    made = _decisions(session, campaign, cs.id)
    total = sum(decisions.total_prize(session, d) for d in made)
    return (f"bảng chấm điểm của {len(scoring.blocks(session, campaign))} khối, {count} đề nghị khen thưởng, "
            f"phiên họp Hội đồng {len(COUNCIL)} thành viên, {len(made)} văn bản "
            f"({', '.join(d.number for d in made)}), tiền thưởng {format_money(total)} đồng")


# --- scorecards ----------------------------------------------------------------


def _scorecards(session: Session, campaign: Campaign, units: dict[str, Unit]) -> None:
    period = ev.main_period(campaign)
    for block in scoring.blocks(session, campaign):
        card = scoring.save_default_scorecard(session, block)
        if block.name == "Khối tổ dân phố":
            _residential(session, period, block, card)
        elif block.name == "Khối doanh nghiệp":
            header = scoring.default_header(session, 100)
            edits = [scoring.CriterionEdit(c.id, c.code, c.label, s.max_points, s.rule.value, s.role.value,
                                           dict(s.params)) for c, s in zip(card.criteria, card.card.criteria)]
            bands, edits, cap = scoring.rescale(header["bands"], edits, None, 100, 1000)
            scoring.save_scorecard(session, block.id, 1000, bands, header["tiebreak"], cap, edits,
                                   "Khối doanh nghiệp chấm trên thang 1.000 điểm theo thỏa thuận của khối.")
    scoring.add_adjustment(session, campaign, units["Trường THCS Bạch Đằng"].id, 2,
                           "Giải Nhất Hội thi giáo viên dạy giỏi cấp thành phố năm học 2025 - 2026")
    scoring.add_adjustment(session, campaign, units["Hội Chữ thập đỏ phường"].id, -1,
                           "Nộp báo cáo 6 tháng sai biểu mẫu, phải làm lại")


def _residential(session: Session, period, block: EmulationBlock, card: scoring.BlockCard) -> None:
    edits = [scoring.CriterionEdit(c.id, c.code, c.label, s.max_points, s.rule.value, s.role.value, dict(s.params))
             for c, s in zip(card.criteria, card.card.criteria)]
    edits.append(scoring.CriterionEdit(None, "T1", "Có mô hình, cách làm hay được thành phố biểu dương", 3, "yesno",
                                       "bonus", {"expected": True}))
    edits.append(scoring.CriterionEdit(None, "L1", "Để xảy ra vụ việc an ninh, trật tự phức tạp, kéo dài", 0, "yesno",
                                       "disqualify"))
    header = scoring.default_header(session, 100)
    scoring.save_scorecard(session, block.id, 100, header["bands"], header["tiebreak"], 5, edits,
                           "Điểm thưởng tối đa 5 điểm; vi phạm tiêu chí liệt thì không xếp hạng.")
    criteria = {c.code: c for c in scoring.block_criteria(session, block.id)}
    people = ev.participants(session, period.campaign)
    members = [u for uid, u in people.units.items() if people.block_of.get(uid) is not None
               and people.block_of[uid].id == block.id]
    reports = ev.period_results(session, period).reports
    changes = []
    for unit in members:
        report = reports.get(unit.id)
        if report is None:
            continue
        praised = unit.name in ("Tổ dân phố số 7", "Tổ dân phố số 3")
        incident = unit.name == "Tổ dân phố số 9"
        changes.append((report.reported_on, [
            rs.CellChange(rs.CellKey(unit.id, ev.CRITERION, criteria["T1"].id), ResultValues(flag=praised)),
            rs.CellChange(rs.CellKey(unit.id, ev.CRITERION, criteria["L1"].id), ResultValues(flag=incident),
                          note="Vụ tranh chấp đất đai kéo dài, đã có đơn thư vượt cấp" if incident else rs.KEEP),
        ]))
    for day, cells in changes:
        rs.apply_changes(session, period, cells, "demo", reported_on=day)


def _complete_staff(session: Session, campaign: Campaign, rng: random.Random, units: dict[str, Unit]) -> None:
    """Put the whole staff of two units on record, so that their collective
    title can be checked against 70 % "Lao động tiên tiến"."""
    for name in COMPLETE_STAFF:
        unit = units[name]
        present = list(session.scalars(select(Person).where(Person.unit_id == unit.id)))
        women = sum(1 for p in present if p.gender == "nu")
        for i in range(max(0, (unit.staff_count or 0) - len(present))):
            gender = "nu" if women < (unit.female_staff_count or 0) else "nam"
            women += gender == "nu"
            year = rng.randint(1975, 1999)
            full_name = person_name(rng, gender, year)
            person = Person(full_name=full_name, name_key=unique_key(full_name), gender=gender, birth_year=year,
                            position="Viên chức" if unit.kind == "don_vi_su_nghiep" else "Chuyên viên",
                            unit_id=unit.id)
            session.add(person)
            session.flush()
            session.add(PersonYear(campaign_id=campaign.id, person_id=person.id,
                                   rating="HTXSNV" if i == 0 else "HTTNV"))
    session.flush()


# --- nominations -----------------------------------------------------------------


def _nominations(session: Session, campaign: Campaign, rng: random.Random, units: dict[str, Unit]) -> int:
    add = lambda data: nm.create(session, campaign, data, recheck_all=False)  # noqa: E731
    years = {py.person_id: py for py in session.scalars(select(PersonYear).where(PersonYear.campaign_id == campaign.id))}
    people = list(session.scalars(select(Person).order_by(Person.id)))
    count = 0
    for p in people:
        unit = p.unit
        py = years.get(p.id)
        if unit is None or unit.kind not in STAFF_UNITS or py is None or py.rating in ("", "KHTNV"):
            continue
        if py.rating == "HTNV" and not py.discipline and rng.random() < 0.85:
            continue  # units rarely propose people rated "hoàn thành nhiệm vụ"
        add(NominationInput("person", "LDTT", person_id=p.id, rating=py.rating,
                            summary=f"Hoàn thành {'xuất sắc' if py.rating == 'HTXSNV' else 'tốt'} nhiệm vụ "
                                    f"{common_in_sentence(p.position)} năm {campaign.year}"))
        count += 1
        if py.rating == "HTXSNV" or py.initiative:
            add(NominationInput("person", "CSTDCS", person_id=p.id, rating=py.rating,
                                summary=py.initiative or f"Hoàn thành xuất sắc nhiệm vụ năm {campaign.year}; "
                                                         "tiêu biểu trong phong trào thi đua của đơn vị"))
            count += 1
    rankings = scoring.rankings(session, campaign)
    for block in rankings.blocks:
        leader = next((s for s in block.ranking.entries if s.rank == 1), None)
        if leader is not None:
            add(NominationInput("unit", "GK", unit_id=leader.unit_id,
                                summary=f"Dẫn đầu {lower_first_word(block.card.block_name)} năm {campaign.year} với "
                                        f"{total_text(leader.total, leader.scale, leader.bonus)}, "
                                        f"xếp loại {leader.band}"))
            count += 1
    for name in COMPLETE_STAFF + ("Trường THCS Bạch Đằng",):
        add(NominationInput("unit", "TTLDTT", unit_id=units[name].id,
                            summary=f"Hoàn thành tốt nhiệm vụ năm {campaign.year}; nội bộ đoàn kết"))
        count += 1
    registered = {r.unit_id: r.titles for r in session.scalars(
        select(Registration).where(Registration.campaign_id == campaign.id))}
    tdp = rankings.blocks[[b.card.block_name for b in rankings.blocks].index("Khối tổ dân phố")].ranking
    for score in tdp.entries:
        if score.reported and "TDPVH" in registered.get(score.unit_id, []):
            add(NominationInput("unit", "TDPVH", unit_id=score.unit_id,
                                summary=f"Đạt các tiêu chí tổ dân phố văn hóa; {format_number(score.total)} "
                                        "điểm thi đua"))
            count += 1
    for name, address, group, summary, code in HOUSEHOLDS:
        add(NominationInput("household", code, household_name=name, household_address=address,
                            proposing_unit_id=units[group].id, summary=summary))
        count += 1
    # individuals for Giấy khen: residential group leaders and workers of enterprises (no rating)
    chosen = [p for p in people if p.unit is not None and p.unit.kind in ("to_dan_pho", "doanh_nghiep")][:8:2]
    for p in chosen:
        add(NominationInput("person", "GK", person_id=p.id,
                            summary=f"Có thành tích xuất sắc trong phong trào thi đua năm {campaign.year} "
                                    f"tại {p.unit.name}"))
        count += 1
    # proposals to the city
    top_tdp = next(s for s in tdp.entries if s.rank == 1)
    add(NominationInput("unit", "CTD", unit_id=top_tdp.unit_id,
                        summary=f"Dẫn đầu phong trào thi đua khối tổ dân phố năm {campaign.year}"))
    # a thematic movement: its own achievement, not the year's (Luật 2022 Điều 5 khoản 2 điểm c)
    add(NominationInput("unit", "BK", unit_id=units["Trường THCS Bạch Đằng"].id,
                        summary="Có thành tích xuất sắc trong phong trào thi đua “Dạy tốt, học tốt”",
                        achievement_key="Phong trào thi đua “Dạy tốt, học tốt”"))
    count += 2
    session.flush()
    nm.recheck(session, campaign, rankings.unit_scores())
    for row in nm.rows(session, campaign):
        if row.verdict.value == "warn" and row.title_code == "GK" and row.subject == "person":
            nm.accept_warnings(session, row.id, "Người lao động ngoài khu vực nhà nước, không thuộc diện "
                                                "đánh giá, xếp loại; tổ dân phố, doanh nghiệp xác nhận hoàn thành tốt")
        elif row.verdict.value == "warn" and row.title_code == "BK":
            # the first of Điều 74's grounds, not two excellent years running
            nm.accept_warnings(session, row.id, "Đề nghị vì thành tích xuất sắc được bình xét trong phong trào thi "
                                                "đua “Dạy tốt, học tốt” (Luật Thi đua, khen thưởng 2022, Điều 74)")
    return count


# --- council and decisions -----------------------------------------------------------


def timeline(campaign: Campaign) -> dict[str, dt.date]:
    """When the council meets, the decisions are signed and the tờ trình goes to the city."""
    due = campaign.units_deadline or dt.date(campaign.year, 12, 5)
    council_day = due + dt.timedelta(days=3)
    signed = council_day + dt.timedelta(days=2)
    return {"council": council_day, "decisions": signed, "to_city": signed + dt.timedelta(days=1)}


def _council(session: Session, campaign: Campaign, rng: random.Random):
    day = timeline(campaign)["council"]
    cs = council.save_session(session, campaign, council.SessionInput(
        "01/BB-HĐTĐKT", dt.datetime.combine(day, dt.time(8, 0)), dt.datetime.combine(day, dt.time(10, 30)),
        "Hội trường Ủy ban nhân dân phường", "Nguyễn Hoàng Minh", "Lê Văn Thành",
        "Hội đồng thống nhất đề nghị Chủ tịch Ủy ban nhân dân phường khen thưởng các tập thể, cá nhân, hộ gia đình "
        "đạt số phiếu theo quy định; đề nghị thành phố tặng Cờ thi đua và Bằng khen.",
        members=[council.MemberInput(n, r, a) for n, r, a in COUNCIL]))
    votes = {}
    for group in council.ballot_groups(session, campaign, cs):
        for row in group.rows:
            roll = rng.random()
            if group.title.needs_ballot:  # 80 % of all 9 members: 8 of the 8 voters pass, 7 do not
                votes[row.id] = 8 if roll < 0.88 else 7
            else:
                votes[row.id] = 8 if roll < 0.75 else 7 if roll < 0.93 else 4
    session.flush()
    council.set_votes(session, cs.id, votes)
    return cs


def _decisions(session: Session, campaign: Campaign, session_id: int) -> list:
    dates = timeline(campaign)
    signed, to_city = dates["decisions"], dates["to_city"]
    titles = {t.code: t.id for t in awards.titles(session)}
    made = []
    for number, day, codes in (("125/QĐ-UBND", signed, ["GK"]),
                               ("126/QĐ-UBND", signed, ["LDTT", "CSTDCS", "TTLDTT", "TDPVH", "GDVH"]),
                               ("15/TTr-UBND", to_city, ["CTD", "BK"])):
        made.append(decisions.record(session, campaign, decisions.DecisionInput(
            number, day, [titles[c] for c in codes], session_id=session_id)))
    return made
