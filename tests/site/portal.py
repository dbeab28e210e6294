"""A built site that looks like the institution's: publications of every bidang with real-sized covers, an
article with a gallery and an attachment, and one hostile publication; built with the template mkdocs.yml,
served under a sub-path (/humas/) as GitHub Pages serves a project site, 404.html for unknown addresses."""

from __future__ import annotations

import datetime
import functools
import pathlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageDraw

from pipeline.site import SitePublication, SiteReport
from pipeline.site.serve import QuietServer, SiteHandler
from tests.helpers import serving
from tests.site.support import build, publication

PREFIX = "/humas/"
MARK = "document.body.dataset.pwned"
HOSTILE_TITLE = f"<script>{MARK}='title'</script> Wisuda & \"Lulusan\" <b>2025</b>"
HOSTILE_BODY = f"""\
Paragraf pembuka.

<script>{MARK}='script'</script>
<img src="tidak-ada.jpg" onerror="{MARK}='img'">
<svg onload="{MARK}='svg'"></svg>
<iframe srcdoc="<script>parent.{MARK}='iframe'</script>"></iframe>
<div onmouseover="{MARK}='hover'" style="position:fixed;inset:0">tutup</div>
<a href="javascript:{MARK}='link'">tautan</a>
<object data="data:text/html,<script>parent.{MARK}='object'</script>"></object>
"""
ARTICLE_BODY = """\
Poltekkes Kemenkes Jakarta II mewisuda **1.024 lulusan** dari seluruh program studi. Direktur
menyampaikan selamat dan mengajak para lulusan mengabdi bagi kesehatan masyarakat.

## Lulusan terbaik

Lulusan terbaik tahun ini berasal dari Jurusan Keperawatan, Kebidanan dan Gizi. Mereka menerima
penghargaan langsung dari Direktur di hadapan para orang tua dan undangan.

![Prosesi wisuda di aula](prosesi.jpg)

Acara ditutup dengan doa bersama dan foto bersama seluruh wisudawan.
"""
TITLES = [
    ("akademik", "Wisuda Angkatan 2025: 1.024 Lulusan Siap Mengabdi"),
    ("kemahasiswaan", "Mahasiswa Gizi Juara Lomba Inovasi Pangan Nasional"),
    ("umum", "Layanan Informasi Publik Kini Bisa Diajukan Daring"),
    ("akademik", "Akreditasi Unggul untuk Program Studi Keperawatan"),
    ("kemahasiswaan", "Bakti Sosial Mahasiswa di Kepulauan Seribu"),
    ("umum", "Penandatanganan Kerja Sama dengan Rumah Sakit Mitra"),
    ("akademik", "Seminar Nasional Kesehatan Masyarakat 2025"),
    ("kemahasiswaan", "Pekan Olahraga dan Seni Mahasiswa Dibuka"),
    ("umum", "Jadwal Pelayanan Selama Libur Nasional"),
    ("akademik", "Yudisium Program Sarjana Terapan Kebidanan"),
    ("kemahasiswaan", "Beasiswa Prestasi untuk 120 Mahasiswa"),
    ("umum", "Peresmian Laboratorium Simulasi Klinik Baru"),
]
COLOURS = [(0, 105, 92), (21, 101, 192), (198, 40, 40), (106, 27, 154), (239, 108, 0), (46, 125, 50)]


def photo(path: pathlib.Path, seed: int, size: tuple[int, int] = (1600, 1000)) -> pathlib.Path:
    """A camera-sized picture (not a solid colour: shapes, so resizing has something to do)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    base = COLOURS[seed % len(COLOURS)]
    picture = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for i in range(8):
        shade = tuple(min(255, c + 20 * i) for c in base)
        box = (width * i // 10, height // 3 + (i % 3) * 40, width * i // 10 + width // 4, height - 60)
        draw.ellipse(box, fill=shade)
    draw.rectangle((0, height - 120, width, height), fill=(250, 250, 245))
    picture.save(path, "JPEG", quality=85)
    return path


@dataclass
class Portal:
    site: pathlib.Path
    report: SiteReport
    base: str  # "http://127.0.0.1:PORT/humas/"
    publications: list[SitePublication]


def make_publications(content: pathlib.Path) -> list[SitePublication]:
    publications = []
    start = datetime.date(2025, 6, 30)
    for number, (bidang, title) in enumerate(TITLES):
        day = start - datetime.timedelta(days=3 * number)
        slug = "wisuda-2025" if number == 0 else f"berita-{number:02d}"
        body = ARTICLE_BODY if number == 0 else f"Isi berita tentang {title.lower()}.\n"
        pub = publication(
            content,
            f"{day.year}/{slug}",
            title=title,
            day=day,
            bidang=bidang,
            body=body,
            summary=f"Ringkasan: {title}.",
            tags=("wisuda", "lulusan") if number == 0 else (),
        )
        photo(pub.folder / "sampul.jpg", number)
        pub = SitePublication(**{**pub.__dict__, "image": "sampul.jpg", "image_alt": f"Foto kegiatan: {title}"})
        publications.append(pub)
    wisuda = publications[0].folder
    photo(wisuda / "prosesi.jpg", 7)
    for i in range(3):
        photo(wisuda / f"galeri-{i + 1}.jpg", 8 + i, (1200, 900))
    (wisuda / "jadwal-wisuda.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    publications.append(
        publication(
            content,
            "2024/serangan",
            title=HOSTILE_TITLE,
            body=HOSTILE_BODY,
            day=datetime.date(2024, 12, 1),
            bidang="umum",
            summary=f"<img src=x onerror=\"{MARK}='summary'\"> Ringkasan",
        )
    )
    return publications


class _Handler(SiteHandler):
    """``humas serve``'s handler, below PREFIX (a GitHub Pages sub-path): anything else is a 404."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(PREFIX):
            return str(pathlib.Path(self.directory) / "\0missing")
        return super().translate_path("/" + clean[len(PREFIX) :])


@contextmanager
def served_portal(tmp: pathlib.Path, language: str = "id") -> Iterator[Portal]:
    site = tmp / "site"
    handler = functools.partial(_Handler, directory=str(site))
    server = QuietServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    publications = make_publications(tmp / "content")
    report = build(tmp, publications, site_url=base, language=language, per_page=6, image_cache=tmp / "image-cache")
    with serving(server):
        yield Portal(site, report, base, publications)
