"""The command line speaks the SOP's language: its help pages, click's own words, usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import messages
from pipeline.cli import main

from .helpers import Repo


def test_help_and_usage_errors_are_in_bahasa_indonesia_outside_a_repository(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shown = repo.humas("--help", cwd=outside)
    assert shown.code == 0
    assert shown.out.splitlines()[:7] == [
        "Penggunaan: humas [OPTIONS] COMMAND [ARGS]...",
        "",
        "  humas: SOP publikasi sebuah institusi sebagai pipeline git.",
        "",
        "Opsi:",
        "  --version   Tampilkan versi lalu keluar.",
        "  -h, --help  Tampilkan pesan ini lalu keluar.",
    ]
    assert "  new              Buat kerangka draf: arahan | rencana | publikasi |..." in shown.out.splitlines()

    wrong = repo.humas("review", "--bogus", cwd=outside)
    assert wrong.code == 2
    assert wrong.err.splitlines()[-3:] == [
        "Coba 'humas review --help' untuk bantuan.",
        "",
        "Kesalahan: Tidak ada opsi '--bogus'.",
    ]


def test_english_when_sop_yml_on_main_says_so_or_humas_language_is_set(repo: Repo, tmp_path: Path) -> None:
    assert "Opsi:" in repo.humas("new", "--help").out  # the template's sop.yml: language: id
    sop = (repo.root / "sop.yml").read_text(encoding="utf-8")
    repo.write("sop.yml", sop.replace("language: id", "language: en"))
    repo.commit("English", who="reni")

    english = repo.humas("new", "--help")
    assert english.code == 0
    assert english.out.splitlines()[:5] == [
        "Usage: humas new [OPTIONS]",
        "                 {arahan|rencana|publikasi|pengumuman|agenda|halaman} TITLE",
        "",
        "  Scaffold a draft: arahan | rencana | publikasi | pengumuman | agenda |",
        "  halaman.",
    ]
    # --repo names the repository whose sop.yml speaks, from anywhere
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    wrong = repo.humas("status", "--bogus", "--repo", str(repo.root), cwd=elsewhere)
    assert (wrong.code, wrong.err.splitlines()[-1]) == (2, "Error: No such option '--bogus'.")
    # HUMAS_LANGUAGE wins over sop.yml
    forced = repo.humas("new", "--help", env={"HUMAS_LANGUAGE": "id"})
    assert forced.out.splitlines()[0] == "Penggunaan: humas new [OPTIONS]"
    assert "  --date TEXT      Tanggal, YYYY-MM-DD (bawaan: hari ini)." in forced.out.splitlines()


@pytest.mark.parametrize("order", [("id", "en", "id"), ("en", "id", "en")])
def test_one_process_switches_languages_both_ways(
    order: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no repository: HUMAS_LANGUAGE decides
    expected = {
        "id": "Tandatangani satu tahap sebuah perubahan sebagai identitas git saat ini (git var GIT_AUTHOR_IDENT).",
        "en": "Sign a step of a change as the current git identity (git var GIT_AUTHOR_IDENT).",
    }
    try:
        for language in order:
            monkeypatch.setenv("HUMAS_LANGUAGE", language)
            shown = CliRunner().invoke(main, ["review", "--help"])
            assert shown.exit_code == 0
            lines = shown.output.split("\n\n")  # usage, the help text (wrapped to the terminal), options
            assert " ".join(lines[1].split()) == expected[language]
    finally:
        messages.set_language(None)
