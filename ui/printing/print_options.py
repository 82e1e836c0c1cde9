"""What to print: the options dialog shared by File ▸ Print… and File ▸ Export PDF….

The collector picks the films (the selection, or every film matching the current search), a
template (built-ins, then their own from ``<data folder>/templates``) and the paper. Template and
paper are remembered in QSettings; the films always start at the selection when there is one, so a
remembered "everything" never turns a one-film print into a thousand pages. GUI thread only.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from catalog.model.text import plural
from catalog.render.sheets import TEMPLATES_DIR, TemplateInfo
from ui.printing.printing import default_paper

SETTINGS_GROUP = "print"
PAPERS = {"A4": "A4 (210 × 297 mm)", "Letter": "US Letter (8½ × 11 in)"}
DESCRIPTIONS = {
    "sheet": "Everything about each film — cast, crew, featurettes, reviews, releases and stills — on as "
    "many pages as it needs.",
    "card": "One page per film: poster, key people, a short synopsis, the top of the cast and your copy.",
    "list": "All the films in one list, a line each, grouped by the first letter of the title.",
    "wishlist": "The wanted films among them, highest priority first: a list to take to the shop.",
    "slip": "A loan slip for each film lent out: the film, the copy, who has it and when it is due back.",
    "loans": "Every open loan of the films in one list, soonest due first, overdue ones marked.",
    "overdue": "The loans of the films that are past their due date, in one list.",
}


@dataclass(frozen=True)
class PrintOptions:
    """The collector's choice: ``scope`` "selected" or "matching", a template name, "A4" or "Letter"."""

    scope: str = "selected"
    template: str = "sheet"
    paper: str = "A4"


def is_builtin(info: TemplateInfo) -> bool:
    return info.path.parent.resolve() == TEMPLATES_DIR.resolve()


def describe(info: TemplateInfo) -> str:
    """One line under the template box saying what the template prints."""
    if is_builtin(info):
        return DESCRIPTIONS.get(info.name, "")
    what = "one list of all the films" if info.kind == "list" else "each film on pages of its own"
    return f"Your template {info.path.name}: {what}."


class PrintOptionsDialog(QDialog):
    """Films, template and paper. ``options()`` after accept; accepting remembers template and paper."""

    def __init__(
        self,
        parent: QWidget | None,
        film_count_selected: int,
        film_count_matching: int,
        templates: list[TemplateInfo],
        paper: str | None = None,
        *,
        searching: bool = True,
        action_text: str = "Print",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printOptionsDialog")
        self.setWindowTitle(f"{action_text.rstrip('…')} films")
        # The statistics page is printed from the Statistics view, not from a batch of films.
        templates = [t for t in templates if t.kind != "statistics"]
        self.templates = templates
        settings = QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        saved_template = str(settings.value("template", "sheet"))
        saved_paper = str(settings.value("paper", paper or default_paper()))

        self.selected_button = QRadioButton(
            "The selected film" if film_count_selected == 1 else f"The {plural(film_count_selected, 'selected film')}"
        )
        where = "matching the search" if searching else "in the catalogue"
        self.matching_button = QRadioButton(
            f"The film {where}" if film_count_matching == 1 else f"All {plural(film_count_matching, 'film')} {where}"
        )
        self.selected_button.setObjectName("selectedFilms")
        self.matching_button.setObjectName("matchingFilms")
        self.scope_group = QButtonGroup(self)
        self.scope_group.addButton(self.selected_button)
        self.scope_group.addButton(self.matching_button)
        self.selected_button.setEnabled(film_count_selected > 0)
        self.matching_button.setEnabled(film_count_matching > 0)
        (self.selected_button if film_count_selected > 0 else self.matching_button).setChecked(True)
        scope_box = QVBoxLayout()
        scope_box.setSpacing(4)
        scope_box.addWidget(self.selected_button)
        scope_box.addWidget(self.matching_button)

        self.template_box = QComboBox()
        self.template_box.setObjectName("templateBox")
        builtins = [t for t in templates if is_builtin(t)]
        users = [t for t in templates if not is_builtin(t)]
        for n, info in enumerate(builtins + users):
            if n == len(builtins) and builtins:
                self.template_box.insertSeparator(self.template_box.count())
            self.template_box.addItem(info.title if n < len(builtins) else f"{info.title} (yours)", info.name)
            if n >= len(builtins):
                tip = Qt.ItemDataRole.ToolTipRole
                self.template_box.setItemData(self.template_box.count() - 1, str(info.path), tip)
        self.description = QLabel()
        self.description.setObjectName("templateDescription")
        self.description.setWordWrap(True)
        # Two lines, always: the dialog keeps its size when the template changes.
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 2 + 2)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description.setStyleSheet("color: #6b7280;")
        self.template_box.currentIndexChanged.connect(self._describe)
        index = self.template_box.findData(saved_template)
        self.template_box.setCurrentIndex(max(0, self.template_box.findData("sheet")) if index < 0 else index)
        self._describe()

        self.paper_box = QComboBox()
        self.paper_box.setObjectName("paperBox")
        for name, label in PAPERS.items():
            self.paper_box.addItem(label, name)
        self.paper_box.setCurrentIndex(max(0, self.paper_box.findData(saved_paper)))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        form.addRow("Films:", scope_box)
        form.addRow("Template:", self.template_box)
        form.addRow("", self.description)
        form.addRow("Paper:", self.paper_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action_text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def _describe(self) -> None:
        info = self.template_info()
        self.description.setText(describe(info) if info is not None else "")

    def template_info(self) -> TemplateInfo | None:
        name = self.template_box.currentData()
        return next((t for t in self.templates if t.name == name), None)

    def options(self) -> PrintOptions:
        scope = "selected" if self.selected_button.isChecked() else "matching"
        return PrintOptions(scope, str(self.template_box.currentData() or "sheet"), str(self.paper_box.currentData()))

    def accept(self) -> None:
        settings = QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        options = self.options()
        settings.setValue("template", options.template)
        settings.setValue("paper", options.paper)
        super().accept()
