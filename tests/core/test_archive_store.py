"""The arsip branch store: writes never touch the work tree, and concurrent writers lose nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.archive.store import BranchStore
from pipeline.git import GitRepo
from tests.helpers import Repo, base_env


def test_writes_leave_the_work_tree_and_index_alone(repo: Repo) -> None:
    (repo.root / "draft.txt").write_text("uncommitted work\n")
    store = BranchStore(GitRepo(repo.root))
    store.write({"a/b.json": b"{}\n"}, "first")
    store.write({"a/c.json": b"[]\n", "a/b.json": None}, "second")
    assert store.list() == {"a/c.json": store.list()["a/c.json"]}
    assert store.read("a/c.json") == b"[]\n"
    assert repo.git("status", "--porcelain") == "?? draft.txt\n"
    assert repo.git("log", "--format=%an %s", "arsip").splitlines() == ["humas second", "humas first"]


def test_every_write_is_pushed_and_a_rejected_push_is_redone_on_top(repo: Repo, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.root), str(remote)], check=True, env=base_env())
    repo.git("remote", "add", "origin", str(remote))
    ours = BranchStore(GitRepo(repo.root), remote="origin")
    ours.write({"one.json": b"1\n"}, "one")
    assert (
        subprocess.run(["git", "-C", str(remote), "show", "arsip:one.json"], capture_output=True, text=True).stdout
        == "1\n"
    )
    other_clone = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(other_clone)], check=True, env=base_env())
    subprocess.run(["git", "-C", str(other_clone), "branch", "-q", "arsip", "origin/arsip"], check=True)
    BranchStore(GitRepo(other_clone), remote="origin").write({"two.json": b"2\n"}, "two")
    ours.write({"three.json": b"3\n"}, "three")
    names = subprocess.run(
        ["git", "-C", str(remote), "ls-tree", "--name-only", "arsip"], capture_output=True, text=True
    ).stdout.split()
    assert names == ["one.json", "three.json", "two.json"]
