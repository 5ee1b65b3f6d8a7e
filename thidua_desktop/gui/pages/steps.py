"""Các bước trong năm: the year's path from units to the report sent to the city as a
checklist — each step's state, its fact from the data, its deadline, and a button to
the page (and tab) that does it (issue 16, item 12; the facts are services/steps.py's)."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ...domain.deadlines import deadline_status
from ...services import steps
from ...services.safety import backup_status
from .. import operations as ops
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
    """One step: its mark, title and state, the fact, the deadline, and "Mở…"."""

    def __init__(self, number: int, step: steps.Step, today, parent: QWidget | None = None):
        super().__init__(parent)
        self.step = step
        self.setObjectName(f"step_{step.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        mark, colour = MARKS[step.state]
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        disc = QLabel(mark)
        disc.setFixedSize(28, 28)
        disc.setAlignment(Qt.AlignmentFlag.AlignCenter)
        disc.setStyleSheet(f"QLabel {{ background: {colour}; color: white; border-radius: 14px; "
                           "font-weight: bold; }")
        disc.setToolTip(step.state.label)
        row.addWidget(disc, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = QLabel(f"<b>{number}. {html.escape(step.title)}</b> — "
                            f"<span style='color:{colour}'>{step.state.label}</span>")
        self.title.setWordWrap(True)
        self.fact = QLabel(html.escape(step.fact))
        self.fact.setObjectName("stepFact")
        self.fact.setWordWrap(True)
        self.fact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.title)
        text.addWidget(self.fact)
        if step.deadline is not None:
            state, _ = deadline_status(step.deadline, today, step.day_on_time)
            # a finished step's deadline is history, not a warning
            due_colour = "#5f6368" if step.state is steps.State.DONE else STATE_COLOURS[state]
            self.deadline = QLabel(f"Hạn: <span style='color:{due_colour}'>"
                                   f"{html.escape(step.deadline_text)}</span>")
            text.addWidget(self.deadline)
        row.addLayout(text, 1)
        # a menu command is named on its button; a page is opened
        self.open_button = QPushButton(step.where.rsplit(" › ", 1)[-1] if step.command else "Mở…")
        self.open_button.setObjectName("stepOpen")
        self.open_button.setToolTip(f"Làm ở: {step.where}")
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)


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
        """The steps read in the background ("Đang tải…" meanwhile: a large ward's take a while);
        the backup's age (a look at the backup folder) here."""
        backup = ops.with_database(self, self.ctx, backup_status.backup_age)
        if backup is ops.FAILED:
            return
        load_in_background(self, self.ctx, lambda s: steps.year_steps(s, backup), self._show)

    def _show(self, found: steps.YearSteps) -> None:
        self.heading.setText(f"Các bước trong năm {found.year} — {found.ward_name}")
        done = sum(1 for s in found.steps if s.state in (steps.State.DONE, steps.State.NOT_APPLICABLE))
        following = found.next_step
        self.summary.setText(f"Đã xong {done}/{len(found.steps)} bước. "
                             + (f"Việc tiếp theo: {following.title}." if following else "Mọi bước đã xong."))
        self._fill(found)

    def _fill(self, found: steps.YearSteps) -> None:
        while self.list.count():
            item = self.list.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.rows = []
        for number, step in enumerate(found.steps, 1):
            row = StepRow(number, step, found.today)
            row.open_button.clicked.connect(lambda _=False, s=step: self.open_step(s))
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
