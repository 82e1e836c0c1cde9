"""View ▸ Statistics: the collection's figures (catalog.ops.statistics, counted on a worker) as
charts drawn with QPainter — each exportable as PNG from its context menu or the Export charts
button — the purchases per currency and the loans per borrower; Print… lays the whole page out
with the statistics template (the charts as the pictures drawn here). Follows every change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from catalog import Change
from catalog.ops.statistics import Figures, Series
from ui.context import AppContext
from ui.stats.charts import ChartWidget, chart_sources, print_palette, save_png
from ui.window.dialogs import show_error

REFRESH_MS = 400


class StatsWindow(QWidget):
    """`refreshed()` after the figures arrived and the charts were laid out."""

    refreshed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("statsWindow")
        self.setWindowTitle("Statistics — Marquee")
        self.context = context
        self.figures: Figures | None = None
        self.charts: dict[str, ChartWidget] = {}
        self._generation = 0

        self.summary = QLabel("Counting…")
        self.summary.setObjectName("statsSummary")
        self.summary.setWordWrap(True)
        self.export_button = QPushButton("Export charts…")
        self.export_button.setObjectName("exportChartsButton")
        self.export_button.setToolTip("Save every chart as a PNG picture in a folder")
        self.export_button.clicked.connect(lambda: self.export_all())
        self.print_button = QPushButton("Print…")
        self.print_button.setObjectName("printStatsButton")
        self.print_button.clicked.connect(lambda: self.print_page())
        self.pdf_button = QPushButton("Export PDF…")
        self.pdf_button.setObjectName("statsPdfButton")
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        for button in (self.export_button, self.print_button, self.pdf_button):
            top.addWidget(button)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(14)
        self.tables = QLabel()
        self.tables.setObjectName("statsTables")
        self.tables.setTextFormat(Qt.TextFormat.RichText)
        self.tables.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.grid_host)
        page_layout.addWidget(self.tables)
        page_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.resize(1120, 860)

        self._later = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._later.timeout.connect(self.refresh)
        context.changed.connect(self._on_changed)
        self.refresh()

    # -- figures ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count again on a worker; the charts follow when the figures arrive."""
        self._generation += 1
        generation = self._generation
        catalogue = self.context.catalogue

        def job(abort: threading.Event, progress: Callable[..., None]) -> tuple[int, Figures]:
            return generation, catalogue.statistics.figures()

        task = self.context.tasks.start(job)
        task.finished.connect(self._finished)  # a bound method: dropped when the window goes
        task.failed.connect(self.summary.setText)

    def _finished(self, result: tuple[int, Figures]) -> None:
        generation, figures = result
        if generation == self._generation:
            self._show(figures)

    def _on_changed(self, change: Change) -> None:
        if self.isVisible():
            self._later.start()

    def _show(self, figures: Figures) -> None:
        self.figures = figures
        t = figures.totals
        self.summary.setText(f"<b>{t['films']:,} films</b> — {t['films'] - t['wanted']:,} owned, {t['wanted']:,} "
                             f"wanted · {t['copies']:,} copies · {t['viewings']:,} viewings · {t['on_loan']:,} on "
                             "loan now")
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.charts = {}
        for n, series in enumerate(figures.charts):
            chart = ChartWidget(series)
            chart.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            chart.customContextMenuRequested.connect(lambda pos, s=series, w=chart: self._chart_menu(s, w, pos))
            chart.setToolTip("Right-click to save this chart as a PNG picture")
            self.charts[series.key] = chart
            self.grid.addWidget(chart, n // 2, n % 2, Qt.AlignmentFlag.AlignTop)
        self.tables.setText(self._tables_html(figures))
        self.refreshed.emit()

    @staticmethod
    def _tables_html(figures: Figures) -> str:
        import html

        def table(head: list[str], rows: list[list[str]]) -> str:
            cells = "".join(f"<th align='left' style='padding-right:18px'>{h}</th>" for h in head)
            body = "".join("<tr>" + "".join(f"<td style='padding-right:18px'>{html.escape(c)}</td>" for c in r)
                           + "</tr>" for r in rows)
            return f"<table cellspacing='2'><tr>{cells}</tr>{body}</table>"

        spending = table(["Currency", "Copies with a price", "Total", "Average"],
                         [[s.currency or "not told", f"{s.copies:,}", f"{s.total:,.2f}", f"{s.average:,.2f}"]
                          for s in figures.spending]) if figures.spending else "<p>No copy has a price yet.</p>"
        borrowers = table(["Borrower", "Loans", "Out now"], [[n, f"{a:,}", f"{b:,}"] for n, a, b in figures.borrowers]
                          ) if figures.borrowers else "<p>Nothing lent yet.</p>"
        return f"<h3>Purchases</h3>{spending}<h3>Loans per borrower</h3>{borrowers}"

    # -- pictures and printing ----------------------------------------------------------------------

    def _chart_menu(self, series: Series, widget: QWidget, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Save as PNG…", lambda: self.export_chart(series.key))
        menu.popup(widget.mapToGlobal(pos))

    def _folder(self) -> str:
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)

    def export_chart(self, key: str, path: Path | None = None) -> Path | None:
        """Save one chart as PNG (asks where unless told); in the window's palette."""
        if self.figures is None:
            return None
        series = self.figures.chart(key)
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Save chart", str(Path(self._folder()) / f"{key}.png"),
                                                  "PNG pictures (*.png)")
            if not name:
                return None
            path = Path(name if name.lower().endswith(".png") else f"{name}.png")
        try:
            save_png(series, self.palette(), path, self.font())
        except OSError as exc:
            show_error(self, f"{path}: cannot write ({exc.strerror or exc})")
            return None
        return path

    def export_all(self, folder: Path | None = None) -> list[Path]:
        """Every chart as a PNG in a folder (asks which unless told)."""
        if self.figures is None:
            return []
        if folder is None:
            name = QFileDialog.getExistingDirectory(self, "Save the charts in", self._folder())
            if not name:
                return []
            folder = Path(name)
        saved = []
        for series in self.figures.charts:
            path = self.export_chart(series.key, folder / f"marquee-{series.key}.png")
            if path is None:
                break
            saved.append(path)
        self.context.status_message.emit(f"Saved {len(saved)} charts in {folder}")
        return saved

    def page_html(self, paper: str = "A4") -> str:
        from catalog.render.sheets.desk import statistics_html

        assert self.figures is not None
        return statistics_html(self.figures, paper=paper, chart_images=chart_sources(self.figures, print_palette()))

    def print_page(self) -> QWidget | None:
        """A print preview of the statistics page (the statistics template)."""
        if self.figures is None:
            return None
        from ui.printing.desk_printing import preview_pages

        return preview_pages(self, "Statistics", lambda paper: [("Statistics", self.page_html(paper))])

    def export_pdf(self, path: Path | None = None) -> Path | None:
        if self.figures is None:
            return None
        from ui.printing.desk_printing import pages_to_pdf

        return pages_to_pdf(self, "Statistics", lambda paper: [("Statistics", self.page_html(paper))], path)
