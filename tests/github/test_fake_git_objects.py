"""The local GitHub writes its commits' objects itself (tests/github/fake.py, ``GitStore``): they are the
objects git's own plumbing writes for the same files, parents, people, time and message, and git finds the
repository sound."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from tests.github.fake import GitStore

FILES = {
    "sop.yml": b"versi: 1\n",
    "a": b"",  # empty
    "a-b": b"dash",
    "a.b/c.txt": b"a folder whose name sorts after a file's once '/' is added",
    "a0": b"zero",
    "content/publikasi/2025/wisuda/index.md": "Wisuda — Angkatan 2025\n".encode(),
    "content/publikasi/2025/wisuda/foto.jpg": bytes(range(256)) * 4,
    "content/publikasi/2025/wisuda-lain/index.md": b"---\n",
    "content/publikasi/2025.md": b"beside the folder",
    "ruang kerja/berkas ñ.txt": b"spaces and non-ASCII in names",
}
AT = datetime(2025, 2, 10, 6, 30, tzinfo=UTC)


def plumbing(git_dir: Path, files: dict[str, bytes], parents: list[str], message: str) -> tuple[str, str]:
    """(commit, tree) as ``git hash-object``, ``update-index``, ``write-tree`` and ``commit-tree`` write them."""
    env = {
        "GIT_DIR": str(git_dir),
        "GIT_INDEX_FILE": str(git_dir / "plumbing-index"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(git_dir),
        "PATH": "/usr/bin:/bin",
        "GIT_AUTHOR_NAME": "humas1-pkj2",
        "GIT_AUTHOR_EMAIL": "someone@example.org",
        "GIT_AUTHOR_DATE": f"@{int(AT.timestamp())} +0000",
        "GIT_COMMITTER_NAME": "web-flow",
        "GIT_COMMITTER_EMAIL": "someone@example.org",
        "GIT_COMMITTER_DATE": f"@{int(AT.timestamp())} +0000",
    }

    def git(*args: str, stdin: bytes = b"") -> str:
        return subprocess.run(["git", *args], input=stdin, env=env, capture_output=True, check=True).stdout.decode()

    (git_dir / "plumbing-index").unlink(missing_ok=True)
    listing = ""
    for path, content in sorted(files.items()):
        blob = git("hash-object", "-w", "--stdin", stdin=content).strip()
        listing += f"100644 {blob}\t{path}\n"
    git("update-index", "--add", "--index-info", stdin=listing.encode())
    tree = git("write-tree").strip()
    parent_args = [word for parent in parents for word in ("-p", parent)]
    return git("commit-tree", tree, *parent_args, stdin=message.encode()).strip(), tree


def test_the_fakes_commits_are_the_ones_git_writes_and_git_finds_them_sound(tmp_path: Path) -> None:
    store = GitStore(tmp_path / "fake" / "repo.git")
    reference = tmp_path / "reference.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(reference)], check=True)
    people = {"author": "humas1-pkj2", "committer": "web-flow", "email": "someone@example.org", "at": AT}

    first = store.write_commit(FILES, [], message="init", **people)
    assert first == plumbing(reference, FILES, [], "init")
    changed = {**FILES, "a": b"now with text\n"}
    changed.pop("a-b")
    second = store.write_commit(changed, [first[0]], message="Ralat: tempat wisuda\n\nbody\n", **people)
    assert second == plumbing(reference, changed, [first[0]], "Ralat: tempat wisuda\n\nbody\n")
    merge = store.write_commit(FILES, [second[0], first[0]], message="Merge", **people)
    assert merge == plumbing(reference, FILES, [second[0], first[0]], "Merge")
    empty = store.write_commit({}, [], message="kosong", **people)
    assert empty == plumbing(reference, {}, [], "kosong")

    store.set_ref("refs/heads/main", merge[0])
    store.git("fsck", "--strict", "--no-dangling")  # raises when git finds a malformed object
    assert store.git("show", f"{merge[0]}:ruang kerja/berkas ñ.txt") == "spaces and non-ASCII in names"


def test_a_ref_the_fake_sets_is_the_one_git_reads_over_a_packed_one(tmp_path: Path) -> None:
    store = GitStore(tmp_path / "fake" / "repo.git")
    people = {"author": "humas1-pkj2", "committer": "web-flow", "email": "someone@example.org", "at": AT}
    first, _tree = store.write_commit(FILES, [], message="init", **people)
    second, _tree = store.write_commit({"sop.yml": b"versi: 2\n"}, [first], message="change", **people)
    store.set_ref("refs/heads/publikasi/wisuda", first)
    store.git("pack-refs", "--all")  # as git gc leaves them
    store.set_ref("refs/heads/publikasi/wisuda", second)
    assert store.git("rev-parse", "refs/heads/publikasi/wisuda").strip() == second
    assert store.git("for-each-ref", "--format=%(refname) %(objectname)").splitlines() == [
        f"refs/heads/publikasi/wisuda {second}"
    ]
