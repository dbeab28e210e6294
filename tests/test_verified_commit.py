"""``humas verified-commit``: the newest commit of main's first-parent line that is the founding commit or a
merge whose record verifies. A direct push, a merge made around the SOP, and a signed merge that carries
what such a merge brought in are skipped: their code never runs where a secret is."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Repo, publikasi


def signed_merge(repo: Repo, branch: str, path: str, text: str) -> str:
    repo.branch(branch)
    repo.write(path, text)
    repo.commit(f"draft {branch}")
    repo.switch("main")
    repo.sign_all(branch)
    done = repo.humas("merge", branch)
    assert done.code == 0, done.err
    return repo.git("rev-parse", "main").strip()


def named(repo: Repo, output: Path) -> tuple[str, str]:
    run = repo.humas("verified-commit", "--github-output", str(output))
    assert run.code == 0, run.err
    return run.out.strip(), output.read_text()


def test_only_the_founding_commit_and_merges_whose_record_verifies_are_verified(repo: Repo, tmp_path: Path) -> None:
    # the approvers' keys in the founding commit itself (the test template adds them in a second commit)
    repo.git("reset", "-q", "--soft", repo.git("rev-list", "--max-parents=0", "main").strip())
    repo.git("commit", "-q", "--amend", "--no-edit")
    founding = repo.git("rev-parse", "main").strip()
    assert named(repo, tmp_path / "0") == (founding, f"commit={founding}\nunverified=0\n")

    merge = signed_merge(repo, "publikasi/wisuda", "content/publikasi/2025/wisuda/index.md", publikasi())
    repo.write("catatan.txt", "langsung ke main\n")
    repo.commit("a push straight to main")
    assert named(repo, tmp_path / "1") == (merge, f"commit={merge}\nunverified=0\n")
    assert repo.git("rev-list", "--parents", "-n1", merge).split()[1] == founding

    # a merge made with plain git, around the SOP, brings in a build hook
    repo.branch("kait")
    repo.write("hatch_build.py", "print('hook')\n")
    repo.commit("a build hook")
    repo.switch("main")
    repo.git("merge", "-q", "--no-ff", "-m", "merged by hand", "kait")
    assert named(repo, tmp_path / "2") == (merge, f"commit={merge}\nunverified=1\n")

    # a signed change merged after it verifies as a change, but carries the hook: still not trusted code
    signed_merge(repo, "publikasi/dies", "content/publikasi/2025/dies/index.md", publikasi(title="Dies Natalis"))
    assert named(repo, tmp_path / "3") == (merge, f"commit={merge}\nunverified=2\n")

    # an approved change that takes out what came around the SOP (the hook, the pushed file) and approves
    # again what was merged since makes main trusted again
    repo.branch("bersih")
    repo.git("rm", "-q", "hatch_build.py", "catatan.txt")
    repo.write(
        "content/publikasi/2025/dies/index.md",
        publikasi(title="Dies Natalis", body="Isi berita, lagi.\n", extra="ralat: Isi berita dilengkapi.\n"),
    )  # dies is on main already: changing it is a correction, with its note
    repo.commit("take the build hook out; the dies natalis again")
    repo.switch("main")
    repo.sign_all("bersih")
    done = repo.humas("merge", "bersih")
    assert done.code == 0, done.err
    clean = repo.git("rev-parse", "main").strip()
    assert named(repo, tmp_path / "4") == (clean, f"commit={clean}\nunverified=0\n")


def test_a_revision_that_is_not_there_is_a_usage_error(repo: Repo) -> None:
    run = repo.humas("verified-commit", "nowhere")
    assert (run.code, run.out, run.err) == (2, "", "humas: tidak ada commit nowhere di repositori ini\n")
