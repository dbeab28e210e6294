"""Files on a branch, written with git plumbing: no checkout, the work tree is never touched.

Each write is one commit on the branch, made with a compare-and-swap of the branch ref, so two
writers never lose each other's records: the loser reads the new tip and applies its change again.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping

from ..git import GitRepo
from ..messages import _
from ..problems import GitError

ARCHIVE_BRANCH = "arsip"
ARCHIVE_IDENTITY = {
    "GIT_AUTHOR_NAME": "humas",
    "GIT_AUTHOR_EMAIL": "humas@arsip.invalid",
    "GIT_COMMITTER_NAME": "humas",
    "GIT_COMMITTER_EMAIL": "humas@arsip.invalid",
}
ZERO = "0" * 40


class StaleWrite(GitError):
    """A conditional write found a file changed since it was read (someone else wrote it first)."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} on the archive changed since it was read (another run wrote it)")
        self.path = path


class BranchStore:
    """``remote``: push every write there before returning (``HUMAS_ARCHIVE_REMOTE``, e.g. ``origin`` in
    CI), so that a claim is durable before the platform is called even if the runner dies next."""

    def __init__(self, repo: GitRepo, branch: str = ARCHIVE_BRANCH, remote: str | None = None) -> None:
        self.repo = repo
        self.branch = branch
        self.ref = f"refs/heads/{branch}"
        self.remote = remote if remote is not None else (os.environ.get("HUMAS_ARCHIVE_REMOTE") or None)

    def tip(self) -> str | None:
        return self.repo.rev(self.ref)

    def list(self, prefix: str = "") -> dict[str, str]:
        """{path: blob sha} of the files below ``prefix``."""
        tip = self.tip()
        if tip is None:
            return {}
        # arsip is data anyone with write access may push: a name humas refuses is left out, never written
        # anywhere, and stops nothing else (records are re-verified from scratch anyway)
        return self.repo.tree_entries(tip, [prefix] if prefix else [], skip_refused=True)

    def read(self, path: str) -> bytes | None:
        tip = self.tip()
        return self.repo.show(tip, path) if tip else None

    def read_many(self, prefix: str = "", suffix: str | tuple[str, ...] = "") -> dict[str, bytes]:
        entries = {path: sha for path, sha in self.list(prefix).items() if path.endswith(suffix)}
        blobs = self.repo.read_blobs(entries.values())
        return {path: blobs[sha] for path, sha in entries.items() if sha in blobs}

    def blob(self, path: str, tip: str | None = None) -> str | None:
        """The git blob id of ``path`` at ``tip`` (default: the branch's tip), or None if absent."""
        tip = tip if tip is not None else self.tip()
        return self.repo.tree_entries(tip, [path], skip_refused=True).get(path) if tip else None

    def write(
        self,
        files: Mapping[str, bytes | None],
        message: str,
        attempts: int = 8,
        expect: Mapping[str, str | None] | None = None,
    ) -> str:
        """Add, replace (bytes) or delete (None) files in one commit; returns the new tip.

        ``expect`` makes the write conditional: {path: blob id that must still be current, or None for
        a path that must still be absent}, checked against the tip the commit is made on (and again
        after a fetch, when the push to the remote lost a race). A mismatch raises ``StaleWrite`` and
        writes nothing.
        """
        for _attempt in range(attempts):
            parent = self.tip()
            for path, blob in (expect or {}).items():
                if self.blob(path, parent) != blob:
                    raise StaleWrite(path)
            commit = self._commit(parent, files, message)
            if not self.repo.ok("update-ref", self.ref, commit, parent or ZERO):
                continue
            if self.remote is None or self.repo.ok("push", "--quiet", self.remote, f"{self.ref}:{self.ref}"):
                return commit
            # Someone else wrote to the remote archive: take theirs and apply our files again on top.
            if not self.repo.ok("fetch", "--quiet", self.remote, f"+{self.ref}:{self.ref}"):
                raise GitError(
                    _("could not push the archive to {remote} nor fetch it (check the remote)", remote=self.remote)
                )
        raise GitError(
            _("could not write to branch {branch}: it kept changing under us (try again)", branch=self.branch)
        )

    def _commit(self, parent: str | None, files: Mapping[str, bytes | None], message: str) -> str:
        with tempfile.TemporaryDirectory(prefix="humas-index-") as scratch:
            env = {**ARCHIVE_IDENTITY, "GIT_INDEX_FILE": os.path.join(scratch, "index")}
            if parent:
                self.repo.run("read-tree", parent, env=env)
            lines = []
            for path, content in files.items():
                if content is None:
                    lines.append(f"0 {ZERO}\t{path}")
                else:
                    blob = self.repo.run("hash-object", "-w", "--stdin", input=content).strip()
                    lines.append(f"100644 {blob}\t{path}")
            self.repo.run("update-index", "--index-info", input=("\n".join(lines) + "\n").encode(), env=env)
            tree = self.repo.run("write-tree", env=env).strip()
            args = ["commit-tree", tree, "-m", message]
            if parent:
                args[2:2] = ["-p", parent]
            return self.repo.run(*args, env=env).strip()
