"""A repository made by an older ``humas init``: its ``.gitignore`` said ``site/``, which also matches
``pipeline/site/``, so the package's website builder was never committed (pipeline/ignored.py).

On the machine that ran ``humas init`` the files are there but ignored: ``humas check`` names the line and
the mend. In every other clone the folder is missing: a command that needs it stops with exit code 2 and the
same line, never a traceback (the clone's own copy of humas runs, as CI installs it from the checkout).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import HUMAS, Repo, Run, base_env, through_the_sop

OLD_GITIGNORE = "site/\nbuild/\noutbox/\n.venv/\n__pycache__/\n"

PROBLEM_ID = (
    ".gitignore:1: pola 'site/' menyembunyikan berkas paket humas (pipeline/site/): tulis '/site/' agar hanya "
    "cocok di tingkat teratas repositori, lalu commit .gitignore dan pipeline/site/ dalam sebuah perubahan "
    "melalui rantai"
)
PROBLEM_EN = (
    ".gitignore:1: pattern 'site/' hides files of the humas package (pipeline/site/): write '/site/' so that it "
    "matches only at the top of the repository, then commit .gitignore and pipeline/site/ in a change through "
    "the chain"
)


def old_repository(repo: Repo) -> Repo:
    """``repo`` as an older humas init left it: the unanchored .gitignore, pipeline/site/ never committed."""
    repo.write(".gitignore", OLD_GITIGNORE)
    repo.git("rm", "-r", "-q", "--cached", "pipeline/site")
    repo.refound()
    assert (repo.root / "pipeline/site/__init__.py").is_file()
    assert not repo.git("ls-files", "pipeline/site")
    assert repo.git("status", "--porcelain") == ""  # ignored: nothing shows it is missing from the commits
    return repo


def own_humas(clone: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """``humas ARGS`` in ``clone`` with the clone's own copy of the package (as CI installs it from the
    checkout): a new interpreter that imports ``pipeline`` from the clone."""
    done = subprocess.run(
        [HUMAS, *args],
        cwd=clone,
        env={**base_env(), **(env or {}), "PYTHONPATH": str(clone)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def test_check_names_the_line_that_hides_the_package(repo: Repo) -> None:
    old_repository(repo)
    run = repo.humas("check")
    assert (run.code, run.out, run.err) == (1, PROBLEM_ID + "\n", "")


def test_check_names_the_line_in_english(repo: Repo) -> None:
    old_repository(repo)
    run = repo.humas("check", env={"HUMAS_LANGUAGE": "en"})
    assert (run.code, run.out, run.err) == (1, PROBLEM_EN + "\n", "")
    run = repo.humas("check", "--format", "json", env={"HUMAS_LANGUAGE": "en"})
    assert run.code == 1
    assert '"path": ".gitignore"' in run.out and PROBLEM_EN.split(": ", 1)[1] in run.out


def test_another_ignore_file_is_named_with_its_own_mend(repo: Repo) -> None:
    """Any ignore file git reads counts (here the clone's own .git/info/exclude), and a pattern that is not
    an unanchored one of .gitignore is to be removed or narrowed, not anchored."""
    (repo.root / ".git/info/exclude").write_text("# local\npipeline/editor/\n")
    run = repo.humas("check")
    assert (run.code, run.err) == (1, "")
    assert run.out == (
        ".git/info/exclude:2: pola 'pipeline/editor/' menyembunyikan berkas paket humas (pipeline/editor/): hapus "
        "atau persempit pola itu sehingga tidak cocok dengan apa pun di pipeline/, lalu commit pipeline/editor/ "
        "(dan .git/info/exclude, bila berkas itu di-commit) dalam sebuah perubahan melalui rantai\n"
    )


def test_a_clone_without_the_folder_stops_with_the_mend(repo: Repo, tmp_path: Path) -> None:
    old_repository(repo)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True, env=base_env())
    assert not (clone / "pipeline/site").exists()
    run = own_humas(clone, "build")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "humas: pipeline/site tidak ada di salinan humas ini (modul pipeline.site): git mengabaikannya di repositori "
        "ini, sehingga tidak pernah di-commit. Perbaiki di komputer yang menjalankan humas init (tempat berkasnya ada "
        "dan humas check menyebut baris yang sama):\n" + PROBLEM_ID + "\n"
    )
    run = own_humas(clone, "build", env={"HUMAS_LANGUAGE": "en"})
    assert run.code == 2
    assert run.err == (
        "humas: pipeline/site is missing from this copy of humas (module pipeline.site): git ignores it in this "
        "repository, so it was never committed. Mend it on the machine that ran humas init (where the files exist "
        "and humas check names the same line):\n" + PROBLEM_EN + "\n"
    )
    assert "Traceback" not in run.err


def test_a_copy_of_humas_without_the_folder_outside_git_says_to_install_it_again(repo: Repo, tmp_path: Path) -> None:
    """Where no ignore rule explains it (a copy outside git), the missing folder and a complete install."""
    old_repository(repo)
    copy = tmp_path / "copy"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(copy)], check=True, env=base_env())
    subprocess.run(["rm", "-rf", str(copy / ".git")], check=True)
    run = own_humas(copy, "build")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "humas: pipeline/site tidak ada di salinan humas ini (modul pipeline.site): pasang ulang humas dari salinan "
        "paketnya yang lengkap (pipeline/)\n"
    )


def test_the_mend_goes_through_the_chain_and_every_clone_has_the_folder(repo: Repo, tmp_path: Path) -> None:
    old_repository(repo)
    assert repo.humas("check").code == 1
    repo.write(".gitignore", "/site/\n/build/\n/outbox/\n/.venv/\n__pycache__/\n")
    assert "?? pipeline/site/" in repo.git("status", "--porcelain").splitlines()
    run = repo.humas("check")
    assert (run.code, run.out) == (0, "0 draf OK\n")
    through_the_sop(repo, "perbaikan/gitignore", "gitignore: /site/ hanya di tingkat teratas; pipeline/site/")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True, env=base_env())
    assert (clone / "pipeline/site/__init__.py").is_file()
    run = own_humas(clone, "check")
    assert (run.code, run.out, run.err) == (0, "0 draf OK\n", "")
