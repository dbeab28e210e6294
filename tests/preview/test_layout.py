"""How each network lays a post out: the frame Instagram crops to, what Facebook shows, where texts fold."""

from __future__ import annotations

import pytest

from pipeline.preview import layout
from pipeline.preview.collect import Media


def image(width: int, height: int, name: str = "f.jpg") -> Media:
    return Media(name, b"", "image", width, height)


@pytest.mark.parametrize(
    ("size", "ratio"),
    [
        ((1080, 1080), 1.0),
        ((1080, 1350), 0.8),
        ((1080, 1920), 0.8),  # taller than 4:5 is cropped to 4:5
        ((1920, 1080), 1920 / 1080),
        ((3000, 1000), 1.91),  # wider than 1.91:1 is cropped to 1.91:1
    ],
)
def test_instagram_frames_between_4_5_and_1_91_1(size: tuple[int, int], ratio: float) -> None:
    assert layout.instagram_ratio(image(*size)) == pytest.approx(ratio)


def test_a_carousel_takes_the_first_photos_frame_in_order() -> None:
    crops = layout.instagram_crops([image(1080, 1080, "a.jpg"), image(1600, 900, "b.jpg")])
    assert [(c.media.name, c.ratio, c.cropped, c.position, c.count) for c in crops] == [
        ("a.jpg", 1.0, False, 1, 2),
        ("b.jpg", 1.0, True, 2, 2),
    ]


def test_facebook_shows_five_photos_and_counts_the_rest() -> None:
    photos = [image(10, 10, f"{n}.jpg") for n in range(7)]
    shown, hidden = layout.facebook_layout(photos)
    assert ([m.name for m in shown], hidden) == (["0.jpg", "1.jpg", "2.jpg", "3.jpg", "4.jpg"], 2)


def test_counters_count_as_each_platform_does() -> None:
    assert layout.tiktok_caption("😀" * 1101) == layout.Counter(2202, 2200, "utf16")
    assert layout.tiktok_caption("😀" * 1101).over
    assert layout.youtube_description("é" * 2500) == layout.Counter(5000, 5000, "bytes")
    assert not layout.youtube_description("é" * 2500).over
    assert layout.fold_lines("1\n2\n3\n4") == ("1\n2\n3", True)
    assert layout.fold("x" * 125, 125) == ("x" * 125, False)
