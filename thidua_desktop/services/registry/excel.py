"""Units and people in Excel: blank templates, exports, and imports with a preview.

An import reads the file once into :class:`Line` values (cleaned, each cell
checked; :mod:`.excel_read`), then *classifies* every line against the
database — new, update, unchanged, or error with the reason — without writing.
Applying classifies again inside one transaction (the database may have changed
since the preview) and writes everything or nothing (:mod:`.excel_import`).

The templates and exports (:mod:`.excel_export`) share one layout (title rows,
a header row, one row per record, an instructions sheet, dropdown lists), so an
exported file can be edited and imported back. Every column is declared once,
in :mod:`.columns`. This module keeps the names the GUI, the CLI and the tests call.
"""
from __future__ import annotations

from ..xlsx.columns import specs
from .columns import PEOPLE_COLUMNS, UNIT_COLUMNS
from .excel_export import (
    HEADER_ROW,
    HELP_SHEET,
    LIST_SHEET,
    export_people,
    export_units,
    write_people_template,
    write_units_template,
)
from .excel_import import apply_people_import, apply_units_import, preview_people_import, preview_units_import
from .excel_read import Line, RegistryPreview

UNIT_SPECS = specs(UNIT_COLUMNS)  # the headers an import looks for, as callers of the earlier lists read them
PEOPLE_SPECS = specs(PEOPLE_COLUMNS)

__all__ = [
    "HEADER_ROW", "HELP_SHEET", "LIST_SHEET", "PEOPLE_SPECS", "UNIT_SPECS", "Line", "RegistryPreview",
    "apply_people_import", "apply_units_import", "export_people", "export_units", "preview_people_import",
    "preview_units_import", "write_people_template", "write_units_template",
]
