"""``thidua rank --json`` and ``thidua targets evaluate --json`` at a large ward's
scale (issue 15, goal 7): the faster paths give exactly what the plain ones gave."""
from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua_desktop.cli import json_text

_plain = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                   st.text(alphabet=st.characters(codec="utf-8"), max_size=8), st.dates())
_keys = st.one_of(st.text(max_size=6), st.text(alphabet="{}[],:\n\" ", max_size=4), st.integers(0, 3))
_data = st.recursive(
    _plain,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_keys, inner, max_size=5),
                            st.lists(st.dictionaries(_keys, _plain, max_size=4), max_size=4),
                            st.tuples(inner, inner)),
    max_leaves=30)


def _standard(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


@settings(max_examples=400, deadline=None)
@given(_data)
def test_the_commands_json_is_the_standard_encoders_text(data):
    assert json_text.dumps(data) == _standard(data)


def test_keys_that_are_not_text_and_odd_values_read_as_the_standard_writes_them():
    for data in ({1: [2], "a": {}}, {1.5: "x", None: [1]}, [{"k": "},\n    {"}, {"k": 1}], [{"a": 1}, {}],
                 {"d": dt.date(2026, 12, 5), "t": (1, [2, ()])}, [float("inf"), float("nan")], "chữ", 3, []):
        assert json_text.dumps(data) == _standard(data)
