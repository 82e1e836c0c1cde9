"""The command line: every job of the window as a command (`python main.py --help`), without the
window's toolkit. What needs it — PDF detail sheets, the statistics page — main.py provides (see
`provide`); errors are one line and a non-zero status; `--json` output is UTF-8."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from catalog import Catalogue, CatalogueError, formats, open_catalogue
from catalog.errors import one_line, plain_failure
from catalog.paths import default_catalogue_path

Command = Callable[[Catalogue, argparse.Namespace], int]
Window = Callable[[Path | str, bool, Path | None], int]  # (location, given explicitly, screenshot) -> status
# What main.py provides: "print" (the print command) and "stats-pdf" (stats --pdf), both made by Qt.
PROVIDED: dict[str, Command] = {}


def provide(name: str, command: Command) -> None:
    PROVIDED[name] = command


def _provided(name: str) -> Command:
    if name not in PROVIDED:
        raise CatalogueError(f"{name}: needs the window's toolkit (run python main.py)")
    return PROVIDED[name]


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake in the arguments is one line, as every other error of the command
    line (argparse's own is the usage, then the error)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see: {self.prog} --help)\n")


def _format_name(kind: str) -> Callable[[str], str]:
    """The `--format` value's check: a name of a format that can be read (`kind` "import") or
    written ("export"). The format modules load only when the option is given."""
    def check(name: str) -> str:
        names = [f.name for f in (formats.readers() if kind == "import" else formats.exportable())]
        if name not in names:
            raise argparse.ArgumentTypeError(f"invalid choice: {name!r} (choose from {', '.join(names)})")
        return name
    return check


def _listing(fmts: list[formats.Format]) -> str:
    return ", ".join(f"{f.label} ({f.name})" for f in fmts)


def build_parser(commands_too: bool = True, help_too: bool = True) -> argparse.ArgumentParser:
    """The command line; without `commands_too`, only the window's options (`--db`, `--screenshot`).
    Without `help_too`, the help leaves out the list of file formats: making it loads every format's
    module (~30 ms), which a command that prints no help need not wait for."""
    parser = _Parser(prog="marquee", description="A catalogue for film collectors.")
    parser.add_argument("--db", metavar="PATH|URL", help="catalogue file, or a shared catalogue's address "
                        "postgresql://USER@HOST/DB (default: $MARQUEE_DB or marquee.db in the user's data folder)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE.png",
                        help="open the window, save a picture of it and exit")
    if not commands_too:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("demo", help="add the demo catalogue (La La Land, Whiplash)")
    commands.add_parser("syntax", help="how to search: every filter, with examples")
    p = commands.add_parser("list", help="list the films")
    p.add_argument("--search", default="", metavar="QUERY", help="only films matching QUERY (see: marquee syntax)")
    p.add_argument("--sort", choices=["title", "year", "directors", "runtime", "rating", "videos"])
    p.add_argument("--json", action="store_true", help="print JSON")
    p = commands.add_parser("show", help="show one film with everything attached")
    p.add_argument("film", help="film id or title (add the year for remakes: 'Title (1999)')")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_edit_commands(commands)
    p = commands.add_parser("export", help="write the whole catalogue to a file" + (
        f": {_listing(formats.exportable())}" if help_too else ""))
    p.add_argument("file", type=Path, nargs="?", metavar="FILE", help="the format follows the name's extension")
    p.add_argument("--format", type=_format_name("export"), metavar="NAME", help=(
        f"one of: {', '.join(f.name for f in formats.exportable())}" if help_too else None))
    p.add_argument("--json", dest="json_file", type=Path, metavar="FILE", help="the same as FILE --format json")
    p = commands.add_parser("import", help="read another catalogue into this one" + (
        f": {_listing(formats.readers())}" if help_too else ""))
    p.add_argument("file", type=Path, nargs="?", metavar="FILE", help="the format is told by the content")
    p.add_argument("--format", type=_format_name("import"), metavar="NAME", help=(
        f"one of: {', '.join(f.name for f in formats.readers())}" if help_too else None))
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
    p = commands.add_parser("copy", help="copy a whole catalogue with its pictures into an empty one: a file "
                                        "to a server, a server to a file (checked by counts and exports)")
    p.add_argument("--from", dest="source", required=True, metavar="PATH|URL")
    p.add_argument("--to", dest="target", required=True, metavar="PATH|URL")
    p = commands.add_parser("server", help="a shared catalogue's server: init (schema and roles), grant a member "
                                          "a role, list the members (run on --db postgresql://…)")
    server_commands = p.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    server_commands.add_parser("init", help="create the schema (when new) and the roles reader, editor, admin")
    g = server_commands.add_parser("grant", help="make NAME a reader, editor or admin (creating the login role)")
    g.add_argument("name")
    g.add_argument("role", choices=["reader", "editor", "admin"])
    server_commands.add_parser("members", help="who holds which role")
    add_desk_commands(commands)
    return parser


# -- the desk: loans and statistics --------------------------------------------------------------


def add_desk_commands(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("lend", help="lend a copy of a film to someone")
    p.add_argument("film", help="film id or title")
    p.add_argument("--to", required=True, metavar="NAME", help="the borrower (a new name is a new borrower)")
    p.add_argument("--due", metavar="DATE", help="due back on DATE (YYYY-MM-DD)")
    p.add_argument("--on", metavar="DATE", help="lent on DATE (default today)")
    p.add_argument("--copy", type=int, metavar="N", help="the film's copy N (1, 2, …; default the first not lent)")
    p.add_argument("--note", help="a note on the loan")
    p = commands.add_parser("return", help="a lent film came back")
    p.add_argument("film", help="film id or title")
    p.add_argument("--on", metavar="DATE", help="returned on DATE (default today)")
    p = commands.add_parser("loans", help="the open loans, soonest due first")
    p.add_argument("--overdue", action="store_true", help="only those past their due date")
    p.add_argument("--borrower", metavar="NAME", help="only this borrower's (with --history: every loan they had)")
    p.add_argument("--history", action="store_true", help="returned loans too (with --borrower)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = commands.add_parser("stats", help="the collection's statistics")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="print the statistics page to a PDF")
    p.add_argument("--paper", choices=["A4", "Letter"], help="paper size (default: from the locale)")


def cmd_lend(cat: Catalogue, args: argparse.Namespace) -> int:
    film_id = cat.films.find(args.film)
    copy_id = None
    if args.copy is not None:
        copies = cat.records.of("copy", film_id)
        if not 1 <= args.copy <= len(copies):
            raise CatalogueError(f"{cat.films.label(film_id)} has {len(copies)} copies; --copy is 1 to {len(copies)}")
        copy_id = copies[args.copy - 1]["id"]
    change = cat.loans.lend(film_id, args.to, copy_id=copy_id, lent_on=args.on, due_on=args.due, notes=args.note)
    loan = cat.loans.get(change.id or 0)
    print(f"Lent {cat.films.label(film_id)} to {loan['borrower']}" + (f", due {loan['due_on']}" if loan["due_on"]
                                                                      else "") + ".")
    return 0


def cmd_return(cat: Catalogue, args: argparse.Namespace) -> int:
    change = cat.loans.return_film(cat.films.find(args.film), args.on)
    print(f"{change.description}.")
    return 0


def cmd_loans(cat: Catalogue, args: argparse.Namespace) -> int:
    from catalog.render.text import loans_text

    if args.history:
        if not args.borrower:
            raise CatalogueError("--history needs --borrower NAME")
        loans = cat.loans.history(args.borrower)
    else:
        loans = cat.loans.open_loans(args.borrower, overdue=args.overdue)
    if args.json:
        keys = ("film_id", "film", "year", "medium", "edition", "borrower", "lent_on", "due_on", "returned_on", "notes")
        from catalog.model.loans import is_overdue

        print(json.dumps([{**{k: loan[k] for k in keys}, "overdue": is_overdue(loan)} for loan in loans],
                         ensure_ascii=False, indent=1))
    else:
        print(loans_text(loans))
    return 0


def cmd_stats(cat: Catalogue, args: argparse.Namespace) -> int:
    from catalog.render.text import statistics_text

    if args.pdf is not None:
        return _provided("stats-pdf")(cat, args)
    figures = cat.statistics.figures()
    if args.json:
        print(json.dumps(figures.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(statistics_text(figures))
    return 0


# -- editing: the window's New film, Delete film, the detail pane's fields and tables, the Film menu --

SET_HELP = ("a field and its value (repeat it): title, year, runtime, rating, synopsis, … genres, countries, "
            "languages, keywords (comma-separated), companies ('Lionsgate (distributor), Summit'), or a custom "
            "field by name; an empty value clears")


def add_edit_commands(commands: argparse._SubParsersAction) -> None:
    from catalog.model.kinds import CUSTOM_TYPES, KINDS
    from catalog.model.validation import CREDIT_ROLES

    p = commands.add_parser("add", help="add a film")
    p.add_argument("title")
    p.add_argument("--year")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", help=SET_HELP)
    p.add_argument("--json", action="store_true", help="print the new film as show --json does")
    p = commands.add_parser("edit", help="change a film's fields, genres, lists, companies or custom fields")
    p.add_argument("film", help="film id or title")
    p.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE", help=SET_HELP)
    p = commands.add_parser("delete", help="delete films with everything attached (their pictures go to Unsorted)")
    p.add_argument("films", nargs="+", metavar="FILM", help="film ids or titles")
    p = commands.add_parser("credit", help="credit a person on a film: cast (with --character) or crew")
    p.add_argument("film", help="film id or title")
    p.add_argument("person", metavar="NAME", help="the person (a new name is a new person)")
    p.add_argument("--role", default="actor", choices=CREDIT_ROLES)
    p.add_argument("--character", metavar="NAME")
    p = commands.add_parser("record", help="attach a record to a film: " + ", ".join(k.name for k in KINDS))
    p.add_argument("film", help="film id or title")
    p.add_argument("kind", choices=[k.name for k in KINDS])
    p.add_argument("values", nargs="*", metavar="FIELD=VALUE",
                   help="its fields (see show --json for their names), e.g. medium=Blu-ray location='Shelf 2'")
    p = commands.add_parser("watched", help="log a viewing of a film in the diary")
    p.add_argument("film", help="film id or title")
    p.add_argument("--on", metavar="DATE", help="seen on DATE (YYYY-MM-DD, YYYY-MM or YYYY; default today)")
    p.add_argument("--rating", metavar="N", help="a rating of this viewing (0-10)")
    p.add_argument("--note")
    p = commands.add_parser("wish", help="put a film on the wishlist, or change its wish (--remove: take it off)")
    p.add_argument("film", help="film id or title")
    p.add_argument("--priority", metavar="N", help="1 (most wanted) to 5")
    p.add_argument("--note")
    p.add_argument("--remove", action="store_true")
    p = commands.add_parser("person", help="a person's films, with what they did on each")
    p.add_argument("name", help="the person's name (case and accents aside)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = commands.add_parser("pictures", help="list a film's pictures (or the unsorted ones) with their ids")
    p.add_argument("film", nargs="?", help="film id or title (none: the unsorted pictures)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = commands.add_parser("picture", help="change a picture: its film, poster, kind, caption or credit; remove it")
    p.add_argument("picture", type=int, metavar="ID", help="the picture's id (see pictures)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--to", metavar="FILM", help="move it to this film (the end of its gallery)")
    where.add_argument("--unsorted", action="store_true", help="move it to the unsorted pictures")
    p.add_argument("--poster", action="store_true", help="make it its film's poster")
    p.add_argument("--kind", metavar="KIND", help="poster, still, … (as the gallery names them)")
    p.add_argument("--caption")
    p.add_argument("--credit")
    p.add_argument("--remove", action="store_true", help="take it out of the catalogue")
    p = commands.add_parser("fields", help="the custom fields: list them, or --add or --remove one")
    p.add_argument("--add", metavar="NAME", help="a new field")
    p.add_argument("--type", choices=CUSTOM_TYPES, default="text", help="the new field's type (default text)")
    p.add_argument("--choices", metavar="A,B,…", help="the values a choice field offers")
    p.add_argument("--remove", metavar="NAME", help="remove a field and every film's value of it")
    p.add_argument("--json", action="store_true", help="print JSON")


def _assignments(pairs: list[str], what: str = "--set") -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise CatalogueError(f"{what} {pair!r}: write it as FIELD=VALUE")
        values[name.strip()] = value
    return values


def cmd_add(cat: Catalogue, args: argparse.Namespace) -> int:
    values = _assignments(args.set)
    with cat.transaction(f"Add film “{args.title}”") as change:
        film_id = cat.films.create({"title": args.title, "year": args.year}).id
        assert film_id is not None
        if values:
            cat.films.assign(film_id, values)
        change.id = film_id
    if args.json:
        print(json.dumps(cat.films.document(film_id), ensure_ascii=False, indent=1))
    else:
        print(f"Added {cat.films.label(film_id)} as film {film_id}.")
    return 0


def cmd_edit(cat: Catalogue, args: argparse.Namespace) -> int:
    film_id = cat.films.find(args.film)
    values = _assignments(args.set)
    cat.films.assign(film_id, values)
    print(f"Edited {cat.films.label(film_id)}: {', '.join(values)}.")
    return 0


def cmd_delete(cat: Catalogue, args: argparse.Namespace) -> int:
    film_ids = list(dict.fromkeys(cat.films.find(film) for film in args.films))
    labels = [cat.films.label(film_id) for film_id in film_ids]
    cat.films.delete(film_ids)
    print(f"Deleted {labels[0] if len(labels) == 1 else f'{len(labels)} films'}.")
    return 0


def cmd_credit(cat: Catalogue, args: argparse.Namespace) -> int:
    film_id = cat.films.find(args.film)
    cat.records.add_credit(film_id, args.person, args.role, args.character)
    as_what = f" as {args.character}" if args.character else ("" if args.role == "actor" else f" ({args.role})")
    print(f"Credited {args.person.strip()}{as_what} on {cat.films.label(film_id)}.")
    return 0


def cmd_record(cat: Catalogue, args: argparse.Namespace) -> int:
    from catalog.model.kinds import kind

    film_id = cat.films.find(args.film)
    cat.records.add(args.kind, film_id, _assignments(args.values, "field"))
    print(f"Added a {kind(args.kind).label} to {cat.films.label(film_id)}.")
    return 0


def cmd_watched(cat: Catalogue, args: argparse.Namespace) -> int:
    from datetime import date

    film_id = cat.films.find(args.film)
    cat.records.add("viewing", film_id, {"date": args.on or date.today().isoformat(), "rating": args.rating,
                                         "note": args.note})
    print(f"Logged a viewing of {cat.films.label(film_id)} on {args.on or 'today'}.")
    return 0


def cmd_wish(cat: Catalogue, args: argparse.Namespace) -> int:
    from catalog.model.wishlist import DEFAULT_PRIORITY

    film_id = cat.films.find(args.film)
    if args.remove:
        cat.wishlist.remove(film_id)
        print(f"Took {cat.films.label(film_id)} off the wishlist.")
        return 0
    wish = cat.wishlist.get(film_id) or {}
    priority = args.priority if args.priority is not None else wish.get("priority", DEFAULT_PRIORITY)
    cat.wishlist.add(film_id, priority, args.note if args.note is not None else wish.get("note"))
    print(f"{cat.films.label(film_id)} is on the wishlist (priority {(cat.wishlist.get(film_id) or {})['priority']}).")
    return 0


def cmd_person(cat: Catalogue, args: argparse.Namespace) -> int:
    from catalog.errors import NotFound

    person_id = cat.people.find(args.name)
    if person_id is None:
        raise NotFound(f"no person {args.name.strip()!r} in the catalogue")
    person, films = cat.people.get(person_id), cat.people.films(person_id)
    if args.json:
        print(json.dumps({"id": person.id, "name": person.name, "sort_name": person.sort_name, "notes": person.notes,
                          "photo": person.photo_sha256, "films": [{"id": f.film_id, "title": f.title, "year": f.year,
                                                                    "roles": list(f.roles)} for f in films]},
                         ensure_ascii=False, indent=1))
    else:
        lines = [f"{person.name}: {len(films)} film{'' if len(films) == 1 else 's'}"]
        lines += [f"  {f.title}{f' ({f.year})' if f.year else ''} — {', '.join(f.roles)}" for f in films]
        print("\n".join(lines))
    return 0


def cmd_pictures(cat: Catalogue, args: argparse.Namespace) -> int:
    film_id = cat.films.find(args.film) if args.film else None
    pictures = cat.images.gallery(film_id)
    if args.json:
        print(json.dumps([{"id": i.id, "kind": i.kind, "file": i.original_name, "width": i.width, "height": i.height,
                           "caption": i.caption, "credit": i.credit, "path": i.path, "missing": i.missing}
                          for i in pictures], ensure_ascii=False, indent=1))
    else:
        print("\n".join(f"{i.id:>6}  {i.kind:<17} {i.width or '?'}×{i.height or '?'}  {i.original_name}"
                        + (f"  “{i.caption}”" if i.caption else "") + ("  (file missing)" if i.missing else "")
                        for i in pictures) or "No pictures.")
    return 0


def cmd_picture(cat: Catalogue, args: argparse.Namespace) -> int:
    picture = cat.images.get(args.picture)
    fields = {k: v for k, v in (("kind", args.kind), ("caption", args.caption), ("credit", args.credit))
              if v is not None}
    done: list[str] = []
    with cat.transaction("Edit image"):
        if args.remove:
            cat.images.remove([picture.id])
            done.append("removed it")
        else:
            if fields:
                cat.images.update(picture.id, fields)
                done.append(", ".join(fields))
            film_id = picture.film_id
            if args.to or args.unsorted:
                film_id = cat.films.find(args.to) if args.to else None
                cat.images.move([picture.id], film_id)
                done.append(f"moved to {cat.films.label(film_id) if film_id is not None else 'Unsorted'}")
            if args.poster:
                if film_id is None:
                    raise CatalogueError(f"picture {picture.id} is unsorted; a poster needs a film (--to FILM)")
                cat.images.set_poster(film_id, picture.id)
                done.append(f"the poster of {cat.films.label(film_id)}")
    print(f"Picture {picture.id} ({picture.original_name}): {'; '.join(done) or 'nothing to change'}.")
    return 0


def cmd_fields(cat: Catalogue, args: argparse.Namespace) -> int:
    if args.add:
        cat.fields.define(args.add, args.type, args.choices)
        print(f"Added the field {args.add.strip()} ({args.type}).")
    if args.remove:
        field = cat.fields.get(args.remove)
        cat.fields.remove(field.id)
        print(f"Removed the field {field.name} and every film's value of it.")
    if not args.add and not args.remove:
        fields = cat.fields.all()
        if args.json:
            print(json.dumps([{"id": f.id, "name": f.name, "type": f.type, "choices": list(f.choices)}
                              for f in fields], ensure_ascii=False, indent=1))
        else:
            print("\n".join(f"{f.name} ({f.type}{': ' + ', '.join(f.choices) if f.choices else ''})" for f in fields)
                  or "No custom fields.")
    return 0


def cmd_syntax() -> int:
    from catalog.render.help import search_syntax_text

    print(search_syntax_text())
    return 0


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


def cmd_copy(args: argparse.Namespace) -> int:
    from catalog.ops.sharing import copy_catalogue

    source, target = location_of(args.source), location_of(args.target)
    report = copy_catalogue(source, target)
    print(f"Copied {source} to {target}:\n{report.text()}")
    if not report.ok:
        print("marquee: the copy differs from the original (see above)", file=sys.stderr)
        return 1
    return 0


def cmd_server(location: Path | str, args: argparse.Namespace) -> int:
    from catalog.ops import sharing

    if not isinstance(location, str):
        raise CatalogueError(f"{location}: not a shared catalogue; use --db postgresql://USER@HOST/DB")
    if args.server_command == "init":
        sharing.init_server(location)
        print(f"Ready: {location} has the catalogue's tables and the roles reader, editor and admin "
              "(marquee_reader, marquee_editor, marquee_admin).")
    elif args.server_command == "grant":
        sharing.grant(location, args.name, args.role)
        print(f"{args.name} is now {'a' if args.role == 'reader' else 'an'} {args.role} of the catalogue.")
    else:
        for name, role in sharing.members(location):
            print(f"{name:<30} {role}")
    return 0


COMMANDS: dict[str, Command] = {
    "demo": cmd_demo, "list": cmd_list, "show": cmd_show, "export": cmd_export, "import": cmd_import,
    "import-images": cmd_import_images, "print": lambda cat, args: _provided("print")(cat, args),
    "backup": cmd_backup, "backups": cmd_backups,
    "restore": cmd_restore, "lend": cmd_lend, "return": cmd_return, "loans": cmd_loans, "stats": cmd_stats,
    "add": cmd_add, "edit": cmd_edit, "delete": cmd_delete, "credit": cmd_credit, "record": cmd_record,
    "watched": cmd_watched, "wish": cmd_wish, "fields": cmd_fields, "pictures": cmd_pictures, "picture": cmd_picture,
    "person": cmd_person,
}


# Commands that change the catalogue: they may create it, make the daily backup and sweep pictures
# that nothing names. The others only read: a missing file is "no catalogue at PATH".
WRITES = {"demo", "import", "import-images", "restore", "lend", "return", "add", "edit", "delete", "credit", "record",
          "watched", "wish", "picture"}
CREATES = {"demo", "import", "import-images", "restore", "add"}  # the others need films that are there


def location_of(text: str | None) -> Path | str:
    """A catalogue's location as given (--db, MARQUEE_DB): a shared catalogue's address, or a path."""
    from catalog.ops.catalogue import is_shared_location

    if text is None:
        return default_catalogue_path()
    return text if is_shared_location(text) else Path(text)


def run_command(path: Path | str, args: argparse.Namespace, default_location: bool = False) -> int:
    """`default_location`: `path` is the user's data folder's catalogue (no --db, no MARQUEE_DB),
    whose folder a first command that makes the catalogue makes too, as the window's first launch does."""
    if args.command == "copy":
        return cmd_copy(args)
    if args.command == "syntax":  # needs no catalogue
        return cmd_syntax()
    if args.command == "server":
        return cmd_server(path, args)
    writes = args.command in WRITES or (args.command == "fields" and bool(args.add or args.remove))
    create = args.command in CREATES or (writes and args.command == "fields")
    if create and default_location and isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True)
    cat = open_catalogue(path, create=create)
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


def _asks_for_help(argv: list[str]) -> bool:
    """Whether argparse may print a help page (-h, --help or any abbreviation of it)."""
    return any(arg == "-h" or (arg.startswith("--h") and "--help".startswith(arg.split("=")[0])) for arg in argv)


def _names_a_command(argv: list[str]) -> bool:
    """Whether the arguments hold a command (or ask for help): anything but the window's options."""
    values = iter(argv)
    for arg in values:
        if arg in ("--db", "--screenshot"):
            next(values, None)
        elif not arg.startswith(("--db=", "--screenshot=")):
            return True
    return False


def main(argv: list[str] | None, window: Window, command_starts: Callable[[], object] = lambda: None) -> int:
    """Run the command the arguments name, or `window` when they name none (only `--db`,
    `--screenshot`); `command_starts` is called just before a command runs."""
    _text_streams()
    arguments = sys.argv[1:] if argv is None else argv
    args = build_parser(_names_a_command(arguments), _asks_for_help(arguments)).parse_args(arguments)
    given = args.db or os.environ.get("MARQUEE_DB") or None
    path = location_of(given)
    try:
        if args.command is None:
            return window(path, args.db is not None, args.screenshot)
        command_starts()
        return run_command(path, args, default_location=given is None)
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
