"""The format registry: what the command line and the File menu are made of."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import CatalogueError, formats
from catalog.formats.json_catalogue import export_catalogue


def test_files_are_told_apart_by_content_not_name(demo_catalogue, tmp_path: Path) -> None:
    export = tmp_path / "shelf.backup"  # an export under an odd name is still an export
    export_catalogue(demo_catalogue, export)
    assert formats.detect(export).name == "json"
    assert formats.detect(tmp_path).name == "folder"
    pretender = tmp_path / "notes.json"
    pretender.write_text('{"films": []}', encoding="utf-8")
    with pytest.raises(CatalogueError, match="not a file Marquee can import"):
        formats.detect(pretender)
    with pytest.raises(CatalogueError, match="no such file"):
        formats.detect(tmp_path / "missing.json")


def test_the_output_format_follows_the_extension_or_the_name() -> None:
    assert formats.for_output(Path("out.json")).name == "json"
    assert formats.for_output(Path("out.dat"), "json").name == "json"
    with pytest.raises(CatalogueError, match="cannot tell the format"):
        formats.for_output(Path("out.dat"))
    with pytest.raises(CatalogueError, match="no format 'filemaker'"):
        formats.by_name("filemaker")


def test_every_format_has_a_name_a_label_and_something_to_do() -> None:
    names = [f.name for f in formats.FORMATS]
    assert len(names) == len(set(names))
    for fmt in formats.FORMATS:
        assert fmt.label and (fmt.read or fmt.write or fmt.writes_needs)
        assert fmt.folder or fmt.file_filter.endswith(")")
