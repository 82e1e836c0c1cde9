"""Browsing by facet and the statistics, without a window: every facet's counts agree with the
search its values put in the box (counted over the current search), and the figures of the
Statistics view and `stats` are right on a small known catalogue."""

from __future__ import annotations

import pytest

from catalog import Catalogue
from catalog.model import facets
from tests.catalog.ops.test_desk import desk  # noqa: F401  (the fixture)

BOTH_BACKENDS = True  # every test here runs on an SQLite file and on the suite's PostgreSQL server


@pytest.fixture
def shelf(desk: Catalogue) -> Catalogue:  # noqa: F811
    cat = desk
    alien = cat.films.create({"title": "Alien", "year": 1979, "runtime_min": 117, "watched": True}).id or 0
    cat.films.set_genres(alien, ["Science Fiction", "Horror"])
    cat.films.set_values(alien, "countries", ["United Kingdom", "United States"])
    cat.records.add_credit(alien, "Ridley Scott", "director")
    cat.records.add_credit(alien, "Sigourney Weaver", "actor", "Ripley")
    cat.records.add("copy", alien, {"medium": "Blu-ray", "location": "Shelf A", "price": 15, "currency": "EUR"})
    cat.records.add("copy", alien, {"medium": "blu-ray", "location": "Box 3", "price": 5, "currency": "eur"})
    cat.fields.define("Format", "choice", ["Steelbook", "Keepcase"])
    cat.films.set_custom(alien, "Format", "Steelbook")
    cat.records.add("viewing", alien, {"date": "2024-03-02"})
    return cat


def every_value(cat: Catalogue, query: str = "") -> list[tuple[str, facets.FacetValue]]:
    keys = [f.key for f in cat.browse.facets()]
    found = cat.browse.values(keys, query)
    values = [(key, v) for key in keys for v in found[key]]
    decades = cat.browse.values([v.key for _, v in values if v.key], query)
    return values + [(key, v) for key, vs in decades.items() for v in vs]


@pytest.mark.parametrize("query", ["", "genre:drama", "watched:yes", "-director:chazelle", "on-loan:no"])
def test_each_count_is_what_its_clause_finds(shelf: Catalogue, query: str) -> None:
    values = every_value(shelf, query)
    assert values
    for key, value in values:
        assert value.clause is not None, (key, value)
        # A value already in the box is counted as the box stands; any other narrows it further.
        narrowed = query if facets.is_applied(query, value.clause) else facets.toggle(query, value.clause)
        assert len(shelf.films.ids(narrowed)) == value.count, (key, value.label, narrowed)


def test_the_tree_has_every_facet_and_its_values(shelf: Catalogue) -> None:
    cat = shelf
    keys = [f.key for f in cat.browse.facets()]
    assert keys == ["genre", "year", "director", "actor", "country", "language", "medium", "location",
                    f"custom:{cat.fields.get('Format').id}", "has", "watched", "loans", "wishlist"]
    found = {key: {v.label: v.count for v in values} for key, values in cat.browse.values(keys).items()}
    assert found["medium"]["Blu-ray"] == 1  # films (Alien's two copies), whatever the spelling of the medium
    assert found["year"]["1970s"] == 1 and found["director"]["Ridley Scott"] == 1
    assert found["loans"] == {"On loan": 1, "Overdue": 1, "Not on loan": 3, "Lent to Anna": 1}
    assert found["wishlist"] == {"Owned": 3, "Wanted": 1} and found["watched"]["Watched"] == 2
    assert found[f"custom:{cat.fields.get('Format').id}"] == {"Steelbook": 1}
    assert {v.label for v in cat.browse.values(["year:1970"])["year:1970"]} == {"1979"}


def test_a_search_narrows_the_counts(shelf: Catalogue) -> None:
    found = shelf.browse.values(["genre", "wishlist"], "year:1970..1979")
    assert {v.label: v.count for v in found["genre"]} == {"Science Fiction": 1, "Horror": 1}
    assert {v.label: v.count for v in found["wishlist"]} == {"Owned": 1}


def test_the_box_and_the_tree_agree() -> None:
    clause = facets.clause("genre", "Science  Fiction")
    assert clause == 'genre:"Science Fiction"'
    query = facets.toggle("chazelle", clause)
    assert query == 'chazelle genre:"Science Fiction"' and facets.is_applied(query, 'GENRE:"science fiction"')
    assert facets.toggle(query, clause) == "chazelle"
    assert facets.exclude(query, clause) == 'chazelle -genre:"Science Fiction"'
    field = facets.clause("field", "Steel book", "Box set")
    assert field == 'field:"Box set":"Steel book"'
    assert facets.tokens(f'a {field} -year:1990..1999 "x y"') == [(0, 1), (2, 30), (31, 47), (48, 53)]
    assert facets.clause("genre", 'The "Best"') is None


def test_the_figures(shelf: Catalogue) -> None:
    figures = shelf.statistics.figures()
    assert figures.totals["films"] == 4 and figures.totals["wanted"] == 1 and figures.totals["on_loan"] == 1
    assert dict(figures.chart("decades").points) == {"1970s": 1, "1990s": 1, "2010s": 2}
    assert dict(figures.chart("watched").points) == {"Watched": 2, "Not watched": 2}
    assert dict(figures.chart("media").points)["Blu-ray"] == 2
    assert dict(figures.chart("directors").points)["Damien Chazelle"] == 2
    assert dict(figures.chart("runtimes").points)["110–119"] == 1
    assert dict(figures.chart("viewings").points) == {"2024-03": 2}
    assert dict(figures.chart("loans").points) == {"Anna": 1}
    (eur,) = [s for s in figures.spending if s.currency == "EUR"]
    assert (eur.copies, eur.total, eur.average) == (2, 20.0, 10.0)
    data = figures.to_dict()
    assert data["spending"][0]["currency"] == "EUR" and data["charts"]["decades"]["points"][0] == {
        "label": "1970s", "value": 1.0}


@pytest.mark.parametrize("query", ["", "watched:no", "-director:chazelle", "year:1970..2020"])
def test_many_matches_counted_through_a_mask_give_the_same_genres_and_years(shelf: Catalogue, query: str,
                                                                            monkeypatch) -> None:
    """A big catalogue counts the genres and years of a search matching many of its films through
    a mask of the matches (at a million films twice as fast as probing them): the same counts,
    in the same order, as counting them in SQL."""
    from catalog.store import facets as facet_counts

    keys = ["genre", "year", "year:1970", "year:2010"]
    by_sql = shelf.browse.values(keys, query)
    masked: list[object] = []
    real = facet_counts.FacetCounts._values_masked
    monkeypatch.setattr(facet_counts, "MASK_FROM", 0)
    monkeypatch.setattr(facet_counts, "YEARS_MASKED_FROM", 0)
    monkeypatch.setattr(facet_counts.FacetCounts, "_values_masked",
                        lambda self, key, mask: masked.append(key) or real(self, key, mask))
    assert shelf.browse.values(keys, query) == by_sql
    assert any(by_sql.values())
    through_mask = bool(query) and shelf.store.server is None
    assert sorted(masked) == (sorted(keys) if through_mask else [])
    masked.clear()
    mixed = shelf.browse.values(["director", "genre"], query)  # the director's in SQL, over the matches' table
    assert mixed["genre"] == by_sql["genre"] and masked == (["genre"] if through_mask else [])
    assert mixed["director"] == shelf.browse.values(["director"], query)["director"]
