"""``humas demo DIR``: the whole SOP on example content for Poltekkes Kemenkes Jakarta II.

A fresh repository from the template; the example people play the SOP on a simulated clock (so the
Mutu Baku columns show realistic minutes): the Direktur's arahan and the coordinator's rencana are
signed and merged; three publications are designed by the Humas team: one is signed by all four
approvers, merged, built into the website and posted to the outbox; one waits at pengendalian; one
has changes requested by its verifikator. The portal's example content (the standing pages Profil, PPID,
Layanan and Kontak, an announcement and an agenda item: ``skeleton.starter()``) is signed through its
chains and merged, so the website shows its sections.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import skeleton
from .build import build_website
from .forge.local import LocalForge
from .forge.merge import merge
from .forge.review import review as sign_review
from .messages import _
from .publish import outcome_words, publish
from .scaffold import init_repository, with_signing_keys
from .signing import SigningKey
from .sop.evaluate import evaluate
from .sop.explain import render_text
from .sop.facts import Decision

PEOPLE = {
    "reni": ("Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom", "direktur@poltekkesjkt2.ac.id"),
    "wadir1": ("Wakil Direktur I", "wadir1@poltekkesjkt2.ac.id"),
    "wadir3": ("Wakil Direktur III", "wadir3@poltekkesjkt2.ac.id"),
    "spi": ("Ketua SPI", "spi@poltekkesjkt2.ac.id"),
    "akademik": ("Kasubbag Akademik", "akademik@poltekkesjkt2.ac.id"),
    "umum": ("Kasubbag Umum", "umum@poltekkesjkt2.ac.id"),
    "koordinator": ("Koordinator Humas", "humas@poltekkesjkt2.ac.id"),
    "humas1": ("Staf Humas 1", "humas1@poltekkesjkt2.ac.id"),
    "humas2": ("Staf Humas 2", "humas2@poltekkesjkt2.ac.id"),
}

ARAHAN = """---
title: Arahan Publikasi Semester Ganjil 2025
date: 2025-01-06
dasar:
  - Renstra Poltekkes Kemenkes Jakarta II 2025-2029
  - Perjanjian Kinerja (PK) Direktur 2025
  - "IKU 5: Persentase publikasi kegiatan institusi yang tersampaikan kepada publik"
summary: Publikasikan capaian akademik dan pengabdian masyarakat secara rutin.
---
Catatan arahan Direktur: setiap kegiatan akademik dan kemahasiswaan dipublikasikan di website dan
media sosial paling lambat tiga hari setelah kegiatan, dengan bahasa yang santun dan informatif.
"""

RENCANA = """---
title: Rencana Konten Semester Ganjil 2025
date: 2025-01-08
arahan: 2025-arahan-semester-ganjil
periode: Januari - Juni 2025
items:
  - id: wisuda-2025
    title: Wisuda Angkatan 2025
    bidang: akademik
    channels: [website, instagram, facebook]
    target: 2025-02-10
  - id: bakti-sosial
    title: Bakti Sosial Mahasiswa di Kepulauan Seribu
    bidang: kemahasiswaan
    channels: [website, instagram]
    target: 2025-03-15
  - id: layanan-informasi
    title: Layanan Informasi Publik
    bidang: umum
    channels: [website, facebook]
    target: 2025-04-01
---
Rencana konten Humas untuk semester ganjil 2025.
"""

PUBLICATIONS = {
    "wisuda": (
        "2025/wisuda-angkatan-2025",
        "akademik",
        """---
title: Wisuda Angkatan 2025
date: 2025-02-10
bidang: akademik
summary: Sebanyak 1.024 lulusan diwisuda di Jakarta.
image: foto-1.jpg
image_alt: Para wisudawan di aula kampus
rencana: 2025-rencana-semester-ganjil#wisuda-2025
channels:
  website: {}
  instagram:
    caption: "Selamat kepada 1.024 wisudawan Poltekkes Kemenkes Jakarta II! #Wisuda2025 #PoltekkesJakarta2"
    media: [foto-1.jpg, foto-2.jpg]
  facebook:
    caption: "Wisuda Angkatan 2025 Poltekkes Kemenkes Jakarta II telah dilaksanakan dengan khidmat."
    media: [foto-1.jpg]
---
Poltekkes Kemenkes Jakarta II mewisuda **1.024 lulusan** dari seluruh program studi pada
10 Februari 2025. Direktur menyampaikan selamat dan mengajak para lulusan mengabdi bagi kesehatan
masyarakat.

![Prosesi wisuda](foto-2.jpg)
""",
        [("foto-1.jpg", "Wisuda 2025", (12, 74, 140)), ("foto-2.jpg", "Prosesi Wisuda", (20, 110, 90))],
    ),
    "baksos": (
        "2025/bakti-sosial-kepulauan-seribu",
        "kemahasiswaan",
        """---
title: Bakti Sosial Mahasiswa di Kepulauan Seribu
date: 2025-03-15
bidang: kemahasiswaan
summary: Pemeriksaan kesehatan gratis bagi 300 warga.
image: baksos.jpg
image_alt: Mahasiswa memeriksa kesehatan warga Pulau Pramuka
rencana: 2025-rencana-semester-ganjil#bakti-sosial
channels:
  website: {}
  instagram:
    caption: "Mahasiswa Poltekkes Kemenkes Jakarta II berbagi sehat di Kepulauan Seribu. #BaktiSosial"
    media: [baksos.jpg]
---
Mahasiswa melaksanakan pemeriksaan kesehatan gratis bagi 300 warga Pulau Pramuka.
""",
        [("baksos.jpg", "Bakti Sosial", (160, 60, 30))],
    ),
    "layanan": (
        "2025/layanan-informasi-publik",
        "umum",
        """---
title: Layanan Informasi Publik
date: 2025-04-01
bidang: umum
summary: Cara mengajukan permohonan informasi publik.
image: layanan.jpg
image_alt: Petugas melayani permohonan informasi publik
rencana: 2025-rencana-semester-ganjil#layanan-informasi
channels:
  website: {}
  facebook:
    caption: "Ajukan permohonan informasi publik secara daring."
---
Masyarakat dapat mengajukan permohonan informasi publik sesuai UU Nomor 14 Tahun 2008.
""",
        [("layanan.jpg", "Informasi Publik", (90, 40, 120))],
    ),
}


def make_image(path: Path, label: str, color: tuple[int, int, int]) -> None:

    image = Image.new("RGB", (1080, 1080), color)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=72)
    draw.rectangle((60, 420, 1020, 660), outline=(255, 255, 255), width=6)
    draw.text((540, 500), label, fill=(255, 255, 255), font=font, anchor="mm")
    draw.text(
        (540, 590),
        "Poltekkes Kemenkes Jakarta II",
        fill=(230, 230, 230),
        font=ImageFont.load_default(size=36),
        anchor="mm",
    )
    image.save(path, "JPEG", quality=85)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def advance(self, minutes: float) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


def make_keys(folder: Path) -> dict[str, SigningKey]:
    """An Ed25519 key for each example person (``ssh-keygen``, no passphrase), in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = {}
    for who, (_name, email) in PEOPLE.items():
        path = folder / who
        if not path.exists():
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", str(path)],
                check=True,
                capture_output=True,
            )
        public = " ".join(path.with_name(who + ".pub").read_text().split()[:2])
        keys[who] = SigningKey(public=public, path=path, program="ssh-keygen")
    return keys


PORTAL_FOUR = [("akademik", "verifikator", 6), ("spi", "pengendali", 9), ("wadir1", "penanggung_jawab", 5)]
PORTAL = (
    ("halaman/profil-ppid-layanan-kontak", "content/halaman/", [("spi", "pengendali", 12)]),
    ("pengumuman/penerimaan-mahasiswa-baru", "content/pengumuman/", PORTAL_FOUR),
    ("agenda/seminar-gizi-nasional", "content/agenda/", PORTAL_FOUR),
)
"""The portal's example content by branch: its folder, and who signs before the Direktur (pengesahan)."""


def play_portal(
    directory: Path,
    start_branch: Callable[[str], None],
    commit: Callable[[str, str, str], None],
    review: Callable[[str, str, str, float], None],
    merge_branch: Callable[[str], object],
    clock: Clock,
) -> None:
    """The portal's example content (skeleton.STARTER, as this repository's content/ holds it): the standing
    pages, checked by SPI and signed by the Direktur; an announcement and an agenda item, signed by all four."""
    starter = skeleton.starter()
    for branch, folder, steps in PORTAL:
        start_branch(branch)
        for path, data in starter.items():
            if path.startswith(folder):
                (directory / path).parent.mkdir(parents=True, exist_ok=True)
                (directory / path).write_bytes(data)
        clock.advance(40)
        commit("humas1", f"Desain konten: {branch}", branch)
        for who, role, minutes in [*steps, ("reni", "pengarah", 6)]:
            review(who, branch, role, minutes)
        merge_branch(branch)


def run_demo(directory: Path, echo: Callable[[str], None] = print) -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="humas-demo-keys-") as scratch:
        keys = make_keys(Path(scratch))
        sop_text = with_signing_keys(
            skeleton.read("sop.yml").decode(), {PEOPLE[who][1]: key.public for who, key in keys.items()}
        )
        repo = init_repository(directory, sop_text=sop_text)
        # The example people's private keys stay inside .git, never in the content.
        shutil.copytree(scratch, directory / ".git" / "humas-demo-keys")
    keys = {
        who: SigningKey(public=key.public, path=directory / ".git" / "humas-demo-keys" / who, program="ssh-keygen")
        for who, key in keys.items()
    }
    forge = LocalForge(repo)
    clock = Clock(datetime.now(UTC).replace(microsecond=0) - timedelta(hours=6))

    def commit(who: str, message: str, branch: str) -> None:
        name, email = PEOPLE[who]
        stamp = f"{int(clock.now.timestamp())} +0000"
        repo.run("add", "-A")
        repo.run(
            "commit",
            "-q",
            "-m",
            message,
            env={
                "GIT_AUTHOR_NAME": name,
                "GIT_AUTHOR_EMAIL": email,
                "GIT_AUTHOR_DATE": stamp,
                "GIT_COMMITTER_NAME": name,
                "GIT_COMMITTER_EMAIL": email,
                "GIT_COMMITTER_DATE": stamp,
            },
        )

    def review(
        who: str, branch: str, role: str, minutes: float, decision: Decision = Decision.APPROVED, message: str = ""
    ) -> None:
        name, email = PEOPLE[who]
        sign_review(
            forge,
            branch,
            email=email,
            name=name,
            role=role,
            decision=decision,
            message=message,
            at=clock.advance(minutes),
            key=keys[who],
        )

    def start_branch(branch: str) -> None:
        repo.run("switch", "-q", "-c", branch, "main")

    # SOP step 1: the Direktur's direction, written down by Humas, signed by the Direktur.
    start_branch("arahan/semester-ganjil")
    (directory / "content/arahan/2025-arahan-semester-ganjil.md").write_text(ARAHAN, encoding="utf-8")
    commit("koordinator", "Arahan publikasi semester ganjil 2025", "arahan/semester-ganjil")
    review("reni", "arahan/semester-ganjil", "pengarah", 4)
    merge(forge, "arahan/semester-ganjil")

    # SOP step 2: the content plan, signed by the Koordinator Humas.
    start_branch("rencana/semester-ganjil")
    (directory / "content/rencana/2025-rencana-semester-ganjil.md").write_text(RENCANA, encoding="utf-8")
    commit("humas1", "Rencana konten semester ganjil 2025", "rencana/semester-ganjil")
    review("koordinator", "rencana/semester-ganjil", "ketua_tim", 9)
    merge(forge, "rencana/semester-ganjil")

    # SOP step 2 (design): each draft by the Humas team on its own branch, then steps 3-6.
    branches = {}
    merged = None
    for key, (publication, _bidang, text, images) in PUBLICATIONS.items():
        branch = f"publikasi/{publication.split('/')[1]}"
        branches[key] = branch
        start_branch(branch)
        folder = directory / "content/publikasi" / publication
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(text, encoding="utf-8")
        for name, label, color in images:
            make_image(folder / name, label, color)
        clock.advance(95)
        commit("humas2" if key == "baksos" else "humas1", f"Desain konten: {publication}", branch)
        if key == "wisuda":  # signed by all four, in order, then merged
            review("akademik", branch, "verifikator", 8, message="Data lulusan sesuai SK.")
            review("spi", branch, "pengendali", 14, message="Sesuai kebijakan publikasi.")
            review("wadir1", branch, "penanggung_jawab", 6)
            review("reni", branch, "pengarah", 9, message="Disahkan.")
            merged = merge(forge, branch)
        elif key == "baksos":  # verified; waits at pengendalian
            review("akademik", branch, "verifikator", 7)
        else:  # the verifikator asks for changes
            review(
                "umum",
                branch,
                "verifikator",
                12,
                Decision.CHANGES_REQUESTED,
                "Cantumkan tautan formulir permohonan informasi.",
            )
    assert merged is not None
    wisuda = branches["wisuda"]

    play_portal(directory, start_branch, commit, review, lambda branch: merge(forge, branch), clock)
    repo.run("switch", "-q", "main")

    site = build_website(repo, out_dir=directory / "site")
    report = publish(repo, outbox=directory / "outbox")

    sop = forge.sop()
    now = clock.advance(5)
    echo(_("humas demo: the SOP Publikasi melalui Website dan Media Sosial, played by the example people") + "\n")
    words = outcome_words()
    for key in ("baksos", "layanan"):
        change = forge.change(branches[key])
        echo(
            render_text(
                evaluate(sop, change.facts),
                sop,
                change=branches[key],
                head=change.head,
                now=now,
                next_command=f"humas review approve {branches[key]} --role {{role}}",
            )
        )
    echo(_("{branch}: signed by all four and merged as {commit}.", branch=wisuda, commit=merged.merge_commit[:7]))
    echo(
        "\n"
        + _(
            "Website: {path} ({count} publication(s); left out: {excluded})",
            path=f"{site.out_dir}/index.html",
            count=site.count,
            excluded=", ".join(sorted(site.excluded)) or _("none"),
        )
    )
    for action in report.actions:
        echo(
            _(
                "Outbox:  {channel} → {publication}: {outcome} ({detail})",
                channel=action.channel,
                publication=action.publication,
                outcome=words.get(action.outcome, action.outcome),
                detail=action.detail,
            )
        )
    echo(_("Arsip:   {command}", command=f"git -C {directory} show arsip:{merged.record}/lembar-pengesahan.md"))
    echo(f"         git -C {directory} ls-tree -r --name-only arsip")
    humas = shutil.which("humas") or str(Path(sys.executable).with_name("humas"))
    echo(_("Try:     {command}", command=f"cd {directory} && {humas} status"))
    echo(_("Website: {command}", command=f"{humas} serve --dir {site.out_dir}"))
    echo("\n" + _("Done in {seconds} s.", seconds=f"{time.perf_counter() - started:.1f}"))
