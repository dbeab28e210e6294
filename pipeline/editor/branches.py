"""Reading and committing files on a branch with git plumbing, never touching the work tree.

The local editor saves each entry on its own branch while the person's checkout stays as it is: the
files are written as blobs, a tree is built in a scratch index from the branch's (or main's) tree, and
the branch is moved to the new commit only if nobody moved it meanwhile (``update-ref`` with the old
value).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ..git import GitRepo
from ..messages import _
from ..problems import NotAcceptable

CONTENT_ROOT = "content"


def safe_path(path: str) -> str:
    """``path`` if it is a plain repository path below content/; NotAcceptable otherwise."""
    pure = PurePosixPath(path)
    if (
        not path
        or "\\" in path
        or "\0" in path
        or pure.is_absolute()
        or any(p in ("..", ".", "") for p in path.split("/"))
        or pure.parts[0] != CONTENT_ROOT
        or ".git" in pure.parts
    ):
        raise NotAcceptable(
            _(
                "{path!r}: not a path below {root}/ (allowed: content/<folder>/<file>)",
                path=path,
                root=CONTENT_ROOT,
            )
        )
    return pure.as_posix()


def list_files(repo: GitRepo, ref: str, folder: str, extension: str, depth: int) -> list[str]:
    """Files below ``folder`` at ``ref`` ending with ``extension``, at most ``depth`` levels down."""
    folder = safe_path(folder.rstrip("/"))
    if repo.tree_id(ref, folder) is None:
        return []
    found = []
    for path in repo.tree_entries(ref, [folder]):
        inner = PurePosixPath(path).relative_to(folder)
        if len(inner.parts) <= depth and path.endswith(extension):
            found.append(path)
    return sorted(found)


def commit_files(
    repo: GitRepo,
    branch: str,
    start: str,
    changes: Mapping[str, bytes | None],
    message: str,
    identity: Mapping[str, str] | None = None,
) -> str:
    """Commit ``changes`` ({path: bytes, or None to delete}) on ``branch``, created at ``start`` if new.

    ``identity``: git's ``GIT_AUTHOR_*``/``GIT_COMMITTER_*`` variables of the person saving (else the
    repository's git identity). Returns the new commit. The person's work tree, index and HEAD are left alone.
    """
    ref = f"refs/heads/{branch}"
    old = repo.rev(ref)
    parent = old or repo.rev(start)
    if parent is None:
        raise NotAcceptable(_("no branch {start!r} to start {branch} from", start=start, branch=branch))
    with tempfile.TemporaryDirectory(prefix="humas-editor-") as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        repo.run("read-tree", parent, env=env)
        lines = []
        for path, content in sorted(changes.items()):
            path = safe_path(path)
            if content is None:
                lines.append(f"0 {'0' * 40}\t{path}\n")
            else:
                blob = repo.run("hash-object", "-w", "--stdin", input=content).strip()
                lines.append(f"100644 {blob}\t{path}\n")
        repo.run("update-index", "--index-info", input="".join(lines).encode(), env=env)
        tree = repo.run("write-tree", env=env).strip()
    commit = repo.run("commit-tree", tree, "-p", parent, "-m", message, env=identity).strip()
    repo.run("update-ref", "-m", "humas editor", ref, commit, old or "0" * 40)
    return commit
