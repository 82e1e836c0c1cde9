"""Version 1: the whole data model of docs/schema.md. Frozen SQL, never the live models."""

NAME = "initial schema"

SQL = """
CREATE TABLE image (
    id INTEGER PRIMARY KEY,
    film_id INTEGER REFERENCES film(id) ON DELETE SET NULL,
    kind TEXT NOT NULL DEFAULT 'still',
    sha256 TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL DEFAULT '',
    original_path TEXT,
    width INTEGER,
    height INTEGER,
    format TEXT,
    bytes INTEGER,
    phash INTEGER,
    caption TEXT,
    credit TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    missing INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL
);
CREATE INDEX image_film ON image(film_id, position);
CREATE INDEX image_phash ON image(phash);

CREATE TABLE film (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    original_title TEXT,
    sort_title TEXT,
    sort_key TEXT NOT NULL,
    title_key TEXT NOT NULL,
    year INTEGER,
    runtime_min INTEGER,
    synopsis TEXT,
    tagline TEXT,
    certification TEXT,
    rating REAL,
    watched INTEGER NOT NULL DEFAULT 0,
    medium TEXT,
    location TEXT,
    barcode TEXT,
    notes TEXT,
    poster_id INTEGER REFERENCES image(id) ON DELETE SET NULL,
    directors TEXT NOT NULL DEFAULT '',
    directors_key TEXT NOT NULL DEFAULT '',
    video_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX film_sort ON film(sort_key, id);
CREATE INDEX film_title_key ON film(title_key);
CREATE INDEX film_year ON film(year, sort_key, id);
CREATE INDEX film_directors ON film(directors_key, sort_key, id);
CREATE INDEX film_runtime ON film(runtime_min, sort_key, id);
CREATE INDEX film_rating ON film(rating, sort_key, id);
CREATE INDEX film_videos ON film(video_count, sort_key, id);

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    sort_name TEXT,
    photo_id INTEGER REFERENCES image(id) ON DELETE SET NULL,
    notes TEXT
);
CREATE INDEX person_name_key ON person(name_key);

CREATE TABLE credit (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person(id),
    role TEXT NOT NULL,
    character TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX credit_film ON credit(film_id, role, position);
CREATE INDEX credit_person ON credit(person_id);

CREATE TABLE company (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE
);

CREATE TABLE film_company (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    company_id INTEGER NOT NULL REFERENCES company(id),
    role TEXT NOT NULL DEFAULT 'production',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX film_company_film ON film_company(film_id);

CREATE TABLE genre (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE
);

CREATE TABLE film_genre (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    genre_id INTEGER NOT NULL REFERENCES genre(id),
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (film_id, genre_id)
);
CREATE INDEX film_genre_genre ON film_genre(genre_id);

CREATE TABLE video (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    file_path TEXT,
    duration_s INTEGER,
    published_on TEXT,
    publisher TEXT,
    description TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX video_film ON video(film_id, position);

CREATE TABLE review (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    author TEXT,
    outlet TEXT,
    venue TEXT,
    published_on TEXT,
    rating_text TEXT,
    score INTEGER,
    excerpt TEXT,
    url TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX review_film ON review(film_id, position);

CREATE TABLE film_release (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    territory TEXT,
    venue TEXT,
    date TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX film_release_film ON film_release(film_id, date);

CREATE TABLE article (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    headline TEXT NOT NULL,
    publisher TEXT,
    published_on TEXT,
    url TEXT,
    summary TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX article_film ON article(film_id, position);

CREATE TABLE award (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES film(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    category TEXT,
    year INTEGER,
    result TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX award_film ON award(film_id, position);
"""
