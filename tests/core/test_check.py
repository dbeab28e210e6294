"""``humas check``: every bad input gets its exact message, its line, exit 1, and no traceback."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.helpers import Repo, jpeg, png, publikasi

DRAFT = "content/publikasi/2025/wisuda/index.md"


def check(repo: Repo, *paths: str) -> tuple[int, list[str], str]:
    """``humas check`` in process (the table of cases below); the first test runs the real command."""
    given = [str(repo.root / p) for p in paths]
    result = CliRunner().invoke(main, ["check", "--repo", str(repo.root), *given], catch_exceptions=False)
    assert "Traceback" not in result.stderr + result.stdout
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_a_valid_draft_passes(repo: Repo) -> None:
    repo.write(DRAFT, publikasi())
    run = repo.humas("check")
    assert (run.code, run.out.splitlines(), run.err) == (0, ["1 draf OK"], "")
    assert check(repo) == (0, ["1 draf OK"], "")


@pytest.mark.parametrize("text,expected", [
    ("---\ntitle: [unclosed\ndate: 2025-02-10\n---\n",
     f"{DRAFT}:3: YAML syntax error: expected ',' or ']', but got ':'"),
    ("---\ntitle: X\ndate: 2025-02-10\nbidang: akademik\nwarna: merah\n---\n",
     f"{DRAFT}:5: warna: unknown key (allowed: title, date, bidang, summary, image, image_alt, tags, rencana, "
     "publish_at, channels)"),
    ("---\ndate: 2025-02-10\nbidang: akademik\n---\n", f"{DRAFT}:2: title: is required"),
    ("---\ntitle: X\ndate: 2025-02-10\n---\n", f"{DRAFT}:2: bidang: is required"),
    ("---\ntitle: X\ndate: 2025-02-10\nbidang: keuangan\n---\n",
     f"{DRAFT}:4: bidang: unknown bidang 'keuangan' (allowed: akademik, umum, kemahasiswaan)"),
    (publikasi(channels="  twitter: {}\n"),
     f"{DRAFT}:6: channels.twitter: unknown key (allowed: website, instagram, tiktok, facebook, youtube)"),
    (publikasi(date="2024-12-31"),
     f"{DRAFT}:3: date: 2024-12-31 is not in 2025, the year of the folder (move the draft to "
     "content/publikasi/2024/)"),
    (publikasi(extra="rencana: tidak-ada#butir\n"),
     f"{DRAFT}:5: rencana: no rencana 'tidak-ada' (allowed: a file name in content/rencana/ without .md)"),
    ("---\na: &x [1]\nb: *x\n---\n", f"{DRAFT}:2: YAML anchors (&x) are not allowed (write the value out in full)"),
    ("judul tanpa front-matter\n",
     f"{DRAFT}:1: missing front-matter (the file must start with a line '---', the fields, and another '---')"),
    ("---\ntitle: X\n", f"{DRAFT}:1: front-matter is not closed (add a line '---' after the fields)"),
    ("", f"{DRAFT}:1: file is empty (a draft starts with a front-matter block between two '---' lines)"),
    ("---\n- a\n- b\n---\n", f"{DRAFT}:2: front-matter must be a mapping of fields (name: value)"),
])
def test_bad_front_matter(repo: Repo, text: str, expected: str) -> None:
    repo.write(DRAFT, text)
    code, out, _ = check(repo)
    assert code == 1
    assert out[-1] == expected


def test_every_problem_is_collected_at_once(repo: Repo) -> None:
    repo.write(DRAFT, "---\ntitle: X\ndate: 2025-02-10\nbidang: keuangan\nwarna: merah\n---\n")
    repo.write("content/publikasi/2025/kedua/index.md", "---\ndate: 2025-01-01\nbidang: umum\n---\n")
    code, out, _ = check(repo)
    assert code == 1
    assert out == [
        "content/publikasi/2025/kedua/index.md:2: title: is required",
        f"{DRAFT}:4: bidang: unknown bidang 'keuangan' (allowed: akademik, umum, kemahasiswaan)",
        f"{DRAFT}:5: warna: unknown key (allowed: title, date, bidang, summary, image, image_alt, tags, rencana, "
        "publish_at, channels)",
    ]


def test_json_format_for_machines(repo: Repo) -> None:
    repo.write(DRAFT, "---\ntitle: X\ndate: 2025-02-10\n---\n")
    run = repo.humas("check", "--format", "json")
    assert run.code == 1
    assert json.loads(run.out) == {"ok": False, "checked": 1, "problems": [
        {"path": DRAFT, "line": 2, "field": "bidang", "message": "is required"}]}


def test_a_yaml_alias_bomb_is_refused_quickly(repo: Repo) -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)) + "---\n"
    repo.write(DRAFT, bomb)
    code, out, _ = check(repo)
    assert code == 1
    assert out == [f"{DRAFT}:2: YAML anchors (&a) are not allowed (write the value out in full)"]


def test_deep_nesting_is_refused(repo: Repo) -> None:
    repo.write(DRAFT, "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    code, out, _ = check(repo)
    assert code == 1
    assert out == [f"{DRAFT}:1: YAML nested too deeply (at most 32 levels)"]


def test_binary_and_huge_files_are_refused(repo: Repo) -> None:
    repo.write(DRAFT, b"\x89PNG\r\n\x1a\n\0\0\0binary")
    repo.write("content/publikasi/2025/besar/index.md", "---\ntitle: X\n---\n" + "x" * (1024 * 1024 + 1))
    repo.write("content/publikasi/2025/latin1/index.md", "---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    code, out, _ = check(repo)
    assert code == 1
    assert out == [
        "content/publikasi/2025/besar/index.md: file is too large: 1048594 bytes (at most 1048576 bytes for a "
        "draft; put media beside it)",
        "content/publikasi/2025/latin1/index.md:2: not valid UTF-8 text (a draft is UTF-8 Markdown text)",
        f"{DRAFT}:1: binary content (a draft is UTF-8 Markdown text)",
    ]


def test_drafts_must_sit_where_the_layout_says(repo: Repo) -> None:
    repo.write("content/publikasi/2025/index.md", publikasi())
    repo.write("content/publikasi/dua-ribu/berita/index.md", publikasi())
    code, out, _ = check(repo)
    assert out == [
        "content/publikasi/2025/index.md: a publication is content/publikasi/<yyyy>/<slug>/index.md, media "
        "beside it",
        "content/publikasi/dua-ribu/berita/index.md: folder 'dua-ribu' is not a year (a publication is "
        "content/publikasi/<yyyy>/<slug>/index.md, media beside it)",
    ]


INSTAGRAM = "  instagram:\n    caption: {caption}\n    media: {media}\n"


@pytest.mark.parametrize("caption,media,files,expected", [
    ('"' + "a" * 2201 + '"', "[f.jpg]", {"f.jpg": jpeg(1080, 1080)},
     "channels.instagram.caption: 2201 characters (at most 2200)"),
    ('"' + " ".join(f"#t{i}" for i in range(31)) + '"', "[f.jpg]", {"f.jpg": jpeg(1080, 1080)},
     "channels.instagram.caption: 31 hashtags (at most 30)"),
    ('"' + " ".join(f"@u{i}" for i in range(21)) + '"', "[f.jpg]", {"f.jpg": jpeg(1080, 1080)},
     "channels.instagram.caption: 21 @-mentions (at most 20)"),
    ("ok", "[]", {}, "channels.instagram.media: 0 files (allowed: 1 to 10 JPEG images, or a video)"),
    ("ok", "[" + ", ".join(["f.jpg"] * 11) + "]", {"f.jpg": jpeg(1080, 1080)},
     "channels.instagram.media: 11 files (allowed: 1 to 10 JPEG images, or a video)"),
    ("ok", "[f.png]", {"f.png": png()}, "channels.instagram.media[0]: f.png contains PNG (allowed: JPEG)"),
    ("ok", "[palsu.jpg]", {"palsu.jpg": png()}, "channels.instagram.media[0]: palsu.jpg contains PNG (allowed: JPEG)"),
    ("ok", "[teks.jpg]", {"teks.jpg": b"hello, not an image"},
     "channels.instagram.media[0]: teks.jpg contains not a recognised image or video (allowed: JPEG)"),
    ("ok", "[besar.jpg]", {"besar.jpg": jpeg(1080, 1080) + b"\0" * (8 * 1024 * 1024)},
     "channels.instagram.media[0]: besar.jpg is 8.0 MB (at most 8 MB)"),
    ("ok", "[kosong.jpg]", {"kosong.jpg": b""}, "channels.instagram.media[0]: kosong.jpg is empty (allowed: JPEG)"),
    ("ok", "[hilang.jpg]", {}, "channels.instagram.media[0]: file not found: hilang.jpg (put it beside index.md)"),
    ("ok", "[../../../../sop.yml]", {},
     "channels.instagram.media[0]: '../../../../sop.yml' leaves the draft's folder (allowed: a file name inside "
     "the draft's folder, no '..')"),
    ("ok", "[/etc/passwd]", {},
     "channels.instagram.media[0]: '/etc/passwd' leaves the draft's folder (allowed: a file name inside the "
     "draft's folder, no '..')"),
])
def test_instagram_limits(repo: Repo, caption: str, media: str, files: dict[str, bytes], expected: str) -> None:
    repo.write(DRAFT, publikasi(channels=INSTAGRAM.format(caption=caption, media=media)))
    for name, content in files.items():
        repo.write(f"content/publikasi/2025/wisuda/{name}", content)
    code, out, _ = check(repo)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in out] == [expected]


def test_a_symlink_leading_out_of_the_folder_is_refused(repo: Repo) -> None:
    repo.write(DRAFT, publikasi(channels=INSTAGRAM.format(caption="ok", media="[tautan.jpg]")))
    secret = repo.write("rahasia.jpg", jpeg(1080, 1080))
    os.symlink(secret, repo.root / "content/publikasi/2025/wisuda/tautan.jpg")
    code, out, _ = check(repo)
    assert out == [f"{DRAFT}: tautan.jpg is not a regular file (a publication folder holds regular files only: "
                   "no links)",
                   f"{DRAFT}:8: channels.instagram.media[0]: 'tautan.jpg' is a link leading out of the draft's "
                   "folder (allowed: a file inside it)"]


@pytest.mark.parametrize("block,expected", [
    ('  tiktok:\n    caption: "' + "😀" * 1101 + '"\n    privacy: SELF_ONLY\n    video: v.mp4\n',
     "channels.tiktok.caption: 2202 UTF-16 units (at most 2200)"),
    ("  tiktok:\n    caption: ok\n    privacy: SELF_ONLY\n",
     "channels.tiktok.video: is required (allowed: an MP4, MOV or WebM video, or photos: 1 to 35 JPEG/WebP images)"),
    ('  youtube:\n    title: "' + "j" * 101 + '"\n    video: v.mp4\n',
     "channels.youtube.title: 101 characters (at most 100)"),
    ("  youtube:\n    title: a <b>\n    video: v.mp4\n",
     "channels.youtube.title: contains '<' or '>' (not allowed by YouTube)"),
    ('  youtube:\n    title: ok\n    description: "' + "é" * 2501 + '"\n    video: v.mp4\n',
     "channels.youtube.description: 5002 bytes in UTF-8 (at most 5000)"),
    ("  youtube:\n    title: ok\n    tags: [" + ", ".join(["abcdefghi"] * 51) + "]\n    video: v.mp4\n",
     "channels.youtube.tags: 509 characters in all (at most 500)"),
    ("  youtube:\n    title: ok\n", "channels.youtube.video: is required"),
    ("  youtube:\n    title: ok\n    video: foto.jpg\n",
     "channels.youtube.video: foto.jpg contains JPEG (allowed: MOV, MP4, WebM)"),
    ("  facebook: {}\n", "channels.facebook.caption: the post is empty (give a caption, media, a video or a link)"),
])
def test_tiktok_youtube_and_facebook_limits(repo: Repo, block: str, expected: str) -> None:
    repo.write(DRAFT, publikasi(channels=block))
    repo.write("content/publikasi/2025/wisuda/v.mp4", b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom" + b"\0" * 64)
    repo.write("content/publikasi/2025/wisuda/foto.jpg", jpeg(1080, 1080))
    code, out, _ = check(repo)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in out] == [expected]


def test_a_rencana_reference_must_name_an_existing_item(repo: Repo) -> None:
    repo.write("content/arahan/2025-arahan.md", "---\ntitle: Arahan\ndate: 2025-01-01\ndasar: [Renstra]\n---\n")
    repo.write("content/rencana/2025-ganjil.md",
               "---\ntitle: Rencana\ndate: 2025-01-02\narahan: 2025-arahan\nitems:\n  - id: wisuda\n"
               "    title: Wisuda\n    bidang: akademik\n    channels: [website]\n    target: 2025-02-10\n---\n")
    repo.write(DRAFT, publikasi(extra="rencana: 2025-ganjil#lomba\n"))
    code, out, _ = check(repo)
    assert out == [f"{DRAFT}:5: rencana: rencana '2025-ganjil' has no item 'lomba' (allowed: wisuda)"]
    repo.write(DRAFT, publikasi(extra="rencana: 2025-ganjil#wisuda\n"))
    assert check(repo)[0] == 0


def test_rencana_and_arahan_are_checked_too(repo: Repo) -> None:
    repo.write("content/arahan/2025-arahan.md", "---\ntitle: Arahan\ndate: 2025-01-01\ndasar: []\n---\n")
    repo.write("content/rencana/2025-ganjil.md",
               "---\ntitle: Rencana\ndate: 2025-01-02\narahan: tidak-ada\nitems:\n  - id: wisuda\n"
               "    title: Wisuda\n    bidang: olahraga\n    channels: [website, myspace]\n"
               "    target: 2025-02-10\n---\n")
    code, out, _ = check(repo)
    assert out == [
        "content/arahan/2025-arahan.md:4: dasar: list should have at least 1 item after validation, not 0",
        "content/rencana/2025-ganjil.md:9: items[0].channels[1]: input should be 'website', 'instagram', 'tiktok', "
        "'facebook' or 'youtube'",
    ]


def test_check_given_paths_only(repo: Repo) -> None:
    repo.write(DRAFT, publikasi())
    repo.write("content/publikasi/2025/rusak/index.md", "")
    assert check(repo, "content/publikasi/2025/wisuda")[0] == 0
    assert check(repo, "content/publikasi/2025/tidak-ada/index.md")[1] == [
        "content/publikasi/2025/tidak-ada/index.md: file not found"]
