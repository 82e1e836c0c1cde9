"""What keeps the collector's data safe, as the window shows it: File ▸ Back up now and Restore from
backup… (a list with dates and film counts, then a confirmation), the daily backup and the sweep
of pictures nothing names (both off the GUI thread at start), and a read-only catalogue (a read-only
medium): said in the title and the status bar, with editing turned off. GUI thread only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from catalog.model.text import plural
from ui.actions import make_action
from ui.tasks import Task
from ui.window.dialogs import confirm, progress_dialog, show_error

if TYPE_CHECKING:
    from catalog.ops.backups import BackupInfo
    from ui.window.main_window import MainWindow


class Safekeeping:
    """The window's backup actions and read-only state (made by `install`)."""

    def __init__(self, window: MainWindow) -> None:
        self.backup_action = _action(window, "&Back up now", lambda: back_up_now(window), "Back the catalogue up now")
        self.backup_action.setObjectName("backupAction")
        self.restore_action = _action(window, "&Restore from backup…", lambda: choose_backup(window),
                                      "Bring the catalogue back to one of its backups")
        self.restore_action.setObjectName("restoreAction")
        self.read_only_actions: list[QAction] = []
        self.upkeep: Task | None = None
        self.upkeep_timer: QTimer | None = None


UPKEEP_DELAY_MS = 10_000  # the daily backup and the sweep wait until the window has been up a while


def install(window: MainWindow) -> Safekeeping:
    """Add the backup actions to the File menu (before Quit), start the daily backup and sweep (a
    little after the window appears: copying a big catalogue must not slow its first frames), and
    show a read-only catalogue as such."""
    keeping = Safekeeping(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    quit_action = window.quit_action
    file_menu.insertActions(quit_action, [keeping.backup_action, keeping.restore_action])
    file_menu.insertSeparator(quit_action)
    reason = window.catalogue.read_only_reason
    if reason:
        show_read_only(window, keeping, reason)
    else:
        timer = QTimer(window, singleShot=True, interval=UPKEEP_DELAY_MS)

        def start() -> None:
            if not getattr(window, "_closed", False):
                keeping.upkeep = start_upkeep(window)
        timer.timeout.connect(start)
        timer.start()
        keeping.upkeep_timer = timer
    return keeping


def _action(window: MainWindow, text: str, slot: Any, tip: str) -> QAction:
    return make_action(window, text, slot, tip=tip)


def start_upkeep(window: MainWindow) -> Task:
    """The daily backup, then the sweep, on a worker (a large catalogue takes seconds to copy)."""
    cat = window.catalogue

    def job(abort: Any, progress: Any) -> Any:
        made = cat.backups.daily()
        cat.sweep_pictures()
        return made

    task = window.context.tasks.start(job)  # quiet when it works: the backups are listed in File ▸ Restore
    task.failed.connect(lambda message: window.show_message(f"The daily backup failed: {message}"))
    return task


def show_read_only(window: MainWindow, keeping: Safekeeping, reason: str) -> None:
    """Say so (title, status bar) and turn off whatever would change the catalogue."""
    window.setWindowTitle(f"{window.windowTitle()} (read-only)")
    label = QLabel(f"Read-only: {reason}")
    label.setObjectName("readOnlyLabel")
    label.setToolTip("This catalogue can be viewed, searched, printed and exported, not changed")
    window.statusBar().addPermanentWidget(label)
    actions = [window.new_action, window.import_action, window.delete_action, window.demo_action,
               keeping.restore_action]  # (and the format actions, disabled as they are made)
    for action in actions:
        action.setEnabled(False)
    keeping.read_only_actions = actions
    window.detail.read_only = True
    window.detail.edit_button.setEnabled(False)
    window.setAcceptDrops(False)
    window.list_pane.view.setAcceptDrops(False)
    window.gallery.setAcceptDrops(False)
    for widget in window.gallery.findChildren(QWidget):
        widget.setAcceptDrops(False)


def back_up_now(window: MainWindow) -> Task:
    cat = window.catalogue
    task = window.context.tasks.start(lambda abort, progress: cat.backups.create("manual"))
    progress_dialog(window, "Backing up the catalogue…", task)
    task.finished.connect(lambda path: window.show_message(f"Backed up {plural(cat.films.count(), 'film')} "
                                                           f"to {path}"))
    task.failed.connect(lambda message: show_error(window, f"The backup was not made.\n\n{message}"))
    return task


class RestoreDialog(QDialog):
    """The kept backups, newest first: date, why it was made, how many films; Restore asks once."""

    def __init__(self, parent: QWidget, backups: list[BackupInfo]) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.backups = list(reversed(backups))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Bring the catalogue back to how it was at one of these times. The catalogue "
                                "as it is now is backed up first."))
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        for b in self.backups:
            films = "unreadable" if b.films is None else plural(b.films, "film")
            item = QListWidgetItem(f"{b.created:%Y-%m-%d %H:%M}   {films}   ({b.reason.replace('-', ' ')}, "
                                   f"{b.size / 1e6:.1f} MB)")
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        if self.backups:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(bool(self.backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, 360)

    def chosen(self) -> BackupInfo | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None


def choose_backup(window: MainWindow) -> RestoreDialog:
    dialog = RestoreDialog(window, window.catalogue.backups.kept())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def chosen() -> None:
        backup = dialog.chosen()
        if backup is None:
            return
        films = "an unreadable number of films" if backup.films is None else plural(backup.films, "film")
        confirm(window, f"Restore the catalogue as it was on {backup.created:%Y-%m-%d at %H:%M} ({films})?",
                f"The catalogue now holds {plural(window.catalogue.films.count(), 'film')}; it is backed up "
                "first, so this can be reversed by restoring that backup.", "Restore",
                lambda: _restore_later(window, backup))

    dialog.accepted.connect(chosen)
    dialog.open()
    return dialog


def _restore_later(window: MainWindow, backup: BackupInfo) -> None:
    restore(window, backup)


def restore(window: MainWindow, backup: BackupInfo) -> Task:
    cat = window.catalogue
    task = window.context.tasks.start(lambda abort, progress: cat.backups.restore(backup.path), writes=True)
    progress_dialog(window, "Restoring the backup…", task)

    def done(result: Any) -> None:
        window.context.undo_stack.clear()  # the edits it holds were made to the catalogue as it was
        window.show_message(f"Restored {plural(cat.films.count(), 'film')} from {backup.path.name}")

    task.finished.connect(done)
    task.failed.connect(lambda message: show_error(window, f"The backup was not restored.\n\n{message}"))
    return task
