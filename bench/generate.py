"""Generated publications for the benchmarks: the same texts, dates, bidang and images for every engine."""

from __future__ import annotations

import datetime
import pathlib
import random
from dataclasses import dataclass

from PIL import Image

BIDANG = ("akademik", "umum", "kemahasiswaan")
COVER_SIZE = (800, 500)
"""Wider than a card's thumbnail (480 px): every build of humas places a smaller copy of it beside each page
(resized once: the publications share one picture, and copies are cached by content hash)."""
WORDS = (
    "mahasiswa",
    "dosen",
    "kampus",
    "kegiatan",
    "seminar",
    "nasional",
    "kesehatan",
    "masyarakat",
    "keperawatan",
    "kebidanan",
    "gizi",
    "promosi",
    "penelitian",
    "pengabdian",
    "wisuda",
    "akreditasi",
    "laboratorium",
    "praktik",
    "klinik",
    "rumah",
    "sakit",
    "puskesmas",
    "kerja",
    "sama",
    "pelatihan",
    "sertifikasi",
    "kompetensi",
    "prestasi",
    "lomba",
    "olahraga",
    "budaya",
    "organisasi",
    "pengumuman",
    "jadwal",
    "pendaftaran",
    "beasiswa",
    "layanan",
    "informasi",
    "publik",
    "direktur",
    "jurusan",
    "program",
    "studi",
    "sarjana",
    "terapan",
)


@dataclass(frozen=True)
class Post:
    slug: str
    title: str
    date: datetime.date
    bidang: str
    summary: str
    body: str
    folder: pathlib.Path  # holds index.md and sampul.jpg


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    parts = []
    for section in range(3):
        parts.append(f"## Bagian {section + 1}")
        for _ in range(2):
            parts.append(" ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(4)))
        parts.append("\n".join(f"- {_sentence(rng, 5)}" for _ in range(3)))
    parts.append("![Foto kegiatan](sampul.jpg)")
    return "\n\n".join(parts) + "\n"


def cover(path: pathlib.Path, size: tuple[int, int] = COVER_SIZE) -> None:
    """A photo-sized cover with shapes (not a solid colour), so that its smaller copy costs what a photo's does."""
    from PIL import ImageDraw

    width, height = size
    picture = Image.new("RGB", size, (20, 120, 110))
    draw = ImageDraw.Draw(picture)
    for i in range(12):
        shade = (20 + 15 * i, 120 + 8 * i, 110 + 10 * i)
        draw.ellipse(
            (width * i // 14, height // 4 + (i % 4) * 20, width * i // 14 + width // 5, height - 20), fill=shade
        )
    picture.save(path, "JPEG", quality=80)


def generate(count: int, root: pathlib.Path, seed: int = 2025) -> list[Post]:
    """`count` publications under `root/<yyyy>/<slug>/`, one a day back from 2025-06-30."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    image = root / "sampul.jpg"
    if not image.exists():
        cover(image)
    posts = []
    start = datetime.date(2025, 6, 30)
    for i in range(count):
        day = start - datetime.timedelta(days=i)
        slug = f"kegiatan-{i:05d}"
        folder = root / str(day.year) / slug
        folder.mkdir(parents=True, exist_ok=True)
        title = f"{_sentence(rng, 6)[:-1]} {i}"
        body = _body(rng)
        (folder / "index.md").write_text(f"---\ntitle: {title}\n---\n{body}", encoding="utf-8")
        target = folder / "sampul.jpg"
        if not target.exists():
            target.hardlink_to(image)
        posts.append(Post(slug, title, day, BIDANG[i % len(BIDANG)], _sentence(rng, 14), body, folder))
    return posts
