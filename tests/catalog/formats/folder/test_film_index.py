"""Which film a picture's name stands for, asked of the catalogue as the names come: exact titles
(case, accents and articles aside), years for remakes, the films an import creates, and the guess
for a name that matches none."""

from __future__ import annotations

from catalog import Catalogue
from catalog.formats.folder.films import FilmIndex

BOTH_BACKENDS = True


def test_names_match_films_and_the_films_an_import_creates(cat: Catalogue) -> None:
    old = cat.films.create({"title": "The Thing", "year": 1951}).id
    new = cat.films.create({"title": "The Thing", "year": 1982}).id
    amelie = cat.films.create({"title": "Amélie"}).id
    index = FilmIndex(cat)
    assert index.match("thing, the", 1982) == new and index.match("THING", 1951) == old
    assert index.match("The Thing", None) is None  # two films of that name and no year to choose
    assert index.match("The Thing", None, unique=False) == old
    assert index.match("Amelie", 2001) == amelie  # a film without a year matches any year
    assert index.match("Heat", 1995) is None
    heat = cat.films.create({"title": "Heat", "year": 1995}).id
    assert heat is not None
    index.add(heat, "heat", 1995, "Heat")  # as the importer does after creating it
    assert index.match("heat", 1995) == heat and index.match("Heat", None) == heat  # once, not twice


def test_the_guess_for_a_name_that_matches_no_film(cat: Catalogue) -> None:
    for title, year in (("Alien", 1979), ("Aliens", 1986), ("Blade Runner", 1982), ("Heat", 1995)):
        cat.films.create({"title": title, "year": year})
    index = FilmIndex(cat)
    # The longest title of 4+ letters that begins the name, or that the name begins.
    assert index.best_guess([("Blade Runner Final Cut", None)])[1] == "Blade Runner (1982)"
    assert index.best_guess([("Alie", None)])[1] == "Aliens (1986)"
    assert index.best_guess([("Aliens special edition", None)])[1] == "Aliens (1986)"
    # Else the most alike title: a misspelling, but not of the first two letters.
    assert index.best_guess([("Bladr Runnet", 1982)]) == (cat.films.find("Blade Runner"), "Blade Runner (1982)")
    assert index.best_guess([("Haet", None)]) == (None, "Haet")
    # Names with a year first; bare artwork words name no film.
    assert index.best_guess([("holiday", None), ("Heatt", 1995)])[1] == "Heat (1995)"
    assert index.best_guess([("poster", None), ("fanart2", None)]) == (None, None)
    assert index.best_guess([("Holidays", None)]) == (None, "Holidays")
    created = cat.films.create({"title": "Holiday", "year": 1938}).id
    assert created is not None
    index.add(created, "holiday", 1938, "Holiday")  # a guess made before may come closer now
    assert index.best_guess([("Holidays", None)]) == (created, "Holiday (1938)")


def test_an_empty_catalogue_finds_the_films_the_import_creates(cat: Catalogue) -> None:
    index = FilmIndex(cat)
    assert index.match("Heat", 1995) is None and index.best_guess([("Heat", None)]) == (None, "Heat")
    heat = cat.films.create({"title": "Heat", "year": 1995}).id
    assert heat is not None
    index.add(heat, "heat", 1995, "Heat")
    assert index.match("Heat", 1995) == heat and index.best_guess([("Heat (director's cut)", None)])[0] == heat
    alien = cat.films.create({"title": "Alien", "year": 1979}).id
    assert alien is not None
    index.add(alien, "alien", 1979, "Alien")  # a key not asked of yet: the catalogue is
    assert index.match("Alien", None) == alien
