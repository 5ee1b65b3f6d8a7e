"""Combo boxes filled from the database, refilled after every change."""
from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtWidgets import QComboBox


def select_data(combo: QComboBox, value: Any) -> None:
    """Choose the entry holding ``value`` (the first if none does)."""
    combo.setCurrentIndex(max(combo.findData(value), 0))


def refill(combo: QComboBox, items: Iterable[tuple[str, Any]], prefer: Any = None) -> None:
    """Replace the entries without signalling a change. The entry chosen before
    stays chosen while it is still offered; else ``prefer``, else the first."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else -1
    if index < 0 and prefer is not None:
        index = combo.findData(prefer)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def refill_periods(combo: QComboBox, periods: list[tuple[int, str, bool]]) -> None:
    """The year's reporting periods as (id, name, is main); the main one is chosen at first."""
    main = next((pid for pid, _, is_main in periods if is_main), None)
    # Filled after the page is shown (in the background): sized by what it holds now, not by
    # the empty list it was first shown with ("Cả năm 2026" read "Cả năm 2").
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    refill(combo, [(name, pid) for pid, name, _ in periods], prefer=main)
