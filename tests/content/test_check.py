"""``humas check``: every bad input gets its exact message, its line, exit 1, and no traceback."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from pipeline import messages
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


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "---\ntitle: [unclosed\ndate: 2025-02-10\n---\n",
            f"{DRAFT}:3: kesalahan sintaks YAML: expected ',' or ']', but got ':'",
        ),
        (
            "---\ntitle: X\ndate: 2025-02-10\nbidang: akademik\nwarna: merah\n---\n",
            f"{DRAFT}:5: warna: kunci tidak dikenal (yang boleh: title, date, bidang, summary, image, image_alt, tags, "
            "rencana, publish_at, channels, ralat, ditarik)",
        ),
        ("---\ndate: 2025-02-10\nbidang: akademik\n---\n", f"{DRAFT}:2: title: wajib diisi"),
        ("---\ntitle: X\ndate: 2025-02-10\n---\n", f"{DRAFT}:2: bidang: wajib diisi"),
        (
            "---\ntitle: X\ndate: 2025-02-10\nbidang: keuangan\n---\n",
            f"{DRAFT}:4: bidang: bidang 'keuangan' tidak dikenal (yang boleh: akademik, umum, kemahasiswaan)",
        ),
        (
            publikasi(channels="  twitter: {}\n"),
            f"{DRAFT}:6: channels.twitter: kunci tidak dikenal (yang boleh: website, instagram, tiktok, facebook, "
            "youtube, threads)",
        ),
        (
            publikasi(date="2024-12-31"),
            f"{DRAFT}:3: date: 2024-12-31 tidak berada pada tahun 2025, tahun foldernya (pindahkan draf ke "
            "content/publikasi/2024/)",
        ),
        (
            publikasi(extra="rencana: tidak-ada#butir\n"),
            f"{DRAFT}:5: rencana: tidak ada rencana 'tidak-ada' (yang boleh: nama berkas di content/rencana/ "
            "tanpa .md)",
        ),
        (
            "---\na: &x [1]\nb: *x\n---\n",
            f"{DRAFT}:2: anchor YAML (&x) tidak diperbolehkan (tuliskan nilainya secara lengkap)",
        ),
        (
            "judul tanpa front-matter\n",
            f"{DRAFT}:1: front-matter tidak ada (berkas harus diawali baris '---', kolom-kolomnya, lalu baris "
            "'---' lagi)",
        ),
        ("---\ntitle: X\n", f"{DRAFT}:1: front-matter tidak ditutup (tambahkan baris '---' setelah kolom-kolomnya)"),
        ("", f"{DRAFT}:1: berkas kosong (draf diawali blok front-matter di antara dua baris '---')"),
        ("---\n- a\n- b\n---\n", f"{DRAFT}:2: front-matter harus berupa pemetaan kolom (nama: nilai)"),
    ],
)
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
        "content/publikasi/2025/kedua/index.md:2: title: wajib diisi",
        f"{DRAFT}:4: bidang: bidang 'keuangan' tidak dikenal (yang boleh: akademik, umum, kemahasiswaan)",
        f"{DRAFT}:5: warna: kunci tidak dikenal (yang boleh: title, date, bidang, summary, image, image_alt, tags, "
        "rencana, publish_at, channels, ralat, ditarik)",
    ]


def test_json_format_for_machines(repo: Repo) -> None:
    repo.write(DRAFT, "---\ntitle: X\ndate: 2025-02-10\n---\n")
    run = repo.humas("check", "--format", "json")
    assert run.code == 1
    assert json.loads(run.out) == {
        "ok": False,
        "checked": 1,
        "problems": [{"path": DRAFT, "line": 2, "field": "bidang", "message": "wajib diisi"}],
    }


def test_a_yaml_alias_bomb_is_refused_quickly(repo: Repo) -> None:
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(20)
        )
        + "---\n"
    )
    repo.write(DRAFT, bomb)
    code, out, _ = check(repo)
    assert code == 1
    assert out == [f"{DRAFT}:2: anchor YAML (&a) tidak diperbolehkan (tuliskan nilainya secara lengkap)"]


def test_deep_nesting_is_refused(repo: Repo) -> None:
    repo.write(DRAFT, "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    code, out, _ = check(repo)
    assert code == 1
    assert out == [f"{DRAFT}:1: YAML bertingkat terlalu dalam (paling banyak 32 tingkat)"]


def test_binary_and_huge_files_are_refused(repo: Repo) -> None:
    repo.write(DRAFT, b"\x89PNG\r\n\x1a\n\0\0\0binary")
    repo.write("content/publikasi/2025/besar/index.md", "---\ntitle: X\n---\n" + "x" * (1024 * 1024 + 1))
    repo.write("content/publikasi/2025/latin1/index.md", "---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    code, out, _ = check(repo)
    assert code == 1
    assert out == [
        "content/publikasi/2025/besar/index.md: berkas terlalu besar: 1048594 byte (paling banyak 1048576 byte "
        "untuk draf; letakkan media di sebelahnya)",
        "content/publikasi/2025/latin1/index.md:2: bukan teks UTF-8 yang sah (draf adalah teks Markdown UTF-8)",
        f"{DRAFT}:1: isi biner (draf adalah teks Markdown UTF-8)",
    ]


def test_drafts_must_sit_where_the_layout_says(repo: Repo) -> None:
    repo.write("content/publikasi/2025/index.md", publikasi())
    repo.write("content/publikasi/dua-ribu/berita/index.md", publikasi())
    code, out, _ = check(repo)
    assert out == [
        "content/publikasi/2025/index.md: publikasi berada di content/publikasi/<yyyy>/<slug>/index.md, medianya "
        "di sebelahnya",
        "content/publikasi/dua-ribu/berita/index.md: folder 'dua-ribu' bukan tahun (publikasi berada di "
        "content/publikasi/<yyyy>/<slug>/index.md, medianya di sebelahnya)",
    ]


INSTAGRAM = "  instagram:\n    caption: {caption}\n    media: {media}\n"


@pytest.mark.parametrize(
    "caption,media,files,expected",
    [
        (
            '"' + "a" * 2201 + '"',
            "[f.jpg]",
            {"f.jpg": jpeg(1080, 1080)},
            "channels.instagram.caption: 2201 karakter (paling banyak 2200)",
        ),
        (
            '"' + " ".join(f"#t{i}" for i in range(31)) + '"',
            "[f.jpg]",
            {"f.jpg": jpeg(1080, 1080)},
            "channels.instagram.caption: 31 tagar (paling banyak 30)",
        ),
        (
            '"' + " ".join(f"@u{i}" for i in range(21)) + '"',
            "[f.jpg]",
            {"f.jpg": jpeg(1080, 1080)},
            "channels.instagram.caption: 21 sebutan @ (paling banyak 20)",
        ),
        ("ok", "[]", {}, "channels.instagram.media: 0 berkas (yang boleh: 1 sampai 10 gambar JPEG, atau satu video)"),
        (
            "ok",
            "[" + ", ".join(["f.jpg"] * 11) + "]",
            {"f.jpg": jpeg(1080, 1080)},
            "channels.instagram.media: 11 berkas (yang boleh: 1 sampai 10 gambar JPEG, atau satu video)",
        ),
        ("ok", "[f.png]", {"f.png": png()}, "channels.instagram.media[0]: f.png berisi PNG (yang boleh: JPEG)"),
        (
            "ok",
            "[palsu.jpg]",
            {"palsu.jpg": png()},
            "channels.instagram.media[0]: palsu.jpg berisi PNG (yang boleh: JPEG)",
        ),
        (
            "ok",
            "[teks.jpg]",
            {"teks.jpg": b"hello, not an image"},
            "channels.instagram.media[0]: teks.jpg bukan gambar atau video yang dikenali (yang boleh: JPEG)",
        ),
        (
            "ok",
            "[besar.jpg]",
            {"besar.jpg": jpeg(1080, 1080) + b"\0" * (8 * 1024 * 1024)},
            "channels.instagram.media[0]: besar.jpg berukuran 8.0 MB (paling besar 8 MB)",
        ),
        (
            "ok",
            "[kosong.jpg]",
            {"kosong.jpg": b""},
            "channels.instagram.media[0]: kosong.jpg kosong (yang boleh: JPEG)",
        ),
        (
            "ok",
            "[hilang.jpg]",
            {},
            "channels.instagram.media[0]: berkas tidak ditemukan: hilang.jpg (letakkan di sebelah index.md)",
        ),
        (
            "ok",
            "[../../../../sop.yml]",
            {},
            "channels.instagram.media[0]: '../../../../sop.yml' keluar dari folder draf (yang boleh: nama berkas di "
            "dalam folder draf, tanpa '..')",
        ),
        (
            "ok",
            "[/etc/passwd]",
            {},
            "channels.instagram.media[0]: '/etc/passwd' keluar dari folder draf (yang boleh: nama berkas di dalam "
            "folder draf, tanpa '..')",
        ),
    ],
)
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
    assert out == [
        f"{DRAFT}: tautan.jpg bukan berkas biasa (folder publikasi hanya berisi berkas biasa: tanpa tautan)",
        f"{DRAFT}:8: channels.instagram.media[0]: 'tautan.jpg' adalah tautan yang mengarah ke luar "
        "folder draf (yang boleh: berkas di dalamnya)",
    ]


@pytest.mark.parametrize(
    "block,expected",
    [
        (
            '  tiktok:\n    caption: "' + "😀" * 1101 + '"\n    privacy: SELF_ONLY\n    video: v.mp4\n',
            "channels.tiktok.caption: 2202 unit UTF-16 (paling banyak 2200)",
        ),
        (
            "  tiktok:\n    caption: ok\n    privacy: SELF_ONLY\n",
            "channels.tiktok.video: wajib diisi (yang boleh: video MP4, MOV, atau WebM, atau foto: 1 sampai 35 gambar "
            "JPEG/WebP)",
        ),
        (
            '  youtube:\n    title: "' + "j" * 101 + '"\n    video: v.mp4\n',
            "channels.youtube.title: 101 karakter (paling banyak 100)",
        ),
        (
            "  youtube:\n    title: a <b>\n    video: v.mp4\n",
            "channels.youtube.title: memuat '<' atau '>' (tidak diperbolehkan oleh YouTube)",
        ),
        (
            '  youtube:\n    title: ok\n    description: "' + "é" * 2501 + '"\n    video: v.mp4\n',
            "channels.youtube.description: 5002 byte dalam UTF-8 (paling banyak 5000)",
        ),
        (
            "  youtube:\n    title: ok\n    tags: [" + ", ".join(["abcdefghi"] * 51) + "]\n    video: v.mp4\n",
            "channels.youtube.tags: total 509 karakter (paling banyak 500)",
        ),
        ("  youtube:\n    title: ok\n", "channels.youtube.video: wajib diisi"),
        (
            "  youtube:\n    title: ok\n    video: foto.jpg\n",
            "channels.youtube.video: foto.jpg berisi JPEG (yang boleh: MOV, MP4, WebM)",
        ),
        ("  facebook: {}\n", "channels.facebook.caption: unggahan kosong (isi caption, media, video, atau tautan)"),
    ],
)
def test_tiktok_youtube_and_facebook_limits(repo: Repo, block: str, expected: str) -> None:
    repo.write(DRAFT, publikasi(channels=block))
    repo.write("content/publikasi/2025/wisuda/v.mp4", b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom" + b"\0" * 64)
    repo.write("content/publikasi/2025/wisuda/foto.jpg", jpeg(1080, 1080))
    code, out, _ = check(repo)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in out] == [expected]


def test_a_rencana_reference_must_name_an_existing_item(repo: Repo) -> None:
    repo.write("content/arahan/2025-arahan.md", "---\ntitle: Arahan\ndate: 2025-01-01\ndasar: [Renstra]\n---\n")
    repo.write(
        "content/rencana/2025-ganjil.md",
        "---\ntitle: Rencana\ndate: 2025-01-02\narahan: 2025-arahan\nitems:\n  - id: wisuda\n"
        "    title: Wisuda\n    bidang: akademik\n    channels: [website]\n    target: 2025-02-10\n---\n",
    )
    repo.write(DRAFT, publikasi(extra="rencana: 2025-ganjil#lomba\n"))
    code, out, _ = check(repo)
    assert out == [f"{DRAFT}:5: rencana: rencana '2025-ganjil' tidak memiliki butir 'lomba' (yang boleh: wisuda)"]
    repo.write(DRAFT, publikasi(extra="rencana: 2025-ganjil#wisuda\n"))
    assert check(repo)[0] == 0


def test_rencana_and_arahan_are_checked_too(repo: Repo) -> None:
    repo.write("content/arahan/2025-arahan.md", "---\ntitle: Arahan\ndate: 2025-01-01\ndasar: []\n---\n")
    repo.write(
        "content/rencana/2025-ganjil.md",
        "---\ntitle: Rencana\ndate: 2025-01-02\narahan: tidak-ada\nitems:\n  - id: wisuda\n"
        "    title: Wisuda\n    bidang: olahraga\n    channels: [website, myspace]\n"
        "    target: 2025-02-10\n---\n",
    )
    code, out, _ = check(repo)
    assert out == [
        "content/arahan/2025-arahan.md:4: dasar: 0 butir (paling sedikit 1)",
        "content/rencana/2025-ganjil.md:4: arahan: tidak ada arahan 'tidak-ada' (yang boleh: nama berkas di "
        "content/arahan/ tanpa .md)",
        "content/rencana/2025-ganjil.md:9: items[0].channels[1]: 'myspace' tidak diperbolehkan (yang boleh: website, "
        "instagram, tiktok, facebook, youtube, threads)",
    ]


def test_check_given_paths_only(repo: Repo) -> None:
    repo.write(DRAFT, publikasi())
    repo.write("content/publikasi/2025/rusak/index.md", "")
    assert check(repo, "content/publikasi/2025/wisuda")[0] == 0
    assert check(repo, "content/publikasi/2025/tidak-ada/index.md")[1] == [
        "content/publikasi/2025/tidak-ada/index.md: berkas tidak ditemukan"
    ]


EVERYTHING_WRONG = (
    "---\n"
    "date: 2024-12-31\n"  # 2: no title above; the folder says 2025
    "bidang: keuangan\n"  # 3: not a bidang of sop.yml
    "warna: merah\n"  # 4: unknown key
    "tags: rapat\n"  # 5: not a list
    "channels:\n"
    "  instagram:\n"
    '    caption: "' + "a" * 2201 + '"\n'  # 8: too long
    "    media: [../../../../sop.yml]\n"  # 9: leaves the folder
    "  youtube:\n"  # 10: no video
    "    title: Wisuda\n"
    "    privacy: rahasia\n"  # 12: not a privacy
    "  facebook: {}\n"  # 13: an empty post
    "---\n"
)


def test_one_run_lists_every_problem_of_a_draft_whose_model_does_not_validate(repo: Repo) -> None:
    repo.write(DRAFT, EVERYTHING_WRONG)
    code, out, _ = check(repo)
    assert code == 1
    assert out == [
        f"{DRAFT}:2: date: 2024-12-31 tidak berada pada tahun 2025, tahun foldernya (pindahkan draf ke "
        "content/publikasi/2024/)",
        f"{DRAFT}:2: title: wajib diisi",
        f"{DRAFT}:3: bidang: bidang 'keuangan' tidak dikenal (yang boleh: akademik, umum, kemahasiswaan)",
        f"{DRAFT}:4: warna: kunci tidak dikenal (yang boleh: title, date, bidang, summary, image, image_alt, tags, "
        "rencana, publish_at, channels, ralat, ditarik)",
        f"{DRAFT}:5: tags: harus berupa daftar",
        f"{DRAFT}:8: channels.instagram.caption: 2201 karakter (paling banyak 2200)",
        f"{DRAFT}:9: channels.instagram.media[0]: '../../../../sop.yml' keluar dari folder draf (yang boleh: nama "
        "berkas di dalam folder draf, tanpa '..')",
        f"{DRAFT}:10: channels.youtube.video: wajib diisi",
        f"{DRAFT}:12: channels.youtube.privacy: 'rahasia' tidak diperbolehkan (yang boleh: public, unlisted, private)",
        f"{DRAFT}:13: channels.facebook.caption: unggahan kosong (isi caption, media, video, atau tautan)",
    ]


def test_english_when_sop_yml_says_language_en(repo: Repo) -> None:
    sop = (repo.root / "sop.yml").read_text(encoding="utf-8")
    repo.write("sop.yml", sop.replace("language: id", "language: en"))
    repo.commit("English messages", who="reni")
    repo.write(DRAFT, EVERYTHING_WRONG)
    try:
        code, out, _ = check(repo)
    finally:
        messages.set_language(None)
    assert code == 1
    assert out == [
        f"{DRAFT}:2: date: 2024-12-31 is not in 2025, the year of the folder (move the draft to "
        "content/publikasi/2024/)",
        f"{DRAFT}:2: title: is required",
        f"{DRAFT}:3: bidang: unknown bidang 'keuangan' (allowed: akademik, umum, kemahasiswaan)",
        f"{DRAFT}:4: warna: unknown key (allowed: title, date, bidang, summary, image, image_alt, tags, rencana, "
        "publish_at, channels, ralat, ditarik)",
        f"{DRAFT}:5: tags: must be a list",
        f"{DRAFT}:8: channels.instagram.caption: 2201 characters (at most 2200)",
        f"{DRAFT}:9: channels.instagram.media[0]: '../../../../sop.yml' leaves the draft's folder (allowed: a file "
        "name inside the draft's folder, no '..')",
        f"{DRAFT}:10: channels.youtube.video: is required",
        f"{DRAFT}:12: channels.youtube.privacy: 'rahasia' is not allowed (allowed: public, unlisted, private)",
        f"{DRAFT}:13: channels.facebook.caption: the post is empty (give a caption, media, a video or a link)",
    ]


@pytest.mark.parametrize(
    "field,value,expected",
    [
        ("date", "2025-13-01", "date: '2025-13-01' bukan tanggal (yang boleh: YYYY-MM-DD, misalnya 2025-02-10)"),
        (
            "date",
            "2025-02-10 08:30:00",
            "date: '2025-02-10T08:30:00' bukan tanggal (yang boleh: YYYY-MM-DD, misalnya 2025-02-10)",
        ),
        (
            "publish_at",
            "besok",
            "publish_at: 'besok' bukan tanggal dan jam (yang boleh: YYYY-MM-DDTHH:MM:SS dengan selisih "
            "zona waktu, misalnya 2025-02-10T08:00:00+07:00)",
        ),
        ("summary", "[a, b]", "summary: harus berupa teks"),
        ("title", '""', "title: kurang dari 1 karakter"),
        ("title", '"' + "j" * 201 + '"', "title: 201 karakter (paling banyak 200)"),
        ("image_alt", '"' + "a" * 301 + '"', "image_alt: 301 karakter (paling banyak 300)"),
        ("channels", "[website]", "channels: harus berupa pemetaan kolom (nama: nilai)"),
        (
            "title",
            '"Baris\\nkedua"',
            "title: memuat pindah baris atau karakter kendali (U+000A): judul adalah satu "
            "baris teks yang dapat dicetak",
        ),
    ],
)
def test_model_errors_in_bahasa_indonesia(repo: Repo, field: str, value: str, expected: str) -> None:
    text = (
        publikasi().replace("---\n", f"---\n{field}: {value}\n", 1)
        if field != "title" and field != "date"
        else publikasi(**{field: value})
    )
    if field == "channels":
        text = "---\ntitle: X\ndate: 2025-02-10\nbidang: akademik\nchannels: [website]\n---\n"
    repo.write(DRAFT, text)
    code, out, _ = check(repo)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in out] == [expected]


def test_the_gate_path_speaks_the_language_of_the_sop_it_is_given(repo: Repo) -> None:
    from pipeline.content.check import check_drafts
    from pipeline.sop.config import parse_sop

    english = parse_sop((repo.root / "sop.yml").read_text(encoding="utf-8").replace("language: id", "language: en"))
    repo.write(DRAFT, "---\ndate: 2025-02-10\nbidang: akademik\n---\n")
    assert [str(p) for p in check_drafts(repo.root, english, [DRAFT]).problems] == [f"{DRAFT}:2: title: is required"]
    assert messages.language() == "id"


EXAMPLE = "masih berisi teks contoh dari humas new; ganti dengan isi yang sebenarnya"


def test_only_a_value_that_is_exactly_an_example_of_humas_new_is_a_problem(repo: Repo) -> None:
    """The example values of the scaffold (pipeline.content.placeholders) are problems, named by field and line;
    an ellipsis inside real text, or the example sentence quoted inside a longer body, is not."""
    repo.write(
        DRAFT,
        publikasi(
            extra='summary: "Wisuda … berlangsung khidmat"\ntags: ["…"]\n',
            channels='  instagram:\n    caption: " … "\n',
            body="Tulis artikel untuk website di sini, dalam Markdown. Lalu isi yang lain.\n",
        ),
    )
    repo.write("content/arahan/2025-ganjil.md", "---\ntitle: A\ndate: 2025-01-02\ndasar: [Renstra, 'IKU: ...']\n---\n")
    repo.write(
        "content/rencana/2025-ganjil.md",
        "---\ntitle: R\ndate: 2025-01-03\narahan: NAMA-ARAHAN\nitems:\n  - id: a\n    title: Wisuda\n"
        "    bidang: akademik\n    channels: [website]\n    target: 2025-02-10\n---\n\n  Rencana konten.\n",
    )
    code, out, _err = check(repo)
    assert code == 1
    assert out == [
        f"content/arahan/2025-ganjil.md:4: dasar[1]: {EXAMPLE}",
        f"content/publikasi/2025/wisuda/index.md:6: tags[0]: {EXAMPLE}",
        "content/publikasi/2025/wisuda/index.md:8: channels.instagram.media: 0 berkas (yang boleh: 1 sampai 10 gambar "
        "JPEG, atau satu video)",
        f"content/publikasi/2025/wisuda/index.md:9: channels.instagram.caption: {EXAMPLE}",
        f"content/rencana/2025-ganjil.md:4: arahan: {EXAMPLE}",
        f"content/rencana/2025-ganjil.md:13: body: {EXAMPLE}",
    ]
