"""Demo step 1: the participants of Phường Bạch Đằng (Hải Phòng).

About forty units in five emulation blocks — the ward's offices, the Front and
mass organisations, schools, residential groups and enterprises — with their
heads, staff numbers and phones; about 150 people with plausible Vietnamese
names (family, middle and given names drawn with realistic frequencies,
gender consistent with the middle name), positions and leadership flags; the
units' registrations for the year and people's task ratings.

Everything is drawn from the given ``rng``, so the demo is the same every time.
Later steps (results, scoring, awards) build on these units by their kinds.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...domain.registry import is_leader_position, name_key
from ...storage.models import BlockMembership, Campaign, EmulationBlock, Person, PersonYear, Registration, Unit
from ..progress import Progress

WARD = "phường Bạch Đằng"

# --- names -----------------------------------------------------------------

FAMILY = [
    ("Nguyễn", 31), ("Trần", 11), ("Phạm", 9), ("Lê", 8), ("Vũ", 6), ("Hoàng", 5), ("Bùi", 4), ("Đỗ", 4),
    ("Đặng", 3), ("Ngô", 2), ("Dương", 2), ("Đinh", 2), ("Đào", 2), ("Phan", 2), ("Lương", 1), ("Trịnh", 1),
    ("Mai", 1), ("Cao", 1), ("Tô", 1), ("Hà", 1), ("Lưu", 1), ("Đoàn", 1), ("Mạc", 1), ("Lý", 1), ("Vương", 1),
]
MIDDLE = {
    ("nam", "old"): [("Văn", 55), ("Đức", 10), ("Xuân", 6), ("Hữu", 6), ("Quang", 6), ("Minh", 5), ("Ngọc", 4),
                     ("Thanh", 4), ("Mạnh", 2), ("Công", 2)],
    ("nam", "young"): [("Văn", 25), ("Minh", 12), ("Đức", 12), ("Quang", 8), ("Hoàng", 6), ("Thành", 6),
                       ("Duy", 5), ("Việt", 5), ("Hữu", 4), ("Trung", 4), ("Tuấn", 4), ("Anh", 3)],
    ("nu", "old"): [("Thị", 70), ("Thu", 5), ("Thanh", 5), ("Ngọc", 4), ("Kim", 3), ("Minh", 3), ("Hồng", 3),
                    ("Bích", 2), ("Thúy", 2)],
    ("nu", "young"): [("Thị", 35), ("Thu", 8), ("Thanh", 6), ("Ngọc", 6), ("Thùy", 5), ("Phương", 5), ("Minh", 5),
                      ("Hồng", 4), ("Khánh", 3), ("Mai", 3), ("Hải", 2)],
}
SECOND_MIDDLE = ["Thu", "Minh", "Thanh", "Hồng", "Ngọc", "Kim"]  # "Thị Thu Hà"
GIVEN = {
    "nam": ["Hùng", "Dũng", "Cường", "Tuấn", "Hải", "Nam", "Long", "Thắng", "Sơn", "Quân", "Trung", "Hiếu",
            "Khánh", "Phong", "Tùng", "Bình", "Thành", "Đức", "Huy", "Duy", "Việt", "Anh", "Minh", "Tú", "Lâm",
            "Hưng", "Toàn", "Quang", "Thịnh", "Hòa", "Kiên", "Chiến", "Mạnh", "Tiến", "Đạt"],
    "nu": ["Hương", "Lan", "Hoa", "Mai", "Hà", "Linh", "Trang", "Thảo", "Huyền", "Nga", "Hằng", "Thủy", "Yến",
           "Phương", "Dung", "Oanh", "Nhung", "Hạnh", "Thu", "Vân", "Ngọc", "Liên", "Loan", "Quỳnh", "Giang",
           "Hiền", "Huế", "Tâm", "Thơ", "Xuân", "Chi", "Nhàn"],
}
MOBILE_PREFIXES = ["090", "091", "094", "096", "097", "098", "083", "084", "085", "088", "034", "035",
                   "036", "037", "038", "039", "032", "033", "070", "077", "079", "076"]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    names, weights = zip(*weighted)
    return rng.choices(names, weights=weights)[0]


def person_name(rng: random.Random, gender: str, birth_year: int) -> str:
    """A plausible name: family, one or two middle names, given name."""
    era = "old" if birth_year < 1982 else "young"
    while True:
        middle = _pick(rng, MIDDLE[(gender, era)])
        if middle == "Thị" and rng.random() < 0.12:
            middle += " " + rng.choice(SECOND_MIDDLE)
        given = rng.choice(GIVEN[gender])
        if given not in middle.split():
            return f"{_pick(rng, FAMILY)} {middle} {given}"


def mobile(rng: random.Random) -> str:
    digits = rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(7))
    return f"{digits[:4]} {digits[4:7]} {digits[7:]}"


def landline(rng: random.Random) -> str:
    return f"0225 3{rng.randrange(10)}{rng.randrange(10)}{rng.randrange(10)} {rng.randrange(1000):03d}"


# --- the ward's units ------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: str
    block: int | None  # index into BLOCKS
    staff: tuple[int, int] | None  # (total, women) for collectives with staff
    roles: tuple[tuple[str, str, tuple[int, int]], ...]  # (position, gender rule, birth range); first is the head
    address: str = ""
    email: str = ""


BLOCKS = [
    ("Khối các cơ quan chính quyền", "Văn phòng, các phòng, trung tâm, lực lượng vũ trang và trạm y tế thuộc phường."),
    ("Khối Mặt trận Tổ quốc và các đoàn thể", "Ủy ban MTTQ Việt Nam phường và các tổ chức chính trị - xã hội."),
    ("Khối trường học", "Các trường mầm non, tiểu học, trung học cơ sở trên địa bàn."),
    ("Khối tổ dân phố", "Các tổ dân phố của phường."),
    ("Khối doanh nghiệp", "Doanh nghiệp, hợp tác xã đóng trên địa bàn tham gia phong trào."),
]
# (block index, leading unit, deputy unit)
BLOCK_LEADS = [
    (0, "Văn phòng HĐND và UBND phường", "Công an phường Bạch Đằng"),
    (1, "Ủy ban MTTQ Việt Nam phường Bạch Đằng", "Hội Liên hiệp Phụ nữ phường"),
    (2, "Trường THCS Bạch Đằng", "Trường Tiểu học Bạch Đằng"),
    (3, "Tổ dân phố số 3", "Tổ dân phố số 7"),
    (4, "Công ty Cổ phần Xây dựng và Thương mại Bạch Đằng", "Hợp tác xã Dịch vụ nông nghiệp Bạch Đằng"),
]

ANY, MEN, WOMEN = "any", "mostly_men", "mostly_women"
MAN, WOMAN = "nam", "nu"
LEAD = (1966, 1986)
STAFF = (1972, 2001)
YOUNG = (1992, 2003)
OLDER = (1948, 1962)
RESIDENT = (1952, 1978)

_OFFICE = "Trụ sở UBND phường, số 1 đường Bạch Đằng"
UNITS: list[UnitSpec] = [
    UnitSpec("Văn phòng HĐND và UBND phường", "co_quan", 0, (12, 6), (
        ("Chánh Văn phòng", ANY, LEAD), ("Phó Chánh Văn phòng", ANY, LEAD), ("Chuyên viên tổng hợp", ANY, STAFF),
        ("Chuyên viên", ANY, STAFF), ("Văn thư - lưu trữ", WOMEN, STAFF), ("Kế toán", WOMEN, STAFF),
        ("Chuyên viên công nghệ thông tin", MEN, STAFF)), _OFFICE, "vanphong.bachdang@haiphong.gov.vn"),
    UnitSpec("Phòng Văn hóa - Xã hội", "co_quan", 0, (9, 6), (
        ("Trưởng phòng", ANY, LEAD), ("Phó Trưởng phòng", WOMEN, LEAD),
        ("Chuyên viên thi đua, khen thưởng", WOMEN, STAFF), ("Chuyên viên văn hóa, thông tin", ANY, STAFF),
        ("Chuyên viên lao động, thương binh và xã hội", WOMEN, STAFF), ("Chuyên viên giáo dục", WOMEN, STAFF)),
        _OFFICE, "vhxh.bachdang@haiphong.gov.vn"),
    UnitSpec("Phòng Kinh tế, Hạ tầng và Đô thị", "co_quan", 0, (11, 4), (
        ("Trưởng phòng", MEN, LEAD), ("Phó Trưởng phòng", MEN, LEAD), ("Phó Trưởng phòng", ANY, LEAD),
        ("Chuyên viên địa chính", MEN, STAFF), ("Chuyên viên xây dựng", MEN, STAFF),
        ("Chuyên viên tài chính - kế hoạch", WOMEN, STAFF), ("Chuyên viên môi trường", ANY, STAFF)),
        _OFFICE, "kinhte.bachdang@haiphong.gov.vn"),
    UnitSpec("Trung tâm Phục vụ hành chính công phường", "co_quan", 0, (8, 5), (
        ("Giám đốc", ANY, LEAD), ("Phó Giám đốc", ANY, LEAD), ("Chuyên viên một cửa", WOMEN, STAFF),
        ("Chuyên viên tư pháp - hộ tịch", WOMEN, STAFF), ("Chuyên viên một cửa", ANY, STAFF)), _OFFICE),
    UnitSpec("Trung tâm Dịch vụ sự nghiệp công phường", "don_vi_su_nghiep", 0, (10, 5), (
        ("Giám đốc", MEN, LEAD), ("Phó Giám đốc", ANY, LEAD), ("Viên chức tuyên truyền", ANY, STAFF),
        ("Viên chức văn hóa - thể thao", ANY, STAFF), ("Viên chức nông nghiệp", MEN, STAFF)),
        "Nhà văn hóa phường, số 5 đường Bạch Đằng"),
    UnitSpec("Công an phường Bạch Đằng", "co_quan", 0, (24, 3), (
        ("Trưởng Công an phường", MAN, LEAD), ("Phó Trưởng Công an phường", MAN, LEAD),
        ("Phó Trưởng Công an phường", MAN, LEAD), ("Cán bộ cảnh sát khu vực", MAN, STAFF),
        ("Cán bộ cảnh sát khu vực", MAN, STAFF), ("Cán bộ hộ khẩu", WOMAN, STAFF)), "Số 9 đường Bạch Đằng"),
    UnitSpec("Ban Chỉ huy quân sự phường", "co_quan", 0, (5, 0), (
        ("Chỉ huy trưởng", MAN, LEAD), ("Chỉ huy phó", MAN, LEAD), ("Trợ lý quân sự", MAN, YOUNG)), _OFFICE),
    UnitSpec("Trạm Y tế phường", "don_vi_su_nghiep", 0, (9, 7), (
        ("Trạm trưởng", WOMEN, LEAD), ("Phó Trạm trưởng", ANY, LEAD), ("Y sĩ đa khoa", ANY, STAFF),
        ("Điều dưỡng", WOMAN, STAFF), ("Nữ hộ sinh", WOMAN, STAFF), ("Dược sĩ", WOMAN, STAFF)),
        "Số 15 đường Bạch Đằng"),
    UnitSpec("Ủy ban MTTQ Việt Nam phường Bạch Đằng", "mat_tran_doan_the", 1, (6, 3), (
        ("Chủ tịch Ủy ban MTTQ phường", ANY, LEAD), ("Phó Chủ tịch Ủy ban MTTQ phường", ANY, LEAD),
        ("Phó Chủ tịch Ủy ban MTTQ phường", WOMEN, LEAD), ("Chuyên viên", ANY, STAFF)), _OFFICE),
    UnitSpec("Hội Liên hiệp Phụ nữ phường", "mat_tran_doan_the", 1, (3, 3), (
        ("Chủ tịch Hội", WOMAN, LEAD), ("Phó Chủ tịch Hội", WOMAN, LEAD), ("Ủy viên Ban Chấp hành", WOMAN, STAFF)),
        _OFFICE),
    UnitSpec("Đoàn Thanh niên Cộng sản Hồ Chí Minh phường", "mat_tran_doan_the", 1, (3, 1), (
        ("Bí thư Đoàn phường", ANY, YOUNG), ("Phó Bí thư Đoàn phường", ANY, YOUNG),
        ("Ủy viên Ban Chấp hành", ANY, YOUNG)), _OFFICE),
    UnitSpec("Hội Cựu chiến binh phường", "mat_tran_doan_the", 1, (3, 0), (
        ("Chủ tịch Hội", MAN, OLDER), ("Phó Chủ tịch Hội", MAN, OLDER), ("Hội viên tiêu biểu", MAN, OLDER)),
        _OFFICE),
    UnitSpec("Hội Nông dân phường", "mat_tran_doan_the", 1, (2, 1), (
        ("Chủ tịch Hội", MEN, LEAD), ("Phó Chủ tịch Hội", ANY, LEAD), ("Hội viên", ANY, RESIDENT)), _OFFICE),
    UnitSpec("Hội Người cao tuổi phường", "mat_tran_doan_the", 1, None, (
        ("Chủ tịch Hội", MEN, OLDER), ("Phó Chủ tịch Hội", ANY, OLDER)), _OFFICE),
    UnitSpec("Hội Chữ thập đỏ phường", "mat_tran_doan_the", 1, (2, 2), (
        ("Chủ tịch Hội", WOMEN, LEAD), ("Ủy viên Ban Chấp hành", WOMEN, STAFF)), _OFFICE),
    UnitSpec("Trường Mầm non Bạch Đằng", "truong_hoc", 2, (38, 37), (
        ("Hiệu trưởng", WOMAN, LEAD), ("Phó Hiệu trưởng", WOMAN, LEAD), ("Giáo viên", WOMAN, STAFF),
        ("Giáo viên", WOMAN, STAFF), ("Giáo viên", WOMAN, YOUNG), ("Nhân viên kế toán", WOMAN, STAFF)),
        "Tổ dân phố số 2, phường Bạch Đằng", "mnbachdang@haiphong.edu.vn"),
    UnitSpec("Trường Mầm non Hoa Sen", "truong_hoc", 2, (29, 29), (
        ("Hiệu trưởng", WOMAN, LEAD), ("Phó Hiệu trưởng", WOMAN, LEAD), ("Giáo viên", WOMAN, STAFF),
        ("Giáo viên", WOMAN, YOUNG), ("Nhân viên y tế", WOMAN, STAFF)),
        "Tổ dân phố số 9, phường Bạch Đằng", "mnhoasen@haiphong.edu.vn"),
    UnitSpec("Trường Tiểu học Bạch Đằng", "truong_hoc", 2, (46, 39), (
        ("Hiệu trưởng", ANY, LEAD), ("Phó Hiệu trưởng", WOMEN, LEAD), ("Tổng phụ trách Đội", ANY, YOUNG),
        ("Giáo viên", WOMEN, STAFF), ("Giáo viên", WOMEN, STAFF), ("Giáo viên", WOMEN, YOUNG)),
        "Tổ dân phố số 5, phường Bạch Đằng", "thbachdang@haiphong.edu.vn"),
    UnitSpec("Trường Tiểu học Tân Lập", "truong_hoc", 2, (34, 30), (
        ("Hiệu trưởng", WOMEN, LEAD), ("Phó Hiệu trưởng", ANY, LEAD), ("Giáo viên", WOMEN, STAFF),
        ("Giáo viên", WOMEN, STAFF), ("Nhân viên thư viện", WOMAN, STAFF)),
        "Tổ dân phố số 12, phường Bạch Đằng", "thtanlap@haiphong.edu.vn"),
    UnitSpec("Trường THCS Bạch Đằng", "truong_hoc", 2, (52, 40), (
        ("Hiệu trưởng", MEN, LEAD), ("Phó Hiệu trưởng", ANY, LEAD), ("Phó Hiệu trưởng", WOMEN, LEAD),
        ("Giáo viên Toán", ANY, STAFF), ("Giáo viên Ngữ văn", WOMAN, STAFF), ("Giáo viên Tiếng Anh", WOMAN, YOUNG),
        ("Nhân viên kế toán", WOMAN, STAFF)), "Tổ dân phố số 6, phường Bạch Đằng", "thcsbachdang@haiphong.edu.vn"),
    *[UnitSpec(f"Tổ dân phố số {n}", "to_dan_pho", 3, None, (
        ("Tổ trưởng tổ dân phố", MEN, RESIDENT), ("Bí thư chi bộ tổ dân phố", ANY, RESIDENT),
        ("Trưởng ban công tác Mặt trận", ANY, RESIDENT))[: 3 if n % 3 else 2],
        f"Nhà văn hóa tổ dân phố số {n}, phường Bạch Đằng") for n in range(1, 15)],
    UnitSpec("Công ty Cổ phần Xây dựng và Thương mại Bạch Đằng", "doanh_nghiep", 4, (86, 21), (
        ("Giám đốc", MAN, LEAD), ("Phó Giám đốc", MEN, LEAD), ("Kế toán trưởng", WOMAN, STAFF),
        ("Công nhân xây dựng", MAN, STAFF)), "Lô B3, khu đô thị mới Bạch Đằng"),
    UnitSpec("Công ty TNHH May mặc Hải Thành", "doanh_nghiep", 4, (240, 205), (
        ("Giám đốc", WOMEN, LEAD), ("Trưởng phòng nhân sự", WOMAN, STAFF), ("Công nhân may", WOMAN, STAFF),
        ("Tổ trưởng sản xuất", WOMAN, STAFF)), "Cụm công nghiệp Bạch Đằng"),
    UnitSpec("Công ty TNHH Cơ khí Đông Hải", "doanh_nghiep", 4, (64, 9), (
        ("Giám đốc", MAN, LEAD), ("Quản đốc phân xưởng", MAN, STAFF), ("Công nhân cơ khí", MAN, STAFF)),
        "Cụm công nghiệp Bạch Đằng"),
    UnitSpec("Hợp tác xã Dịch vụ nông nghiệp Bạch Đằng", "doanh_nghiep", 4, (15, 6), (
        ("Chủ nhiệm Hợp tác xã", MEN, LEAD), ("Phó Chủ nhiệm", ANY, LEAD), ("Xã viên", ANY, RESIDENT)),
        "Tổ dân phố số 13, phường Bạch Đằng"),
    UnitSpec("Chi nhánh Công ty Cổ phần Thủy sản Hải Phòng tại Bạch Đằng", "doanh_nghiep", 4, (42, 18), (
        ("Giám đốc chi nhánh", MEN, LEAD), ("Kỹ thuật viên nuôi trồng thủy sản", ANY, STAFF)),
        "Khu nuôi trồng thủy sản ven sông Bạch Đằng"),
    UnitSpec("Quỹ tín dụng nhân dân Bạch Đằng", "doanh_nghiep", None, (11, 7), (
        ("Giám đốc", WOMEN, LEAD), ("Nhân viên tín dụng", ANY, STAFF)), "Số 20 đường Bạch Đằng"),
]


def _gender(rng: random.Random, rule: str) -> str:
    if rule in (MAN, WOMAN):
        return rule
    share = {ANY: 0.5, MEN: 0.8, WOMEN: 0.2}[rule]
    return "nam" if rng.random() < share else "nu"


def _registration_titles(rng: random.Random, spec: UnitSpec) -> list[str]:
    if spec.kind == "to_dan_pho":
        return ["TDPVH"] + (["GK"] if rng.random() < 0.3 else [])
    if spec.kind == "doanh_nghiep":
        return ["TTLDTT", "GK"] if rng.random() < 0.4 else ["GK"]
    collective = "TTLDXS" if rng.random() < (0.4 if spec.kind == "truong_hoc" else 0.3) else "TTLDTT"
    return [collective] + (["GK"] if rng.random() < 0.3 else [])


_INITIATIVES = [
    "Sáng kiến “Số hóa hồ sơ hộ tịch, rút ngắn thời gian trả kết quả” được Hội đồng sáng kiến phường công nhận",
    "Sáng kiến “Ứng dụng Zalo OA tiếp nhận phản ánh của Nhân dân” được công nhận cấp cơ sở",
    "Đề tài “Nâng cao tỷ lệ người dân tham gia bảo hiểm y tế hộ gia đình” được nghiệm thu",
    "Sáng kiến “Mô hình lớp học thân thiện, phát triển năng lực học sinh” được Hội đồng sáng kiến công nhận",
    "Sáng kiến “Quy trình phối hợp giải phóng mặt bằng dự án đường ven sông” được công nhận cấp cơ sở",
]


def populate(session: Session, campaign: Campaign, rng: random.Random, progress: Progress) -> str:
    blocks = []
    for position, (name, note) in enumerate(BLOCKS, start=1):
        block = EmulationBlock(campaign_id=campaign.id, position=position, name=name, name_key=name_key(name),
                               note=note)
        session.add(block)
        blocks.append(block)
    session.flush()

    units: dict[str, Unit] = {}
    people_total = 0
    year_rows = 0
    register_from = dt.date(campaign.year, 2, 25)
    for i, spec in enumerate(UNITS):
        progress(i, len(UNITS), f"Đang tạo dữ liệu mẫu: {spec.name}…")
        unit = Unit(name=spec.name, name_key=name_key(spec.name), kind=spec.kind, address=spec.address,
                    email=spec.email, staff_count=spec.staff[0] if spec.staff else None,
                    female_staff_count=spec.staff[1] if spec.staff else None, active=True)
        unit.phone = mobile(rng) if spec.kind == "to_dan_pho" else landline(rng)
        session.add(unit)
        session.flush()
        units[spec.name] = unit
        if spec.block is not None:
            session.add(BlockMembership(campaign_id=campaign.id, block_id=blocks[spec.block].id, unit_id=unit.id))
        used: set[str] = set()
        for j, (position, rule, (born_from, born_to)) in enumerate(spec.roles):
            gender = _gender(rng, rule)
            year = rng.randint(born_from, born_to)
            name = person_name(rng, gender, year)
            while name in used:
                name = person_name(rng, gender, year)
            used.add(name)
            resident = spec.kind == "to_dan_pho" or born_to <= OLDER[1]
            birth_date = None if resident and rng.random() < 0.7 else dt.date(
                year, rng.randint(1, 12), rng.randint(1, 28))
            person = Person(
                full_name=name, name_key=name_key(name), gender=gender, birth_date=birth_date, birth_year=year,
                position=position, unit_id=unit.id, is_leader=is_leader_position(position),
                phone=mobile(rng) if rng.random() < 0.6 else "",
                address=f"Tổ dân phố số {rng.randint(1, 14)}, {WARD}", active=True)
            session.add(person)
            people_total += 1
            if j == 0:
                unit.head_name = name
                if spec.kind == "to_dan_pho":
                    unit.phone = person.phone or mobile(rng)
            session.flush()
            if rng.random() < 0.92:
                rating = _pick(rng, [("HTXSNV", 15), ("HTTNV", 68), ("HTNV", 14), ("KHTNV", 3)])
                initiative = rng.choice(_INITIATIVES) if rating == "HTXSNV" and rng.random() < 0.35 else ""
                session.add(PersonYear(campaign_id=campaign.id, person_id=person.id, rating=rating,
                                       initiative=initiative))
                year_rows += 1
        if rng.random() < 0.87:
            titles = _registration_titles(rng, spec)
            session.add(Registration(campaign_id=campaign.id, unit_id=unit.id, titles=titles,
                                     registered_on=register_from + dt.timedelta(days=rng.randint(0, 24))))
    session.flush()

    for index, leader, deputy in BLOCK_LEADS:
        blocks[index].leader_unit_id = units[leader].id
        blocks[index].deputy_unit_id = units[deputy].id
    # The leading units aim higher; one pledge names the city's awards.
    _pledge(session, campaign, units["Văn phòng HĐND và UBND phường"], ["TTLDXS", "CTD"], register_from)
    _pledge(session, campaign, units["Trường THCS Bạch Đằng"], ["TTLDXS", "BK"], register_from)
    _discipline(session, campaign, rng)
    session.flush()
    registered = session.query(Registration).filter(Registration.campaign_id == campaign.id).count()
    return (f"{len(units)} đơn vị trong {len(blocks)} khối thi đua, {people_total} cá nhân "
            f"({year_rows} có xếp loại năm {campaign.year}), {registered} đơn vị đăng ký thi đua")


def _pledge(session: Session, campaign: Campaign, unit: Unit, titles: list[str], day: dt.date) -> None:
    reg = session.query(Registration).filter_by(campaign_id=campaign.id, unit_id=unit.id).one_or_none()
    if reg is None:
        reg = Registration(campaign_id=campaign.id, unit_id=unit.id)
        session.add(reg)
    reg.titles = titles
    reg.registered_on = day
    reg.note = "Đăng ký tại Hội nghị phát động phong trào thi đua năm " + str(campaign.year)


def _discipline(session: Session, campaign: Campaign, rng: random.Random) -> None:
    """A reprimand, a warning and a pending review: what eligibility checks must catch."""
    rows = session.query(PersonYear).filter(PersonYear.campaign_id == campaign.id).order_by(PersonYear.id).all()
    picks = rng.sample(rows, 3)
    picks[0].discipline, picks[0].rating = "khien_trach", "HTNV"
    picks[0].note = "Khiển trách do chậm trễ giải quyết hồ sơ"
    picks[1].discipline, picks[1].rating = "canh_cao", "HTNV"
    picks[1].note = "Cảnh cáo theo quyết định kỷ luật năm " + str(campaign.year)
    picks[2].under_review = True
    picks[2].note = "Đang xem xét kỷ luật"
