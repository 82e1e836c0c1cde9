"""Tellico in and out: the real .tc files of Tellico's own tests, plain .xml with base64 pictures,
pictures in a `_files` folder, other kinds of collection refused, hostile files refused, and a
catalogue exported to Tellico (validating against Tellico's DTD) imported back with nothing lost."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from catalog import Catalogue, CatalogueError, open_catalogue
from catalog.formats import by_name, detect, read_file
from catalog.formats.tellico import read_tellico
from tests.catalog.formats.importing import BOMB, EXTERNAL, cast_of, comparable, doc_of, people_of, real
from tests.catalog.render.documents import placeholder_image

DTD = Path("/usr/share/tellico/tellico.dtd")


def test_movies_many_tc(cat: Catalogue) -> None:
    path = real("tellico__movies-many.tc")
    assert detect(path).name == "tellico"
    result = read_file(cat, path)
    assert result.films == 82 and cat.films.count() == 82
    doc = doc_of(cat, "8 Femmes")
    assert (doc["year"], doc["certification"], doc["runtime_min"], doc["rating"]) == (2002, "R (USA)", 111, 6.0)
    assert doc["genres"] == ["Musical", "Comedy"] and doc["countries"] == ["France", "Italy"]
    assert people_of(doc, "director") == ["François Ozon"]
    assert cast_of(doc)[:2] == [("Danielle Darrieux", "Mamy"), ("Catherine Deneuve", "Gaby")]
    copy = doc["copies"][0]
    assert (copy["medium"], copy["region"]) == ("DVD", "Region 1")
    assert {"language": "French", "format": None} in copy["audio"]
    kate = doc_of(cat, "Kate & Leopold")
    assert kate["copies"][0]["video_format"] == "NTSC" and kate["copies"][0]["widescreen"] is True
    assert kate["copies"][0]["subtitles"] == ["English", "Spanish"]
    assert kate["custom"]["Gift"] is True and "Loaned to" not in kate["custom"] and "Loaned" not in kate["custom"]
    assert cat.films.ids("field:gift:yes")
    # Tellico's <borrowers>: Robby has two films, each loan of the entry's copy, open, with its note.
    (loan,) = kate["loans"]
    assert (loan["borrower"], loan["lent_on"], loan["due_on"], loan["returned_on"], loan["notes"]) == (
        "Robby", "2026-04-05", None, None, "note")
    assert loan["copy_id"] == kate["copies"][0]["id"]
    engagement = doc_of(cat, "A Very Long Engagement")
    assert engagement["loans"][0]["notes"] == "my note"
    assert sorted(cat.films.ids("borrower:robby")) == sorted([kate["id"], engagement["id"]])
    assert [(b["name"], b["loans"], b["open"]) for b in cat.loans.borrowers()] == [("Robby", 2, 2)]
    report = result.text()
    assert "Cast → cast (783)" in report and "Nationality → countries (73)" in report
    assert "Gift → custom field “Gift”" in report
    before = {fid: comparable(dict(cat.films.document(fid))) for fid in cat.films.ids()}
    undone = cat.revert(result.change)
    assert cat.films.count() == 0 and cat.fields.all() == []
    cat.revert(undone)  # redo: the same films, ids, custom fields and values
    assert {fid: comparable(dict(cat.films.document(fid))) for fid in cat.films.ids()} == before
    assert len(cat.fields.all()) == 3 and cat.loans.borrowers()  # the borrower came back with the redo


def test_other_kinds_of_collection_are_refused(cat: Catalogue) -> None:
    path = real("tellico__with-local-image.tc")
    with pytest.raises(CatalogueError, match=r"with-local-image\.tc: is a book collection in Tellico, not films"):
        read_file(cat, path)
    assert cat.films.count() == 0


def _video_xml(cover: str | None = None, images: str = "") -> bytes:
    cover_xml = f"<cover>{cover}</cover>" if cover else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tellico PUBLIC '-//Robby Stephenson/DTD Tellico V11.0//EN' 'http://periapsis.org/tellico/dtd/v11/tellico.dtd'>
<tellico xmlns="http://periapsis.org/tellico/" syntaxVersion="11">
 <collection title="My Videos" type="3">
  <fields>
   <field name="title" title="Title" category="General" type="1" flags="8"/>
   <field name="year" title="Year" category="General" type="6" flags="3"/>
   <field name="cover" title="Front Cover" category="Front Cover" type="10" flags="0"/>
   <field name="shelf" title="Shelf" category="Personal" type="1" flags="0"/>
   <field name="seen" title="Seen" category="Personal" type="4" flags="0"/>
  </fields>
  <entry id="1"><title>Alien</title><years><year>1979</year></years>{cover_xml}<shelf>B3</shelf>
   <seen>true</seen></entry>
  {images}
 </collection>
</tellico>""".encode()


def test_plain_xml_with_base64_pictures(cat: Catalogue, tmp_path: Path) -> None:
    picture = placeholder_image(tmp_path / "p.jpg", (200, 300), "ALIEN", (10, 20, 30)).read_bytes()
    images = (f'<images><image id="abc.jpeg" format="JPEG" width="200" height="300">'
              f'{base64.b64encode(picture).decode()}</image></images>')
    path = tmp_path / "videos.xml"
    path.write_bytes(_video_xml("abc.jpeg", images))
    assert detect(path).name == "tellico"
    read_file(cat, path)
    doc = doc_of(cat, "Alien")
    assert doc["year"] == 1979 and doc["watched"] and doc["custom"] == {"Shelf": "B3"}
    assert doc["poster"] is not None and doc["images"][0]["width"] == 200


def test_pictures_in_the_files_folder_beside_it(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "videos.xml"
    path.write_bytes(_video_xml("17b54b2a742c6d342a75f122d615a793.jpeg"))
    (tmp_path / "videos_files").mkdir()
    shutil.copyfile(real("tellico__with-local-image_files") / "17b54b2a742c6d342a75f122d615a793.jpeg",
                    tmp_path / "videos_files" / "17b54b2a742c6d342a75f122d615a793.jpeg")
    read_file(cat, path)
    assert doc_of(cat, "Alien")["images"][0]["width"] == 341


@pytest.mark.parametrize(("content", "message"), [
    (BOMB + b"<tellico/>", "unsafe XML refused"),
    (EXTERNAL + b"<tellico>&xxe;</tellico>", "unsafe XML refused"),
    (b"garbage before" + _video_xml(), "not XML"),
    (_video_xml()[:-60], "truncated"),
    (_video_xml().replace(b'syntaxVersion="11"', b'syntaxVersion="99"'), "newer Tellico"),
    (_video_xml().replace(b'type="3"', b'type="4"'), "music collection"),
])
def test_hostile_and_broken_files_are_refused_in_one_line(cat: Catalogue, tmp_path: Path, content: bytes,
                                                          message: str) -> None:
    path = tmp_path / "bad.tc"
    path.write_bytes(content)
    with pytest.raises(CatalogueError, match=message) as raised:
        read_file(cat, path)
    assert "\n" not in str(raised.value) and cat.films.count() == 0


def test_zip_with_a_member_outside_the_archive_is_refused(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "evil.tc"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("tellico.xml", _video_xml())
        archive.writestr("../../outside.jpeg", b"x")
    with pytest.raises(CatalogueError, match="outside the archive"):
        read_file(cat, path)
    truncated = tmp_path / "cut.tc"
    truncated.write_bytes(path.read_bytes()[:100])
    with pytest.raises(CatalogueError, match=r"cut\.tc"):
        read_file(cat, truncated, "tellico")


def test_huge_and_wrong_typed_values_become_custom_fields(cat: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "odd.xml"
    path.write_bytes(_video_xml().replace(b"<year>1979</year>", b"<year>nineteen</year>").replace(
        b"<shelf>B3</shelf>", b"<shelf>" + b"x" * 2_000_000 + b"</shelf>"))
    result = read_file(cat, path)
    doc = doc_of(cat, "Alien")
    assert doc["year"] is None and doc["custom"]["Year"] == "nineteen"
    assert len(doc["custom"]["Shelf"]) == 20000  # cut, never refused
    assert "Year → custom field “Year” (not a valid year" in result.text()


def _rich_catalogue(cat: Catalogue, tmp_path: Path) -> int:
    from catalog.ops.demo import add_demo_catalogue

    add_demo_catalogue(cat)
    film = cat.films.find("La La Land")
    copy = cat.records.add("copy", film, {"medium": "4K UHD", "edition": "Steelbook",
                                          "audio": "English (Atmos); French", "subtitles": "English, French",
                                          "price": "29.99", "currency": "EUR",
                                          "purchased_on": "2017-04", "widescreen": True}).id
    cat.records.add("external_id", film, {"kind": "imdb", "value": "tt3783958"})
    cat.records.add("alt_title", film, {"title": "Ла-Ла Ленд", "language": "Russian"})
    cat.fields.define("Shelf code")
    cat.fields.define("Signed", "yesno")
    cat.fields.define("Grade", "choice", "A, B")
    cat.films.set_custom(film, "Shelf code", "A3")
    cat.films.set_custom(film, "Signed", "yes")
    cat.films.set_custom(film, "Grade", "B")
    cat.films.update(film, {"rating": 8.5, "tagline": "Here's to the fools who dream", "original_language": "English",
                            "web_site": "https://www.lalaland.movie"})
    cat.films.set_values(film, "languages", "English, Spanish")
    cover = placeholder_image(tmp_path / "cover.jpg", (300, 420), "STEELBOOK", (90, 40, 20))
    image = cat.images.add_file(cover, film, "poster").id
    assert image is not None and copy is not None
    cat.store.images.set_copy(image, copy)
    return film


def test_export_validates_opens_and_imports_back_with_nothing_lost(cat: Catalogue, tmp_path: Path) -> None:
    read_file(cat, real("tellico__movies-many.tc"))
    _rich_catalogue(cat, tmp_path)
    out = tmp_path / "shelf.tc"
    assert by_name("tellico").write(cat, out, None, None) == cat.films.count()
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("tellico.xml")
        assert any(n.startswith("images/") for n in archive.namelist())
    if DTD.exists() and shutil.which("xmllint"):
        plain = tmp_path / "tellico.xml"  # without the DOCTYPE line, so that xmllint reads the local DTD
        plain.write_bytes(b"\n".join(line for line in xml.split(b"\n") if not line.startswith(b"<!DOCTYPE")))
        assert b'<borrower name="Robby"' in xml and b"<loaned>true</loaned>" in xml
        # Tellico writes a borrower's name and uid and several loans a borrower (its own test file
        # movies-many.tc does), which its v11 DTD does not declare: validate with those two lines added.
        dtd = tmp_path / "tellico.dtd"
        dtd.write_text(DTD.read_text().replace("<!ELEMENT borrower (loan)>", "<!ELEMENT borrower (loan+)>\n"
                       "<!ATTLIST borrower name CDATA #REQUIRED>\n<!ATTLIST borrower uid CDATA #IMPLIED>"))
        checked = subprocess.run(["xmllint", "--noout", "--dtdvalid", str(dtd), str(plain)], capture_output=True)
        assert checked.returncode == 0, checked.stderr.decode()[:2000]
    other = open_catalogue(tmp_path / "other.db")
    read_file(other, out)
    assert other.films.count() == cat.films.count()
    for film_id in cat.films.ids():
        mine = cat.films.document(film_id)
        ref = f"{mine['title']} ({mine['year']})" if mine["year"] else mine["title"]
        assert comparable(doc_of(other, ref)) == comparable(dict(mine)), mine["title"]
    assert [(f.name, f.type, f.choices) for f in other.fields.all()] == [
        (f.name, f.type, f.choices) for f in cat.fields.all()]
    other.close()


def test_reading_without_a_catalogue_stores_nothing(tmp_path: Path) -> None:
    batch = read_tellico(None, real("tellico__movies-many.tc"))
    assert len(batch.films) == 82 and not list(tmp_path.iterdir())
    assert io  # (imported for the zip helpers above)


def test_reading_can_be_cancelled_between_films(cat: Catalogue) -> None:
    import threading

    from catalog.formats.mapping import reading

    abort = threading.Event()
    abort.set()
    with pytest.raises(CatalogueError, match="reading cancelled"), reading(abort):
        read_tellico(cat, real("tellico__movies-many.tc"))
    assert cat.films.count() == 0
