"""Browsing by facet (`cat.browse`): the Browse pane's tree — genre, decade and year, director,
actor, country, language, medium, location, the collector's choice fields, has, watched, on loan,
owned or wanted — each value with the number of films of the current search that have it, and the
search clause that narrows the list to them (catalog.model.facets). Reads only; any thread."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from catalog.model.facets import Facet, FacetValue, facets
from catalog.store.facets import FacetCounts

if TYPE_CHECKING:
    from catalog.ops.catalogue import Catalogue


class Browse:
    def __init__(self, cat: Catalogue) -> None:
        self.store = cat.store
        self.counts = FacetCounts(cat.store)

    def facets(self) -> tuple[Facet, ...]:
        """The tree's branches in order (one per custom choice field among them)."""
        return facets([(f.id, f.name) for f in self.store.custom.all() if f.type == "choice"])

    def values(self, keys: Iterable[str], query: str = "") -> dict[str, list[FacetValue]]:
        """The values of these facets (or a decade's years: 'year:1990') counted over the films
        `query` matches; a query the search refuses raises SearchSyntaxError."""
        return self.counts.many(list(keys), query)
