"""Charts drawn with QPainter (no QtCharts: see the README's Statistics section for why): a bar
chart of one `Series` of catalog.ops.statistics — horizontal bars for named things (genres,
people, media, borrowers), columns for ordered ones (decades, years, months, runtimes).

`paint_chart` draws on any QPainter (a widget, a QImage for PNG export and for the printed page)
in the colours of a palette, so a chart reads in light and dark palettes alike. `ChartWidget`
shows one; `chart_image` renders one to a QImage. QtGui only in the painting: it also runs where
there is no QApplication of widgets (the command line's `stats --pdf`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from catalog.ops.statistics import Series

COLUMN_CHARTS = frozenset({"decades", "added", "runtimes", "viewings", "watched"})
MAX_BARS = 15  # named things beyond these are left out of a bar chart (the text and JSON list them all)
MAX_COLUMNS = 36  # months or years: the latest ones
ACCENT_LIGHT, ACCENT_DARK = QColor("#8a6a2f"), QColor("#e0b35f")


@dataclass(frozen=True)
class ChartColours:
    background: QColor
    text: QColor
    faint: QColor
    bar: QColor
    grid: QColor


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colours(palette: QPalette) -> ChartColours:
    """The chart's colours from a palette: its text on its base, and a bar colour that stands out
    from the base in light and dark palettes alike."""
    background = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = luminance(background) < 0.25
    bar = ACCENT_DARK if dark else ACCENT_LIGHT
    faint = QColor(text)
    faint.setAlphaF(0.62)
    grid = QColor(text)
    grid.setAlphaF(0.16)
    return ChartColours(background, text, faint, bar, grid)


def _short(metrics: QFontMetricsF, text: str, width: float) -> str:
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def _number(value: float) -> str:
    return f"{value:,.0f}"


def paint_chart(painter: QPainter, rect: QRectF, series: Series, palette: QPalette, font: QFont | None = None) -> None:
    """Draw the chart of `series` (its title on top) filling `rect`."""
    c = colours(palette)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(rect, c.background)
    base = QFont(font) if font is not None else QFont()
    title_font = QFont(base)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.setPen(c.text)
    title_height = QFontMetricsF(title_font).height() + 6
    painter.drawText(QRectF(rect.left() + 8, rect.top() + 4, rect.width() - 16, title_height),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), series.title)
    body = rect.adjusted(8, title_height + 8, -8, -8)
    if series.note:
        small = QFont(base)
        small.setPointSizeF(max(6.0, base.pointSizeF() * 0.85))
        note_height = QFontMetricsF(small).height() + 2
        painter.setFont(small)
        painter.setPen(c.faint)
        painter.drawText(QRectF(body.left(), body.bottom() - note_height, body.width(), note_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), series.note)
        body.setBottom(body.bottom() - note_height - 2)
    painter.setFont(base)
    points = [(label, value) for label, value in series.points]
    if not points or not any(v for _, v in points):
        painter.setPen(c.faint)
        painter.drawText(body, int(Qt.AlignmentFlag.AlignCenter), f"No {series.unit} yet")
    elif series.key in COLUMN_CHARTS:
        _columns(painter, body, points[-MAX_COLUMNS:], c, base)
    else:
        _bars(painter, body, points[:MAX_BARS], c, base)
    painter.restore()


def _bars(painter: QPainter, rect: QRectF, points: list[tuple[str, float]], c: ChartColours, font: QFont) -> None:
    metrics = QFontMetricsF(font)
    top = max(v for _, v in points) or 1
    label_width = min(rect.width() * 0.38, max(metrics.horizontalAdvance(label) for label, _ in points) + 8)
    value_width = metrics.horizontalAdvance(_number(top)) + 10
    row = min(rect.height() / len(points), metrics.height() * 1.9)
    bar_room = max(10.0, rect.width() - label_width - value_width)
    for n, (label, value) in enumerate(points):
        y = rect.top() + n * row
        painter.setPen(c.text)
        painter.drawText(QRectF(rect.left(), y, label_width - 8, row),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         _short(metrics, label, label_width - 8))
        length = bar_room * value / top
        bar = QRectF(rect.left() + label_width, y + row * 0.18, max(1.0, length), row * 0.64)
        painter.fillRect(bar, c.bar)
        painter.setPen(c.faint)
        painter.drawText(QRectF(bar.right() + 4, y, value_width, row),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), _number(value))


def _columns(painter: QPainter, rect: QRectF, points: list[tuple[str, float]], c: ChartColours, font: QFont) -> None:
    metrics = QFontMetricsF(font)
    top = max(v for _, v in points) or 1
    axis_height = metrics.height() + 4
    value_height = metrics.height() + 2
    plot = rect.adjusted(0, value_height, 0, -axis_height)
    width = plot.width() / len(points)
    painter.setPen(QPen(c.grid, 1))
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    # Labels as many as fit: every k-th one when they are many (months, years).
    widest = max(metrics.horizontalAdvance(label) for label, _ in points) + 6
    every = max(1, int(widest // max(1.0, width)) + (1 if widest > width else 0))
    for n, (label, value) in enumerate(points):
        x = plot.left() + n * width
        height = plot.height() * value / top
        column = QRectF(x + width * 0.15, plot.bottom() - height, width * 0.7, height)
        painter.fillRect(column, c.bar)
        if value and (len(points) <= 16 or every == 1):
            painter.setPen(c.faint)
            painter.drawText(QRectF(x - 10, column.top() - value_height, width + 20, value_height),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), _number(value))
        if n % every == 0:
            painter.setPen(c.text)
            painter.drawText(QRectF(x - width * (every - 1) / 2 - 20, plot.bottom() + 2, width * every + 40,
                                    axis_height), int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                             label)


def chart_size(series: Series) -> QSize:
    """A chart's natural size: bar charts grow with their bars."""
    if series.key in COLUMN_CHARTS:
        return QSize(520, 240)
    return QSize(520, max(150, 56 + 26 * min(MAX_BARS, max(1, len(series.points)))))


def chart_image(series: Series, palette: QPalette, size: QSize | None = None, scale: float = 2.0,
                font: QFont | None = None) -> QImage:
    """The chart as a picture (PNG export, the printed page), at `scale` times its size."""
    size = size or chart_size(series)
    image = QImage(int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(colours(palette).background)
    painter = QPainter(image)
    try:
        paint_chart(painter, QRectF(0, 0, size.width(), size.height()), series, palette, font)
    finally:
        painter.end()
    return image


def save_png(series: Series, palette: QPalette, path: Path, font: QFont | None = None) -> None:
    """Write the chart to a PNG file, whole or not at all."""
    from catalog.files import write_bytes

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    saved = chart_image(series, palette, font=font).save(buffer, "PNG")  # type: ignore[call-overload]  # text, not bytes
    if not saved:
        raise OSError(f"{path}: the picture could not be made")
    buffer.close()
    write_bytes(Path(path), bytes(data.data()))


class ChartWidget(QWidget):
    """One chart, drawn in the widget's palette."""

    def __init__(self, series: Series, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = series
        self.setObjectName(f"chart_{series.key}")
        self.setMinimumSize(chart_size(series) * 0.75)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(chart_size(series).height())

    def sizeHint(self) -> QSize:
        return chart_size(self.series)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            paint_chart(painter, QRectF(self.rect()), self.series, self.palette(), self.font())
        finally:
            painter.end()


def chart_sources(figures: Any, palette: QPalette) -> dict[str, str]:
    """Each chart as a PNG data URI (for the printed page), drawn in a light palette."""
    import base64

    sources = {}
    for series in figures.charts:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        chart_image(series, palette).save(buffer, "PNG")  # type: ignore[call-overload]  # text, not bytes
        buffer.close()
        sources[series.key] = "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode()
    return sources


def print_palette() -> QPalette:
    """Charts on paper: dark ink on white, whatever the screen's palette."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.white)
    palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
    return palette
