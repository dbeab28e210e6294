"""Generated publications for the benchmarks: the same texts, dates, bidang and images for every engine.

Three vocabularies (``VOCABULARIES``), because the search's indexer costs what its distinct words cost
(Sastrawi stems each distinct word once):

- ``narrow``: sentences of the 45 words of WORDS (the site benchmarks before the search: it flatters the
  indexer, which meets 45 distinct words whatever the size);
- ``realistic``: Sastrawi's roots drawn by a Zipf-Mandelbrot law from the 8,000 roots a news archive
  mostly uses (a fixed random choice of its 29,932), with the affixes of real Indonesian (Writer), personal
  names and numbers: about 47,000 distinct words at 1,000 publications and 92,000 at 10,000, inside what
  Heaps' law gives for 3.3 million words of news (V = K·n^β with the usual K 30-45, β 0.49-0.55: 75,000
  to 130,000);
- ``wide``: all 29,932 roots and 3,000 names, about 236,000 distinct words at 10,000 (bench/search.py's
  pessimistic case; a real archive this size has well under half of that).

``portal`` adds to the news (berita) the portal's other kinds in the issue's proportions at 10,000: 500
announcements (pengumuman, with ``berlaku_sampai``), 300 agenda items (``acara: {mulai, selesai,
tempat}``) and 20 standing pages (halaman), each in its folder (content/pengumuman/<yyyy>/<slug>/ …).
"""

from __future__ import annotations

import bisect
import datetime
import pathlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

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


VOCABULARIES = ("narrow", "realistic", "wide")
REALISTIC_ROOTS, REALISTIC_ZIPF, REALISTIC_NAMES = 8000, 1.1, 1000
WIDE_ZIPF, WIDE_NAMES = 1.07, 3000
ZIPF_OFFSET = 10  # Zipf-Mandelbrot: the commonest content word is about 1.5 % of the text
PORTAL_SHARES = {"pengumuman": 500 / 10_000, "agenda": 300 / 10_000}
PAGES = 20
"""The standing pages (halaman) of a portal: Profil, PPID, Layanan, Kontak and their sub-pages."""


@dataclass(frozen=True)
class Event:
    start: datetime.datetime
    end: datetime.datetime
    place: str


@dataclass(frozen=True)
class Post:
    slug: str
    title: str
    date: datetime.date
    bidang: str
    summary: str
    body: str
    folder: pathlib.Path  # holds index.md and sampul.jpg
    kind: str = "berita"
    id: str = ""  # "2025/kegiatan-00001", "pengumuman/2025/…", "agenda/2025/…", "halaman/…"
    valid_until: datetime.date | None = None
    event: Event | None = None
    order: int | None = None


def nasal(prefix: str, root: str) -> str:
    """me-/pe- + root with Indonesian nasal assimilation (meN-, peN-)."""
    first = root[0]
    if first in "aiueo" or first in "gh":
        return prefix + "ng" + root
    if first == "k":
        return prefix + "ng" + root[1:]
    if first == "p":
        return prefix + "m" + root[1:]
    if first in "bfv":
        return prefix + "m" + root
    if first == "t":
        return prefix + "n" + root[1:]
    if first in "dcjz":
        return prefix + "n" + root
    if first == "s":
        return prefix + "ny" + root[1:]
    return prefix + root


FORMS: tuple[tuple[float, Callable[[str], str]], ...] = (
    (0.50, lambda r: r),
    (0.08, lambda r: nasal("me", r)),
    (0.05, lambda r: nasal("me", r) + "kan"),
    (0.07, lambda r: nasal("pe", r) + "an"),
    (0.05, lambda r: "ke" + r + "an"),
    (0.06, lambda r: "di" + r),
    (0.03, lambda r: "di" + r + "kan"),
    (0.04, lambda r: "ber" + r),
    (0.02, lambda r: "ter" + r),
    (0.05, lambda r: r + "an"),
    (0.03, lambda r: r + "nya"),
    (0.02, lambda r: "per" + r + "an"),
)


class Writer:
    """Indonesian-looking words: Sastrawi's roots by a Zipf-Mandelbrot law, in affixed forms (FORMS), with
    personal names (3 %) and numbers (2 %) mixed in. `vocabulary`: ``realistic`` or ``wide`` (module doc)."""

    def __init__(self, vocabulary: str = "wide", seed: int = 2025):
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        self.rng = random.Random(seed)
        roots = sorted({w for w in StemmerFactory().get_words() if w.isalpha() and len(w) > 2})
        self.rng.shuffle(roots)
        realistic = vocabulary == "realistic"
        self.roots = roots[:REALISTIC_ROOTS] if realistic else roots
        zipf = REALISTIC_ZIPF if realistic else WIDE_ZIPF
        self.cumulative = list(accumulate(1 / (rank + ZIPF_OFFSET) ** zipf for rank in range(len(self.roots))))
        self.forms = list(accumulate(share for share, _ in FORMS))
        syllables = ["ra", "di", "su", "to", "wi", "ja", "ya", "nu", "ti", "ko", "ha", "li", "man", "sih", "wan"]
        self.names = [
            "".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 4))).capitalize()
            for _ in range(WIDE_NAMES)
        ][: REALISTIC_NAMES if realistic else WIDE_NAMES]

    def word(self) -> str:
        rng = self.rng
        draw = rng.random()
        if draw < 0.03:
            return rng.choice(self.names)
        if draw < 0.05:
            return str(rng.randint(1, 2025))
        root = self.roots[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]
        form = FORMS[min(bisect.bisect(self.forms, rng.random() * self.forms[-1]), len(FORMS) - 1)][1]
        return form(root)


class _Narrow:
    """The 45 words of WORDS, drawn evenly."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def word(self) -> str:
        return self.rng.choice(WORDS)


def _sentence(rng: random.Random, n: int, writer: Writer | _Narrow | None = None) -> str:
    draw = writer.word if writer is not None else lambda: rng.choice(WORDS)
    words = [draw() for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, writer: Writer | _Narrow | None = None) -> str:
    parts = []
    for section in range(3):
        parts.append(f"## Bagian {section + 1}")
        for _ in range(2):
            parts.append(" ".join(_sentence(rng, rng.randint(8, 16), writer) for _ in range(4)))
        parts.append("\n".join(f"- {_sentence(rng, 5, writer)}" for _ in range(3)))
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


def generate(
    count: int, root: pathlib.Path, seed: int = 2025, vocabulary: str = "narrow", portal: bool = False
) -> list[Post]:
    """`count` news publications under `root/<yyyy>/<slug>/`, one a day back from 2025-06-30, in `vocabulary`
    (VOCABULARIES); with `portal`, also the portal's other kinds in the issue's proportions (module doc)."""
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"vocabulary: {vocabulary!r} (allowed: {', '.join(VOCABULARIES)})")
    rng = random.Random(seed)
    writer: Writer | _Narrow = _Narrow(rng) if vocabulary == "narrow" else Writer(vocabulary, seed)
    root.mkdir(parents=True, exist_ok=True)
    image = root / "sampul.jpg"
    if not image.exists():
        cover(image)
    posts = []
    start = datetime.date(2025, 6, 30)
    for i in range(count):
        day = start - datetime.timedelta(days=i)
        slug = f"kegiatan-{i:05d}"
        title = f"{_sentence(rng, 6, writer)[:-1]} {i}"
        body = _body(rng, writer)
        summary = _sentence(rng, 14, writer)
        folder = _folder(root / str(day.year) / slug, image, f"title: {title}\n", body)
        posts.append(Post(slug, title, day, BIDANG[i % len(BIDANG)], summary, body, folder, id=f"{day.year}/{slug}"))
    if portal:
        posts += _portal(count, root, rng, writer, image, start)
    return posts


def _folder(folder: pathlib.Path, image: pathlib.Path, front: str, body: str) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    target = folder / "sampul.jpg"
    if not target.exists():
        target.hardlink_to(image)
    return folder


def _portal(
    count: int,
    root: pathlib.Path,
    rng: random.Random,
    writer: Writer | _Narrow,
    image: pathlib.Path,
    start: datetime.date,
) -> list[Post]:
    """Announcements, agenda items and standing pages beside `count` news (content/<kind>/…)."""
    posts = []
    for kind, share in PORTAL_SHARES.items():
        number = max(1, round(count * share))
        for i in range(number):
            day = start - datetime.timedelta(days=i * count // number)
            slug = f"{kind}-{i:04d}"
            title = f"{_sentence(rng, 6, writer)[:-1]} {i}"
            body, summary = _body(rng, writer), _sentence(rng, 14, writer)
            front, valid_until, event = f"title: {title}\n", None, None
            if kind == "pengumuman":
                valid_until = day + datetime.timedelta(days=30)
                front += f"berlaku_sampai: {valid_until.isoformat()}\n"
            else:
                begins = datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC) + datetime.timedelta(
                    days=14
                )
                event = Event(begins, begins + datetime.timedelta(hours=3), f"Aula {1 + i % 4}")
                front += (
                    f"acara:\n  mulai: {begins.isoformat()}\n  selesai: {event.end.isoformat()}\n"
                    f"  tempat: {event.place}\n"
                )
            folder = _folder(root / kind / str(day.year) / slug, image, front, body)
            posts.append(
                Post(
                    slug,
                    title,
                    day,
                    BIDANG[i % len(BIDANG)],
                    summary,
                    body,
                    folder,
                    kind,
                    f"{kind}/{day.year}/{slug}",
                    valid_until,
                    event,
                )
            )
    for i in range(PAGES if count >= 1000 else 4):
        slug = f"halaman-{i:02d}"
        title = _sentence(rng, 3, writer)[:-1]
        body, summary = _body(rng, writer), _sentence(rng, 14, writer)
        folder = _folder(root / "halaman" / slug, image, f"title: {title}\nurutan: {i + 1}\n", body)
        posts.append(
            Post(slug, title, start, BIDANG[0], summary, body, folder, "halaman", f"halaman/{slug}", order=i + 1)
        )
    return posts
