"""peewee models of the catalogue tables, made for one database at a time (`define_tables(db)`), so
two catalogues open in one process never share or rebind models. The schema itself is written by
the numbered migrations (catalog/store/migrations, docs/schema.md); these mirror it."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import (
    BooleanField,
    Database,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

_U64 = 1 << 64


def phash_to_sql(phash: int) -> int:
    """SQLite integers are signed 64-bit: store the unsigned 64-bit hash as its two's complement."""
    return phash - _U64 if phash >= 1 << 63 else phash


def phash_from_sql(value: int) -> int:
    return value & (_U64 - 1)


@dataclass(frozen=True)
class Tables:
    Image: type[Model]
    Film: type[Model]
    Person: type[Model]
    Credit: type[Model]
    Company: type[Model]
    FilmCompany: type[Model]
    Genre: type[Model]
    FilmGenre: type[Model]


def define_tables(db: Database) -> Tables:
    """Models bound to `db` alone (a few classes per open catalogue; cheap)."""

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Image(Base):
        film_id = IntegerField(null=True)  # -> film; NULL: the inbox (or a person's photo)
        kind = TextField(default="still")
        sha256 = TextField(unique=True)
        original_name = TextField(default="")
        original_path = TextField(null=True)
        width = IntegerField(null=True)
        height = IntegerField(null=True)
        format = TextField(null=True)
        bytes = IntegerField(null=True)
        phash = IntegerField(null=True)
        caption = TextField(null=True)
        credit = TextField(null=True)
        position = IntegerField(default=0)
        missing = BooleanField(default=False)
        added_at = TextField()

    class Film(Base):
        title = TextField()
        original_title = TextField(null=True)
        sort_title = TextField(null=True)
        sort_key = TextField()
        title_key = TextField()
        year = IntegerField(null=True)
        runtime_min = IntegerField(null=True)
        synopsis = TextField(null=True)
        tagline = TextField(null=True)
        certification = TextField(null=True)
        rating = FloatField(null=True)
        watched = BooleanField(default=False)
        medium = TextField(null=True)
        location = TextField(null=True)
        barcode = TextField(null=True)
        notes = TextField(null=True)
        poster_id = IntegerField(null=True)  # -> image
        directors = TextField(default="")
        directors_key = TextField(default="")
        video_count = IntegerField(default=0)
        created_at = TextField()
        updated_at = TextField()

    class Person(Base):
        name = TextField()
        name_key = TextField(index=True)
        sort_name = TextField(null=True)
        photo_id = IntegerField(null=True)  # -> image
        notes = TextField(null=True)

    class Credit(Base):
        film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE", backref="credits")
        person = ForeignKeyField(Person, column_name="person_id", backref="credits")
        role = TextField()
        character = TextField(null=True)
        position = IntegerField(default=0)

    class Company(Base):
        name = TextField()
        name_key = TextField(unique=True)

    class FilmCompany(Base):
        film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE")
        company = ForeignKeyField(Company, column_name="company_id")
        role = TextField(default="production")
        position = IntegerField(default=0)

    class Genre(Base):
        name = TextField()
        name_key = TextField(unique=True)

    class FilmGenre(Base):
        film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE")
        genre = ForeignKeyField(Genre, column_name="genre_id")
        position = IntegerField(default=0)

    return Tables(Image, Film, Person, Credit, Company, FilmCompany, Genre, FilmGenre)
