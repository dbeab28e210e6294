"""A command asks git once about an object id (``GitRepo.fixed``), and never remembers what a ref,
the working tree or a missing object answered: a value read through an untrusted ref can never stand for a
trusted one.

The git processes are counted by a ``git`` first on the PATH that writes its arguments to a log and runs
the real git.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.git import GitRepo
from tests.helpers import Repo, base_env, identity_env, publikasi

ID = re.compile(r"\b[0-9a-f]{40}\b")
READS = ("cat-file blob", "ls-tree", "log --format", "rev-list", "merge-base", "diff --name-only")
"""The read-only questions about objects that GitRepo.fixed remembers when they name object ids."""


def _logging_git(folder: Path, log: Path) -> Path:
    real = shutil.which("git")
    assert real is not None
    folder.mkdir()
    shim = folder / "git"
    shim.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    return folder


def _run_logged(repo: Repo, tmp_path: Path, *args: str, who: str) -> list[str]:
    log = tmp_path / "git.log"
    folder = _logging_git(tmp_path / "bin", log)
    env = {**base_env(), **identity_env(who)}
    env["PATH"] = f"{folder}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import main; main()", *args],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return [line.split(" ", 2)[2] if line.startswith("-C ") else line for line in log.read_text().splitlines()]


@pytest.mark.parametrize(
    ("args", "who"),
    [
        (["status", "publikasi/wisuda"], "koordinator"),
        (["review", "approve", "publikasi/wisuda", "--role", "verifikator"], "akademik"),
        (["check"], "koordinator"),
    ],
    ids=["status", "review", "check"],
)
def test_a_command_asks_git_once_about_an_object(repo: Repo, tmp_path: Path, args: list[str], who: str) -> None:
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten: wisuda")
    calls = _run_logged(repo, tmp_path, *args, who=who)
    asked = collections.Counter(call for call in calls if call.startswith(READS) and ID.search(call))
    assert asked, calls  # the probe sees the questions
    assert [call for call, times in asked.items() if times > 1] == []


def test_what_a_ref_answered_is_asked_again(repo: Repo) -> None:
    """A ref moves: reading ``main:sop.yml`` again after main moved gives the new sop.yml."""
    git = GitRepo(repo.root)
    before = git.show("main", "sop.yml")
    repo.write("sop.yml", (before or b"").decode() + "# moved\n")
    repo.refound()
    assert git.show("main", "sop.yml") == (before or b"") + b"# moved\n"
    assert git.show("refs/heads/main", "sop.yml") == (before or b"") + b"# moved\n"


def test_an_untrusted_branchs_answer_never_stands_for_mains(repo: Repo) -> None:
    """The attacker's branch writes its own sop.yml; it is read (and remembered) under that branch's
    commit id; main's own id still reads main's sop.yml, whatever was read first."""
    git = GitRepo(repo.root)
    trusted = git.show(git.rev("refs/heads/main") or "", "sop.yml")
    repo.branch("serangan")
    repo.write("sop.yml", "roles: {}\n")
    repo.commit("sop.yml of the attacker")
    hostile = git.rev("refs/heads/serangan") or ""
    assert git.show(hostile, "sop.yml") == b"roles: {}\n"
    main = git.rev("refs/heads/main") or ""
    assert git.show(main, "sop.yml") == trusted != b"roles: {}\n"
    assert git.show("serangan", "sop.yml") == b"roles: {}\n"


def test_a_missing_object_is_asked_again(repo: Repo, tmp_path: Path) -> None:
    """An object not fetched yet reads as nothing; once it is fetched it reads as itself."""
    other = Repo(tmp_path / "other")
    shutil.copytree(repo.root, other.root, symlinks=True)
    other.branch("publikasi/baru")
    other.write("content/publikasi/2025/baru/index.md", publikasi(title="Baru"))
    head = other.commit("Desain konten: baru")
    git = GitRepo(repo.root)
    path = "content/publikasi/2025/baru/index.md"
    assert git.show(head, path) is None
    assert git.ls_tree(head, check=False) == []
    repo.git("fetch", "-q", str(other.root), "publikasi/baru")
    assert git.show(head, path) == publikasi(title="Baru").encode()
    assert [entry.path for entry in git.ls_tree(head, check=False) if entry.path == path] == [path]
