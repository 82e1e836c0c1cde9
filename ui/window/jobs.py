"""The window's long jobs and file actions: import folders, print and export PDF, JSON export and
import, the demo. Each runs on the task runner with progress and Cancel; errors become plain
messages. A part of MainWindow (GUI thread only)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from catalog import formats
from catalog.model.text import plural
from ui.tasks import Task
from ui.window.dialogs import choose, progress_dialog, show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from catalog import Catalogue
    from ui.context import AppContext
    from ui.films.list_pane import ListPane

    _Window = QMainWindow  # what the mixin is mixed into: `self` is the window (a parent for dialogs)
else:
    _Window = object


class WindowJobs(_Window):
    """File and long-job actions of MainWindow, mixed into it; it uses these of the window."""

    catalogue: Catalogue
    context: AppContext
    list_pane: ListPane

    if TYPE_CHECKING:
        def show_message(self, text: str) -> None: ...

    # -- files and jobs -----------------------------------------------------------------------------

    def import_folder(self, folder: Path | None = None) -> QMessageBox | None:
        """Ask for a folder and import it. With a film selected, ask whether its pictures all go on
        that film or find their films by .nfo files and folder and file names (the default)."""
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "Import folder")
            if not chosen:
                return None
            folder = Path(chosen)
        film_id = self.list_pane.current_id()
        if film_id is None:
            self.import_paths([folder], None)
            return None
        title = self.catalogue.films.document(film_id)["title"]
        return choose(self, f"Import “{folder.name}”", "Pictures can find their films by .nfo files and by folder "
                      f"and file names (“Title (Year)”), or all go on “{title}”.", [
                          ("Find their films", lambda: self.import_paths([folder], None)),
                          (f"All on “{title}”", lambda: self.import_paths([folder], film_id))])

    def import_paths(self, paths: list[Path], film_id: int | None = None) -> Task:
        from ui.window.import_dialog import start_import

        return start_import(self, self.context, paths, film_id)

    def print_films(self) -> None:
        from ui.printing.print_dialog import print_preview

        pane = self.list_pane
        print_preview(self, self.context, pane.selected_ids(), lambda: list(pane.model.ids),
                      searching=pane.is_searching())

    def export_pdf(self) -> Task | None:
        from ui.printing.print_dialog import export_pdf

        pane = self.list_pane
        return export_pdf(self, self.context, pane.selected_ids(), lambda: list(pane.model.ids),
                          searching=pane.is_searching())

    def export_json(self, path: Path | None = None) -> Task | None:
        return self.export_file(formats.by_name("json"), path)

    def import_json(self, path: Path | None = None) -> Task | None:
        return self.import_file(formats.by_name("json"), path)

    def export_file(self, fmt: formats.Format, path: Path | None = None) -> Task | None:
        """Write the whole catalogue in a format of the registry (asking where, unless told)."""
        if path is None:
            suggested = self.catalogue.path.with_suffix(fmt.extensions[0] if fmt.extensions else "")
            name = (QFileDialog.getExistingDirectory(self, f"Export as {fmt.label}", str(suggested.parent))
                    if fmt.folder else QFileDialog.getSaveFileName(self, f"Export as {fmt.label}", str(suggested),
                                                                   fmt.file_filter)[0])
            if not name:
                return None
            path = Path(name)
        write = fmt.write
        assert write is not None
        target = Path(path)
        return self.run_job(f"Exporting the catalogue as {fmt.label}…",
                            lambda cat, abort, progress: write(cat, target, abort, progress), None,
                            lambda n: f"Exported {plural(n, 'film')} to {target.name}")

    def import_file(self, fmt: formats.Format, path: Path | None = None) -> Task | None:
        """Read a file of a format of the registry into the catalogue (one undoable step)."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, f"Import from {fmt.label}", str(self.catalogue.path.parent),
                                                  fmt.file_filter)
            if not name:
                return None
            path = Path(name)
        read = fmt.read
        assert read is not None
        source = Path(path)
        if fmt.batch is not None:  # another program's file: columns, duplicates and the report asked and shown
            from ui.window.file_import import FileImport

            window = cast(QWidget, self)  # WindowJobs is a part of MainWindow
            flow = FileImport(window, self.context, fmt, source, self.show_message)
            self.file_import = flow
            flow.start()
            return flow.task
        return self.run_job("Importing films…", lambda cat, abort, progress: read(cat, source, abort, progress),
                            None, lambda r: f"Imported {r.summary()} from {source.name}", writes=True)

    def add_demo(self) -> Task | None:
        from catalog.ops.demo import add_demo_catalogue

        return self.run_job("Adding the demo catalogue…", add_demo_catalogue, None,
                            lambda r: f"Added the demo catalogue: {r.summary()}", writes=True)

    def run_job(self, label: str, function: Callable[..., Any], path: Path | None,
                done: Callable[[Any], str], writes: bool = False) -> Task:
        """Run `function(catalogue[, path][, abort=, progress=])` on the task runner with a progress
        dialog; failures are shown as plain messages. A job that writes returns an ImportResult
        whose change goes on the undo stack."""
        cat = self.catalogue
        accepted = inspect.signature(function).parameters

        def job(abort: Any, progress: Callable[..., None]) -> Any:
            extra = {k: v for k, v in (("abort", abort), ("progress", progress)) if k in accepted}
            return function(cat, *([path] if path is not None else []), **extra)

        task = self.context.tasks.start(job, writes=writes)
        if writes:
            task.finished.connect(lambda result: self.context.record(result.change))
        progress_dialog(self, label, task)
        task.finished.connect(lambda result: self.show_message(done(result)))
        task.failed.connect(lambda message: show_error(self, message))
        return task
