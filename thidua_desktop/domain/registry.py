"""Rules for the ward's participants: units, emulation blocks, people and their
registration for the year's movement.

Pure functions and small value types (no Qt, no SQL), shared by the dialogs,
the Excel importers and the command line, so that a name, a phone number or a
registration is judged the same way wherever it is typed.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from .text import (
    TextError,
    clean,
    clean_multiline,
    collation_key,
    fold,
    name_problem,
    parse_date,
    split_person_name,
    unique_key,
)
from .units import GENDERS, UNIT_KINDS, code_for

# --- code lists ---------------------------------------------------------------

# Danh hiệu / hình thức a unit registers for (Registration.titles); the codes are
# those of the award titles (AwardTitle.code).
REGISTRATION_TITLES: dict[str, str] = {
    "GK": "Giấy khen của Chủ tịch UBND phường",
    "TTLDTT": "Tập thể lao động tiên tiến",
    "TTLDXS": "Tập thể lao động xuất sắc",
    "TDPVH": "Tổ dân phố văn hóa",
    "CTD": "Cờ thi đua của UBND thành phố",
    "BK": "Bằng khen của Chủ tịch UBND thành phố",
}
TITLE_SHORT: dict[str, str] = {
    "GK": "Giấy khen",
    "TTLDTT": "TTLĐ tiên tiến",
    "TTLDXS": "TTLĐ xuất sắc",
    "TDPVH": "TDP văn hóa",
    "CTD": "Cờ thi đua TP",
    "BK": "Bằng khen TP",
}
# Titles for collectives that work (cơ quan, trường, doanh nghiệp…), not for
# residential groups, which are recognised as "Tổ dân phố văn hóa" instead.
_WORKPLACE_TITLES = {"TTLDTT", "TTLDXS"}

# A unit's role in its block for the year.
BLOCK_ROLES: dict[str, str] = {"leader": "Trưởng khối", "deputy": "Phó khối", "member": "Thành viên"}
_ROLE_WORDS = {
    "truong khoi": "leader", "khoi truong": "leader", "truong": "leader",
    "pho khoi": "deputy", "pho truong khoi": "deputy", "khoi pho": "deputy", "pho": "deputy",
    "thanh vien": "member", "": "member",
}

# Words office sheets use for a kind of unit, besides the code and the label.
_KIND_WORDS = {
    "co quan": "co_quan", "phong": "co_quan", "phong ban": "co_quan", "ban": "co_quan",
    "co quan hanh chinh": "co_quan", "chinh quyen": "co_quan",
    "su nghiep": "don_vi_su_nghiep", "don vi su nghiep cong lap": "don_vi_su_nghiep",
    "truong": "truong_hoc", "nha truong": "truong_hoc", "giao duc": "truong_hoc",
    "tdp": "to_dan_pho", "to dan pho": "to_dan_pho", "khu dan cu": "to_dan_pho", "khu pho": "to_dan_pho",
    "mat tran": "mat_tran_doan_the", "doan the": "mat_tran_doan_the", "mttq": "mat_tran_doan_the",
    "mat tran to quoc": "mat_tran_doan_the", "to chuc chinh tri xa hoi": "mat_tran_doan_the",
    "hoi": "mat_tran_doan_the", "doan the chinh tri xa hoi": "mat_tran_doan_the",
    "dn": "doanh_nghiep", "cong ty": "doanh_nghiep", "hop tac xa": "doanh_nghiep", "htx": "doanh_nghiep",
}

# How a unit's name usually starts, by kind (for filling the kind in).
_KIND_BY_NAME = (
    ("to dan pho", "to_dan_pho"), ("tdp ", "to_dan_pho"), ("khu dan cu", "to_dan_pho"),
    ("truong ", "truong_hoc"),
    ("uy ban mat tran", "mat_tran_doan_the"), ("uy ban mttq", "mat_tran_doan_the"),
    ("mat tran", "mat_tran_doan_the"), ("hoi ", "mat_tran_doan_the"), ("doan thanh nien", "mat_tran_doan_the"),
    ("cong ty", "doanh_nghiep"), ("doanh nghiep", "doanh_nghiep"), ("hop tac xa", "doanh_nghiep"),
    ("htx ", "doanh_nghiep"), ("chi nhanh", "doanh_nghiep"), ("quy tin dung", "doanh_nghiep"),
    ("tram y te", "don_vi_su_nghiep"), ("trung tam dich vu", "don_vi_su_nghiep"),
    ("nha van hoa", "don_vi_su_nghiep"),
    ("van phong", "co_quan"), ("phong ", "co_quan"), ("cong an", "co_quan"), ("ban chi huy", "co_quan"),
    ("trung tam phuc vu", "co_quan"), ("uy ban nhan dan", "co_quan"), ("dang uy", "co_quan"),
)

# Positions that are leadership or management posts (chức vụ lãnh đạo, quản lý).
_LEADER_PREFIXES = (
    "chu tich", "pho chu tich", "bi thu", "pho bi thu", "truong ", "pho truong", "chanh ", "pho chanh",
    "giam doc", "pho giam doc", "tong giam doc", "pho tong giam doc", "hieu truong", "pho hieu truong",
    "chi huy truong", "chi huy pho", "tram truong", "pho tram truong", "thu truong", "chu nhiem",
    "pho chu nhiem", "truong phong", "pho phong", "quyen ",
)

# Posts in residential groups are not leadership posts of an agency.
_RESIDENTIAL_ROLES = ("to dan pho", "khu dan cu", "ban cong tac mat tran", "chi hoi")

_YES = {"co", "x", "1", "true", "yes", "dung", "la lanh dao", "lanh dao", "✓", "✔"}
_NO = {"khong", "0", "false", "no", "k", "sai", "-"}

MAX_NAME = 300
MAX_PERSON_NAME = 200
EARLIEST_BIRTH_YEAR = 1900


# --- keys, fast ------------------------------------------------------------


_KEY_CACHE: dict[str, str] = {}
_FOLD_CACHE: dict[str, str] = {}


def name_key(value: object) -> str:
    """:func:`~.text.unique_key`, computed word by word with a cache.

    Imports compute thousands of keys from a few hundred distinct syllables;
    the result is the same string as ``unique_key(value)``."""
    words = clean(value).split(" ")
    out = []
    for word in words:
        key = _KEY_CACHE.get(word)
        if key is None:
            key = unique_key(word)
            if len(_KEY_CACHE) < 200_000:
                _KEY_CACHE[word] = key
        out.append(key)
    return " ".join(out)


def loose_key(value: object) -> str:
    """:func:`~.text.fold` (no accents, no case), word by word with a cache."""
    words = clean(value).split(" ")
    out = []
    for word in words:
        key = _FOLD_CACHE.get(word)
        if key is None:
            key = fold(word)
            if len(_FOLD_CACHE) < 200_000:
                _FOLD_CACHE[word] = key
        out.append(key)
    return " ".join(out)


_COLLATION_CACHE: dict[str, tuple] = {}


def sort_key(value: object) -> tuple:
    """:func:`~.text.collation_key` with a cache: lists of thousands of rows
    sort the same few hundred unit names, positions and syllables again and again."""
    text = value if isinstance(value, str) else clean(value)
    key = _COLLATION_CACHE.get(text)
    if key is None:
        key = collation_key(text)
        if len(_COLLATION_CACHE) < 200_000:
            _COLLATION_CACHE[text] = key
    return key


_NAME_SORT_CACHE: dict[object, tuple] = {}


def name_sort_key(full_name: object) -> tuple:
    """:func:`~.text.person_sort_key` (given name, family, middle) from cached parts;
    whole names are cached too (a ward's twenty thousand people share many)."""
    key = _NAME_SORT_CACHE.get(full_name) if isinstance(full_name, str) else None
    if key is None:
        family, middle, given = split_person_name(full_name)
        key = (sort_key(given), sort_key(family), sort_key(middle))
        if isinstance(full_name, str) and len(_NAME_SORT_CACHE) < 200_000:
            _NAME_SORT_CACHE[full_name] = key
    return key


@dataclass(frozen=True)
class NameMatch:
    id: int
    name: str
    exact: bool  # False: matched only when accents and case are ignored


class NameIndex:
    """Names of existing records, found the way clerks expect.

    First by the unique key (case, spacing, Unicode form and tone placement do
    not matter); failing that by the name without accents, when only one
    record has it (so ``to dan pho so 1`` finds ``Tổ dân phố số 1``)."""

    def __init__(self, items: Iterable[tuple[int, str]] = ()):
        self._exact: dict[str, NameMatch] = {}
        self._loose: dict[str, list[NameMatch]] = {}
        self._names: dict[str, str] = {}
        for item_id, name in items:
            self.add(item_id, name)

    def add(self, item_id: int, name: str) -> None:
        self._exact[name_key(name)] = NameMatch(item_id, name, True)
        loose = loose_key(name)
        self._loose.setdefault(loose, []).append(NameMatch(item_id, name, False))
        self._names[loose] = name

    def __len__(self) -> int:
        return len(self._exact)

    def exact(self, name: str) -> NameMatch | None:
        return self._exact.get(name_key(name))

    def find(self, name: str) -> NameMatch | None:
        """The one record this name means, or None (none, or several without accents)."""
        found = self.exact(name)
        if found is not None:
            return found
        candidates = self._loose.get(loose_key(name), [])
        return candidates[0] if len(candidates) == 1 else None

    def similar(self, name: str) -> list[NameMatch]:
        """Records whose name differs from ``name`` only in accents and case."""
        return list(self._loose.get(loose_key(name), []))

    def conflict(self, name: str, self_id: int | None = None) -> NameMatch | None:
        """An existing record (other than ``self_id``) a new name would clash with."""
        found = self.exact(name)
        if found is not None and found.id != self_id:
            return found
        for other in self.similar(name):
            if other.id != self_id:
                return other
        return None

    def suggest(self, name: str) -> str | None:
        """The closest existing name, for "did you mean …" messages."""
        wanted = loose_key(name)
        if not wanted:
            return None
        containing = [key for key in self._names if wanted in key or key in wanted]
        if len(containing) == 1:
            return self._names[containing[0]]
        close = difflib.get_close_matches(wanted, list(self._names), n=1, cutoff=0.7)
        return self._names[close[0]] if close else None


# --- single values ---------------------------------------------------------


def kind_code(value: object) -> str | None:
    """The unit kind a cell or a typed word means (code, label or usual word)."""
    code = code_for(value, UNIT_KINDS)
    if code:
        return code
    return _KIND_WORDS.get(fold(value))


def kind_choices() -> str:
    return ", ".join(f"“{label}”" for label in UNIT_KINDS.values())


def guess_kind(name: object) -> str | None:
    """The kind a unit's name suggests (``Trường Tiểu học …`` → school), or None."""
    text = fold(name) + " "
    for prefix, code in _KIND_BY_NAME:
        if text.startswith(prefix):
            return code
    return None


def is_leader_position(position: object) -> bool:
    """Whether a position (chức vụ) is a leadership or management post.

    ``Phó Chủ tịch``, ``Trưởng phòng``, ``Hiệu trưởng``, ``Bí thư`` are;
    ``Chuyên viên``, ``Giáo viên``, ``Tổ trưởng tổ dân phố`` are not."""
    text = fold(position) + " "
    if text.startswith(("to truong", "to pho")) or any(w in text for w in _RESIDENTIAL_ROLES):
        return False
    return any(text.startswith(prefix) for prefix in _LEADER_PREFIXES)


def parse_yes_no(value: object, label: str = "") -> bool | None:
    """``Có``/``x``/``1`` → True, ``Không``/``0`` → False, blank → None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = fold(value)
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    where = f"“{label}”: " if label else ""
    raise TextError(f"{where}“{clean(value)}” không hiểu được (ghi “Có” hoặc “Không”)")


def parse_gender(value: object) -> str | None:
    """``Nam``/``Nữ`` (or ``nam``, ``nu``, ``NỮ``) → code; blank → None."""
    text = fold(value)
    if not text:
        return None
    code = code_for(value, GENDERS)
    if code:
        return code
    if text in ("trai", "m", "male", "ong"):
        return "nam"
    if text in ("gai", "f", "female", "ba"):
        return "nu"
    raise TextError(f"giới tính “{clean(value)}” không hiểu được (ghi “Nam” hoặc “Nữ”)")


def parse_role(value: object) -> str:
    """A unit's role in its block: ``Trưởng khối``/``Phó khối``/``Thành viên``."""
    role = _ROLE_WORDS.get(fold(value))
    if role is None:
        raise TextError(f"vai trò trong khối “{clean(value)}” không hiểu được "
                        "(ghi “Trưởng khối”, “Phó khối” hoặc để trống)")
    return role


def parse_count(value: object, label: str) -> int | None:
    """A whole number of people; blank → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise TextError(f"“{label}” phải là số nguyên")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = clean(value).replace(".", "").replace(",", "").replace(" ", "")
        if not text.isdigit():
            raise TextError(f"“{label}”: “{clean(value)}” không phải là số nguyên")
        number = int(text)
    if number < 0:
        raise TextError(f"“{label}” không được âm")
    if number > 1_000_000:
        raise TextError(f"“{label}” quá lớn ({number})")
    return number


_YEAR = re.compile(r"^(\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")


def parse_birth(value: object) -> tuple[dt.date | None, int | None]:
    """A ``Ngày sinh`` cell: a date (Excel date or ``05/12/1980``), or just a
    year (``1980``, ``03/1980``) when that is all the sheet knows."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), value.year
    if isinstance(value, dt.date):
        return value, value.year
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and EARLIEST_BIRTH_YEAR <= value <= 2100:
            return None, int(value)
        from openpyxl.utils.datetime import from_excel  # Excel serial date

        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            raise TextError(f"ngày sinh “{value}” không phải là ngày") from None
        day = converted.date() if isinstance(converted, dt.datetime) else converted
        return day, day.year
    text = clean(value)
    found = _YEAR.match(text)
    if found:
        return None, int(found.group(1))
    found = _MONTH_YEAR.match(text)
    if found and 1 <= int(found.group(1)) <= 12:
        return None, int(found.group(2))
    try:
        day = parse_date(text)
    except TextError as exc:
        raise TextError(f"ngày sinh {exc}") from None
    return day, day.year


def parse_year(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean(value)
    if not _YEAR.match(text):
        raise TextError(f"năm sinh “{text}” không đúng (ghi 4 chữ số, ví dụ 1985)")
    return int(text)


def normalise_person_name(value: object, cleaned: bool = False) -> str:
    """A person's name as lists print it: ``NGUYỄN VĂN AN`` and ``nguyễn văn an``
    become ``Nguyễn Văn An``; a name typed in mixed case is kept as typed.
    ``cleaned``: the text already went through :func:`~.text.clean`."""
    text = value if cleaned and isinstance(value, str) else clean(value)
    if text and (text == text.upper() or text == text.lower()):
        return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))
    return text


def gender_hint(full_name: object, gender: str) -> str | None:
    """A gentle warning when the middle name suggests the other gender."""
    if gender not in ("nam", "nu"):
        return None
    words = loose_key(full_name).split(" ")[1:-1]  # the middle names, without accents
    if gender == "nam" and "thi" in words:
        return "Tên đệm “Thị” thường là của nữ; kiểm tra lại giới tính."
    if gender == "nu" and words[:1] == ["van"]:
        return "Tên đệm “Văn” thường là của nam; kiểm tra lại giới tính."
    return None


_DIGIT = re.compile(r"\d")
_PHONE_CHARS = re.compile(r"^[0-9 +().\-/;,]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_phone(value: str, cleaned: bool = False) -> str | None:
    text = value if cleaned else clean(value)
    if not text:
        return None
    if not _PHONE_CHARS.match(text):
        return f"Số điện thoại “{text}” chỉ được có chữ số (có thể cách nhau bằng dấu cách, chấm, gạch)."
    if len(text) - sum(map(text.count, " +().-/;,")) < 8:  # only digits and these remain
        return f"Số điện thoại “{text}” quá ngắn."
    return None


def check_email(value: str) -> str | None:
    text = clean(value)
    if text and not _EMAIL.match(text):
        return f"“{text}” không phải là địa chỉ thư điện tử."
    return None


def check_birth(birth_date: dt.date | None, birth_year: int | None, today: dt.date) -> str | None:
    year = birth_date.year if birth_date else birth_year
    if year is None:
        return None
    if birth_date is not None and birth_date > today:
        return f"Ngày sinh {birth_date:%d/%m/%Y} ở tương lai."
    if year < EARLIEST_BIRTH_YEAR or year > today.year:
        return f"Năm sinh {year} không hợp lý."
    if birth_date is not None and birth_year is not None and birth_year != birth_date.year:
        return f"Năm sinh {birth_year} không khớp với ngày sinh {birth_date:%d/%m/%Y}."
    return None


# --- records -----------------------------------------------------------------


@dataclass
class UnitFields:
    """What a clerk types for a unit (cơ quan, đơn vị, tổ dân phố…)."""

    name: str = ""
    kind: str = ""
    head_name: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""
    staff_count: int | None = None
    female_staff_count: int | None = None
    active: bool = True
    note: str = ""

    def cleaned(self) -> "UnitFields":
        return replace(self, name=clean(self.name), kind=self.kind or "", head_name=normalise_person_name(self.head_name),
                       phone=clean(self.phone), address=clean(self.address), email=clean(self.email),
                       note=clean_multiline(self.note))

    def problems(self) -> list[str]:
        out = []
        name = clean(self.name)
        if not name:
            out.append("Tên đơn vị không được để trống.")
        elif len(name) > MAX_NAME:
            out.append(f"Tên đơn vị quá dài (tối đa {MAX_NAME} ký tự).")
        elif problem := name_problem(name, "Tên đơn vị"):
            out.append(problem + ".")
        if self.kind and self.kind not in UNIT_KINDS:
            out.append(f"Loại hình “{self.kind}” không có trong danh mục.")
        for problem in (check_phone(self.phone), check_email(self.email)):
            if problem:
                out.append(problem)
        if (self.staff_count is not None and self.female_staff_count is not None
                and self.female_staff_count > self.staff_count):
            out.append(f"Số nữ ({self.female_staff_count}) nhiều hơn tổng số cán bộ, người lao động "
                       f"({self.staff_count}).")
        return out


@dataclass
class PersonFields:
    """What a clerk types for a person (cá nhân)."""

    full_name: str = ""
    gender: str = ""
    birth_date: dt.date | None = None
    birth_year: int | None = None
    position: str = ""
    unit_id: int | None = None
    is_leader: bool = False
    phone: str = ""
    address: str = ""
    active: bool = True
    note: str = ""

    def cleaned(self) -> "PersonFields":
        year = self.birth_date.year if self.birth_date else self.birth_year
        return replace(self, full_name=normalise_person_name(self.full_name), gender=self.gender or "",
                       birth_year=year, position=clean(self.position), phone=clean(self.phone),
                       address=clean(self.address), note=clean_multiline(self.note))

    def problems(self, today: dt.date | None = None) -> list[str]:
        today = today or dt.date.today()
        out = []
        out.extend(p for p in [check_person_name(self.full_name)] if p)
        if self.gender and self.gender not in GENDERS:
            out.append(f"Giới tính “{self.gender}” không hợp lệ.")
        if self.unit_id is None:
            out.append("Chưa chọn đơn vị công tác.")
        for problem in (check_birth(self.birth_date, self.birth_year, today), check_phone(self.phone)):
            if problem:
                out.append(problem)
        return out


def check_person_name(value: object, cleaned: bool = False) -> str | None:
    name = value if cleaned and isinstance(value, str) else clean(value)
    if not name:
        return "Họ và tên không được để trống."
    if len(name) > MAX_PERSON_NAME:
        return f"Họ và tên quá dài (tối đa {MAX_PERSON_NAME} ký tự)."
    problem = name_problem(name, "Họ và tên")
    if problem:
        return problem + "."
    if _DIGIT.search(name):
        return f"Họ và tên “{name}” có chữ số."
    if " " not in name:
        return f"Ghi đầy đủ họ và tên, không viết tắt (“{name}” mới có một chữ)."
    return None


def check_block_name(value: object) -> str | None:
    name = clean(value)
    if not name:
        return "Tên khối không được để trống."
    if len(name) > 200:
        return "Tên khối quá dài (tối đa 200 ký tự)."
    problem = name_problem(name, "Tên khối")
    if problem:
        return problem + "."
    return None


# --- registration ----------------------------------------------------------


def registration_problems(kind: str, titles: Iterable[str], unit_name: str = "") -> list[str]:
    """What is wrong with the titles a unit of ``kind`` registers for."""
    titles = list(titles)
    who = f"{unit_name}: " if unit_name else ""
    out = []
    unknown = [t for t in titles if t not in REGISTRATION_TITLES]
    if unknown:
        out.append(f"{who}danh hiệu không có trong danh mục: {', '.join(unknown)}.")
    if not titles:
        out.append(f"{who}chưa chọn danh hiệu, hình thức đăng ký.")
    if "TTLDTT" in titles and "TTLDXS" in titles:
        out.append(f"{who}chỉ đăng ký một trong hai danh hiệu “Tập thể lao động tiên tiến” "
                   "và “Tập thể lao động xuất sắc”.")
    if "TDPVH" in titles and kind != "to_dan_pho":
        out.append(f"{who}danh hiệu “Tổ dân phố văn hóa” chỉ dành cho tổ dân phố.")
    if kind == "to_dan_pho" and _WORKPLACE_TITLES & set(titles):
        out.append(f"{who}tổ dân phố đăng ký “Tổ dân phố văn hóa”, không đăng ký danh hiệu "
                   "tập thể lao động.")
    return out


def titles_for_kind(kind: str) -> list[str]:
    """The titles a unit of this kind may register for, in catalogue order."""
    if kind == "to_dan_pho":
        return [c for c in REGISTRATION_TITLES if c not in _WORKPLACE_TITLES]
    return [c for c in REGISTRATION_TITLES if c != "TDPVH"]


def format_titles(codes: Iterable[str], short: bool = False) -> str:
    names = TITLE_SHORT if short else REGISTRATION_TITLES
    return "; ".join(names.get(c, c) for c in codes)


def parse_titles(value: object) -> list[str]:
    """``Giấy khen; Tập thể lao động tiên tiến`` (codes, labels or short
    labels, separated by ``;``, ``,``, ``+`` or new lines) → codes."""
    lookup = {}
    for code in REGISTRATION_TITLES:
        for text in (code, REGISTRATION_TITLES[code], TITLE_SHORT[code]):
            lookup[fold(text)] = code
    codes: list[str] = []
    for part in re.split(r"[;,+\n]", str(value or "")):
        key = fold(part)
        if not key:
            continue
        code = lookup.get(key)
        if code is None:
            raise TextError(f"danh hiệu “{clean(part)}” không có trong danh mục")
        if code not in codes:
            codes.append(code)
    return codes


@dataclass
class Dependents:
    """What other records hang on one that is about to be deleted.

    ``blocking``: records that keep it (results, nominations, people…); the
    deletion is refused with these listed. ``released``: links that go with it
    when the clerk confirms (its place in a block, its registration…)."""

    blocking: list[str] = field(default_factory=list)
    released: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.blocking)
