"""A record kind added to the kinds table for a test, as a later release would add one."""

from __future__ import annotations

import pytest

from catalog.model import kinds
from catalog.model.validation import boolean, integer, partial_date, text, url
from catalog.render import records

TRIVIA = kinds.RecordKind("trivia", "trivia", "trivia", "trivia item", "Trivia", (
    kinds.FieldSpec("fact", "Fact", text(required=True)),
    kinds.FieldSpec("told_on", "Told on", partial_date, "date"),
    kinds.FieldSpec("kind", "Kind", text()),
    kinds.FieldSpec("verified", "Verified", boolean),
    kinds.FieldSpec("runtime_s", "Runtime s", integer(0, 100000), "duration"),
    kinds.FieldSpec("source", "Source", text()),
    kinds.FieldSpec("url", "Link", url, "url"),
), required="fact")


@pytest.fixture
def trivia_kind(monkeypatch: pytest.MonkeyPatch) -> kinds.RecordKind:
    """The renderers see one more record kind, 'trivia', after today's."""
    monkeypatch.setattr(records, "KINDS", (*kinds.KINDS, TRIVIA))
    monkeypatch.setattr(records, "BY_DOC_KEY", {**kinds.BY_DOC_KEY, "trivia": TRIVIA})
    return TRIVIA
