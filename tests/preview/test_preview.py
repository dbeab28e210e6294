"""Previews of a change: exact content for a draft with all four channels, read from git, never run."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from pipeline.git import GitRepo
from pipeline.preview.render import Preview, render_previews
from pipeline.trusted import TrustedMain
from tests.helpers import Repo, jpeg, publikasi
from tests.ralat.test_flow import publish as merged_once

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64

FOUR_CHANNELS = (
    "  website: {}\n"
    '  instagram:\n    caption: "Selamat wisudawan! #Wisuda2025"\n    media: [tegak.jpg, lebar.jpg]\n'
    "  facebook:\n    caption: Wisuda Angkatan 2025 telah dilaksanakan.\n    media: [lebar.jpg, tegak.jpg]\n"
    '  tiktok:\n    caption: "Momen wisuda 🎓"\n    video: wisuda.mp4\n'
    '  youtube:\n    title: Wisuda 2025\n    description: "Baris 1\\nBaris 2\\nBaris 3\\nBaris 4"\n'
    "    tags: [wisuda, poltekkes]\n    video: wisuda.mp4\n    thumbnail: lebar.jpg\n"
)


class Parts(HTMLParser):
    """The text of every element marked data-part, in document order, and the attributes of each."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[tuple[str, str]] = []
        self.attrs_of: list[tuple[str, dict[str, str | None]]] = []
        self._open: list[tuple[str, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-part" in found:
            self.attrs_of.append((str(found["data-part"]), found))
            if tag not in ("img", "video"):
                self._open.append((str(found["data-part"]), 0, ""))
                return
        if self._open and tag not in ("img", "video", "br"):
            name, depth, text = self._open[-1]
            self._open[-1] = (name, depth + 1, text)

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            return
        name, depth, text = self._open[-1]
        if depth:
            self._open[-1] = (name, depth - 1, text)
        else:
            self._open.pop()
            self.parts.append((name, re.sub(r"\s+", " ", text).strip()))
            if self._open:
                outer, d, t = self._open[-1]
                self._open[-1] = (outer, d, t + text)

    def handle_data(self, data: str) -> None:
        if self._open:
            name, depth, text = self._open[-1]
            self._open[-1] = (name, depth, text + data)


def parts(path: Path) -> Parts:
    parser = Parts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def previews_of(repo: Repo, branch: str, out: Path, language: str = "id") -> list[Preview]:
    git = GitRepo(repo.root)
    sop = TrustedMain(git).sop().model_copy(update={"language": language})
    return render_previews(git, f"refs/heads/{branch}", out, sop)


def change(
    repo: Repo,
    channels: str,
    *,
    title: str = "Wisuda Angkatan 2025",
    body: str = "Isi **berita**.\n",
    extra: str = "summary: Sebanyak 1.024 lulusan diwisuda.\nimage: lebar.jpg\n",
) -> str:
    repo.branch("publikasi/wisuda")
    folder = "content/publikasi/2025/wisuda"
    repo.write(f"{folder}/index.md", publikasi(title=title, channels=channels, extra=extra, body=body))
    repo.write(f"{folder}/tegak.jpg", jpeg(1080, 1350))
    repo.write(f"{folder}/lebar.jpg", jpeg(1600, 900))
    repo.write(f"{folder}/wisuda.mp4", MP4)
    repo.commit("Desain konten: wisuda")
    repo.switch("main")
    return "publikasi/wisuda"


def test_the_four_channels_and_the_page_as_approvers_see_them(repo: Repo, tmp_path: Path) -> None:
    branch = change(repo, FOUR_CHANNELS)
    out = tmp_path / "preview"
    previews = previews_of(repo, branch, out)

    assert [p.publication for p in previews] == ["2025/wisuda"]
    posts = parts(out / "2025/wisuda/posts.html")
    assert [part for part in posts.parts if part[0] not in ("ig-photo", "fb-photo")] == [
        ("ig-order", "Foto 1 dari 2"),
        ("ig-order", "Foto 2 dari 2 · dipotong ke 0.80:1"),
        ("ig-caption", "Selamat wisudawan! #Wisuda2025"),
        ("ig-counter", "30 / 2.200 karakter"),
        ("fb-caption", "Wisuda Angkatan 2025 telah dilaksanakan."),
        ("fb-counter", "40 / 63.206 karakter"),
        ("tt-caption", "Momen wisuda 🎓"),
        ("tt-counter", "15 / 2.200 unit UTF-16"),
        ("yt-title", "Wisuda 2025"),
        ("yt-title-counter", "11 / 100 karakter"),
        ("yt-description", "Baris 1 Baris 2 Baris 3… selengkapnya"),
        ("yt-description-counter", "31 / 5.000 byte"),
        ("yt-tags", "wisuda, poltekkes"),
    ]
    media = [
        (name, attrs.get("src"), attrs.get("style"))
        for name, attrs in posts.attrs_of
        if name in ("ig-photo", "fb-photo", "tt-video", "yt-thumbnail")
    ]
    assert media == [
        ("ig-photo", None, "aspect-ratio: 0.8000"),
        ("ig-photo", None, "aspect-ratio: 0.8000"),
        ("fb-photo", None, None),
        ("fb-photo", None, None),
        ("tt-video", "media/wisuda.mp4", None),
        ("yt-thumbnail", "media/lebar.jpg", None),
    ]
    # Instagram: the first photo, then the strip in order; Facebook: its photos in order
    assert re.findall(r'<img src="(media/[^"]+)"', (out / "2025/wisuda/posts.html").read_text()) == [
        "media/tegak.jpg",
        "media/tegak.jpg",
        "media/lebar.jpg",
        "media/lebar.jpg",
        "media/tegak.jpg",
    ]
    assert sorted(p.name for p in (out / "2025/wisuda/media").iterdir()) == ["lebar.jpg", "tegak.jpg", "wisuda.mp4"]

    # the page, built by the website's builder with main's mkdocs.yml
    assert previews[0].page == out / "2025/wisuda/site/2025/wisuda/index.html"
    page = previews[0].page.read_text()
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page) == ["Wisuda Angkatan 2025"]
    assert "<p>Isi <strong>berita</strong>.</p>" in page
    assert "Sebanyak 1.024 lulusan diwisuda." in page
    assert (out / "2025/wisuda/site/2025/wisuda/lebar.jpg").read_bytes() == jpeg(1600, 900)
    index = parts(out / "index.html")
    assert index.parts[1:] == [
        ("publication", "2025/wisuda: Wisuda Angkatan 2025 — Halaman website · Pratinjau kanal media sosial"),
    ]
    assert 'href="2025/wisuda/site/2025/wisuda/index.html"' in (out / "index.html").read_text()


def test_over_the_limit_is_marked_and_english_by_configuration(repo: Repo, tmp_path: Path) -> None:
    channels = f'  instagram:\n    caption: "{"a" * 2201}"\n    media: [tegak.jpg]\n'
    branch = change(repo, channels, extra="")
    out = tmp_path / "preview"
    previews_of(repo, branch, out, language="en")

    posts = parts(out / "2025/wisuda/posts.html")
    assert dict(posts.parts)["ig-counter"] == "2,201 / 2,200 characters — over the limit"
    assert dict(posts.parts)["ig-caption"] == "a" * 125 + "… more"
    index = parts(out / "index.html")
    assert index.parts[1:] == [
        ("not-on-site", "This publication is not shown on the website (the website channel is not chosen)."),
        (
            "publication",
            "2025/wisuda: Wisuda Angkatan 2025 — Social channel previews This publication is not shown on the website "
            "(the website channel is not chosen).",
        ),
    ]
    assert not (out / "2025/wisuda/site").exists()


def test_an_invalid_draft_or_a_path_out_of_its_folder_is_reported_not_read(repo: Repo, tmp_path: Path) -> None:
    repo.write("content/rahasia.jpg", jpeg())
    repo.commit("a file outside any publication")
    channels = "  instagram:\n    caption: x\n    media: [../../../rahasia.jpg, tegak.jpg]\n"
    branch = change(repo, channels, extra="")
    out = tmp_path / "preview"
    previews_of(repo, branch, out)

    posts = parts(out / "2025/wisuda/posts.html")
    assert posts.parts[0] == (
        "problems",
        "Draf belum valid (jalankan humas check): "
        "content/publikasi/2025/wisuda/index.md: '../../../rahasia.jpg': "
        "not a file in the publication's folder",
    )
    assert sorted(p.name for p in (out / "2025/wisuda/media").iterdir()) == ["tegak.jpg"]


def test_humas_preview_writes_the_previews_of_a_branch(repo: Repo, tmp_path: Path) -> None:
    branch = change(repo, FOUR_CHANNELS)
    done = repo.humas("preview", branch, "--out", str(tmp_path / "p"))
    assert (done.code, done.err) == (0, "")
    assert done.out == f"Pratinjau 1 publikasi ditulis ke {tmp_path / 'p' / 'index.html'}\n"
    assert (tmp_path / "p/2025/wisuda/posts.html").is_file()

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/notes.txt").write_text("keep")
    refused = repo.humas("preview", branch, "--out", str(tmp_path / "mine"))
    assert (refused.code, refused.err) == (
        2,
        f"humas: {tmp_path / 'mine'} tidak kosong dan tidak berisi pratinjau (pilih direktori yang kosong atau baru)\n",
    )
    assert (tmp_path / "mine/notes.txt").read_text() == "keep"
    again = repo.humas("preview", branch, "--out", str(tmp_path / "p"))
    assert again.code == 0

    missing = repo.humas("preview", "publikasi/tidak-ada")
    assert (missing.code, missing.err) == (
        1,
        "humas: tidak ada perubahan 'publikasi/tidak-ada' (yang boleh: cabang lokal selain main; lihat git branch)\n",
    )


def test_the_other_layouts_reel_with_cover_tiktok_photos_facebook_video_and_link(repo: Repo, tmp_path: Path) -> None:
    channels = (
        "  instagram:\n    caption: Reel\n    video: wisuda.mp4\n    cover: tegak.jpg\n"
        "  facebook:\n    caption: Tonton\n    video: wisuda.mp4\n    link: https://poltekkesjkt2.ac.id/wisuda\n"
        "  tiktok:\n    caption: Foto\n    photos: [tegak.jpg, lebar.jpg]\n    privacy: SELF_ONLY\n"
        "  youtube:\n    title: Tanpa thumbnail\n    video: wisuda.mp4\n    privacy: unlisted\n"
    )
    branch = change(repo, channels, extra="")
    out = tmp_path / "preview"
    previews_of(repo, branch, out)

    posts = parts(out / "2025/wisuda/posts.html")
    shown = [
        (name, attrs.get("src"))
        for name, attrs in posts.attrs_of
        if name in ("ig-cover", "ig-video", "fb-video", "tt-photo", "tt-video", "yt-video", "yt-thumbnail")
    ]
    assert shown == [
        ("ig-cover", "media/tegak.jpg"),
        ("fb-video", "media/wisuda.mp4"),
        ("tt-photo", "media/tegak.jpg"),
        ("yt-video", "media/wisuda.mp4"),
    ]
    text = (out / "2025/wisuda/posts.html").read_text()
    assert '<span class="badge">Foto 1 dari 2</span>' in text
    assert dict(posts.parts)["fb-link"] == "Tautan: https://poltekkesjkt2.ac.id/wisuda"
    assert (dict(posts.parts)["tt-counter"], dict(posts.parts)["yt-title-counter"]) == (
        "4 / 2.200 unit UTF-16",
        "15 / 100 karakter",
    )
    words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    assert "Privasi: SELF_ONLY" in words and "Privasi: unlisted" in words


def test_a_channel_without_a_bespoke_card_gets_the_generic_one_from_its_spec(repo: Repo, tmp_path: Path) -> None:
    """Threads has no card of its own in posts.html: the preview shows its spec's text, images and counter
    (an emoji counted as its UTF-8 bytes, as Threads counts)."""
    channels = '  threads:\n    text: "Wisuda 🎓"\n    media: [tegak.jpg, lebar.jpg]\n'
    branch = change(repo, channels, extra="")
    out = tmp_path / "preview"
    previews_of(repo, branch, out)

    posts = parts(out / "2025/wisuda/posts.html")
    assert [p for p in posts.parts if p[0].startswith("card-")] == [
        ("card-photo", "Foto 1 dari 2"),
        ("card-photo", "Foto 2 dari 2"),
        ("card-text", "Wisuda 🎓"),
        ("card-counter", "11 / 500 karakter"),
    ]
    html = (out / "2025/wisuda/posts.html").read_text(encoding="utf-8")
    assert 'data-channel="threads"' in html and "<h2>Threads ·" in html
    assert 'src="media/tegak.jpg"' in html and 'src="media/lebar.jpg"' in html


def test_a_correction_shows_the_ralat_box_the_site_will_show(repo: Repo, tmp_path: Path) -> None:
    note = "Tanggal wisuda diralat menjadi 12 Februari."
    merged_once(repo)  # published: on main, signed and merged
    for branch, extra in (("ralat/wisuda", f"ralat: {note}\n"), ("ubah/wisuda", "")):
        repo.branch(branch)
        repo.write("content/publikasi/2025/wisuda/index.md", publikasi(extra=extra, body="Isi berita diralat.\n"))
        repo.commit(f"Ubah wisuda: {branch}")
        repo.switch("main")
    [corrected] = previews_of(repo, "ralat/wisuda", tmp_path / "ralat")
    assert corrected.page is not None
    html = corrected.page.read_text(encoding="utf-8")
    assert re.search(
        r'<aside class="humas-ralat" role="note" aria-label="Ralat"><p class="humas-ralat__catatan">Ralat, '
        rf"\d+ \w+ \d{{4}} pukul \d\d\.\d\d WIB: {re.escape(note)}</p></aside>",
        html,
    ), html
    [edited] = previews_of(repo, "ubah/wisuda", tmp_path / "ubah")  # no ralat note: no box
    assert edited.page is not None
    assert '<aside class="humas-ralat"' not in edited.page.read_text(encoding="utf-8")
