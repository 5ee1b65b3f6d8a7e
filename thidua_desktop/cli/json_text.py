"""The commands' JSON, indented, written by the C encoder.

``json.dumps(data, indent=2)`` runs Python's pure encoder (the C one has no
indent), a tenth of a second for a large ward's ranking. Here every run of plain
values inside a dict or list is written in one call of the C encoder, with the
separator of its depth (",\\n" and the indent), and only the nesting is walked in
Python: the text is the same byte for byte (tests/test_rank_fast.py).
"""
from __future__ import annotations

import json
from itertools import chain
from json.encoder import encode_basestring
from typing import Any

INDENT = 2
_CONTAINERS = (dict, list, tuple)
_encoders: dict[int, json.JSONEncoder] = {}


class _WalkedPerValue(Exception):
    """Rows holding lists (a ranking's explanations): every value is walked in Python
    either way, and the standard encoder does it fastest."""


def dumps(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2, default=str)``, faster."""
    try:
        return _text(data, 0)
    except _WalkedPerValue:
        return _standard(data, 0)


def _standard(data: Any, level: int) -> str:
    """The pure encoder's text of ``data`` as it reads at nesting ``level``."""
    text = json.dumps(data, ensure_ascii=False, indent=INDENT, default=str)
    return text.replace("\n", "\n" + " " * (INDENT * level)) if level else text


def _encoder(level: int) -> json.JSONEncoder:
    """A C encoder whose item separator is the one the indented text has at ``level``."""
    found = _encoders.get(level)
    if found is None:
        found = _encoders[level] = json.JSONEncoder(
            ensure_ascii=False, default=str, separators=(",\n" + " " * (INDENT * level), ": "))
    return found


def _nested(values) -> bool:
    """Whether any of ``values`` is a dict or a list (a few distinct types: checked per type, in C)."""
    return any(issubclass(kind, _CONTAINERS) for kind in set(map(type, values)))


def _text(data: Any, level: int) -> str:
    if isinstance(data, dict):
        if not data:
            return "{}"
        values = data.values()
        opening, closing = "{", "}"
    elif isinstance(data, _CONTAINERS):
        if not data:
            return "[]"
        values = data
        opening, closing = "[", "]"
    else:
        return _encoder(level).encode(data)
    inner = "\n" + " " * (INDENT * (level + 1))
    if opening == "[" and _rows(data):
        return "[" + inner + _row_texts(data, level + 1) + "\n" + " " * (INDENT * level) + "]"
    if opening == "[" and _rows_with_lists(data):
        raise _WalkedPerValue
    if _nested(values):
        if opening == "{" and not all(isinstance(key, str) for key in data):
            return _standard(data, level)  # keys other than text: as the standard converts them
        body = ("," + inner).join(_pieces(data.items() if opening == "{" else data, level + 1, opening == "{"))
    else:  # plain values only: one call of the C encoder, without its brackets
        body = _encoder(level + 1).encode(data)[1:-1]
    return opening + inner + body + "\n" + " " * (INDENT * level) + closing


def _rows(data) -> bool:
    """A list of non-empty dicts of plain values (a table's rows)."""
    return set(map(type, data)) == {dict} and all(data) and not _nested(chain.from_iterable(map(dict.values, data)))


def _rows_with_lists(data) -> bool:
    """A list of dicts whose nested values are plain lists or dicts (one level deeper, no more)."""
    if set(map(type, data)) != {dict}:
        return False
    inner = [value for row in data for value in row.values() if isinstance(value, _CONTAINERS)]
    return not any(_nested(value.values() if isinstance(value, dict) else value) for value in inner)


def _row_texts(rows: list[dict], level: int) -> str:
    """The rows at ``level``, all in one call of the C encoder: written with the
    separator of their values' depth, then the rows' own separators put back (a
    newline only ever separates, and within a row it is followed by a key, never by “{”)."""
    outer = "\n" + " " * (INDENT * level)
    inner = "\n" + " " * (INDENT * (level + 1))
    text = _encoder(level + 1).encode(rows)[2:-2]
    return "{" + inner + text.replace("}," + inner + "{", outer + "}," + outer + "{" + inner) + outer + "}"


def _pieces(entries, level: int, is_dict: bool) -> list[str]:
    """The texts of a container's entries at ``level``: each run of plain values in one C call."""
    pieces: list[str] = []
    run: list = []
    encoder = _encoder(level)

    def flush() -> None:
        if run:
            pieces.append(encoder.encode(dict(run) if is_dict else run)[1:-1])
            run.clear()

    for entry in entries:
        value = entry[1] if is_dict else entry
        if isinstance(value, _CONTAINERS):
            flush()
            text = _text(value, level)
            pieces.append(encode_basestring(entry[0]) + ": " + text if is_dict else text)
        else:
            run.append(entry)
    flush()
    return pieces
