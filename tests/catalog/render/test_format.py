"""The one copy of each formatting helper: escaping, paragraphs, dates, lengths, labels, ratings."""

from __future__ import annotations

import pytest

from catalog.model import dates
from catalog.render import format as fmt


def test_esc_escapes_markup_and_quotes() -> None:
    assert fmt.esc('<b x="1">\'&') == "&lt;b x=&quot;1&quot;&gt;&#x27;&amp;"
    assert fmt.esc(None) == "" and fmt.esc(2016) == "2016"


def test_paragraphs_split_on_blank_lines_and_escape() -> None:
    assert fmt.paragraphs("one\ntwo\n\n <i>three</i> ", "synopsis") == (
        '<p class="synopsis">one<br>two</p><p class="synopsis">&lt;i&gt;three&lt;/i&gt;</p>')
    assert fmt.paragraphs("  \n ") == "" and fmt.paragraphs(None) == ""


def test_line_paragraphs_make_one_paragraph_a_line() -> None:
    assert fmt.line_paragraphs("one\n\ntwo & <three>\n") == "<p>one</p><p>two &amp; &lt;three&gt;</p>"
    assert fmt.line_paragraphs(None) == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2016", "2016"),
        ("2016-11", "November 2016"),
        ("2016-11-23", "23 November 2016"),
        ("2016-1-5", "5 January 2016"),
        ("2016-13", "2016-13"),
        ("soon", "soon"),
        ("", ""),
        (None, ""),
    ],
)
def test_partial_dates(value: str | None, shown: str) -> None:
    assert fmt.format_partial_date(value) == shown


def test_one_partial_date_formatter() -> None:
    assert fmt.format_partial_date is dates.format_partial_date


def test_durations() -> None:
    assert [fmt.duration(s) for s in (0, 59, 192, 3600, 3723)] == ["0:00", "0:59", "3:12", "1:00:00", "1:02:03"]
    assert fmt.duration(None) == fmt.duration("") == fmt.duration(-1) == ""


def test_runtimes() -> None:
    assert [fmt.runtime_minutes(m) for m in (128, 45, 0, None)] == ["128 min", "45 min", "", ""]
    assert [fmt.runtime_hours(m) for m in (128, 120, 45, None)] == ["2 h 8 min", "2 h", "45 min", ""]
    assert [fmt.runtime_hours_padded(m) for m in (128, 120, 45, None)] == ["2 h 08 min", "2 h 00 min", "45 min", ""]


def test_ratings_have_one_name_per_look() -> None:
    assert fmt.rating_stars(9) == "★★★★½ 9/10"
    assert fmt.rating_stars(4) == "★★☆☆☆ 4/10"
    assert fmt.rating_stars(0) == "☆☆☆☆☆ 0/10" and fmt.rating_stars(None) == ""
    assert (fmt.rating_short(8.5), fmt.rating_short(9), fmt.rating_short(None)) == ("★ 8.5", "★ 9.0", "")
    assert (fmt.rating_fraction(7.5), fmt.rating_fraction(9.0), fmt.rating_fraction(None)) == ("7.5 / 10", "9 / 10", "")


def test_labels() -> None:
    assert fmt.words("home_media") == "home media" and fmt.words(None) == ""
    assert fmt.humanize("behind_the_scenes") == "Behind the scenes" and fmt.humanize(None) == ""
    assert fmt.humanize("festival") == "Festival" and fmt.kind_label("festival") == "Festival screening"
    assert fmt.kind_label("stunt_reel") == "Stunt reel" and fmt.kind_label(None) == ""


def test_joined_and_shorten() -> None:
    assert fmt.joined([2016, None, "", "PG-13"]) == "2016 · PG-13"
    assert fmt.joined(["a", "b"], ", ") == "a, b"
    assert fmt.shorten("short", 100) == "short"
    cut = fmt.shorten("word " * 50, 60)
    assert cut.endswith(" …") and len(cut) <= 60
