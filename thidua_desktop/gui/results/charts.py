"""Charts of the overview, drawn with QPainter (PySide6-Essentials has no QtCharts).

- :class:`TargetBars`: one bar per measure, its length the percent of plan,
  a line at 100 % (the plan), the colour its evaluation; measures without a
  percent (a decrease, no data) say so in words.
- :class:`ReportingDonut`: units reported on time, late, and not yet.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...domain.evaluation import Status, percent_of_plan_text

BAR_COLOURS = {Status.EXCEEDED: "#3d9a4a", Status.MET: "#8cc97a", Status.NOT_MET: "#d9534f",
               Status.NO_DATA: "#c9b458"}
TEXT = QColor("#202124")
MUTED = QColor("#5f6368")


@dataclass(frozen=True)
class Bar:
    code: str
    label: str
    percent: float | None  # of plan
    status: Status
    note: str  # shown instead of a bar when there is no percent, and as the tooltip
    value_text: str = ""


class TargetBars(QWidget):
    ROW = 24
    LEFT = 64
    RIGHT = 150

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("targetBars")
        self.bars: list[Bar] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 34 + self.ROW * max(len(self.bars), 1))

    def scale(self) -> tuple[float, float]:
        """The percent range shown: at least 80–120 %, wider when a value needs it (within 0–200)."""
        values = [b.percent for b in self.bars if b.percent is not None]
        low = min([80.0] + [math.floor(v / 10) * 10 for v in values])
        high = max([120.0] + [math.ceil(v / 10) * 10 for v in values])
        return max(low, 0.0), min(high, 200.0)

    def _x(self, percent: float, rect: QRectF, low: float, high: float) -> float:
        percent = min(max(percent, low), high)
        return rect.left() + (percent - low) / (high - low) * rect.width()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        p.setFont(font)
        metrics = QFontMetrics(font)
        plot = QRectF(self.LEFT, 22, max(self.width() - self.LEFT - self.RIGHT, 60), self.ROW * len(self.bars))
        low, high = self.scale()
        # axis ticks every 10 %, the plan line at 100 %
        p.setPen(QPen(QColor("#dadce0"), 1))
        tick = low
        while tick <= high + 1e-9:
            x = self._x(tick, plot, low, high)
            p.drawLine(QPointF(x, plot.top() - 4), QPointF(x, plot.bottom()))
            p.setPen(MUTED)
            label = f"{int(tick)}%"
            p.drawText(QPointF(x - metrics.horizontalAdvance(label) / 2, 14), label)
            p.setPen(QPen(QColor("#dadce0"), 1))
            tick += 10
        for i, bar in enumerate(self.bars):
            top = plot.top() + i * self.ROW
            p.setPen(TEXT)
            p.drawText(QRectF(0, top, self.LEFT - 8, self.ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"({bar.code})")
            colour = QColor(BAR_COLOURS[bar.status])
            if bar.percent is None:
                p.setPen(QPen(colour.darker(130), 1, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                box = QRectF(plot.left(), top + 5, 14, self.ROW - 10)
                p.setBrush(colour if bar.status is not Status.NO_DATA else Qt.BrushStyle.NoBrush)
                p.drawRect(box)
                p.setPen(MUTED if bar.status is Status.NO_DATA else TEXT)
                p.drawText(QRectF(plot.left() + 20, top, plot.width() + self.RIGHT - 20, self.ROW),
                           Qt.AlignmentFlag.AlignVCenter, metrics.elidedText(bar.note, Qt.TextElideMode.ElideRight,
                                                                             int(plot.width() + self.RIGHT - 24)))
                continue
            end = self._x(bar.percent, plot, low, high)
            rect = QRectF(plot.left(), top + 5, max(end - plot.left(), 2), self.ROW - 10)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRoundedRect(rect, 2, 2)
            if bar.percent < low or bar.percent > high:
                p.setPen(TEXT)
                p.drawText(QPointF(end - 10 if bar.percent > high else plot.left() + 2, top + self.ROW - 8), "»"
                           if bar.percent > high else "«")
            p.setPen(TEXT)
            text = f"{percent_of_plan_text(bar.percent)} — {bar.status.label}"
            p.drawText(QRectF(plot.right() + 8, top, self.RIGHT - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter, text)
        x100 = self._x(100, plot, low, high)
        p.setPen(QPen(QColor("#1a73e8"), 2))
        p.drawLine(QPointF(x100, plot.top() - 4), QPointF(x100, plot.bottom() + 2))
        p.end()

    def bar_at(self, y: float) -> Bar | None:
        index = int((y - 22) // self.ROW)
        return self.bars[index] if 0 <= index < len(self.bars) and y >= 22 else None

    def mouseMoveEvent(self, event) -> None:
        bar = self.bar_at(event.position().y())
        if bar is not None:
            QToolTip.showText(event.globalPosition().toPoint(), f"({bar.code}) {bar.label}\n{bar.note}", self)
        else:
            QToolTip.hideText()


@dataclass(frozen=True)
class Slice:
    label: str
    count: int
    colour: str


class ReportingDonut(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("reportingDonut")
        self.slices: list[Slice] = []
        self.centre = ""
        self.caption = ""
        self.setMinimumSize(QSize(300, 150))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_data(self, slices: list[Slice], centre: str, caption: str) -> None:
        self.slices, self.centre, self.caption = slices, centre, caption
        self.setToolTip("\n".join(f"{s.label}: {s.count}" for s in slices))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 150)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.height() - 10, 140)
        ring = QRectF(6, (self.height() - side) / 2, side, side)
        total = sum(s.count for s in self.slices)
        start = 90 * 16
        if total == 0:
            p.setPen(QPen(QColor("#dadce0"), 18))
            p.drawEllipse(ring.adjusted(9, 9, -9, -9))
        for s in self.slices:
            if not s.count:
                continue
            span = -int(round(s.count / total * 360 * 16))
            path = QPainterPath()
            path.arcMoveTo(ring, start / 16)
            path.arcTo(ring, start / 16, span / 16)
            inner = ring.adjusted(side * 0.22, side * 0.22, -side * 0.22, -side * 0.22)
            path.arcTo(inner, (start + span) / 16, -span / 16)
            path.closeSubpath()
            p.setPen(QPen(QColor("white"), 1.5))
            p.setBrush(QColor(s.colour))
            p.drawPath(path)
            start += span
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        p.setFont(font)
        p.setPen(TEXT)
        p.drawText(ring, Qt.AlignmentFlag.AlignCenter, self.centre)
        p.setFont(self.font())
        metrics = QFontMetrics(self.font())
        x = ring.right() + 16
        y = ring.top() + 12
        p.setPen(MUTED)
        p.drawText(QPointF(x, y), self.caption)
        for s in self.slices:
            y += metrics.height() + 6
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(s.colour))
            p.drawRect(QRectF(x, y - metrics.ascent() + 1, 12, 12))
            p.setPen(TEXT)
            p.drawText(QPointF(x + 18, y), f"{s.label}: {s.count}")
        p.end()
