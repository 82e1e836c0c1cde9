"""Marquee: launch the window, or run one of the headless commands.

    python main.py [--db PATH] [--screenshot FILE.png]      open the window
    python main.py [--db PATH] COMMAND ...                   see --help

This is the composition root: it alone decides paths and opens catalogues."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from catalog import Catalogue, CatalogueError, formats, open_catalogue
from catalog.errors import one_line, plain_failure
from catalog.paths import default_catalogue_path, user_data_dir


def build_parser(commands_too: bool = True) -> argparse.ArgumentParser:
    """The command line; without `commands_too`, only the window's options (`--db`, `--screenshot`):
    the commands' parsers list every file format, which the window need not load to appear."""
    parser = argparse.ArgumentParser(prog="marquee", description="A catalogue for film collectors.")
    parser.add_argument("--db", type=Path, help="catalogue file (default: $MARQUEE_DB or marquee.db in "
                        "the user's data folder)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png",
                        help="open the window, save a picture of it and exit")
    if not commands_too:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("demo", help="add the demo catalogue (La La Land, Whiplash)")
    p = commands.add_parser("list", help="list the films")
    p.add_argument("--search", default="", metavar="QUERY", help="only films matching QUERY")
    p.add_argument("--sort", choices=["title", "year", "directors", "runtime", "rating", "videos"])
    p.add_argument("--json", action="store_true", help="print JSON")
    p = commands.add_parser("show", help="show one film with everything attached")
    p.add_argument("film", help="film id or title (add the year for remakes: 'Title (1999)')")
    p.add_argument("--json", action="store_true", help="print JSON")
    writable = [f for f in formats.FORMATS if f.write is not None or f.writes_needs]
    p = commands.add_parser("export", help="write the whole catalogue to a file: " + ", ".join(
        f"{f.label} ({f.name})" for f in writable))
    p.add_argument("file", type=Path, nargs="?", metavar="FILE", help="the format follows the name's extension")
    p.add_argument("--format", choices=[f.name for f in writable])
    p.add_argument("--json", dest="json_file", type=Path, metavar="FILE", help="the same as FILE --format json")
    p = commands.add_parser("import", help="read another catalogue into this one: " + ", ".join(
        f"{f.label} ({f.name})" for f in formats.readers()))
    p.add_argument("file", type=Path, nargs="?", metavar="FILE", help="the format is told by the content")
    p.add_argument("--format", choices=[f.name for f in formats.readers()])
    p.add_argument("--json", dest="json_file", type=Path, metavar="FILE", help="the same as FILE --format json")
    p.add_argument("--on-duplicate", choices=["skip", "merge", "keep"],
                   help="a film already in the catalogue (same IMDb/TMDb id, else title, year and director): "
                        "skip it (default), merge what it lacks into it, or keep both")
    p.add_argument("--date-order", choices=["dmy", "mdy"], help="CSV: read dates like 03/04/2025 as day/month "
                   "(dmy) or month/day (mdy) when the file cannot tell")
    p.add_argument("--report", action="store_true", help="print where each field of the file went")
    p = commands.add_parser("import-images", help="import a folder of images (and movie-library folders)")
    p.add_argument("folder", type=Path)
    p.add_argument("--film", help="put every image on this film (id or title)")
    p.add_argument("--keep-similar", action="store_true", help="keep near-duplicates of images already there")
    p.add_argument("--across-films", action="store_true",
                   help="look for near-duplicates on every film (default: the same film's pictures only)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p = commands.add_parser("print", help="print detail sheets to PDF")
    p.add_argument("films", nargs="*", metavar="FILM", help="film ids or titles")
    p.add_argument("--pdf", type=Path, required=True, metavar="OUT.pdf")
    p.add_argument("--all", action="store_true", help="every film in the catalogue")
    p.add_argument("--search", metavar="QUERY", help="every film matching QUERY")
    p.add_argument("--template", default="sheet", help="sheet, card, list, or a user template name")
    p.add_argument("--paper", choices=["A4", "Letter"], help="paper size (default: from the locale)")
    p = commands.add_parser("backup", help="back the catalogue up now (into its backups folder, or to FILE)")
    p.add_argument("--to", type=Path, metavar="FILE", help="write the backup to FILE instead")
    p = commands.add_parser("backups", help="list the kept backups, newest last")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = commands.add_parser("restore", help="bring the catalogue back to a backup (backing up the current "
                                           "state first)")
    p.add_argument("backup", help="a backup file (its path, or its name in the backups folder)")
    return parser


def cmd_demo(cat: Catalogue, args: argparse.Namespace) -> int:
    from catalog.ops.demo import add_demo_catalogue

    result = add_demo_catalogue(cat)
    print(f"Added {result.films} demo film(s)" + (f"; {result.skipped} already there" if result.skipped
                                                      else "") + ".")
    return 0


def cmd_list(cat: Catalogue, args: argparse.Namespace) -> int:
    from catalog.render.text import film_list_text

    rows = cat.films.listing(args.search, args.sort)
    if args.json:
        print(json.dumps([{"id": r.id, "title": r.title, "year": r.year,
                           "directors": [d for d in r.directors.split(", ") if d]} for r in rows],
                         ensure_ascii=False, indent=1))
    else:
        print(film_list_text(rows))
    return 0


def cmd_show(cat: Catalogue, args: argparse.Namespace) -> int:
    from catalog.render.text import film_text

    doc = cat.films.document(cat.films.find(args.film))
    print(json.dumps(doc, ensure_ascii=False, indent=1) if args.json else film_text(doc))
    return 0


def _file_and_format(args: argparse.Namespace) -> tuple[Path, str | None]:
    if args.json_file is not None:
        return args.json_file, "json"
    if args.file is None:
        raise CatalogueError(f"{args.command}: name a FILE")
    return args.file, args.format


def cmd_export(cat: Catalogue, args: argparse.Namespace) -> int:
    path, name = _file_and_format(args)
    fmt = formats.for_output(path, name)
    assert fmt.write is not None
    try:
        count = fmt.write(cat, path, None, None)
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot write ({exc.strerror or exc})") from None
    print(f"Exported {count} film(s) to {path}.")
    return 0


def cmd_import(cat: Catalogue, args: argparse.Namespace) -> int:
    path, name = _file_and_format(args)
    with cat.writing_pictures():  # a catalogue import backs up first, once the file is known good
        result = formats.read_file(cat, path, name, on_duplicate=args.on_duplicate, date_order=args.date_order)
    print(f"Imported {result.summary()} from {path}.")
    if args.report and hasattr(result, "text"):
        print(result.text().split("\n", 1)[1].lstrip("\n") if "\n" in result.text() else "")
    return 0


def cmd_import_images(cat: Catalogue, args: argparse.Namespace) -> int:
    from catalog.formats.folder.importer import import_folder

    film_id = cat.films.find(args.film) if args.film else None
    if not args.folder.is_dir():
        raise CatalogueError(f"{args.folder}: no such folder")
    with cat.writing_pictures():
        report = import_folder(cat, args.folder, film_id=film_id, keep_similar=args.keep_similar,
                               across_films=args.across_films)
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) if args.json else report.text())
    return 0


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


def cmd_backup(cat: Catalogue, args: argparse.Namespace) -> int:
    path = cat.backups.create("manual", to=args.to)
    print(f"Backed up {cat.films.count():,} film(s) to {path}.")
    return 0


def cmd_backups(cat: Catalogue, args: argparse.Namespace) -> int:
    kept = cat.backups.kept()
    if args.json:
        print(json.dumps([b.to_dict() for b in kept], ensure_ascii=False, indent=1))
    elif not kept:
        print(f"No backups yet (they go to {cat.backups.folder}).")
    else:
        for b in kept:
            films = "?" if b.films is None else f"{b.films:,}"
            print(f"{b.created:%Y-%m-%d %H:%M:%S}  {films:>7} film(s)  {b.size / 1e6:8.1f} MB  {b.reason:<18} {b.path}")
    return 0


def cmd_restore(cat: Catalogue, args: argparse.Namespace) -> int:
    safety, _ = cat.backups.restore(args.backup)
    before = f" (the catalogue as it was is in {safety})" if safety else ""
    print(f"Restored {cat.films.count():,} film(s) from {cat.backups.resolve(args.backup).name}{before}.")
    return 0


COMMANDS: dict[str, Callable[[Catalogue, argparse.Namespace], int]] = {
    "demo": cmd_demo, "list": cmd_list, "show": cmd_show, "export": cmd_export, "import": cmd_import,
    "import-images": cmd_import_images, "print": cmd_print, "backup": cmd_backup, "backups": cmd_backups,
    "restore": cmd_restore,
}
# Commands that change the catalogue: they may create it, make the daily backup and sweep pictures
# that nothing names. The others only read: a missing file is "no catalogue at PATH".
WRITES = {"demo", "import", "import-images", "restore"}


def provide_writers() -> None:
    """Formats whose writers live in the window's toolkit (PDF sheets are laid out by Qt)."""
    def write_pdf(cat: Catalogue, path: Path, abort: threading.Event | None, progress: formats.Progress | None
                  ) -> int:
        from ui.printing.pdf_export import write_catalogue_pdf  # Qt is loaded only when a PDF is made

        return write_catalogue_pdf(cat, path, abort, progress)

    formats.provide_writer("pdf", write_pdf)


def run_command(path: Path, args: argparse.Namespace) -> int:
    writes = args.command in WRITES
    cat = open_catalogue(path, create=writes)
    try:
        if writes:
            cat.backups.daily()
        code = COMMANDS[args.command](cat, args)
        if writes:
            cat.sweep_pictures()  # files an interrupted or cancelled import copied but never recorded
        sys.stdout.flush()  # a closed pipe is noticed here, not at exit
        return code
    finally:
        cat.close()


def _text_streams() -> None:
    """Output never fails on a character the terminal cannot show (a file name that is not valid
    UTF-8, a strict UTF-8 stdout): it is written as an escape instead."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]


def _quiet_broken_pipe() -> int:
    """`marquee list | head`: the reader went away; stop quietly (as other tools do, status 141)."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 141


def _names_a_command(argv: list[str]) -> bool:
    """Whether the arguments hold a command (or ask for help): anything but the window's options."""
    values = iter(argv)
    for arg in values:
        if arg in ("--db", "--screenshot"):
            next(values, None)
        elif not arg.startswith(("--db=", "--screenshot=")):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    _text_streams()
    provide_writers()
    arguments = sys.argv[1:] if argv is None else argv
    args = build_parser(commands_too=_names_a_command(arguments)).parse_args(arguments)
    path = args.db or default_catalogue_path()
    try:
        if args.command is None:
            return launch_window(path, explicit=args.db is not None, screenshot=args.screenshot)
        return run_command(path, args)
    except CatalogueError as exc:
        print(f"marquee: {one_line(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last wall: one line, never a traceback (MARQUEE_DEBUG=1 shows it)
        if os.environ.get("MARQUEE_DEBUG"):
            raise
        print(f"marquee: {plain_failure(exc, path)}", file=sys.stderr)
        return 1


def open_for_window(path: Path) -> Catalogue:
    """How the window opens another catalogue (File ▸ New/Open catalogue…, Open recent, a dropped
    .db): as at start, with the pictures an interrupted import left swept away."""
    cat = open_catalogue(path)
    try:
        cat.sweep_pictures()
    except BaseException:
        cat.close()
        raise
    return cat


def launch_window(path: Path, explicit: bool, screenshot: Path | None) -> int:
    """Open the window; a first launch on the default catalogue starts with the demo."""
    if sys.platform.startswith("linux") and not any(
            os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        if screenshot is None:
            raise CatalogueError("no screen to show the window on (DISPLAY is not set); the commands in "
                                 "'python main.py --help' work without one")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    first_launch = not path.exists() and not explicit and "MARQUEE_DB" not in os.environ
    if first_launch:
        path.parent.mkdir(parents=True, exist_ok=True)
    from ui.app import create_app, run_window, show_startup_error

    create_app()
    try:
        cat = open_catalogue(path)
    except CatalogueError as exc:
        print(f"marquee: {exc}", file=sys.stderr)
        if screenshot is None:
            show_startup_error(str(exc))
        return 1
    try:
        if first_launch:
            from catalog.ops.demo import add_demo_catalogue

            add_demo_catalogue(cat)
        return run_window(cat, screenshot, opener=open_for_window)  # the window backs up and sweeps off its GUI thread
    finally:
        cat.close()


if __name__ == "__main__":
    sys.exit(main())
