"""Backups: made at start at most once a day and before risky work, kept by age, listed, restored."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from catalog import Catalogue, open_catalogue
from catalog.ops.backups import keep_by_age
from catalog.store.backups import backup_name, list_backups


def test_kept_by_age_7_daily_4_weekly_12_monthly() -> None:
    now = dt.datetime(2026, 12, 1, 12, 0)
    created = [now - dt.timedelta(hours=6 * n) for n in range(4 * 400)]  # four a day for 400 days
    kept = sorted(created[i] for i in keep_by_age(created, now))
    days = {c.date() for c in kept}
    assert len([c for c in kept if now - c < dt.timedelta(days=1)]) == 4  # today's, all of them
    assert len(days) <= 1 + 7 + 4 + 12 and len(kept) <= 4 + 7 + 4 + 12
    assert min(kept) > now - dt.timedelta(days=370) and min(kept) < now - dt.timedelta(days=300)
    assert {(c.year, c.month) for c in kept} >= {((now - dt.timedelta(days=30 * m)).year,
                                                   (now - dt.timedelta(days=30 * m)).month) for m in range(11)}


def test_daily_backup_at_most_once_a_day_and_an_empty_catalogue_none(cat: Catalogue) -> None:
    assert cat.backups.daily() is None  # nothing to keep yet
    cat.films.create({"title": "Vertigo"})
    first = cat.backups.daily()
    assert first is not None and first.parent == cat.path.with_suffix(".backups")
    assert cat.backups.daily() is None
    assert cat.backups.daily(now=dt.datetime.now() + dt.timedelta(days=1, minutes=1)) is not None


def test_before_an_import_and_before_deleting_many_films(cat: Catalogue, tmp_path: Path) -> None:
    from catalog.formats.json_catalogue import export_catalogue, import_catalogue

    ids = [cat.films.create({"title": f"Film {n}"}).id for n in range(25)]
    export_catalogue(cat, tmp_path / "shelf.json")
    other = open_catalogue(tmp_path / "other.db")
    other.films.create({"title": "Mine"})
    import_catalogue(other, tmp_path / "shelf.json")
    assert [b.reason for b in other.backups.kept()] == ["before-import"]
    assert [b.films for b in other.backups.kept()] == [1]
    other.close()
    cat.films.delete([i for i in ids if i is not None])
    [made] = cat.backups.kept()
    assert made.reason == "before-delete" and made.films == 25


def test_a_refused_import_makes_no_backup_and_changes_nothing(cat: Catalogue, tmp_path: Path) -> None:
    import pytest

    from catalog import CatalogueError
    from catalog.formats.json_catalogue import import_catalogue

    cat.films.create({"title": "Mine"})
    cat.close()
    before = cat.path.read_bytes()
    cat = open_catalogue(cat.path)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "marquee-catalogue", "version": 1,
                               "films": [{"title": "A"}, {"title": "B", "genres": "Drama"}]}))
    with pytest.raises(CatalogueError, match=r"bad.json: film 2 \('B'\) genres: 'Drama' is not a list"):
        import_catalogue(cat, bad)
    assert cat.backups.kept() == [] and cat.films.count() == 1
    cat.close()
    assert cat.path.read_bytes() == before


def test_restore_brings_the_catalogue_back_after_backing_up_the_present(cat: Catalogue) -> None:
    vertigo = cat.films.create({"title": "Vertigo"}).id
    backup = cat.backups.create("manual")
    psycho = cat.films.create({"title": "Psycho"}).id
    heard = []
    cat.listeners.append(heard.append)
    safety, change = cat.backups.restore(backup.name)  # by its name in the folder
    assert [r.title for r in cat.films.listing()] == ["Vertigo"]
    assert change.removed == {psycho} and not change.added and heard == [change]
    assert change.all_films and change.touches(vertigo) and not change.updated  # (every film, unlisted)
    assert safety is not None and [b.reason for b in cat.backups.kept()][-1] == "before-restore"
    assert cat.films.ids("psycho") == []  # the search index came back with it
    cat.films.create({"title": "Rebecca"})  # and the catalogue goes on working
    assert len(cat.films.listing()) == 2


def test_backup_names_sort_and_parse(tmp_path: Path) -> None:
    when = dt.datetime(2026, 5, 1, 10, 11, 12)
    (tmp_path / backup_name(tmp_path / "films.db", "daily", when)).write_bytes(b"")
    [found] = list_backups(tmp_path)
    assert found.created == when and found.reason == "daily"
