"""A command resolves main's ref once for its work: every later question about main is asked of the object
id that one resolution gave (``MainBranch.sha``), so that one command reads one main, not main as it moves
between its questions; ``GitRepo.fixed`` answers the questions about that id. Before the command line is
parsed, main's sop.yml gives the language (``cli_language``): that is the one other resolution.

The git processes are counted by a ``git`` first on the PATH that writes its arguments to a log and runs the
real git (tests/test_git_answers.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.archive.mainline import MainBranch
from pipeline.archive.store import BranchStore
from pipeline.git import GitRepo
from tests.helpers import Repo, publikasi
from tests.test_git_answers import _run_logged

RESOLVE_MAIN = "rev-parse --verify --quiet refs/heads/main^{commit}"


def _resolutions(calls: list[str]) -> list[str]:
    """The git processes that resolve main's ref (any way of naming it), in order."""
    return [
        call
        for call in calls
        if call.split()[0] in ("rev-parse", "show-ref", "for-each-ref", "symbolic-ref")
        and any(word.startswith(("refs/heads/main", "main")) for word in call.split()[1:])
    ]


@pytest.mark.parametrize(
    ("args", "who"),
    [
        (["status", "publikasi/wisuda"], "koordinator"),
        (["status", "main"], "koordinator"),
        (["review", "approve", "publikasi/wisuda", "--role", "verifikator"], "akademik"),
    ],
    ids=["status", "status-main", "review"],
)
def test_a_command_resolves_main_once(repo: Repo, tmp_path: Path, args: list[str], who: str) -> None:
    """Three open changes: each was three resolutions of main (its base, the rules, the repository's id)."""
    for name in ("wisuda", "dies", "pentas"):
        repo.git("switch", "-q", "main")
        repo.branch(f"publikasi/{name}")
        repo.write(f"content/publikasi/2025/{name}/index.md", publikasi(title=f"Berita {name}"))
        repo.commit(f"Desain konten: {name}")
    calls = _run_logged(repo, tmp_path, *args, who=who)
    language, command = RESOLVE_MAIN, RESOLVE_MAIN
    expected = [language, command]
    if args[:2] == ["status", "main"]:
        expected.append(RESOLVE_MAIN)  # the outbox's receipt seal (pipeline.archive.journal) reads main itself
    assert _resolutions(calls) == expected, calls


def test_main_is_resolved_again_only_after_this_repository_moves_it(repo: Repo) -> None:
    """main moved by someone else is not seen by a MainBranch that resolved it (one command, one main); a git
    command of its own repository that may move main (update-ref of main, a fetch) makes it ask again; a write
    to arsip does not."""
    git = GitRepo(repo.root)
    trusted = MainBranch(git)
    first = trusted.sha()
    repo.write("catatan.txt", "lain\n")
    moved = repo.commit("main moved by another process")
    assert trusted.sha() == first != moved
    assert MainBranch(git).sha() == moved  # a new object (a new command, a server's new request) asks again

    BranchStore(git).write({"catatan.txt": b"arsip\n"}, "a write to arsip")
    assert trusted.sha() == first
    git.run("update-ref", "refs/heads/main", moved, moved)
    assert trusted.sha() == moved
    git.run("fetch", "-q", str(repo.root), "main")
    again = MainBranch(git, at=first)
    assert again.sha() == first
    git.run("fetch", "-q", str(repo.root), "main")
    assert again.sha() == moved
