"""Vietnamese text rules: normalisation, collation, search, numbers and dates.

Pure functions with no Qt or SQL, used by the GUI, the command line, imports and
documents alike so that the same text always compares, sorts and prints the same.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import UserError

__all__ = [
    "TextError",
    "clean",
    "clean_multiline",
    "unique_key",
    "name_problem",
    "foreign_letters",
    "fold",
    "matches",
    "collation_key",
    "person_sort_key",
    "split_person_name",
    "parse_decimal",
    "Percent",
    "parse_number",
    "format_number",
    "format_percent",
    "format_money",
    "parse_date",
    "format_date",
    "document_date",
    "title_case_name",
    "canonical_tones",
]


class TextError(UserError, ValueError):
    """Input text that cannot be understood; the message is Vietnamese, for a clerk."""


# --- normalisation ---------------------------------------------------------

_SPACE_RUN = re.compile(r"\s+")
# Control characters arrive when text is pasted from Word or PDF viewers; they
# break XML (docx/xlsx) and are invisible to a clerk, so they become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
# Characters that show nothing: every format character (Unicode category Cf:
# soft hyphen, zero-width space and joiners, word joiner, BOM, bidi marks,
# tags…), the other default-ignorable code points (Hangul fillers, variation
# selectors, the combining grapheme joiner…) and the blank braille pattern.
# They are removed, not spaced: "Nguy\u200bễn" shows as, and is, "Nguyễn".
_INVISIBLE = re.compile("[\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
                        "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164"
                        "\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
                        "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")


def clean(value: object) -> str:
    """One-line text as the app stores it: NFC, no control characters,
    trimmed, inner runs of white space collapsed to one space.

    Unikey, macOS and Excel can produce decomposed (NFD) text; storing NFC makes
    ``Hòa`` typed on any machine the same string.
    """
    if value is None:
        return ""
    if type(value) is str and _clean_already(value):
        return value.strip()
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", str(value)))
    text = _CONTROL.sub(" ", text)
    return _SPACE_RUN.sub(" ", text).strip()


def _clean_already(text: str) -> bool:
    """Whether :func:`clean` would only trim ``text`` (most cells of a list;
    an import cleans tens of thousands): printable text holds no control,
    format or separator character and no white space but the plain space,
    so nothing is left to do when it has no run of spaces, no other invisible
    character and is already NFC."""
    return (text.isprintable() and "  " not in text and _INVISIBLE.search(text) is None
            and unicodedata.is_normalized("NFC", text))


def clean_multiline(value: object) -> str:
    """Like :func:`clean` but keeps line breaks (for notes and narratives)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", str(value))).replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        line = _CONTROL.sub(" ", line)
        lines.append(re.sub(r"[ \t\u00a0]+", " ", line).strip())
    return "\n".join(lines).strip("\n")


# --- names: visible, and in the Vietnamese (Latin) alphabet ----------------

# Letters of other scripts that a name would use only to look like another:
# Cyrillic "о" and Greek "ο" show as the Latin "o". Named for the message.
_SCRIPTS = {"CYRILLIC": "chữ Kirin", "GREEK": "chữ Hy Lạp", "ARMENIAN": "chữ Armenia",
            "CHEROKEE": "chữ Cherokee", "FULLWIDTH": "chữ toàn khổ", "MATHEMATICAL": "ký hiệu toán học"}
_APOSTROPHES = {"\u02bc", "\u02bb"}  # in names of ethnic minorities (H’Hen Niê), shown as ’


@functools.lru_cache(maxsize=4096)
def _is_latin_letter(ch: str) -> bool:
    return ch in _APOSTROPHES or unicodedata.name(ch, "").startswith("LATIN ")


def foreign_letters(text: str) -> list[str]:
    """The letters of ``text`` that are not of the Latin script, once each."""
    return list(dict.fromkeys(ch for ch in text if ch.isalpha() and not _is_latin_letter(ch)))


def name_problem(name: str, what: str) -> str | None:
    """Why the cleaned ``name`` of a unit, person or block cannot be stored
    (``what`` says which: "Tên đơn vị"), or None. An empty name is for the
    caller to refuse; a name must hold a visible letter, and every letter must
    be one of the Vietnamese (Latin) alphabet: a name that differs from another
    only by a look-alike letter of another script would be a second record that
    no one can tell from the first."""
    if not name:
        return None
    if not any(ch.isalpha() for ch in name):
        return f"{what} “{name}” không có chữ cái nào"
    foreign = foreign_letters(name)
    if foreign:
        shown = ", ".join(f"“{ch}” ({_SCRIPTS.get(unicodedata.name(ch, '?').split(' ')[0], 'chữ nước ngoài')})"
                          for ch in foreign[:3])
        return (f"{what} “{name}” có chữ không thuộc bảng chữ tiếng Việt: {shown}, trông giống chữ Việt "
                "nhưng máy hiểu là chữ khác; hãy gõ lại bằng bàn phím tiếng Việt")
    return None


# --- tones -----------------------------------------------------------------

# Combining marks of the five tones, in the Vietnamese collation order
# (none < huyền < hỏi < ngã < sắc < nặng; CLDR "vi").
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_TONE_BY_RANK = {rank: mark for mark, rank in _TONE_MARKS.items()}
# Marks that make letters of their own (ă â ê ô ơ ư): kept with the letter.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _split_tones(word: str) -> tuple[str, int]:
    """Return the word without its tone mark (NFC) and the tone's rank (0 = none)."""
    tone = 0
    out = []
    for ch in unicodedata.normalize("NFD", word):
        rank = _TONE_MARKS.get(ch)
        if rank:
            tone = rank
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), tone


_VOWELS = "aăâeêioôơuưy"


def _tone_position(base: str) -> int | None:
    """Index of the vowel that carries the tone in the traditional placement.

    A vowel with its own mark (ă â ê ô ơ ư) takes the tone (the last one for
    ươ); in a cluster of three vowels the middle one; in an open syllable of two
    vowels the first; otherwise the last vowel. The ``qu``/``gi`` onsets are
    consonants.
    """
    lower = base.lower()
    positions = [i for i, ch in enumerate(lower) if ch in _VOWELS]
    if lower.startswith("qu") and len(positions) > 1 and positions[0] == 1:
        positions = positions[1:]
    elif lower.startswith("gi") and len(positions) > 1 and positions[0] == 1:
        positions = positions[1:]
    if not positions:
        return None
    marked = [i for i in positions if lower[i] in "ăâêôơư"]
    if marked:
        return marked[-1]
    if len(positions) == 1:
        return positions[0]
    ends_with_vowel = positions[-1] == len(lower) - 1
    if len(positions) >= 3:
        return positions[1]
    if ends_with_vowel:
        # Open two-vowel syllables: hòa, thúy, khỏe, mùa, nghĩa (traditional
        # placement, as in "CỘNG HÒA" and "Ủy ban" of official documents).
        return positions[0]
    return positions[-1]


def canonical_tones(text: str) -> str:
    """Rewrite every word with its tone where the traditional placement puts it.

    ``hoà`` → ``hòa``, ``thuý`` → ``thúy``, ``uỷ`` → ``ủy`` (the spelling of
    official documents). Words without a tone are unchanged.
    """

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        base, tone = _split_tones(word)
        if not tone:
            return unicodedata.normalize("NFC", word)
        pos = _tone_position(base)
        if pos is None:
            return unicodedata.normalize("NFC", word)
        decomposed = unicodedata.normalize("NFD", base[pos]) + _TONE_BY_RANK[tone]
        return unicodedata.normalize("NFC", base[:pos] + decomposed + base[pos + 1 :])

    return re.sub(r"\w+", fix, unicodedata.normalize("NFC", text))


# --- keys for comparing and searching --------------------------------------


def lower_first_word(text: str) -> str:
    """``Khối Mặt trận Tổ quốc`` → ``khối Mặt trận Tổ quốc``: a name put inside
    a sentence loses the capital of its first word only (a common noun); the
    proper nouns after it keep theirs. An abbreviation (``UBND``) is kept."""
    head, space, rest = text.partition(" ")
    if head[1:2].isupper():
        return text
    return head[:1].lower() + head[1:] + space + rest


def common_in_sentence(text: str) -> str:
    """A position typed in a cell (``Cán bộ hộ khẩu``) inside a sentence:
    lower-cased when it is a common phrase; kept as typed when it names an
    office (``Phó Trưởng Công an phường``, ``Bí thư Đoàn phường``), which the
    decree capitalises."""
    head, _, rest = text.partition(" ")
    if any(word[:1].isupper() for word in rest.split()):
        return text
    return lower_first_word(text)


def unique_key(value: object) -> str:
    """Key under which two names count as the same record.

    Case, spacing, Unicode form and old/new tone placement do not matter;
    diacritics do (``Hà`` and ``Hạ`` are different people).
    """
    return canonical_tones(clean(value)).casefold()


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(value: object) -> str:
    """Text with every diacritic removed, ``đ`` → ``d``, lower case, single spaces.

    Used for search and for lenient matching of names coming from spreadsheets.
    """
    text = clean(value).translate(_FOLD_TABLE)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def matches(query: str, *fields: object) -> bool:
    """True when every word of ``query`` occurs in one of ``fields``,
    ignoring case and diacritics. An empty query matches everything."""
    words = fold(query).split()
    if not words:
        return True
    haystack = " \x1f ".join(fold(f) for f in fields if f is not None)
    return all(w in haystack for w in words)


# Primary order of the Vietnamese alphabet; other Latin letters (f, j, w, z)
# fall where the Latin alphabet puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
@functools.lru_cache(maxsize=4096)
def _char_key(ch: str) -> tuple[tuple, int]:
    """Primary key and tone rank of one character.

    Classes never compare across each other: white space < punctuation <
    numbers < Vietnamese letters < other letters."""
    base, tone = _split_tones(ch)
    base = base.lower()
    rank = _LETTER_RANK.get(base)
    if rank is not None:
        return (3, rank), tone
    if base.isspace():
        return (0,), 0
    if base.isalpha():
        return (4, base), tone
    return (1, base), 0


def collation_key(value: object) -> tuple:
    """Sort key following the Vietnamese alphabet (a ă â b c d đ e ê …).

    Base letters decide first; tones (none < huyền < hỏi < ngã < sắc < nặng) only
    break ties between otherwise equal texts, word by word; case comes next, and the
    text itself last, so that only equal texts have equal keys.
    Runs of digits compare as numbers so ``Tổ dân phố số 2`` sorts before
    ``số 10``. Keys are cached: lists re-sort the same names many times.
    """
    return _collation_key(clean(value))


@functools.lru_cache(maxsize=65536)
def _collation_key(text: str) -> tuple:
    primary: list[tuple] = []
    secondary: list[int] = []
    tone, in_word = 0, False
    i, length = 0, len(text)
    while i < length:
        ch = text[i]
        if "0" <= ch <= "9":
            j = i + 1
            while j < length and "0" <= text[j] <= "9":
                j += 1
            primary.append((2, int(text[i:j])))
            in_word = True
            i = j
            continue
        key, char_tone = _char_key(ch)
        primary.append(key)
        if ch.isalnum() or ch == "_":
            in_word = True
            tone = tone or char_tone
        elif in_word:
            secondary.append(tone)
            tone, in_word = 0, False
        i += 1
    if in_word:
        secondary.append(tone)
    tertiary = tuple(ch.isupper() for ch in text)
    # Last, the text itself: a word's tone is counted once, so "aaồ" and "àô" would
    # otherwise tie while being different texts (equal keys must mean equal texts).
    return (tuple(primary), tuple(secondary), tertiary, text)


def split_person_name(full_name: object) -> tuple[str, str, str]:
    """``Nguyễn Thị Thu Hà`` → (family ``Nguyễn``, middle ``Thị Thu``, given ``Hà``)."""
    words = clean(full_name).split(" ")
    if not words or words == [""]:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def person_sort_key(full_name: object) -> tuple:
    """Order of people on Vietnamese lists: given name, then family name,
    then middle name (the rule used for ballots and award lists)."""
    family, middle, given = split_person_name(full_name)
    return (collation_key(given), collation_key(family), collation_key(middle))


def title_case_name(value: object) -> str:
    """Capitalise each syllable of a person's name: ``nguyễn văn an`` → ``Nguyễn Văn An``."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in clean(value).split(" ") if w)


# --- numbers ---------------------------------------------------------------

_NUMBER_CHARS = re.compile(r"^[+-]?[\d.,]+$")
# Every figure the app keeps (results, amounts in đồng, counts) is far below a
# million billion; beyond that a float no longer holds every digit, and
# formatting would fail. Longer text is refused before it is parsed.
MAX_MAGNITUDE = Decimal(10) ** 15
_MAX_NUMBER_TEXT = 40


def parse_decimal(value: object) -> Decimal:
    """Read a number as clerks write it.

    Accepts ``12,5`` and ``12.5``, ``1.234,5`` and ``1,234.5``, ``1.234`` (one
    thousand two hundred thirty-four, as Vietnamese writes it), ``96 %`` and
    ``96%``. Raises :class:`TextError` with a Vietnamese message otherwise,
    and for numbers of a million billion or more (:data:`MAX_MAGNITUDE`).
    """
    return _bounded(_decimal(value), value)


def _bounded(number: Decimal, value: object) -> Decimal:
    if not number.is_finite():
        raise TextError(f"“{clean(value)}” không phải là số")
    if abs(number) >= MAX_MAGNITUDE:
        shown = clean(value) if len(clean(value)) <= 20 else clean(value)[:20] + "…"
        raise TextError(f"“{shown}” quá lớn (số phải nhỏ hơn {format_number(MAX_MAGNITUDE, decimals=0)})")
    return number


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise TextError(f"“{value}” không phải là số")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raw = clean(value)
    if len(raw) > _MAX_NUMBER_TEXT:
        raise TextError(f"“{raw[:20]}…” quá dài, không phải là số ({len(raw)} ký tự)")
    text = raw.replace("\u00a0", "").replace(" ", "")
    if text.endswith("%"):
        text = text[:-1]
    if not text or not _NUMBER_CHARS.match(text):
        raise TextError(f"“{raw}” không phải là số")
    sign = ""
    if text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    last_comma, last_dot = text.rfind(","), text.rfind(".")
    if last_comma >= 0 and last_dot >= 0:
        decimal_sep = "," if last_comma > last_dot else "."
        thousands = "." if decimal_sep == "," else ","
        integer, _, fraction = text.rpartition(decimal_sep)
        if decimal_sep in integer or not _thousands_ok(integer, thousands):
            raise TextError(f"“{raw}” không phải là số")
        digits = integer.replace(thousands, "") + "." + fraction
    elif last_comma >= 0:
        if text.count(",") == 1:
            digits = text.replace(",", ".")
        elif _thousands_ok(text, ","):
            digits = text.replace(",", "")
        else:
            raise TextError(f"“{raw}” không phải là số")
    elif last_dot >= 0:
        if text.count(".") > 1:
            if not _thousands_ok(text, "."):
                raise TextError(f"“{raw}” không phải là số")
            digits = text.replace(".", "")
        else:
            integer, _, fraction = text.partition(".")
            # 1.234 is Vietnamese for one thousand two hundred thirty-four;
            # 0.125 or 12.5 are decimals.
            if len(fraction) == 3 and integer not in ("", "0"):
                digits = integer + fraction
            else:
                digits = text
    else:
        digits = text
    if digits.startswith(".") or digits.endswith("."):
        raise TextError(f"“{raw}” không phải là số")
    try:
        return Decimal(sign + digits)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise TextError(f"“{raw}” không phải là số") from exc


def _thousands_ok(integer: str, sep: str) -> bool:
    groups = integer.split(sep)
    return (
        1 <= len(groups[0]) <= 3
        and groups[0].isdigit()
        and all(len(g) == 3 and g.isdigit() for g in groups[1:])
    )


class Percent(float):
    """A number as a cell with a percent format shows it: Excel keeps "96,5%"
    as 0.965, read as ``Percent(96.5)``. Every importer reads such a cell as
    the number the clerk sees."""

    __slots__ = ()


def parse_number(value: object) -> float:
    """:func:`parse_decimal` as a float (the type stored for measured values)."""
    return float(parse_decimal(value))


# Pure, and asked tens of thousands of times for the same few figures by a large
# ward's scores and tables. ``typed``: a Decimal equal to a float (its exact binary
# value) is written from its own digits, the float from its shortest repr.
@functools.lru_cache(maxsize=4096, typed=True)
def format_number(value: float | int | Decimal | None, decimals: int | None = None,
                  max_decimals: int = 2) -> str:
    """``1234.5`` → ``1.234,5``. With ``decimals`` the fraction has exactly that
    many digits; otherwise up to ``max_decimals`` with trailing zeros dropped.
    ``None`` (a missing value) prints as an empty string, never as 0."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    places = decimals if decimals is not None else max_decimals
    quantum = Decimal(1).scaleb(-places)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    return sign + text + ("," + fraction if fraction else "")


def format_percent(value: float | Decimal | None, max_decimals: int = 2) -> str:
    """``105.3`` → ``105,3%``; ``None`` → empty."""
    if value is None:
        return ""
    return format_number(value, max_decimals=max_decimals) + "%"


def format_money(amount: int | float | Decimal | None) -> str:
    """Whole đồng with the thousands dot: ``2340000`` → ``2.340.000``."""
    return format_number(amount, decimals=0)


# --- dates -----------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T].*)?$"),
)


def parse_date(value: object) -> _dt.date:
    """Read ``05/12/2026``, ``5/12/2026``, ``05-12-2026``, ``05.12.2026`` or
    ``2026-12-05``; accepts :class:`datetime.date`/``datetime`` as they are."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    raw = clean(value)
    text = raw.lower()
    if text.startswith("ngày "):
        text = text[5:]
    for pattern in _DATE_PATTERNS:
        found = pattern.match(text)
        if found:
            try:
                return _dt.date(int(found["y"]), int(found["m"]), int(found["d"]))
            except ValueError as exc:
                raise TextError(f"“{raw}” không phải là ngày có thật") from exc
    raise TextError(f"“{raw}” không phải là ngày (viết theo dạng ngày/tháng/năm, ví dụ 05/12/2026)")


def format_date(value: _dt.date | None) -> str:
    """``dd/mm/yyyy``; ``None`` → empty."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def document_date(value: _dt.date, place: str | None = None) -> str:
    """Place and date line of an official document (NĐ 30/2020, ô 4):
    ``Bạch Đằng, ngày 05 tháng 01 năm 2026`` — days below 10 and the months
    1 and 2 take a leading zero, other months do not."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{clean(place)}, {text}" if place else text
