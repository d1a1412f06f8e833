"""Charts drawn with QPainter (no QtCharts): bars with axes and a forecast band, and a member's
timeline strip.

They follow the window: numbers through Babel in the window's language, colours from the
palette (so light and dark themes both read), and a right-to-left layout runs time from the
right with the value axis on the right. Meaning never rests on colour: each series has its own
fill *pattern* (solid, diagonal hatching, outline), the band has dashed edges, a legend names
them in words, and a tooltip gives the exact numbers. Every chart sits beside a table of the same
numbers (:class:`copdesk.ui.participation_pane.ChartPanel`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from copdesk.i18n import _, window

SOLID, HATCHED, OUTLINE, DOTTED = "solid", "hatched", "outline", "dotted"


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]
    pattern: str = SOLID


def nice_top(value: float) -> tuple[int, int]:
    """A round top for the value axis and its step (about 4–6 gridlines)."""
    value = max(1.0, value)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value / step <= 6:
            return int(-(-value // step) * step), step
    step = 10 ** len(str(int(value)))
    return int(-(-value // step) * step), step


def _brush(pattern: str, color: QColor) -> QBrush:
    style = {
        SOLID: Qt.BrushStyle.SolidPattern,
        HATCHED: Qt.BrushStyle.BDiagPattern,
        DOTTED: Qt.BrushStyle.Dense6Pattern,
        OUTLINE: Qt.BrushStyle.NoBrush,
    }[pattern]
    return QBrush(color, style)


def _swatch(painter: QPainter, rect: QRectF, pattern: str, ink: QColor) -> None:
    if pattern == "band":
        painter.fillRect(rect, _brush(DOTTED, _band_colour(ink)))
        painter.setPen(QPen(ink, 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(rect.topLeft(), rect.topRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        return
    painter.setPen(QPen(ink, 1.2))
    painter.setBrush(_brush(pattern, ink))
    painter.drawRect(rect)


def _band_colour(ink: QColor) -> QColor:
    c = QColor(ink)
    c.setAlphaF(0.35)
    return c


class BarChart(QWidget):
    """Bars per category (one series per :class:`Series`, side by side), an optional band."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.categories: list[str] = []
        self.tips: list[str] = []  # the category's full name in tooltips (dates in long form)
        self.series: list[Series] = []
        self.band: list[tuple[float, float] | None] = []
        self.band_label = ""
        self.empty_text = _("Nothing to show for this period.")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 260)

    def set_data(
        self,
        categories: Sequence[str],
        series: Sequence[Series],
        *,
        band: Sequence[tuple[float, float] | None] = (),
        band_label: str = "",
        tips: Sequence[str] = (),
    ) -> None:
        self.categories = list(categories)
        self.series = list(series)
        self.band = list(band)
        self.band_label = band_label
        self.tips = list(tips) or list(categories)
        self.setAccessibleDescription(self.summary())
        self.update()

    def summary(self) -> str:
        """What a screen reader hears: the chart's numbers in a sentence per series."""
        fmt = window().format_number
        parts = []
        for s in self.series:
            if not s.values:
                continue
            # Translators: a chart's series summed up for screen readers, e.g. "Present: from 12 to 24, last 20"
            parts.append(
                _("{series}: from {low} to {high}, last {last}").format(
                    series=s.label,
                    low=fmt(min(s.values)),
                    high=fmt(max(s.values)),
                    last=fmt(s.values[-1]),
                )
            )
        return "; ".join(parts) or self.empty_text

    # -- geometry ---------------------------------------------------------------------------------
    def _rtl(self) -> bool:
        return self.layoutDirection() == Qt.LayoutDirection.RightToLeft

    def _top(self) -> tuple[int, int]:
        values = [v for s in self.series for v in s.values]
        values += [b[1] for b in self.band if b is not None]
        return nice_top(max(values, default=1))

    def _frame(self) -> tuple[QRectF, float]:
        """The plot area and the legend's height."""
        fm = QFontMetricsF(self.font())
        line = fm.height()
        top, _step = self._top()
        axis_w = fm.horizontalAdvance(window().format_number(top)) + 10
        legend_h = line + 8
        left, right = (8, axis_w) if self._rtl() else (axis_w, 8)
        rect = QRectF(
            left,
            legend_h + 4 + line / 2,
            self.width() - left - right,
            self.height() - legend_h - 4 - line / 2 - line - 10,
        )
        return rect, legend_h

    def _slot(self, plot: QRectF, index: int) -> QRectF:
        n = max(len(self.categories), 1)
        w = plot.width() / n
        k = n - 1 - index if self._rtl() else index
        return QRectF(plot.left() + k * w, plot.top(), w, plot.height())

    def _y(self, plot: QRectF, value: float, top: int) -> float:
        return plot.bottom() - plot.height() * value / top

    def category_at(self, x: float) -> int | None:
        plot, _legend = self._frame()
        for i in range(len(self.categories)):
            slot = self._slot(plot, i)
            if slot.left() <= x < slot.right():
                return i
        return None

    # -- painting -----------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        ink = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        grid = pal.color(QPalette.ColorRole.Mid)
        painter.fillRect(self.rect(), base)
        fm = QFontMetricsF(self.font())
        plot, legend_h = self._frame()
        self._paint_legend(painter, fm, ink, legend_h)
        if not self.categories or not any(s.values for s in self.series):
            painter.setPen(ink)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        top, step = self._top()
        fmt = window().format_number
        # value axis and grid
        for v in range(0, top + 1, step):
            y = self._y(plot, v, top)
            painter.setPen(QPen(grid, 0.6))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(ink)
            text = fmt(v)
            # (absolute alignment: a right-to-left painter would flip "left" to "right")
            if self._rtl():
                box = QRectF(plot.right() + 4, y - fm.height() / 2, 200, fm.height())
                align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
            else:
                box = QRectF(plot.left() - 204, y - fm.height() / 2, 200, fm.height())
                align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
            painter.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, text)
        # the band, behind the bars
        for i, b in enumerate(self.band):
            if b is None:
                continue
            slot = self._slot(plot, i)
            y_low, y_high = self._y(plot, b[0], top), self._y(plot, b[1], top)
            area = QRectF(slot.left(), y_high, slot.width(), y_low - y_high)
            painter.fillRect(area, _brush(DOTTED, _band_colour(ink)))
        # bars
        count = max(len(self.series), 1)
        for i in range(len(self.categories)):
            slot = self._slot(plot, i)
            inner = slot.adjusted(slot.width() * 0.15, 0, -slot.width() * 0.15, 0)
            bar_w = inner.width() / count
            for k, s in enumerate(self.series):
                if i >= len(s.values):
                    continue
                k_shown = count - 1 - k if self._rtl() else k
                x = inner.left() + k_shown * bar_w
                y = self._y(plot, s.values[i], top)
                bar = QRectF(x + 1, y, max(bar_w - 2, 1), plot.bottom() - y)
                painter.setPen(QPen(ink, 1.2))
                painter.setBrush(_brush(s.pattern, ink))
                painter.drawRect(bar)
        # band edges, over the bars
        painter.setPen(QPen(ink, 1.6, Qt.PenStyle.DashLine))
        for i, b in enumerate(self.band):
            if b is None:
                continue
            slot = self._slot(plot, i)
            for value in b:
                y = self._y(plot, value, top)
                painter.drawLine(QPointF(slot.left(), y), QPointF(slot.right(), y))
        # category axis
        painter.setPen(QPen(ink, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        widest = max(fm.horizontalAdvance(c) for c in self.categories) + 6
        slot_w = plot.width() / len(self.categories)
        every = max(1, int(-(-widest // slot_w)))
        for i, label in enumerate(self.categories):
            if i % every:
                continue
            slot = self._slot(plot, i)
            box = QRectF(
                slot.center().x() - slot_w * every / 2,
                plot.bottom() + 3,
                slot_w * every,
                fm.height(),
            )
            painter.drawText(
                box,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                fm.elidedText(label, Qt.TextElideMode.ElideRight, box.width()),
            )
        if self.hasFocus():
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_legend(
        self, painter: QPainter, fm: QFontMetricsF, ink: QColor, height: float
    ) -> None:
        items = [(s.pattern, s.label) for s in self.series]
        if self.band_label and any(b is not None for b in self.band):
            items.append(("band", self.band_label))
        rtl = self._rtl()
        x = self.width() - 8 if rtl else 8.0
        y = 4.0
        painter.setPen(ink)
        for pattern, label in items:
            box_w = 18.0
            text_w = fm.horizontalAdvance(label)
            if rtl:
                x -= box_w
                _swatch(painter, QRectF(x, y + 3, box_w, height - 14), pattern, ink)
                x -= 6 + text_w
                painter.setPen(ink)
                painter.drawText(
                    QRectF(x, y, text_w + 1, height - 8), Qt.AlignmentFlag.AlignVCenter, label
                )
                x -= 18
            else:
                _swatch(painter, QRectF(x, y + 3, box_w, height - 14), pattern, ink)
                x += box_w + 6
                painter.setPen(ink)
                painter.drawText(
                    QRectF(x, y, text_w + 1, height - 8), Qt.AlignmentFlag.AlignVCenter, label
                )
                x += text_w + 18

    # -- tooltips ---------------------------------------------------------------------------------
    def tooltip_at(self, index: int) -> str:
        fmt = window().format_number
        lines = [self.tips[index] if index < len(self.tips) else self.categories[index]]
        for s in self.series:
            if index < len(s.values):
                # Translators: one line of a chart's tooltip, e.g. "Present: 12"
                lines.append(
                    _("{series}: {value}").format(series=s.label, value=fmt(s.values[index]))
                )
        if index < len(self.band) and self.band[index] is not None:
            low, high = self.band[index]
            lines.append(
                # Translators: a chart tooltip line: the range expected, e.g. "Expected: 14–20"
                _("{label}: {low}–{high}").format(
                    label=self.band_label, low=fmt(low), high=fmt(high)
                )
            )
        return "\n".join(lines)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.category_at(event.pos().x())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_at(index), self)
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)


class TimelineStrip(QWidget):
    """A member's sessions as a strip of cells, oldest first (newest first on the right in a
    left-to-right layout; mirrored in a right-to-left one).

    Present: a filled cell; apologised: hatched; absent: an empty outline. A session where they
    shared or took something beyond attending has a dot under its cell. Left/Right (or Home/End)
    move the current cell; :attr:`current_changed` carries its index so the pane can say in
    words what happened there.
    """

    current_changed = Signal(int)
    CELL = 22
    GAP = 3

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumHeight(self.CELL * 2 + 36)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.cells: list[tuple[str, bool, str, str]] = []  # (pattern, contributed, label, tip)
        self.current = -1

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(max(320, len(self.cells) * (self.CELL + self.GAP) + 20), self.CELL * 2 + 36)

    def set_cells(self, cells: Sequence[tuple[str, bool, str, str]]) -> None:
        self.cells = list(cells)
        self.current = len(self.cells) - 1 if self.cells else -1
        self.updateGeometry()
        self.update()
        self.current_changed.emit(self.current)

    def _rect(self, index: int) -> QRectF:
        step = self.CELL + self.GAP
        width = len(self.cells) * step
        available = max(self.width() - 16, 1)
        scale = min(1.0, available / max(width, 1))
        size = self.CELL * scale
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            x = self.width() - 8 - (index + 1) * step * scale + self.GAP * scale
        else:
            x = 8 + index * step * scale
        return QRectF(x, 8, size, size * 1.6)

    def index_at(self, x: float, y: float) -> int | None:
        for i in range(len(self.cells)):
            r = self._rect(i).adjusted(-1, 0, 1, 12)
            if r.contains(QPointF(x, y)):
                return i
        return None

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        ink = pal.color(QPalette.ColorRole.Text)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        fm = QFontMetricsF(self.font())
        if not self.cells:
            painter.setPen(ink)
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, _("No sessions to show.")
            )
            painter.end()
            return
        last_label_right = -1e9
        for i, (pattern, contributed, label, _tip) in enumerate(self.cells):
            r = self._rect(i)
            painter.setPen(QPen(ink, 1.2))
            painter.setBrush(_brush(pattern, ink))
            painter.drawRect(r)
            if contributed:
                d = max(3.0, r.width() * 0.35)
                painter.setBrush(QBrush(ink))
                painter.drawEllipse(QPointF(r.center().x(), r.bottom() + 4 + d / 2), d / 2, d / 2)
            if i == self.current and self.hasFocus():
                painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(r.adjusted(-3, -3, 3, 3))
            # dates under the strip, where there is room
            w = fm.horizontalAdvance(label)
            left = min(max(2.0, r.center().x() - w / 2), self.width() - w - 2)
            right = left + w
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            free = (right < last_label_right - 6) if rtl else (left > last_label_right + 6)
            if free or i == 0:
                painter.setPen(ink)
                painter.drawText(QPointF(left, r.bottom() + 14 + fm.ascent()), label)
                last_label_right = left if rtl else right
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.cells:
            return super().keyPressEvent(event)
        forward = (
            Qt.Key.Key_Left
            if self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            else Qt.Key.Key_Right
        )
        backward = Qt.Key.Key_Right if forward == Qt.Key.Key_Left else Qt.Key.Key_Left
        key = event.key()
        moves = {
            forward: self.current + 1,
            backward: self.current - 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(self.cells) - 1,
        }
        if key not in moves:
            return super().keyPressEvent(event)
        self.set_current(moves[key])
        event.accept()
        return None

    def set_current(self, index: int) -> None:
        index = max(0, min(index, len(self.cells) - 1))
        if index != self.current:
            self.current = index
            self.update()
            self.current_changed.emit(index)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.index_at(event.position().x(), event.position().y())
        if index is not None:
            self.setFocus()
            self.set_current(index)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.index_at(event.pos().x(), event.pos().y())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.cells[index][3], self)
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)


def legend_patterns() -> list[tuple[str, str]]:
    """The timeline's patterns and what they mean, for the legend under it."""
    return [
        (SOLID, _("present")),
        (HATCHED, _("apologised")),
        (OUTLINE, _("absent")),
    ]


class PatternLegend(QWidget):
    """A row of swatches and words: what each pattern (or the dot, ``"dot"``) means."""

    def __init__(self, items: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = list(items)
        self.setAccessibleName(_("Legend"))
        self.setAccessibleDescription("; ".join(label for _p, label in self.items))
        fm = QFontMetricsF(self.font())
        self.setFixedHeight(int(fm.height() + 10))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetricsF(self.font())
        return QSize(
            int(sum(fm.horizontalAdvance(label) + 44 for _p, label in self.items)),
            int(fm.height() + 10),
        )

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        fm = QFontMetricsF(self.font())
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        x = self.width() - 4.0 if rtl else 4.0
        h = self.height()
        for pattern, label in self.items:
            text_w = fm.horizontalAdvance(label)
            box_x = x - 14 if rtl else x
            box = QRectF(box_x, h / 2 - 6, 14, 12)
            if pattern == "dot":
                painter.setPen(QPen(ink, 1))
                painter.setBrush(QBrush(ink))
                painter.drawEllipse(box.center(), 3.5, 3.5)
            else:
                _swatch(painter, box, pattern, ink)
            painter.setPen(ink)
            text_x = box_x - 6 - text_w if rtl else box_x + 20
            painter.drawText(QRectF(text_x, 0, text_w + 1, h), Qt.AlignmentFlag.AlignVCenter, label)
            x = text_x - 16 if rtl else text_x + text_w + 16
        painter.end()
