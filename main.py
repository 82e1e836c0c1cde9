"""Marquee: launch the window, or run one of the headless commands (catalog/cli.py).

    python main.py [--db PATH] [--screenshot FILE.png]      open the window
    python main.py [--db PATH] COMMAND ...                   see --help

This is the composition root: it alone decides paths and opens catalogues, and gives the command
line what needs the window's toolkit (PDF sheets, the statistics page). Kept small: Python compiles
the script it is started with on every start (7 ms for the whole command line), never a module."""

from __future__ import annotations

import gc

# Start-up makes tens of thousands of objects that live as long as the process (modules, classes,
# the window); collecting cycles among them finds none and cost ~10 ms of the window's start. The
# collector is back once a command begins or the window's first frame is up (ui.app.run_window).
gc.disable()

import argparse
import os
import sys
import threading
from pathlib import Path

from catalog import Catalogue, CatalogueError, cli, formats, open_catalogue
from catalog.paths import user_data_dir


def provide_writers() -> None:
    """Formats whose writers live in the window's toolkit (PDF sheets are laid out by Qt)."""
    def write_pdf(cat: Catalogue, path: Path, abort: threading.Event | None, progress: formats.Progress | None
                  ) -> int:
        from ui.printing.pdf_export import write_catalogue_pdf  # Qt is loaded only when a PDF is made

        return write_catalogue_pdf(cat, path, abort, progress)

    formats.provide_writer("pdf", write_pdf)


def cmd_print(cat: Catalogue, args: argparse.Namespace) -> int:
    from ui.printing.printing import default_paper, ensure_gui_app, print_to_pdf

    if args.all:
        ids = cat.films.ids()
    elif args.search is not None:
        ids = cat.films.ids(args.search)
    else:
        ids = [cat.films.find(ref) for ref in args.films]
    if not ids:
        raise CatalogueError("no films to print (name films, or use --all or --search)")
    from catalog.render.sheets import find_template, list_templates

    try:
        find_template(args.template, user_data_dir())
    except (KeyError, OSError):
        names = ", ".join(t.name for t in list_templates(user_data_dir()))
        raise CatalogueError(f"no template {args.template!r} (available: {names})") from None
    ensure_gui_app()
    docs = (cat.films.document(fid) for fid in ids)
    try:
        pages = print_to_pdf(docs, args.pdf, template=args.template, paper=args.paper or default_paper(),
                             user_dir=user_data_dir())
    except OSError as exc:
        raise CatalogueError(f"{args.pdf}: cannot write ({exc.strerror or exc})") from None
    print(f"Printed {len(ids)} film(s) on {pages} page(s) to {args.pdf}.")
    return 0


def print_statistics(cat: Catalogue, args: argparse.Namespace) -> int:
    """stats --pdf: the Statistics view's page, printed."""
    from catalog.render.sheets.desk import statistics_html
    from ui.printing.printing import default_paper, ensure_gui_app, print_pages_to_pdf
    from ui.stats.charts import chart_sources, print_palette

    figures = cat.statistics.figures()
    ensure_gui_app()
    paper = args.paper or default_paper()
    page = statistics_html(figures, paper=paper, chart_images=chart_sources(figures, print_palette()))
    try:
        pages = print_pages_to_pdf([("Statistics", page)], args.pdf, paper, "Marquee statistics")
    except OSError as exc:
        raise CatalogueError(f"{args.pdf}: cannot write ({exc.strerror or exc})") from None
    print(f"Printed the statistics on {pages} page(s) to {args.pdf}.")
    return 0


def open_for_window(path: Path | str) -> Catalogue:
    """How the window opens another catalogue (File ▸ New/Open catalogue…, Open recent, a dropped
    .db, Open shared catalogue…): as at start, with the pictures an interrupted import left swept away."""
    cat = open_catalogue(path)
    try:
        cat.sweep_pictures()
    except BaseException:
        cat.close()
        raise
    return cat


def launch_window(path: Path | str, explicit: bool, screenshot: Path | None) -> int:
    """Open the window; a first launch on the default catalogue starts with the demo."""
    if sys.platform.startswith("linux") and not any(
            os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        if screenshot is None:
            raise CatalogueError("no screen to show the window on (DISPLAY is not set); the commands in "
                                 "'python main.py --help' work without one")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    first_launch = isinstance(path, Path) and not path.exists() and not explicit and "MARQUEE_DB" not in os.environ
    if first_launch and isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        cat = open_catalogue(path)
    except CatalogueError as exc:
        print(f"marquee: {exc}", file=sys.stderr)
        if screenshot is None:
            from ui.app import create_app, show_startup_error

            create_app()
            show_startup_error(str(exc))
        return 1
    try:
        if first_launch:
            from catalog.ops.demo import add_demo_catalogue

            add_demo_catalogue(cat)
        cat.films.read_ahead()  # the list's order, read while Qt and the window's modules load (0.4 s at 1M films)
        if screenshot is None:  # (a picture shows the default layout)
            from ui.settings import saved_sort  # (Qt itself, which the window loads next anyway)

            cat.films.read_ahead(saved_sort()[0])  # the last session's, when not by title: the first list's
        from ui.app import create_app, run_window

        create_app()
        return run_window(cat, screenshot, opener=open_for_window)  # the window backs up and sweeps off its GUI thread
    finally:
        cat.close()


def main(argv: list[str] | None = None) -> int:
    provide_writers()
    cli.provide("print", cmd_print)
    cli.provide("stats-pdf", print_statistics)
    return cli.main(argv, window=launch_window, command_starts=gc.enable)


if __name__ == "__main__":
    sys.exit(main())
