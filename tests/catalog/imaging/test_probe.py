"""catalog.imaging on real malformed files and on pictures made here (no Qt)."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import random
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

from catalog.imaging import probe
from catalog.imaging.placeholders import make_placeholder
from catalog.imaging.probe import (
    SIMILAR_MAX_DISTANCE,
    ImageProbe,
    ImageRejected,
    hamming,
    make_thumbnail,
    probe_image,
    read_probe_thumbnail,
    sha256_file,
)
from tests.realdata import REALDATA

MALFORMED = REALDATA / "images-malformed"
needs_realdata = pytest.mark.skipif(
    not MALFORMED.is_dir(), reason=f"real test images not found at {MALFORMED} (set MARQUEE_REALDATA)"
)

# What each real file must do, read from images-malformed/SOURCES.md: (format, width, height) when it
# must be accepted, or a phrase the rejection reason must contain.
EXPECTED: dict[str, tuple[str, int, int] | str] = {
    "piexif__noapp01.jpg": ("JPEG", 50, 50),
    "piexif__noexif.jpg": ("JPEG", 50, 50),
    "piexif__notjpeg.jpg": "empty file (0 bytes)",
    "piexif__r_canon.jpg": ("JPEG", 80, 80),
    "piexif__r_olympus.jpg": ("JPEG", 80, 80),
    "piexif__r_sony.jpg": ("JPEG", 80, 80),
    "pillow__anim_frame1.webp": ("WEBP", 82, 82),
    "pillow__broken.png": "not an image file",
    "pillow__broken_data_stream.png": "corrupt image data",
    "pillow__broken_exif_dpi.jpg": ("JPEG", 100, 100),
    "pillow__crash-86214e58da443d2b80820cff9677a38a33dcbbca.tif": "corrupt image data",
    "pillow__decompression_bomb.gif": "image too large (4,364,696,535 pixels",
    "pillow__decompression_bomb_extents.gif": ("GIF", 100, 100),
    "pillow__empty_gps_ifd.jpg": ("JPEG", 10, 10),
    "pillow__exif_gps.jpg": ("JPEG", 8, 8),
    "pillow__flower.webp": ("WEBP", 480, 360),
    "pillow__hopper.webp": ("WEBP", 128, 128),
    "pillow__hopper_bad_exif.jpg": ("JPEG", 500, 500),
    "pillow__hopper_idat_after_image_end.png": ("PNG", 128, 128),
    "pillow__hopper_orientation_3.webp": ("WEBP", 128, 128),
    "pillow__hopper_orientation_6.jpg": ("JPEG", 128, 128),
    "pillow__icc-after-SOF.jpg": ("JPEG", 10, 10),
    "pillow__invalid-exif-without-x-resolution.jpg": ("JPEG", 300, 200),
    "pillow__invalid-exif.jpg": ("JPEG", 200, 200),
    "pillow__junk_jpeg_header.jpg": ("JPEG", 1024, 768),
    "pillow__multiple_exif.jpg": ("JPEG", 1, 1),
    "pillow__no_palette.gif": ("GIF", 1, 1),
    "pillow__oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif": "not an image file",
    "pillow__photoshop-200dpi-broken.jpg": ("JPEG", 200, 200),
    "pillow__pil_sample_cmyk.jpg": ("JPEG", 100, 100),
    "pillow__png_decompression_dos.png": "decompression bomb",
    "pillow__sugarshack_bad_mpo_header.jpg": ("JPEG", 640, 480),
    "pillow__transparent.webp": ("WEBP", 200, 150),
    "pillow__truncated_app14.jpg": ("JPEG", 100, 100),
    "pillow__truncated_end_chunk.png": "truncated image data",
    "pillow__truncated_exif_dpi.jpg": ("JPEG", 480, 640),
    "pillow__truncated_image.png": "truncated image data",
    "pillow__truncated_jpeg.jpg": "truncated image data",
    "pillow__ultrahdr.jpg": "truncated image data",  # real Pixel 6 file; Pillow 13 cannot decode it
    "pillow__unknown_compression_method.png": "not an image file",
    "pillow__zero_width.gif": "not an image file",
}


def _real_images() -> list[str]:
    if not MALFORMED.is_dir():
        return sorted(EXPECTED)
    return sorted(p.name for p in MALFORMED.iterdir() if p.name != "SOURCES.md")


@needs_realdata
def test_every_real_file_has_an_expectation() -> None:
    assert set(_real_images()) == set(EXPECTED)


@needs_realdata
@pytest.mark.parametrize("name", _real_images())
def test_real_file_is_accepted_with_its_size_or_rejected_with_a_reason(name: str) -> None:
    path = MALFORMED / name
    expected = EXPECTED.get(name)
    assert expected is not None, f"no expectation written for new file {name}"
    if isinstance(expected, str):
        for call in (probe_image, read_probe_thumbnail, make_thumbnail):
            with pytest.raises(ImageRejected) as caught:
                call(path)
            assert expected in caught.value.reason, (call.__name__, caught.value.reason)
        return
    fmt, width, height = expected
    probe, thumb = read_probe_thumbnail(path)[:2]
    assert (probe.format, probe.width, probe.height) == (fmt, width, height)
    assert probe.bytes == path.stat().st_size
    assert probe.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert probe == probe_image(path)  # one decode or two, the same answer
    with Image.open(io.BytesIO(thumb)) as small:
        small.load()
        assert max(small.size) <= 256
        assert small.format in ("JPEG", "PNG")


@needs_realdata
def test_bomb_reason_names_pixel_count_and_limit() -> None:
    with pytest.raises(ImageRejected) as caught:
        probe_image(MALFORMED / "pillow__decompression_bomb.gif")
    limit = Image.MAX_IMAGE_PIXELS
    assert caught.value.reason == (
        f"image too large (4,364,696,535 pixels; limit {limit:,}) — possible decompression bomb"
    )


@needs_realdata
def test_real_orientation_files_report_their_exif_value() -> None:
    assert probe_image(MALFORMED / "pillow__hopper_orientation_6.jpg").orientation == 6
    assert probe_image(MALFORMED / "pillow__hopper_orientation_3.webp").orientation == 3
    # Upright, the rotated copies are the same picture as the plain one.
    plain = probe_image(MALFORMED / "pillow__hopper.webp").phash
    for name in ("pillow__hopper_orientation_6.jpg", "pillow__hopper_orientation_3.webp"):
        assert hamming(probe_image(MALFORMED / name).phash, plain) <= SIMILAR_MAX_DISTANCE


@needs_realdata
def test_transparent_image_thumbnail_is_png_and_opaque_is_jpeg() -> None:
    assert make_thumbnail(MALFORMED / "pillow__transparent.webp").startswith(b"\x89PNG")
    assert make_thumbnail(MALFORMED / "pillow__flower.webp").startswith(b"\xff\xd8")


def _photo(seed: int, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A seeded photo-like picture: a gradient sky, overlapping shapes, noise and a little blur."""
    rng = random.Random(seed)
    width, height = size
    top = tuple(rng.randrange(256) for _ in range(3))
    bottom = tuple(rng.randrange(256) for _ in range(3))
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / (height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line((0, y, width, y), fill=colour)
    for _ in range(25):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randrange(40, 300), y0 + rng.randrange(40, 300)
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x0, y0, x1, y1), fill=colour)
    noise = Image.frombytes("L", size, rng.randbytes(width * height)).convert("RGB")
    return Image.blend(img, noise, 0.15).filter(ImageFilter.GaussianBlur(1))


def test_near_duplicate_is_similar_and_a_different_photo_is_not(tmp_path: Path) -> None:
    original = tmp_path / "original.jpg"
    _photo(1).save(original, quality=92)
    smaller = tmp_path / "smaller.jpg"
    with Image.open(original) as img:
        img.resize((img.width // 2, img.height // 2), Image.Resampling.LANCZOS).save(smaller, quality=60)
    others = []
    for seed in range(2, 7):
        other = tmp_path / f"other{seed}.jpg"
        _photo(seed).save(other, quality=92)
        others.append(other)

    a, b = probe_image(original), probe_image(smaller)
    assert a.sha256 != b.sha256
    assert hamming(a.phash, b.phash) <= SIMILAR_MAX_DISTANCE
    for other in others:
        assert hamming(a.phash, probe_image(other).phash) > SIMILAR_MAX_DISTANCE, other.name


def test_synthetic_rotated_jpeg_probes_and_thumbnails_upright(tmp_path: Path) -> None:
    path = tmp_path / "rotated.jpg"
    img = Image.new("RGB", (40, 20), "white")
    ImageDraw.Draw(img).rectangle((0, 0, 9, 19), fill="black")  # dark band on the stored left edge
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    img.save(path, exif=exif, quality=95)

    probe, thumb = read_probe_thumbnail(path)[:2]
    assert (probe.width, probe.height, probe.orientation) == (20, 40, 6)
    for data in (thumb, make_thumbnail(path)):
        with Image.open(io.BytesIO(data)) as small:
            assert small.size == (20, 40)
            # Rotated clockwise, the stored left edge is now the top.
            assert small.convert("L").getpixel((10, 2)) < 60
            assert small.convert("L").getpixel((10, 37)) > 200


def test_thumbnail_fits_the_box_and_keeps_aspect(tmp_path: Path) -> None:
    path = tmp_path / "wide.jpg"
    _photo(3, (1200, 400)).save(path)
    with Image.open(io.BytesIO(make_thumbnail(path, max_size=300))) as small:
        assert small.size == (300, 100)
    _, thumb = read_probe_thumbnail(path, max_size=120)[:2]
    with Image.open(io.BytesIO(thumb)) as small:
        assert small.size == (120, 40)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file (0 bytes)"),
        (b"this is a text file, not a picture\n", "not an image file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not an image file"),
    ],
)
def test_non_images_are_rejected(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "fake.jpg"
    path.write_bytes(content)
    with pytest.raises(ImageRejected) as caught:
        probe_image(path)
    assert caught.value.reason.startswith(reason)


def test_truncated_jpeg_made_here_is_rejected(tmp_path: Path) -> None:
    good = io.BytesIO()
    _photo(4).save(good, "JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    with pytest.raises(ImageRejected, match="truncated image data"):
        read_probe_thumbnail(path)[:2]


@pytest.mark.parametrize("size", [(1000, 1500), (4000, 3000)])  # decoded at 1/4 and 1/8
def test_damaged_jpeg_is_rejected_exactly_when_a_full_size_decode_fails(tmp_path: Path, size: tuple[int, int]) -> None:
    good = io.BytesIO()
    _photo(5, size).save(good, "JPEG", quality=90)
    data = good.getvalue()
    rng = random.Random(5)
    damaged = [data[: len(data) * k // 10] for k in (1, 5, 9)]  # cut short
    for _ in range(4):  # bytes changed in the entropy-coded data
        spoilt = bytearray(data)
        for at in rng.sample(range(len(data) // 4, len(data) - 4), 3):
            spoilt[at] ^= 0x5A
        damaged.append(bytes(spoilt))
    outcomes = []
    for n, bad in enumerate(damaged):
        path = tmp_path / f"bad{n}.jpg"
        path.write_bytes(bad)
        try:
            with Image.open(path) as img:
                img.load()  # every pixel at full size
            full_fails = False
        except Exception:
            full_fails = True
        try:
            read_probe_thumbnail(path)
            probe_fails = False
        except ImageRejected:
            probe_fails = True
        assert probe_fails == full_fails, (n, full_fails)
        outcomes.append(full_fails)
    assert outcomes[:3] == [True, True, True]  # every file cut short fails


@pytest.mark.parametrize("size", [(1001, 1497), (1919, 803), (641, 963), (2000, 1500), (4000, 3000), (3001, 1000)])
def test_thumbnail_from_a_scaled_decode_is_the_full_pictures_within_tolerance(
        tmp_path: Path, size: tuple[int, int]) -> None:
    """JPEGs are decoded at 1/2-1/8 scale (sizes that the scale does not divide included), yet the
    thumbnail has the size and, within JPEG's own loss, the pixels of a Lanczos reduction of the
    full-size picture."""
    path = tmp_path / "poster.jpg"
    _photo(7, size).save(path, quality=92)
    with Image.open(path) as img:
        img.load()
        width, height = img.size
        fit = (256, round(height * 256 / width)) if width >= height else (round(width * 256 / height), 256)
        ideal = img.convert("RGB").resize(fit, Image.Resampling.LANCZOS)
    for data in (read_probe_thumbnail(path)[1], make_thumbnail(path)):
        with Image.open(io.BytesIO(data)) as small:
            assert small.size == ideal.size
            difference = ImageChops.difference(small.convert("RGB"), ideal)
            assert max(ImageStat.Stat(difference).mean) < 6.0  # of 255, per channel
            assert sum(difference.convert("L").histogram()[40:]) < 0.01 * fit[0] * fit[1]


@pytest.mark.parametrize(("size", "decoded"), [
    ((1000, 1500), (250, 375)),    # a poster: 1/4 (its long side stays over the thumbnail's)
    ((1001, 1497), (251, 375)),
    ((2000, 1500), (500, 375)),    # 1/4 would be 500x375's half: under the thumbnail's 256
    ((4000, 3000), (500, 375)),    # 1/8, the smallest libjpeg has
    ((4000, 100), (4000, 100)),    # a strip: its short side would drop under the signature's 64
    ((300, 200), (300, 200)),      # small: as it is
])
def test_jpeg_is_decoded_at_the_smallest_scale_that_keeps_the_thumbnail_and_signature_sides(
        tmp_path: Path, size: tuple[int, int], decoded: tuple[int, int]) -> None:
    path = tmp_path / "p.jpg"
    Image.new("RGB", size, "teal").save(path)
    with Image.open(path) as img:
        full, box = probe._decode(img)
        assert (full, img.size) == (size, decoded)
        scale = round(size[0] / decoded[0])
        assert box == (0.0, 0.0, size[0] / scale, size[1] / scale)  # the whole picture, in decoded pixels


def test_missing_folder_and_unreadable_files_are_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ImageRejected, match="file not found"):
        probe_image(tmp_path / "nope.jpg")
    with pytest.raises(ImageRejected, match="not a regular file"):
        probe_image(tmp_path)
    locked = tmp_path / "locked.jpg"
    _photo(5, (50, 50)).save(locked)

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod means nothing when tests run as root
    with pytest.raises(ImageRejected, match="unreadable file: permission denied"):
        probe_image(locked)


def test_image_just_over_the_warning_limit_is_rejected_without_changing_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.png"
    Image.new("RGB", (120, 100)).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)  # 12,000 px: a warning, not yet an error
    with pytest.raises(ImageRejected, match=r"image too large \(12,000 pixels; limit 10,000\)"):
        probe_image(path)
    with pytest.warns(Image.DecompressionBombWarning):  # the global filters are as they were
        Image.open(path).close()


def test_results_cross_process_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "p.jpg"
    _photo(6, (64, 48)).save(path)
    probe, thumb = pickle.loads(pickle.dumps(read_probe_thumbnail(path)[:2]))
    assert isinstance(probe, ImageProbe) and thumb.startswith(b"\xff\xd8")
    error = pickle.loads(pickle.dumps(ImageRejected("corrupt image data", "detail")))
    assert (error.reason, error.detail) == ("corrupt image data", "detail")


def test_sha256_file_and_hamming(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    data = os.urandom(3 * 1024 * 1024 + 7)  # more than one read chunk
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()
    assert hamming(0, 0) == 0
    assert hamming(0b1011, 0b0001) == 2
    assert hamming(0, (1 << 64) - 1) == 64


@pytest.mark.parametrize(("name", "kind", "size"), [("poster.jpg", "poster", (600, 900)),
                                                     ("still.png", "still", (1280, 720))])
def test_placeholder_is_deterministic_and_sized(tmp_path: Path, name: str, kind: str,
                                                size: tuple[int, int]) -> None:
    first, second = tmp_path / "a" / name, tmp_path / "b" / name
    make_placeholder(first, "La La Land", "Damien Chazelle · 2016", kind=kind)
    make_placeholder(second, "La La Land", "Damien Chazelle · 2016", kind=kind)
    assert first.read_bytes() == second.read_bytes()
    probe = probe_image(first)
    assert (probe.width, probe.height) == size
    assert probe.format == ("JPEG" if name.endswith(".jpg") else "PNG")
    other = tmp_path / "c" / name
    make_placeholder(other, "Whiplash", "Damien Chazelle · 2014", kind=kind)
    assert other.read_bytes() != first.read_bytes()


def test_placeholder_is_a_night_sky_with_a_warm_accent(tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    make_placeholder(path, "La La Land", "A still", size=(640, 360), kind="still")
    with Image.open(path) as img:
        rgb = img.convert("RGB")
        r, g, b = rgb.getpixel((5, 5))
        assert b > r and b > g  # blue-violet sky at the top
        colours = {colour for _, colour in rgb.getcolors(maxcolors=1 << 20)}
        assert any(r > 200 and g > 150 and b < 140 for r, g, b in colours)  # warm yellow present


def test_placeholder_rejects_unknown_extension_and_kind(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        make_placeholder(tmp_path / "p.gif", "T", "S")
    with pytest.raises(ValueError):
        make_placeholder(tmp_path / "p.png", "T", "S", kind="banner")


def test_sixteen_bit_greyscale_thumbnail_is_not_blown_out(tmp_path: Path) -> None:
    path = tmp_path / "scan16.png"
    ramp = Image.linear_gradient("L").resize((300, 200)).convert("I").point(lambda v: v * 257)
    ramp.convert("I;16").save(path)
    probe, thumb = read_probe_thumbnail(path)[:2]
    assert (probe.format, probe.width, probe.height) == ("PNG", 300, 200)
    with Image.open(io.BytesIO(thumb)) as small:
        low, high = small.convert("L").getextrema()
        assert low < 40 and high > 215  # the full tonal range survives the 16 -> 8 bit step
