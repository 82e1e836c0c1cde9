"""Version 9: a catalogue many people edit at once. Every film carries a row version and who
changed it last, and when (`version`, `changed_by`, `changed_at`; stamped by the store in the
transaction that changes the film or anything on it): an edit of a film changed since it was
opened is refused, and undo refuses when the film has moved on.

On a PostgreSQL server also: the pictures themselves (`picture`, content-addressed, in chunks of
1 MiB in `picture_chunk`; `picture_wanted` lists the pictures an image row names that are not
uploaded yet, filled by a trigger and emptied by the writer before it commits) and the search
index (`film_search`: tsvector columns, unaccented, weighted; trigram indexes for the filters
that match a value from its start). SQLite keeps its FTS5 index (migration 2) and its picture
folder. Frozen SQL, never the live models."""

NAME = "row versions; shared pictures and search on a server"

SQL = """
ALTER TABLE film ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE film ADD COLUMN changed_by TEXT;
ALTER TABLE film ADD COLUMN changed_at TEXT
"""

POSTGRES = """
ALTER TABLE film ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE film ADD COLUMN changed_by TEXT COLLATE "C";
ALTER TABLE film ADD COLUMN changed_at TEXT COLLATE "C";

CREATE TABLE picture (
    sha256 TEXT COLLATE "C" PRIMARY KEY,
    bytes BIGINT NOT NULL,
    chunks INTEGER NOT NULL,
    added_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE picture_chunk (
    sha256 TEXT COLLATE "C" NOT NULL REFERENCES picture(sha256) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    n INTEGER NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (sha256, n)
);
ALTER TABLE picture_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE TABLE picture_wanted (sha256 TEXT COLLATE "C" PRIMARY KEY);
CREATE FUNCTION marquee_picture_wanted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.missing = 0 AND NOT EXISTS (SELECT 1 FROM picture WHERE sha256 = NEW.sha256) THEN
        INSERT INTO picture_wanted (sha256) VALUES (NEW.sha256) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER image_picture_wanted AFTER INSERT OR UPDATE OF sha256, missing ON image
    FOR EACH ROW EXECUTE FUNCTION marquee_picture_wanted();

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TEXT SEARCH CONFIGURATION marquee (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION marquee ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword,
    hword_part WITH unaccent, simple;
CREATE TABLE film_search (
    film_id BIGINT PRIMARY KEY REFERENCES film(id) ON DELETE CASCADE,
    title TSVECTOR NOT NULL,
    directors TSVECTOR NOT NULL,
    writers TSVECTOR NOT NULL,
    actors TSVECTOR NOT NULL,
    crew TSVECTOR NOT NULL,
    characters TSVECTOR NOT NULL,
    body TSVECTOR NOT NULL,
    extras TSVECTOR NOT NULL,
    doc TSVECTOR NOT NULL
);
CREATE INDEX film_search_doc ON film_search USING gin (doc);
CREATE INDEX film_search_title ON film_search USING gin (title);
CREATE INDEX film_title_trgm ON film USING gin (title gin_trgm_ops);
CREATE INDEX film_value_trgm ON film_value USING gin (lower(value) gin_trgm_ops);
CREATE INDEX film_copy_medium_trgm ON film_copy USING gin (lower(medium) gin_trgm_ops);
CREATE INDEX film_copy_location_trgm ON film_copy USING gin (lower(location) gin_trgm_ops);
CREATE INDEX film_custom_trgm ON film_custom USING gin (lower(value) gin_trgm_ops);
CREATE INDEX person_name_trgm ON person USING gin (name_key gin_trgm_ops)
"""
