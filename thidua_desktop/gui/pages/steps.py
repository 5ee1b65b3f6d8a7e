"""Các bước trong năm: the year's path from units to the report sent to the city as a
checklist — each step's state, its fact from the data, its deadline, and a button to
the page (and tab) that does it (issue 16, item 12; the facts are services/steps.py's)."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ...domain.deadlines import deadline_status
from ...services import steps
from ..years import close_year
from .base import Page, heading, load_in_background
from .overview import STATE_COLOURS

# The mark and colour of each state: a glyph in a coloured disc, readable without colour too.
MARKS = {
    steps.State.DONE: ("✓", "#1e6b33"),
    steps.State.IN_PROGRESS: ("…", "#1a5fb4"),
    steps.State.NOT_STARTED: ("○", "#5f6368"),
    steps.State.LATE: ("!", "#b3261e"),
    steps.State.NOT_APPLICABLE: ("–", "#9aa0a6"),
}
COMMANDS = {"close_year": close_year}


class StepRow(QFrame):
    """One step: its mark, title and state, the fact, the deadline, and "Mở…".
    Built once per step and filled again in place after a change (``show_step``)."""

    def __init__(self, number: int, step: steps.Step, today, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"step_{step.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        self.disc = QLabel()
        self.disc.setFixedSize(28, 28)
        self.disc.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.disc, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.fact = QLabel()
        self.fact.setObjectName("stepFact")
        self.fact.setWordWrap(True)
        self.fact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.deadline = QLabel()
        text.addWidget(self.title)
        text.addWidget(self.fact)
        text.addWidget(self.deadline)
        row.addLayout(text, 1)
        self.open_button = QPushButton()
        self.open_button.setObjectName("stepOpen")
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        self.show_step(number, step, today)

    def show_step(self, number: int, step: steps.Step, today) -> None:
        self.step = step
        mark, colour = MARKS[step.state]
        self.disc.setText(mark)
        sheet = (f"QLabel {{ background: {colour}; color: white; border-radius: 14px; "
                 "font-weight: bold; }")
        if self.disc.styleSheet() != sheet:  # a new sheet polishes the label again: only when the state moved
            self.disc.setStyleSheet(sheet)
        self.disc.setToolTip(step.state.label)
        self.title.setText(f"<b>{number}. {html.escape(step.title)}</b> — "
                           f"<span style='color:{colour}'>{step.state.label}</span>")
        self.fact.setText(html.escape(step.fact))
        if step.deadline is not None:
            state, _ = deadline_status(step.deadline, today, step.day_on_time)
            # a finished step's deadline is history, not a warning
            due_colour = "#5f6368" if step.state is steps.State.DONE else STATE_COLOURS[state]
            self.deadline.setText(f"Hạn: <span style='color:{due_colour}'>"
                                  f"{html.escape(step.deadline_text)}</span>")
        self.deadline.setVisible(step.deadline is not None)
        # a menu command is named on its button; a page is opened
        self.open_button.setText(step.where.rsplit(" › ", 1)[-1] if step.command else "Mở…")
        self.open_button.setToolTip(f"Làm ở: {step.where}")


class StepsPage(Page):
    areas = ("*",)  # every area of the data moves some step

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        outer = QVBoxLayout(self)
        self.heading = heading(title)
        outer.addWidget(self.heading)
        self.summary = QLabel()
        self.summary.setObjectName("stepsSummary")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the facts wrap instead
        outer.addWidget(scroll, 1)
        body = QWidget()
        scroll.setWidget(body)
        self.list = QVBoxLayout(body)
        self.list.setSpacing(6)
        self.rows: list[StepRow] = []

    def refresh(self) -> None:
        """The steps and the backup's age (a look at the backup folder) read in the background
        ("Đang tải…" meanwhile: a large ward's take a while)."""
        load_in_background(self, self.ctx, steps.year_steps_of, self._show, whole_database=True)

    def _show(self, found: steps.YearSteps) -> None:
        self.heading.setText(f"Các bước trong năm {found.year} — {found.ward_name}")
        done = sum(1 for s in found.steps if s.state in (steps.State.DONE, steps.State.NOT_APPLICABLE))
        following = found.next_step
        self.summary.setText(f"Đã xong {done}/{len(found.steps)} bước. "
                             + (f"Việc tiếp theo: {following.title}." if following else "Mọi bước đã xong."))
        self._fill(found)

    def _fill(self, found: steps.YearSteps) -> None:
        """The rows filled again in place when the same steps come back (after any change:
        building a dozen rows of wrapped text again froze the window for a large ward)."""
        if [r.step.key for r in self.rows] == [s.key for s in found.steps]:
            for number, (row, step) in enumerate(zip(self.rows, found.steps), 1):
                row.show_step(number, step, found.today)
            return
        while self.list.count():
            item = self.list.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = []
        for number, step in enumerate(found.steps, 1):
            row = StepRow(number, step, found.today)
            row.open_button.clicked.connect(lambda _=False, r=row: self.open_step(r.step))
            self.list.addWidget(row)
            self.rows.append(row)
        self.list.addStretch(1)

    def open_step(self, step: steps.Step) -> None:
        """Go where the step is done: its page and tab, or its menu command."""
        if step.command:
            COMMANDS[step.command](self, self.ctx)
            return
        window = self.window()
        if not hasattr(window, "show_page"):
            return
        page = window.show_page(step.page_id)
        tabs = getattr(page, "tabs", None)
        if step.tab and tabs is not None:
            for index in range(tabs.count()):
                if tabs.tabText(index) == step.tab:
                    tabs.setCurrentIndex(index)
                    break
