"""Qt's own words in Vietnamese: the standard buttons (Có / Không, Đồng ý / Hủy),
the print preview's toolbar, the text boxes' context menu, Qt's file and print dialogs.

Qt ships no Vietnamese translation of its own strings, so the app carries one:
``resources/i18n/qt_vi.ts`` (edit it with Qt Linguist or by hand) compiled to
``qt_vi.qm`` by ``pyside6-lrelease`` (``tests/test_qt_vietnamese.py`` checks the
two agree). One choice everywhere: "Có / Không" answers a question, "Đồng ý /
Hủy" confirms or abandons a form.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ..paths import resource

QM_FILE = ("i18n", "qt_vi.qm")


def install(app: QCoreApplication) -> QTranslator | None:
    """Load the Vietnamese translation of Qt's strings into ``app`` (once) and make
    Vietnamese the default locale (month and day names, number formats)."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    existing = app.findChild(QTranslator, "thidua-qt-vi")
    if existing is not None:
        app.installTranslator(existing)  # already first in line: Qt does not add it twice
        return existing
    translator = QTranslator(app)
    translator.setObjectName("thidua-qt-vi")
    if not translator.load(str(resource(*QM_FILE))):
        return None  # a damaged install keeps Qt's English words rather than failing to start
    app.installTranslator(translator)
    return translator
