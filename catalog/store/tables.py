"""peewee models of the catalogue tables (schema written by catalog/migrations, see docs/schema.md).

Models are bound to one database at a time through `database_proxy`; `Catalogue` rebinds when a
process has more than one catalogue open."""

from __future__ import annotations

from peewee import (
    BooleanField,
    DatabaseProxy,
    DeferredForeignKey,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database_proxy = DatabaseProxy()
_U64 = 1 << 64


def phash_to_sql(phash: int) -> int:
    """SQLite integers are signed 64-bit: store the unsigned 64-bit hash as its two's complement."""
    return phash - _U64 if phash >= 1 << 63 else phash


def phash_from_sql(value: int) -> int:
    return value & (_U64 - 1)


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Image(BaseModel):
    # Image and Film reference each other; the deferred key resolves once Film is declared.
    film = DeferredForeignKey("Film", null=True, column_name="film_id", on_delete="SET NULL", backref="images")
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


class Film(BaseModel):
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
    poster = ForeignKeyField(Image, null=True, column_name="poster_id", on_delete="SET NULL", lazy_load=False)
    directors = TextField(default="")
    directors_key = TextField(default="")
    video_count = IntegerField(default=0)
    created_at = TextField()
    updated_at = TextField()


class Person(BaseModel):
    name = TextField()
    name_key = TextField(index=True)
    sort_name = TextField(null=True)
    photo = ForeignKeyField(Image, null=True, column_name="photo_id", on_delete="SET NULL", lazy_load=False)
    notes = TextField(null=True)


class Credit(BaseModel):
    film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE", backref="credits")
    person = ForeignKeyField(Person, column_name="person_id", backref="credits")
    role = TextField()
    character = TextField(null=True)
    position = IntegerField(default=0)


class Company(BaseModel):
    name = TextField()
    name_key = TextField(unique=True)


class FilmCompany(BaseModel):
    film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE")
    company = ForeignKeyField(Company, column_name="company_id")
    role = TextField(default="production")
    position = IntegerField(default=0)


class Genre(BaseModel):
    name = TextField()
    name_key = TextField(unique=True)


class FilmGenre(BaseModel):
    film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE")
    genre = ForeignKeyField(Genre, column_name="genre_id")
    position = IntegerField(default=0)


class Video(BaseModel):
    film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE")
    kind = TextField()
    title = TextField()
    url = TextField(null=True)
    file_path = TextField(null=True)
    duration_s = IntegerField(null=True)
    published_on = TextField(null=True)
    publisher = TextField(null=True)
    description = TextField(null=True)
    position = IntegerField(default=0)


class Review(BaseModel):
    film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE")
    author = TextField(null=True)
    outlet = TextField(null=True)
    venue = TextField(null=True)
    published_on = TextField(null=True)
    rating_text = TextField(null=True)
    score = IntegerField(null=True)
    excerpt = TextField(null=True)
    url = TextField(null=True)
    position = IntegerField(default=0)


class Release(BaseModel):
    film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE")
    kind = TextField()
    territory = TextField(null=True)
    venue = TextField(null=True)
    date = TextField(null=True)
    position = IntegerField(default=0)

    class Meta:
        table_name = "film_release"


class Article(BaseModel):
    film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE")
    headline = TextField()
    publisher = TextField(null=True)
    published_on = TextField(null=True)
    url = TextField(null=True)
    summary = TextField(null=True)
    position = IntegerField(default=0)


class Award(BaseModel):
    film = ForeignKeyField(Film, column_name="film_id", on_delete="CASCADE")
    body = TextField()
    category = TextField(null=True)
    year = IntegerField(null=True)
    result = TextField(null=True)
    position = IntegerField(default=0)


ALL_MODELS: list[type[BaseModel]] = [
    Image, Film, Person, Credit, Company, FilmCompany, Genre, FilmGenre,
    Video, Review, Release, Article, Award,
]
