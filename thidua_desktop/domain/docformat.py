"""Format rules of official documents (Nghị định 30/2020/NĐ-CP, Phụ lục I) and
the Vietnamese wording that goes with them.

Pure functions and constants, no Qt, no SQL, no XML: the DOCX writer in
``services/documents`` reads its page geometry, font sizes and texts from here,
and the tests check generated files against the same numbers.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass

from .text import clean, document_date, format_money

# --- page and type (Phụ lục I, mục II) --------------------------------------

FONT = "Times New Roman"
PAGE_A4_MM = (210.0, 297.0)  # width, height (portrait)

# Margins in mm; the decree's ranges are checked by ``margin_problems``.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20.0, 20.0, 30.0, 15.0
MARGIN_RANGES = {"top": (20.0, 25.0), "bottom": (20.0, 25.0), "left": (30.0, 35.0), "right": (15.0, 20.0)}
HEADER_DISTANCE_MM = 10.0  # the page number sits in the top margin

# Font sizes in points, each inside the decree's range for its element.
SIZE_NATIONAL_TITLE = 13.0  # Quốc hiệu 12–13, bold, upper case
SIZE_MOTTO = 14.0  # Tiêu ngữ 13–14, bold, rule as long as the text
SIZE_ISSUER = 13.0  # Tên cơ quan 12–13, bold, upper case
SIZE_NUMBER = 13.0  # Số, ký hiệu 13
SIZE_PLACE_DATE = 14.0  # Địa danh, ngày tháng 13–14, italic
SIZE_TYPE = 14.0  # Tên loại 13–14, bold, upper case
SIZE_SUMMARY = 14.0  # Trích yếu 13–14, bold
SIZE_BODY = 14.0  # Nội dung 13–14
SIZE_SIGNATURE = 14.0  # Quyền hạn, chức vụ, họ tên người ký 13–14, bold
SIZE_RECIPIENTS_LABEL = 12.0  # "Nơi nhận:" 12, bold italic
SIZE_RECIPIENTS = 11.0  # the list 11
SIZE_PAGE_NUMBER = 13.0  # 13–14, centred in the top margin, not on page 1
SIZE_TABLE = 13.0  # text in tables
SIZE_TABLE_SMALL = 12.0  # text in wide lists

FIRST_LINE_INDENT_CM = 1.27  # 1 cm or 1,27 cm
PARAGRAPH_SPACING_PT = 6.0  # at least 6 pt between paragraphs
LINE_SPACING = 1.15  # between single (1) and 1,5 lines
SHORT_RULE_RATIO = 0.4  # rules under the issuer and the summary: 1/3–1/2 of the text
SHORT_RULE_RANGE = (1 / 3, 1 / 2)

RANGES_PT = {
    "national_title": (12.0, 13.0), "motto": (13.0, 14.0), "issuer": (12.0, 13.0),
    "number": (13.0, 13.0), "place_date": (13.0, 14.0), "type": (13.0, 14.0),
    "summary": (13.0, 14.0), "body": (13.0, 14.0), "signature": (13.0, 14.0),
    "recipients_label": (12.0, 12.0), "recipients": (11.0, 11.0), "page_number": (13.0, 14.0),
}

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"


def margin_problems(top: float, bottom: float, left: float, right: float) -> list[str]:
    """Margins (mm) outside the decree's ranges, as Vietnamese sentences."""
    names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
    problems = []
    for side, value in (("top", top), ("bottom", bottom), ("left", left), ("right", right)):
        low, high = MARGIN_RANGES[side]
        if not low - 0.2 <= value <= high + 0.2:
            problems.append(f"Lề {names[side]} {value:.0f} mm, Nghị định 30/2020 quy định {low:.0f}–{high:.0f} mm.")
    return problems


# --- safe text ---------------------------------------------------------------

# Characters XML 1.0 forbids (they make Word refuse the file), plus the invisible
# ones that arrive with text pasted from Word or PDF viewers.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_INVISIBLE = re.compile("[\u200b-\u200f\ufeff\u00ad]")
_SPECIAL = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def safe_text(value: object) -> str:
    """Text fit for a document: NFC, no characters XML forbids, tabs kept as
    spaces, line breaks kept (``\\n``). ``None`` is empty."""
    if value is None:
        return ""
    text = str(value)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not _SPECIAL.search(text):  # the usual case, checked in one pass
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\t", " ")
    text = _INVISIBLE.sub("", text)
    return _XML_ILLEGAL.sub(" ", text)


# --- width of text in Times New Roman ------------------------------------------
# Advance widths in 1/1000 em of Times New Roman (read from Liberation Serif,
# which is metric-compatible), for printable ASCII 32..126 in four styles.
# Vietnamese letters take the width of their base letter, except those listed
# in _EXTRA (ơ, ư and đ are letters of their own).

_ASCII = {
    (False, False): [250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541],  # noqa: E501
    (True, False): [250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520],  # noqa: E501
    (False, True): [250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556, 389, 278, 389, 422, 500, 333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 541],  # noqa: E501
    (True, True): [250, 389, 555, 500, 500, 833, 778, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 832, 667, 667, 667, 722, 667, 667, 722, 778, 389, 500, 667, 611, 889, 722, 722, 611, 722, 667, 556, 611, 722, 667, 889, 667, 611, 611, 333, 278, 333, 570, 500, 333, 500, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 556, 500, 500, 500, 389, 389, 278, 556, 444, 667, 500, 444, 389, 348, 220, 348, 570],  # noqa: E501
}
_EXTRA = {
    (False, False): {"đ": 500, "Đ": 722, "ơ": 529, "Ơ": 722, "ư": 542, "Ư": 776, "“": 444, "”": 444, "‘": 333, "’": 333, "–": 500, "—": 1000, "…": 1000, "≥": 549, "≤": 549, "×": 564},  # noqa: E501
    (True, False): {"đ": 556, "Đ": 722, "ơ": 554, "Ơ": 778, "ư": 600, "Ư": 796, "“": 500, "”": 500, "‘": 333, "’": 333, "–": 500, "—": 1000, "…": 1000, "≥": 549, "≤": 549, "×": 570},  # noqa: E501
    (False, True): {"đ": 500, "Đ": 722, "ơ": 534, "Ơ": 722, "ư": 545, "Ư": 754, "“": 556, "”": 556, "‘": 333, "’": 333, "–": 500, "—": 889, "…": 889, "≥": 549, "≤": 549, "×": 675},  # noqa: E501
    (True, True): {"đ": 500, "Đ": 722, "ơ": 537, "Ơ": 722, "ư": 599, "Ư": 775, "“": 500, "”": 500, "‘": 333, "’": 333, "–": 500, "—": 1000, "…": 1000, "≥": 549, "≤": 549, "×": 570},  # noqa: E501
}
_LETTER_MARKS = "\u0306\u0302\u031b"  # breve, circumflex, horn: part of the letter


def _char_width(ch: str, style: tuple[bool, bool]) -> int:
    extra = _EXTRA[style]
    if ch in extra:
        return extra[ch]
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII[style][code - 32]
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    if base != ch:
        # ớ → ơ (keep the horn), ấ → a: tone marks do not change the advance.
        letter = unicodedata.normalize("NFC", base + "".join(c for c in decomposed[1:] if c in _LETTER_MARKS))
        if letter in extra:
            return extra[letter]
        if len(letter) == 1 and 32 <= ord(letter[0]) < 127:
            return _ASCII[style][ord(letter[0]) - 32]
        if 32 <= ord(base) < 127:
            return _ASCII[style][ord(base) - 32]
    return 500  # anything else: an average letter


def text_width_pt(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width of one line of ``text`` in points, set in Times New Roman."""
    style = (bool(bold), bool(italic))
    return sum(_char_width(ch, style) for ch in unicodedata.normalize("NFC", text)) * size / 1000.0


def wrap_lines(text: str, width_pt: float, size: float, bold: bool = False, italic: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width_pt`` (greedy, at spaces),
    as a word processor would; explicit line breaks are kept."""
    lines: list[str] = []
    space = text_width_pt(" ", size, bold, italic)
    for raw in text.split("\n"):
        current, current_w = "", 0.0
        for word in raw.split(" "):
            w = text_width_pt(word, size, bold, italic)
            if current and current_w + space + w > width_pt:
                lines.append(current)
                current, current_w = word, w
            else:
                current_w = current_w + space + w if current else w
                current = f"{current} {word}" if current else word
        lines.append(current)
    return lines


def widest_line_pt(text: str, width_pt: float, size: float, bold: bool = False, italic: bool = False) -> float:
    return max((text_width_pt(line, size, bold, italic)
                for line in wrap_lines(text, width_pt, size, bold, italic)), default=0.0)


def balanced_lines(text: str, max_width_pt: float, size: float, bold: bool = True) -> list[str]:
    """Split a heading (an issuer's name) into as few lines as fit, each about
    as wide as the others, for a centred block."""
    words = text.split()
    if not words or text_width_pt(text, size, bold) <= max_width_pt:
        return [text] if words else []
    for count in range(2, len(words) + 1):
        best: list[str] | None = None
        best_key = (math.inf, math.inf)
        for cuts in _cut_points(len(words), count):
            lines = [" ".join(words[a:b]) for a, b in zip((0, *cuts), (*cuts, len(words)))]
            widest = max(text_width_pt(line, size, bold) for line in lines)
            # a line starting with a dash reads as a list item: keep "-" at a line's end
            dashes = sum(1 for line in lines[1:] if line.startswith(("-", "–")))
            if widest <= max_width_pt and (dashes, widest) < best_key:
                best, best_key = lines, (dashes, widest)
        if best is not None:
            return best
    return words


def _cut_points(n: int, parts: int):
    if parts == 1:
        yield ()
        return
    for first in range(1, n - parts + 2):
        for rest in _cut_points(n - first, parts - 1):
            yield (first, *[first + r for r in rest])


# --- the header --------------------------------------------------------------


def issuer_lines(authority: str, full_name: str) -> list[str]:
    """``Ủy ban nhân dân phường Bạch Đằng`` → ``["ỦY BAN NHÂN DÂN", "PHƯỜNG BẠCH ĐẰNG"]``:
    the kind of body on the first line, the place on the second (ô số 2)."""
    authority, full_name = clean(authority), clean(full_name)
    if full_name and authority.casefold().endswith(full_name.casefold()) and len(authority) > len(full_name):
        head = authority[: len(authority) - len(full_name)].strip()
        return [upper(head), upper(full_name)]
    return [upper(authority)]


def upper(text: str) -> str:
    """Upper case that keeps ``đ`` → ``Đ`` and Vietnamese marks (NFC)."""
    return unicodedata.normalize("NFC", clean(text).upper())


MAX_NUMBER_DIGITS = 5  # as a recorded decision's number (domain.ward): a register restarts every year
MAX_NUMBER_TEXT = 50  # the register's column for "số, ký hiệu"


def number_problem(number: str) -> str | None:
    """Why ``number`` (``5`` or ``125/QĐ-UBND``) cannot be a document's number, or None."""
    raw = clean(number)
    if len(raw) > MAX_NUMBER_TEXT:
        return f"Số văn bản dài {len(raw)} ký tự, tối đa {MAX_NUMBER_TEXT}."
    head = raw.partition("/")[0].strip()
    if head.isdigit() and len(head) > MAX_NUMBER_DIGITS:
        return f"Số văn bản “{head}” có {len(head)} chữ số, tối đa {MAX_NUMBER_DIGITS}."
    return None


def number_text(number: int | str | None) -> str:
    """The number part of ``Số:``: below 10 with a leading zero (``05``);
    missing → blank spaces for the registry clerk to write in by hand."""
    if number is None or str(number).strip() == "":
        return "\u00a0" * 6
    raw = str(number).strip()
    if raw.isdigit():
        value = int(raw)
        return f"{value:02d}" if value < 10 else str(value)
    return clean(raw)


def document_number(number: int | str | None, symbol: str) -> str:
    """``05/BC-UBND`` (ô số 3). A full ``số/ký hiệu`` already typed is kept."""
    raw = "" if number is None else clean(number)
    if "/" in raw:
        head, _, tail = raw.partition("/")
        return f"{number_text(head)}/{tail}"
    return f"{number_text(raw)}/{clean(symbol)}"


def place_date(place: str, date: _dt.date | None, year: int | None = None) -> str:
    """``Bạch Đằng, ngày 05 tháng 01 năm 2026`` (ô số 4); without a date the
    day and month are left blank to be written in on signing."""
    if date is not None:
        return document_date(date, place)
    blank = "\u00a0" * 5
    return f"{clean(place)}, ngày{blank}tháng{blank}năm {year or ''}".rstrip()


def short_date(value: _dt.date | None) -> str:
    """Dates inside the text, by the decree's rule for dates (days below 10
    and the months 1 and 2 take a leading zero), as the seed plan writes
    them: ``26/12/2024``, ``26/6/2025``, ``18/02/2026``, ``08/12/2026``;
    empty when unknown."""
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"{value.day:02d}/{month}/{value.year}"


def long_date(value: _dt.date) -> str:
    """``ngày 15 tháng 6 năm 2022`` as laws are cited (no leading zeros)."""
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


# --- signature, addressees, recipients ----------------------------------------


@dataclass(frozen=True)
class Signer:
    """Who signs: the chairman, or a vice-chairman signing for him (KT.)."""

    name: str
    title: str  # "CHỦ TỊCH" or "PHÓ CHỦ TỊCH"
    deputy: bool = False


def signature_lines(signer: Signer, chair_title: str, collective: str | None) -> list[str]:
    """Quyền hạn and chức vụ (ô 7a), upper case, one per line.

    A document of the People's Committee as a body (``collective`` =
    ``"TM. ỦY BAN NHÂN DÂN"``) signed by the chairman: ``TM. ỦY BAN NHÂN DÂN /
    CHỦ TỊCH``; by a vice-chairman: ``TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH /
    PHÓ CHỦ TỊCH``. The chairman's own decision: ``CHỦ TỊCH`` or ``KT. CHỦ TỊCH /
    PHÓ CHỦ TỊCH``."""
    lines = [upper(collective)] if collective else []
    if signer.deputy:
        lines += [f"KT. {upper(chair_title)}", upper(signer.title)]
    else:
        lines.append(upper(signer.title or chair_title))
    return lines


def listed_lines(items: list[str], last_stop: str = ".") -> list[str]:
    """Items as ``- …;`` lines, the last ending with ``last_stop`` (Nơi nhận,
    several addressees)."""
    cleaned = [clean(i).lstrip("-–+• ").rstrip(" ;.,") for i in items]
    cleaned = [i for i in cleaned if i]
    return [f"- {item}{last_stop if n == len(cleaned) - 1 else ';'}" for n, item in enumerate(cleaned)]


def recipients_lines(items: list[str], archive: str) -> list[str]:
    """Nơi nhận (ô 9b): ``- …;`` lines ending with ``- Lưu: VT, VHXH.``; the
    archive line is added when the list lacks one."""
    items = [i for i in items if clean(i)]
    if not any(clean(i).lstrip("-–+• ").lower().startswith("lưu") for i in items):
        items.append(archive)
    return listed_lines(items)


def archive_line(office_short: str) -> str:
    return f"Lưu: VT, {clean(office_short)}" if clean(office_short) else "Lưu: VT"


def addressee_lines(addressees: list[str]) -> list[str]:
    """``Kính gửi: X.`` for one, else ``Kính gửi:`` then ``- …;`` lines."""
    items = [clean(a).rstrip(" ;.,") for a in addressees if clean(a)]
    if not items:
        return []
    if len(items) == 1:
        return [f"Kính gửi: {items[0]}."]
    return ["Kính gửi:"] + listed_lines(items)


def basis_lines(items: list[str]) -> list[str]:
    """Căn cứ lines: each ends with ``;`` and the last with ``.``."""
    cleaned = [clean(i).rstrip(" ;.,") for i in items if clean(i)]
    return [f"{item}{'.' if n == len(cleaned) - 1 else ';'}" for n, item in enumerate(cleaned)]


# --- numbers in words, honorifics, headings ------------------------------------

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    out = []
    for value, letters in ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]


def _read_three(number: int, full: bool) -> str:
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (full or hundreds):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens > 0:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


def number_in_words(number: int) -> str:
    """``1410000`` → ``một triệu bốn trăm mười nghìn`` (southern and northern
    offices both read it this way in money amounts)."""
    if number == 0:
        return "không"
    if number < 0:
        return "âm " + number_in_words(-number)
    groups = []
    n = number
    while n:
        n, part = divmod(n, 1000)
        groups.append(part)
    words = []
    for index in range(len(groups) - 1, -1, -1):
        part = groups[index]
        if part == 0:
            continue
        full = index < len(groups) - 1
        words.append(_read_three(part, full))
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    return " ".join(words)


def money_in_words(amount: int) -> str:
    """``(Bằng chữ: Một triệu bốn trăm mười nghìn đồng)`` without the brackets."""
    text = number_in_words(int(amount)) + " đồng"
    return text[:1].upper() + text[1:]


def money_text(amount: int | None) -> str:
    return f"{format_money(amount)} đồng" if amount is not None else ""


def honorific(gender: str) -> str:
    """``Ông`` / ``Bà`` before a name on certificates; empty when unknown."""
    return {"nam": "Ông", "nu": "Bà", "nữ": "Bà"}.get(clean(gender).lower(), "")


def count_text(count: int, noun: str) -> str:
    """``05 tập thể`` — counts below 10 written with a leading zero, as in the plan."""
    return f"{count:02d} {noun}" if 0 <= count < 10 else f"{count} {noun}"


def quoted_title(name: str) -> str:
    """Titles of honours in quotes as the law writes them: “Lao động tiên tiến”;
    forms such as Giấy khen stay unquoted."""
    name = clean(name)
    if not name or name.startswith("“") or name.lower().startswith(("giấy khen", "bằng khen", "cờ thi đua")):
        return name
    return f"“{name}”"


VERDICTS = {"exceeded": "Vượt", "met": "Đạt", "missed": "Không đạt", "missing": "Chưa có số liệu"}
