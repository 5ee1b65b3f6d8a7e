"""A column of a list an import reads and an export writes, and what the readers, writers and
import previews take from a table of them (the tables themselves live with their area, e.g.
:mod:`..registry.columns`)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence

from .files import HeaderSpec

YES, NO = "Có", "Không"  # a yes/no column's cells

Reader = Callable[[Any, str], Any]  # (cell value, the column's header) → value; raises TextError


@dataclass(frozen=True)
class Column:
    """One column of a list, for its import, export, template, preview and help."""

    header: str  # written by exports and templates; the first header an import accepts
    field: str = ""  # the key of a read line's values; "" for a column never read back (STT)
    aliases: tuple[str, ...] = ()  # the other headers an import accepts
    width: float = 0  # 0: never written (a column only some offices' files have)
    kind: str = "text"  # the cell's format: text, phone, date, int
    choices: str | None = None  # the dropdown list on the "Danh mục" sheet
    strict: bool = True  # False: values outside the dropdown list are allowed (with a warning)
    required: bool = False
    read: Reader | None = None  # None: the line's parser reads the cell itself
    write: Callable[[Any], Any] | None = None  # record → cell; None: the record's ``attr``
    attr: str | None = None  # the model attribute the value is kept in
    change: str = ""  # the preview's word when an import changes the value ("đổi điện thoại")
    help: str = ""  # its paragraph on the instructions sheet ({year}: the plan year)
    help_title: str = ""  # the paragraph's title, when not the header

    @property
    def spec(self) -> HeaderSpec:
        return HeaderSpec(self.field, (self.header, *self.aliases), self.required)

    @cached_property
    def convert(self) -> Callable[[Any], Any]:
        """The cell reader with the header its messages name."""
        read, header = self.read, self.header
        return lambda value: read(value, header)

    def cell(self, record: Any) -> Any:
        """What an export writes in this column for ``record`` (a stored row's mapping, or
        a service's row when ``write`` reads it)."""
        if self.write is not None:
            return self.write(record)
        value = record[self.attr]
        if self.choices == "yesno":
            return YES if value else NO
        return (value or "") if self.kind in ("text", "phone") else value

    def stored(self, value: Any) -> Any:
        """A stored value as an import compares it (no None for text, booleans as such)."""
        if self.choices == "yesno":
            return bool(value)
        return (value or "") if self.kind in ("text", "phone") else value

    @property
    def title(self) -> str:
        return self.help_title or self.header + (" (bắt buộc)" if self.required else "")


NUMBER = Column("STT", width=6, kind="int")  # every list's first column: the row's number, never read back


# --- what the readers, writers and the preview take from a table ------------


def specs(columns: Sequence[Column]) -> list[HeaderSpec]:
    """The headers an import looks for, in the table's order."""
    return [c.spec for c in columns if c.field]


def written(columns: Sequence[Column]) -> list[Column]:
    """The columns an export or template writes, in order."""
    return [c for c in columns if c.width]


def updated(columns: Sequence[Column]) -> list[Column]:
    """The columns an import may change on a record already stored."""
    return [c for c in columns if c.attr and c.change]


def row_values(columns: Sequence[Column], number: int, record: Any) -> list[Any]:
    """An exported row: its number in the ``STT`` column, the record's values in the others."""
    return [number if c is NUMBER else c.cell(record) for c in columns]


def help_paragraphs(columns: Sequence[Column], year: int) -> list[tuple[str, str]]:
    """The instructions' paragraphs of the columns that have one, in the table's order."""
    return [(c.title, c.help.format(year=year)) for c in columns if c.help]


def changed_labels(columns: Sequence[Column], old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The preview's words for the values ``new`` changes (by model attribute)."""
    return [c.change for c in columns if old.get(c.attr) != new.get(c.attr)]
