"""Verification reads the files and folders of many commits by object id (``GitRepo.entries_at``,
``GitRepo.blobs_of``): each commit's trees walked level by level, one ``git cat-file --batch`` per level,
never ``<commit>:<path>`` names that git resolves one by one. What it finds is exactly what
``<commit>:<path>`` names, and nothing else: no ref is read, no link is followed, a path humas refuses finds
nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.approved import approved_publications
from pipeline.git import GitRepo, TreeEntry, folder_trees, is_object_id
from tests.forge.test_hostile_trees import git as plumbing
from tests.forge.test_hostile_trees import hostile_branch, put
from tests.helpers import Repo, demo_copy, publikasi
from tests.test_git_answers import _logging_git

DRAFT = "content/publikasi/2026/x/index.md"


def _name(repo: Repo, commit: str, path: str) -> tuple[str, str] | None:
    """(type, id) of ``<commit>:<path>`` as git itself resolves it, or None."""
    done = subprocess.run(
        ["git", "cat-file", "--batch-check=%(objecttype) %(objectname)"],
        cwd=repo.root,
        input=f"{commit}:{path}\n".encode(),
        capture_output=True,
        check=True,
    )
    words = done.stdout.decode().split()
    return (words[0], words[1]) if len(words) == 2 and words[1] != "missing" else None


def test_what_is_found_by_id_is_what_git_names_at_the_commit(repo: Repo) -> None:
    """Files, folders, the root's sop.yml, a missing file, a path through a file: the same answers as git's
    own ``<commit>:<path>``, and the bytes of each file."""
    repo.branch("publikasi/x")
    repo.write(DRAFT, publikasi(title="X", date="2026-02-10"))
    repo.write("content/publikasi/2026/x/foto.jpg", b"\xff\xd8 gambar")
    head = repo.commit("Desain konten: x")
    paths = [
        DRAFT,
        "content/publikasi/2026/x/foto.jpg",
        "content/publikasi/2026/x",
        "content/publikasi/2026",
        "sop.yml",
        "content/publikasi/2026/y/index.md",  # not there
        f"{DRAFT}/index.md",  # below a file
    ]
    git_repo = GitRepo(repo.root)
    found = git_repo.entries_at([(head, path) for path in paths])
    assert {path: (e.kind, e.sha) if e else None for (_c, path), e in found.items()} == {
        path: _name(repo, head, path) for path in paths
    }
    files = git_repo.blobs_of({key: entry for key, entry in found.items() if key[1] != "content/publikasi/2026"})
    assert files[(head, DRAFT)] == publikasi(title="X", date="2026-02-10").encode()
    assert files[(head, "content/publikasi/2026/x/foto.jpg")] == b"\xff\xd8 gambar"
    assert files[(head, "content/publikasi/2026/x")] is None  # a folder is no file
    assert files[(head, "content/publikasi/2026/y/index.md")] is None


def test_trees_listed_already_are_not_read_again_and_answer_the_same(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build lists main's content with its folders (``folder_trees``); the verification's walk takes those
    trees from the listing (a tree's id names its entries) and finds exactly what reading them finds."""
    repo.branch("publikasi/x")
    repo.write(DRAFT, publikasi(title="X", date="2026-02-10"))
    repo.write("content/publikasi/2026/y/index.md", publikasi(title="Y", date="2026-02-11"))
    head = repo.commit("Desain konten: x")
    git_repo = GitRepo(repo.root)
    git = repo.git
    listed = git_repo.ls_tree(head, ["content"], trees=True)
    known = folder_trees(listed)
    folder = {entry.path: entry.sha for entry in listed}["content/publikasi/2026/x"]
    assert known[folder] == {"index.md": ("100644", _name(repo, head, DRAFT)[1])}  # type: ignore[index]
    asked = [(head, DRAFT), (head, "content/publikasi/2026/y/index.md"), (head, "content/publikasi/2026/x")]
    fed = tmp_path / "fed.log"
    _feeding(tmp_path, monkeypatch, fed)
    with_listing = GitRepo(repo.root).entries_at(asked, known)
    monkeypatch.undo()
    assert with_listing == GitRepo(repo.root).entries_at(asked)
    read = fed.read_text().splitlines()
    assert read == [head, git("rev-parse", f"{head}^{{tree}}").strip()]  # the commit and its root: the rest was listed


def test_nothing_is_read_through_a_ref_a_link_or_a_refused_path(repo: Repo) -> None:
    """A branch's name (a ref: it may move, or be the attacker's) finds nothing, nor does a path that climbs
    (``..``), names ``.git`` or is absolute; a link in the tree is never followed where a folder goes (git
    itself does not follow it in ``<commit>:<path>``), and a link itself is a blob, as git says."""
    head = hostile_branch(
        repo,
        "publikasi/x",
        {
            "content/publikasi/2026/x/../../../../sop.yml": ("100644", b"roles: {}\n"),
            "content/publikasi/2026/x/.git/config": ("100644", b"[core]\n"),
            "content/publikasi/2026/lewat": ("120000", b"x"),
        },
    )
    git_repo = GitRepo(repo.root)
    asked = [
        ("main", "sop.yml"),
        ("publikasi/x", DRAFT),
        (head[:12], DRAFT),
        (head, "content/publikasi/2026/x/../../../../sop.yml"),
        (head, "content/publikasi/2026/x/.git/config"),
        (head, "/sop.yml"),
        (head, "content/publikasi/2026/lewat/index.md"),
    ]
    found = git_repo.entries_at(asked)
    assert found == dict.fromkeys(asked)
    link = git_repo.entries_at([(head, "content/publikasi/2026/lewat")])[(head, "content/publikasi/2026/lewat")]
    assert link is not None and (link.mode, link.kind) == ("120000", "blob")
    assert git_repo.entries_at([(head, DRAFT)])[(head, DRAFT)] is not None


def _feeding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fed: Path, log: Path | None = None) -> None:
    """A ``git`` first on the PATH that logs its arguments to ``log`` and every line fed to a ``git cat-file``
    to ``fed``, then runs the real git."""
    log = log or tmp_path / "git.log"
    folder = _logging_git(tmp_path / "bin", log)
    real = shutil.which("git")
    (folder / "git").write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\n'
        f'case "$*" in *"cat-file --batch"*) tee -a "{fed}" | "{real}" "$@"; exit $? ;; esac\n'
        f'exec "{real}" "$@"\n'
    )
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def _batches_fed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Repo) -> tuple[list[str], list[str]]:
    """(the git processes, every line fed to a ``git cat-file``) while the build's verification runs on ``repo``:
    a ``git`` first on the PATH logs both, then runs the real git."""
    log, fed = tmp_path / "git.log", tmp_path / "fed.log"
    _feeding(tmp_path, monkeypatch, fed, log)
    with approved_publications(GitRepo(repo.root)) as approvals:
        assert approvals.publications and not approvals.excluded
    monkeypatch.undo()
    return log.read_text().splitlines(), fed.read_text().splitlines()


def test_the_build_asks_git_for_objects_by_id_only(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every object the verification and the export read from ``git cat-file`` is named by its full object id,
    and read once: git walks no ``<commit>:<path>`` (one lookup per folder and per draft was most of the
    verification's time), nothing is read through a ref, and main's folders and drafts are not read again."""
    repo = demo_copy(demo_template, tmp_path)
    calls, fed = _batches_fed(tmp_path, monkeypatch, repo)
    assert fed and all(is_object_id(line) for line in fed), [line for line in fed if not is_object_id(line)]
    assert len(fed) == len(set(fed))  # no object read twice: the export writes the drafts the verification read
    assert not [call for call in calls if "--batch-check" in call]
    single = [call.split()[4] for call in calls if call.split()[2:4] == ["cat-file", "blob"]]
    assert single == [f"{repo.git('rev-parse', 'main').strip()}:sop.yml"]  # main's rules, read once


def test_a_large_read_is_shared_between_git_processes_and_answers_as_one(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many names are read by one ``git cat-file --batch`` per core at once: the same answers, in the order
    asked, missing names left out, as one process gives."""
    repo.branch("publikasi/x")
    for number in range(5):
        repo.write(f"content/publikasi/2026/x{number}/index.md", publikasi(title=f"X{number}", date="2026-02-10"))
    head = repo.commit("Desain konten: x")
    names = [f"{head}:content/publikasi/2026/x{n}/index.md" for n in (3, 0, 4)]
    names += [f"{head}:content/publikasi/2026/y/index.md", head, f"{head}:sop.yml", "0" * 40]
    alone = GitRepo(repo.root)._batch(names)

    processes: list[list[str]] = []
    original = GitRepo._batch_one

    def counted(self: GitRepo, wanted: list[str]) -> dict[str, tuple[str, bytes]]:
        processes.append(wanted)
        return original(self, wanted)

    monkeypatch.setattr(GitRepo, "_batch_one", counted)
    monkeypatch.setattr(GitRepo, "BATCH_SHARE", 2)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2})
    shared = GitRepo(repo.root)._batch(names)
    assert [len(part) for part in processes] == [3, 3, 1]
    assert list(shared.items()) == list(alone.items())
    assert list(shared) == [*names[:3], names[4], names[5]]


def test_a_large_tree_asked_for_few_names_is_resolved_through_by_git_and_answers_the_same(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A history of one publication per change gives each change its own version of its year's folder, asked for
    two or three names: git finds those names below it (``<tree id>:<path>``) instead of humas reading and
    parsing the whole folder each time. The answers are git's own for ``<commit>:<path>``, with the mode where
    only the tree holds it (a link is read from its folder), and nothing is followed through a link."""
    submodule = "1" * 40
    head = hostile_branch(
        repo,
        "publikasi/x",
        {
            "content/publikasi/2026/y/index.md": ("100644", b"---\ntitle: Y\n---\n"),
            "content/publikasi/2026/tautan": ("120000", b"x"),
            "content/publikasi/2026/modul": ("160000", submodule.encode()),
        },
    )
    # the year's folder made large (400 more entries), the rest of the tree as it is
    blob = repo.git("rev-parse", f"{head}:content/publikasi/2026/y/index.md").strip()
    listing = repo.git("ls-tree", "-z", f"{head}:content/publikasi/2026").encode()
    filler = b"".join(f"100644 blob {blob}\tisi-{n:03d}.txt\0".encode() for n in range(400))
    year = plumbing(repo, "mktree", "-z", stdin=listing + filler)
    tree = put(
        repo, repo.git("rev-parse", f"{head}^{{tree}}").strip(), ["content", "publikasi", "2026"], "040000", year
    )
    head = repo.git("commit-tree", tree, "-p", "main", "-m", "Desain konten: x").strip()
    monkeypatch.setattr(GitRepo, "SPARSE_TREES", 1)  # one such tree is enough here (a long history has thousands)
    read: list[str] = []
    original = GitRepo._read_objects

    def reading(self: GitRepo, ids: object, objects: dict[str, tuple[str, object]]) -> None:
        ids = list(ids)  # type: ignore[call-overload]
        read.extend(ids)
        original(self, ids, objects)

    monkeypatch.setattr(GitRepo, "_read_objects", reading)
    folders_and_drafts = [
        "content/publikasi/2026/x",
        DRAFT,
        "content/publikasi/2026/y/index.md",
        "content/publikasi/2026/z/index.md",  # not there
        f"{DRAFT}/index.md",  # below a file
        "content/publikasi/2026/tautan/index.md",  # through a link: never followed
        "content/publikasi/2026/modul/index.md",  # through a submodule
    ]
    found = GitRepo(repo.root).entries_at([(head, path) for path in folders_and_drafts])
    assert {path: (e.kind, e.sha) if e else None for (_c, path), e in found.items()} == {
        path: _name(repo, head, path) for path in folders_and_drafts
    }
    assert found[(head, "content/publikasi/2026/x")].mode == "40000"  # type: ignore[union-attr]
    assert year not in read  # resolved through by git, never read whole

    # a file's mode, and a submodule whose commit is not here (git calls it missing), are only in the folder
    read.clear()
    leaves = GitRepo(repo.root).entries_at(
        [(head, "content/publikasi/2026/tautan"), (head, "content/publikasi/2026/modul"), (head, DRAFT)]
    )
    link = _name(repo, head, "content/publikasi/2026/tautan")
    assert link is not None and leaves[(head, "content/publikasi/2026/tautan")] == TreeEntry(
        "120000", "blob", link[1], "content/publikasi/2026/tautan"
    )
    assert leaves[(head, "content/publikasi/2026/modul")] == TreeEntry(
        "160000", "commit", submodule, "content/publikasi/2026/modul"
    )
    assert year in read
