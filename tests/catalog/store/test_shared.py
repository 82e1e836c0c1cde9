"""A shared catalogue on a real PostgreSQL server (started by the suite, tests/pg_server.py): the
dialect, migrations from the one numbered list, pictures on the server, change events, row
versions and conflicts, copying to and from a file, and the server's roles — a reader cannot
write by any path."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest
from PIL import Image

from catalog import CatalogueError, Change, ConflictError, open_catalogue
from catalog.ops.demo import add_demo_catalogue
from catalog.ops.sharing import copy_catalogue
from catalog.store import roles
from catalog.store.dialect import PostgresDialect
from catalog.store.migrations import LATEST, MIGRATIONS


def test_the_dialect_rewrites_sqlite_sql_for_postgresql() -> None:
    d = PostgresDialect({"film_custom": ("film_id", "field_id")})
    assert d.sql("SELECT id FROM image WHERE film_id IS ? AND caption LIKE '%x?'") == (
        "SELECT id FROM image WHERE film_id IS NOT DISTINCT FROM %s AND caption LIKE '%%x?'")
    assert d.sql("SELECT group_concat(DISTINCT c.role) FROM credit c") == (
        "SELECT string_agg(DISTINCT (c.role)::text, ',') FROM credit c")
    assert d.sql("INSERT OR REPLACE INTO film_custom (film_id, field_id, value) VALUES (?, ?, ?)") == (
        "INSERT INTO film_custom (film_id, field_id, value) VALUES (%s, %s, %s) "
        "ON CONFLICT (film_id, field_id) DO UPDATE SET value = EXCLUDED.value")
    assert d.sql("INSERT OR IGNORE INTO genre (name) VALUES (?)").endswith("ON CONFLICT DO NOTHING")
    assert d.sql("SELECT 1 FROM video WHERE 1 ORDER BY id") == "SELECT 1 FROM video WHERE TRUE ORDER BY id"
    assert d.params((True, False, 3, None)) == (1, 0, 3, None)
    assert d.sql("SELECT min(medium) FROM temp.ids m CROSS JOIN film_copy c ON c.film_id = m.id "
                 "GROUP BY coalesce(c.medium, '') COLLATE NOCASE") == (
        "SELECT min(medium) FROM pg_temp.ids m JOIN film_copy c ON c.film_id = m.id "
        "GROUP BY lower(coalesce(c.medium, ''))")
    assert d.sql("INSERT OR IGNORE INTO temp.ids SELECT id FROM film") == (
        "INSERT INTO pg_temp.ids SELECT id FROM film ON CONFLICT DO NOTHING")
    ddl = d.ddl("CREATE TABLE t (id INTEGER PRIMARY KEY, n REAL, name TEXT NOT NULL, "
                "film_id INTEGER REFERENCES film(id) ON DELETE CASCADE)")
    assert ddl is not None and "id BIGINT PRIMARY KEY" in ddl and "DOUBLE PRECISION" in ddl
    assert 'TEXT COLLATE "C"' in ddl and "DEFERRABLE" in ddl and "marquee_fill_id('t_id_seq')" in ddl
    assert d.ddl("CREATE VIRTUAL TABLE film_fts USING fts5(title)") is None


def test_a_new_server_catalogue_has_every_migration_of_the_one_list(pg_url: str) -> None:
    cat = open_catalogue(pg_url)
    try:
        applied = [r[0] for r in cat.store.rows("SELECT version FROM schema_migration ORDER BY version")]
        assert applied == [n for n, _ in MIGRATIONS] and applied[-1] == LATEST
        assert cat.shared and cat.location.endswith(pg_url.rsplit(":", 1)[1].split("/")[0])
    finally:
        cat.close()


def test_an_address_with_a_password_is_refused(pg_server) -> None:
    url = pg_server.url("postgres").replace("@", ":secret@")
    with pytest.raises(CatalogueError, match="pgpass"):
        open_catalogue(url)


def _jpeg(path: Path, size: tuple[int, int], seed: int) -> Path:
    import random

    rng = random.Random(seed)
    image = Image.new("RGB", size)
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size[0] * size[1])])
    image.save(path, quality=95)
    return path


def test_pictures_live_on_the_server_in_chunks_and_reach_another_computers_cache(pg_url: str, tmp_path: Path,
                                                                                 monkeypatch) -> None:
    big = _jpeg(tmp_path / "big.jpg", (1400, 1000), 1)  # over 1 MiB of noise: several chunks
    sha = hashlib.sha256(big.read_bytes()).hexdigest()
    cat = open_catalogue(pg_url)
    film = cat.films.create({"title": "Noise"}).id
    cat.images.add_file(big, film)
    chunks = cat.store.rows("SELECT n, length(data) FROM picture_chunk WHERE sha256 = ? ORDER BY n", (sha,))
    assert len(chunks) == -(-big.stat().st_size // (1 << 20)) >= 2 and max(n for _, n in chunks) == 1 << 20
    assert cat.store.scalar("SELECT count(*) FROM picture_wanted") == 0
    cat.close()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-computer"))
    other = open_catalogue(pg_url)
    try:
        [info] = other.images.gallery(film)
        assert info.path and Path(info.path).is_relative_to(tmp_path / "other-computer")
        assert hashlib.sha256(Path(info.path).read_bytes()).hexdigest() == sha
    finally:
        other.close()


def test_other_members_changes_arrive_as_events_naming_the_films(pg_url: str) -> None:
    a, b = open_catalogue(pg_url), open_catalogue(pg_url)
    try:
        first = a.films.create({"title": "Alien"}).id
        second = a.films.create({"title": "Aliens"}).id
        b.changes_elsewhere()
        assert b.changes_elsewhere() is None
        start = time.monotonic()
        a.films.update(second, {"year": 1986})
        change = None
        while change is None and time.monotonic() - start < 1.0:
            change = b.changes_elsewhere()
        assert change is not None and time.monotonic() - start < 1.0
        assert change.updated == {second} and not change.added and first not in change.updated
        assert change.by == a.member
        assert a.changes_elsewhere() is None  # its own change is not news to it
    finally:
        a.close()
        b.close()


def test_a_members_change_too_big_to_name_its_films_says_any_film_may_have_changed_and_which_came_and_went(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from catalog.store import shared

    monkeypatch.setattr(shared, "NOTIFY_LIMIT", 20)  # more than 10 ids: "everything", as 3,500 would
    a, b = open_catalogue(pg_url), open_catalogue(pg_url)

    def news() -> Change:
        start, change = time.monotonic(), None
        while change is None and time.monotonic() - start < 2.0:
            change = b.changes_elsewhere()
        assert change is not None
        return change

    try:
        kept = a.films.create({"title": "Alien"}).id
        b.changes_elsewhere()  # b listens from here on
        assert b.changes_elsewhere() is None  # and lists its films at the first quiet call after
        with a.transaction("Many films") as many:
            for n in range(12):
                many.merge(a.films.create({"title": f"Film {n}"}))
        change = news()
        new = set(many.added)
        assert change.all_films and change.by == a.member and set(change.added) == new and not change.removed
        assert change.touches(kept) and change.touches_gallery(kept) and kept not in change.added
        a.films.delete(sorted(new))
        change = news()
        assert change.all_films and set(change.removed) == new and not change.added
        assert sorted(b.films.ids()) == [kept]
    finally:
        a.close()
        b.close()


def test_an_edit_of_a_film_changed_since_it_was_opened_is_refused_with_both_sides(pg_url: str) -> None:
    a, b = open_catalogue(pg_url), open_catalogue(pg_url)
    try:
        film = a.films.create({"title": "Alien", "year": 1979}).id
        opened = a.films.version(film)[0]
        b.films.update(film, {"year": 1980}, expected_version=b.films.version(film)[0])
        with pytest.raises(ConflictError) as refused:
            a.films.update(film, {"title": "Alien (director's cut)"}, expected_version=opened)
        exc = refused.value
        assert "changed by" in str(exc) and exc.changed_by == b.member and exc.changed_at
        assert exc.mine == {"title": "Alien (director's cut)"} and exc.theirs["year"] == 1980
        assert a.films.document(film)["title"] == "Alien"  # never a silent overwrite
        a.films.update(film, {"title": "Alien (director's cut)"}, expected_version=exc.version)  # keep mine
        assert a.films.document(film)["year"] == 1980
    finally:
        a.close()
        b.close()


def test_undo_undoes_only_your_own_changes_and_refuses_when_the_film_moved_on(pg_url: str) -> None:
    a, b = open_catalogue(pg_url), open_catalogue(pg_url)
    try:
        film = a.films.create({"title": "Heat"}).id
        title = a.films.update(film, {"title": "Heat (1995)"})
        year = a.films.update(film, {"year": 1995})
        a.revert(year)  # its own last change: undone
        b.records.add_credit(film, "Michael Mann", "director")
        with pytest.raises(ConflictError, match="changed by"):
            a.revert(title)
        assert a.films.document(film)["title"] == "Heat (1995)"
    finally:
        a.close()
        b.close()


def test_copy_a_file_to_the_server_and_back_loses_nothing(tmp_path: Path, pg_url: str) -> None:
    local = open_catalogue(tmp_path / "films.db")
    add_demo_catalogue(local)
    film = local.films.find("Whiplash")
    local.images.add_file(_jpeg(tmp_path / "still.jpg", (300, 200), 2), film)
    local.fields.define("Shelf", "text")
    local.films.set_custom(film, "Shelf", "A3")
    before = json.dumps(local.store.documents.export(), sort_keys=True)
    local.close()
    there = copy_catalogue(tmp_path / "films.db", pg_url)
    assert there.ok and there.pictures >= 1, there.text()
    back = copy_catalogue(pg_url, tmp_path / "back.db")
    assert back.ok, back.text()
    again = open_catalogue(tmp_path / "back.db")
    try:
        assert json.dumps(again.store.documents.export(), sort_keys=True) == before
        assert [r.title for r in again.films.listing("shelf")] == []  # the search index was rebuilt
        assert sorted(r.title for r in again.films.listing("chazelle")) == ["La La Land", "Whiplash"]
        for image in again.images.gallery(film):
            assert image.path and Path(image.path).is_file()
    finally:
        again.close()
    with pytest.raises(CatalogueError, match="already holds"):
        copy_catalogue(tmp_path / "films.db", pg_url)


def test_a_backup_before_risky_work_is_made_once_while_the_server_is_unchanged(pg_url: str) -> None:
    cat = open_catalogue(pg_url)
    try:
        add_demo_catalogue(cat)
        first = cat.backups.before("import")
        assert first is not None and cat.backups.before("import") == first  # nothing committed since
        assert len(cat.backups.kept()) == 1
        cat.films.update(cat.films.find("Whiplash"), {"rating": 8})
        second = cat.backups.before("import")
        assert second not in (None, first) and len(cat.backups.kept()) == 2
    finally:
        cat.close()


def test_a_backup_is_the_server_as_of_one_moment_while_another_member_commits(pg_url: str, monkeypatch) -> None:
    from catalog.store import backups as backup_files
    from catalog.store import copying

    cat, other = open_catalogue(pg_url), open_catalogue(pg_url)
    try:
        add_demo_catalogue(cat)
        before = sorted(r.title for r in cat.films.listing())
        count = cat.store.change_count()
        pages = copying._rows

        def meanwhile(store, table, columns):  # another member commits between two pages of films
            for n, page in enumerate(pages(store, table, columns)):
                yield page
                if table == "film" and n == 0:
                    other.films.create({"title": "Heat", "year": 1995})
                    other.films.delete([other.films.find("Whiplash")])

        monkeypatch.setattr(copying, "BATCH", 1)
        monkeypatch.setattr(copying, "_rows", meanwhile)
        path = cat.backups.create("manual")
        assert backup_files.change_count(path) == count
        snapshot = open_catalogue(path)
        try:
            assert sorted(r.title for r in snapshot.films.listing()) == before
            assert len(snapshot.records.credits(snapshot.films.find("Whiplash"))) > 0
        finally:
            snapshot.close()
        assert sorted(r.title for r in other.films.listing()) == ["Heat", "La La Land"]  # as committed
    finally:
        cat.close()
        other.close()


@pytest.fixture
def members(pg_url: str) -> dict[str, str]:
    """The test catalogue with the roles set up and one member of each."""
    owner = open_catalogue(pg_url)
    try:
        add_demo_catalogue(owner)
        owner.fields.define("Shelf", "text")
        roles.init(owner.store)
        for name, role in (("t_reader", "reader"), ("t_editor", "editor"), ("t_admin", "admin")):
            roles.grant(owner.store, name, role)
    finally:
        owner.close()
    return {role: pg_url.replace("marquee_test@", f"t_{role}@") for role in ("reader", "editor", "admin")}


def test_a_reader_cannot_write_by_any_path(members: dict[str, str], tmp_path: Path) -> None:
    cat = open_catalogue(members["reader"])
    try:
        assert cat.read_only_reason and "reader" in cat.read_only_reason
        film = cat.films.find("Whiplash")
        attempts = [
            lambda: cat.films.create({"title": "Nope"}),
            lambda: cat.films.update(film, {"title": "Nope"}),
            lambda: cat.films.delete([film]),
            lambda: cat.records.add_credit(film, "Somebody", "actor"),
            lambda: cat.records.add("review", film, {"author": "me", "excerpt": "no"}),
            lambda: cat.fields.define("Nope", "text"),
            lambda: cat.films.set_genres(film, ["Nope"]),
            lambda: cat.films.assign(film, {"year": "1999", "genres": "Nope"}),
            lambda: cat.images.add_file(_jpeg(tmp_path / "x.jpg", (20, 20), 3), film),
            lambda: cat.backups.create("manual") and cat.backups.restore(str(cat.backups.kept()[-1].path)),
        ]
        for attempt in attempts:
            with pytest.raises(CatalogueError):
                attempt()
        store = cat.store
        store.read_only = None  # even past Marquee's own check, the server refuses
        for sql in ("UPDATE film SET title = 'x'", "DELETE FROM credit", "INSERT INTO genre (name, name_key) "
                    "VALUES ('x', 'x')", "UPDATE change_count SET n = 0", "DELETE FROM picture_chunk",
                    "UPDATE custom_field SET name = 'x'"):
            with pytest.raises(CatalogueError, match="reader"), store.transaction():
                store.execute(sql)
        with pytest.raises(CatalogueError):
            roles.grant(store, "t_reader", "admin")
        assert [r.title for r in cat.films.listing()] == ["La La Land", "Whiplash"]
        # What a reader reads of the desk: the Browse pane over a search (a temporary table of
        # the reader's own), the statistics, the loans and the wishlist.
        counts = cat.browse.values(["genre", "director", "loans", "wishlist"], "chazelle")
        assert {v.label: v.count for v in counts["director"]}["Damien Chazelle"] == 2
        assert {v.label: v.count for v in counts["wishlist"]} == {"Owned": 2}
        assert cat.statistics.figures().totals["films"] == 2
        assert cat.loans.open_loans() == [] and cat.wishlist.film_ids() == []
    finally:
        cat.close()


def test_editors_edit_and_only_admins_change_fields(members: dict[str, str]) -> None:
    editor, admin = open_catalogue(members["editor"]), open_catalogue(members["admin"])
    try:
        assert editor.read_only_reason is None
        film = editor.films.find("Whiplash")
        editor.films.update(film, {"rating": 9})
        editor.films.set_custom(film, "Shelf", "B2")
        with pytest.raises(CatalogueError, match="not allowed"):
            editor.fields.define("Box", "text")
        admin.fields.define("Box", "text")
        assert editor.films.document(film)["custom"] == {"Shelf": "B2"}
        assert editor.films.version(film)[1] == "t_editor"
        editor.loans.lend(film, "Anna", due_on="2099-01-01")  # the desk is an editor's (a copy made for it)
        assert [(loan["film"], loan["borrower"]) for loan in admin.loans.open_loans()] == [("Whiplash", "Anna")]
        assert admin.films.rows([film])[film].loaned_to == "Anna"
        la = editor.films.find("La La Land")
        for copy in editor.records.of("copy", la):
            editor.records.remove("copy", copy["id"])
        editor.wishlist.add(la, "high")
        assert admin.wishlist.film_ids() == [la]
        owner = open_catalogue(members["admin"].replace("t_admin@", "marquee_test@"))
        owner.store.db.execute_sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 't_reader2') "
                                   "THEN CREATE ROLE t_reader2 LOGIN; END IF; END $$")  # the server's login role
        owner.close()
        roles.grant(admin.store, "t_reader2", "reader")  # an admin makes members of existing logins
        assert ("t_reader2", "reader") in roles.members(admin.store)
    finally:
        editor.close()
        admin.close()


def test_two_members_deadlocked_are_told_the_server_was_busy_not_gone(pg_url: str) -> None:
    """Two editors' changes that take the same films in opposite orders: the server breaks the
    deadlock by refusing one; that member hears the films were being changed, to try again — not
    that the server cannot be reached."""
    import threading

    first, second = open_catalogue(pg_url), open_catalogue(pg_url)
    try:
        heat, alien = first.films.create({"title": "Heat"}).id, first.films.create({"title": "Alien"}).id
        both_hold_one = threading.Barrier(2, timeout=20)
        errors: list[str] = []

        def change(cat, one: int, other: int) -> None:
            try:
                with cat.store.transaction():
                    cat.store.execute("UPDATE film SET notes = 'a' WHERE id = ?", (one,))
                    both_hold_one.wait()
                    cat.store.execute("UPDATE film SET notes = 'b' WHERE id = ?", (other,))
            except CatalogueError as exc:
                errors.append(str(exc))

        threads = [threading.Thread(target=change, args=(first, heat, alien)),
                   threading.Thread(target=change, args=(second, alien, heat))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert len(errors) == 1, errors
        assert "another member was changing the same films" in errors[0] and "cannot be reached" not in errors[0]
    finally:
        first.close()
        second.close()
