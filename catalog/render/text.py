"""Plain-text renderings of films for the command line."""

from __future__ import annotations

from typing import Any

from catalog.model.rows import FilmRow
from catalog.render.format import duration, format_partial_date, humanize, runtime_hours_padded, words


def film_list_text(rows: list[FilmRow]) -> str:
    if not rows:
        return "No films."
    width = max(len(str(r.id)) for r in rows)
    lines = [f"{r.id:>{width}}  {r.title}{f' ({r.year})' if r.year else ''}"
             f"{f'  — {r.directors}' if r.directors else ''}" for r in rows]
    return "\n".join(lines)


def film_text(doc: dict[str, Any]) -> str:
    """One film with everything attached, as a readable plain-text page."""
    out: list[str] = []
    heading = doc["title"] + (f" ({doc['year']})" if doc.get("year") else "")
    out += [heading, "=" * len(heading)]
    facts = [doc.get("original_title"), runtime_hours_padded(doc.get("runtime_min")), doc.get("certification"),
             ", ".join(doc.get("genres", []))]
    if any(facts):
        out.append(" · ".join(f for f in facts if f))
    if doc.get("tagline"):
        out.append(f"“{doc['tagline']}”")
    if doc.get("synopsis"):
        out += ["", doc["synopsis"]]

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", title, *(f"  {line}" for line in lines)])

    credits = doc.get("credits", [])
    crew: dict[str, list[str]] = {}
    for c in credits:
        if c["role"] != "actor":
            crew.setdefault(humanize(c["role"]), []).append(c["person"])
    section("Crew", [f"{role}: {', '.join(names)}" for role, names in crew.items()])
    section("Cast", [c["person"] + (f" as {c['character']}" if c.get("character") else "")
                     for c in credits if c["role"] == "actor"])
    section("Companies", [f"{c['name']} ({c['role']})" for c in doc.get("companies", [])])
    section("Featurettes and trailers", [
        " · ".join(x for x in (humanize(v["kind"]), v["title"],
                               format_partial_date(v.get("published_on")), duration(v.get("duration_s")),
                               v.get("publisher"), v.get("url") or v.get("file_path")) if x)
        for v in doc.get("videos", [])])
    section("Reviews", [
        " · ".join(x for x in (r.get("author"), r.get("outlet"), r.get("venue"),
                               format_partial_date(r.get("published_on")), r.get("rating_text")) if x)
        + (f"\n    {r['excerpt']}" if r.get("excerpt") else "")
        for r in doc.get("reviews", [])])
    section("Releases", [
        " · ".join(x for x in (format_partial_date(r.get("date")), words(r["kind"]),
                               r.get("territory"), r.get("venue")) if x)
        for r in doc.get("releases", [])])
    section("Articles", [
        " · ".join(x for x in (a["headline"], a.get("publisher"), format_partial_date(a.get("published_on")),
                               a.get("url")) if x) for a in doc.get("articles", [])])
    section("Awards", [" · ".join(str(x) for x in (a["body"], a.get("category"), a.get("year"), a.get("result"))
                                  if x) for a in doc.get("awards", [])])
    copy = [f"{label}: {value}" for label, value in (
        ("Medium", doc.get("medium")), ("Location", doc.get("location")), ("Barcode", doc.get("barcode")),
        ("My rating", doc.get("rating")), ("Watched", "yes" if doc.get("watched") else None)) if value]
    section("My copy", copy)
    if doc.get("notes"):
        section("Notes", [doc["notes"]])
    images = doc.get("images", [])
    if images:
        missing = sum(1 for i in images if i.get("missing"))
        section("Images", [f"{len(images)} image(s)" + (f", {missing} missing" if missing else "")])
    return "\n".join(out)
