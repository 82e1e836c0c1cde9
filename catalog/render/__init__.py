"""One renderer of a film document (see docs/schema.md) with several skins.

``format`` holds the one copy of each formatting helper; ``film_view`` is the presentation step
every skin shares (with ``records``, the one table of record sections and its generic fallback);
the skins are ``page`` (the detail page's HTML), ``sheets`` (printed sheets from templates) and
``text`` (the command line). No Qt, no qtawesome; pure functions, any thread.
"""
