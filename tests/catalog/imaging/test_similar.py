"""Near-duplicates on real photos: no stranger is taken for a variant, and resized or recompressed
copies are found (the Debian wallpaper packages; skipped where they are not installed)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFilter

from catalog.imaging.similar import likeness, signature
from tests.catalog.imaging import near_duplicate_set as labelled

needs_photos = pytest.mark.skipif(not labelled.available(), reason="no Debian wallpaper packages here")


@needs_photos
def test_no_stranger_matches_and_resized_or_recompressed_copies_are_found() -> None:
    data = labelled.build(limit=40, real_resolutions=1)
    false = [(a, b) for a, b, x, y in data.negatives if likeness(x, y).near]
    assert not false, false[:5]
    kinds = [(kind, likeness(x, y).near) for _, kind, x, y in data.positives]
    core = [near for kind, near in kinds if kind in labelled.RESIZED_OR_RECOMPRESSED]
    assert sum(core) / len(core) >= 0.95
    assert sum(near for _, near in kinds) / len(kinds) >= 0.9  # crops included
    assert len(data.negatives) > 1000 and len(core) > 200


def test_low_detail_pictures_are_not_taken_for_each_other() -> None:
    strangers = [signature(img) for _, img in labelled.low_detail_strangers()]
    for i, a in enumerate(strangers):
        for b in strangers[i + 1:]:
            assert not likeness(a, b).near


def test_grey_stripes_are_no_duplicate_of_a_photo_but_its_smaller_copy_is() -> None:
    photo = Image.new("RGB", (900, 600), (200, 170, 110))
    draw = ImageDraw.Draw(photo)
    for n in range(40):
        draw.ellipse((n * 23 % 900, n * 37 % 600, n * 23 % 900 + 120, n * 37 % 600 + 80),
                     fill=(40 + n * 5, 90, 200 - n * 4))
    photo = photo.filter(ImageFilter.GaussianBlur(1))
    stripes = Image.new("RGB", (900, 600), (120, 120, 120))
    for y in range(0, 600, 40):
        ImageDraw.Draw(stripes).rectangle((0, y, 900, y + 20), fill=(160, 160, 160))
    assert not likeness(signature(photo), signature(stripes)).near
    assert likeness(signature(photo), signature(photo.resize((450, 300)))).near
    poster = photo.crop((0, 0, 400, 600))  # a different shape of the same scene is another picture
    assert not likeness(signature(photo), signature(poster)).near
