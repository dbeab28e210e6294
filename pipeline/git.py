"""A thin, typed door to the git command line. Every git call of humas goes through here."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .messages import _
from .problems import GitError

MAIN = "main"


@dataclass(frozen=True)
class Identity:
    name: str
    email: str
    at: datetime

    @classmethod
    def parse(cls, ident: str) -> Identity:
        """Parse ``Name <email> 1700000000 +0700`` as printed by ``git var GIT_AUTHOR_IDENT``."""
        name, _, rest = ident.partition(" <")
        email, _, stamp = rest.partition("> ")
        seconds = int(stamp.split()[0]) if stamp else 0
        return cls(name=name.strip(), email=email.strip().lower(), at=datetime.fromtimestamp(seconds, tz=UTC))


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author_email: str
    committer_email: str
    at: datetime
    subject: str


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # --- plumbing ------------------------------------------------------------------------------

    def run(
        self, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None, check: bool = True
    ) -> str:
        return self.run_bytes(*args, input=input, env=env, check=check).decode("utf-8", "replace")

    def run_bytes(
        self, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None, check: bool = True
    ) -> bytes:
        full_env = None
        if env is not None:
            full_env = {**os.environ, **env}
        try:
            done = subprocess.run(
                ["git", "-C", str(self.root), *args], input=input, capture_output=True, env=full_env, check=False
            )
        except FileNotFoundError:
            raise GitError(_("git is not installed (humas needs git on the PATH)")) from None
        if check and done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(
                _("git {command} failed: {said}", command=args[0], said=message[-1])
                if message
                else _("git {command} failed: exit {code}", command=args[0], code=done.returncode)
            )
        return done.stdout

    def run_status(self, *args: str) -> tuple[int, str]:
        done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True)
        return done.returncode, done.stdout.decode("utf-8", "replace")

    def ok(self, *args: str) -> bool:
        return subprocess.run(["git", "-C", str(self.root), *args], capture_output=True).returncode == 0

    # --- queries -------------------------------------------------------------------------------

    def rev(self, ref: str) -> str | None:
        out = subprocess.run(
            ["git", "-C", str(self.root), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], capture_output=True
        )
        return out.stdout.decode().strip() if out.returncode == 0 else None

    def branch_exists(self, name: str) -> bool:
        return self.rev(f"refs/heads/{name}") is not None

    def current_branch(self) -> str | None:
        out = subprocess.run(
            ["git", "-C", str(self.root), "symbolic-ref", "--quiet", "--short", "HEAD"], capture_output=True
        )
        return out.stdout.decode().strip() if out.returncode == 0 else None

    def identity(self) -> Identity:
        return Identity.parse(self.run("var", "GIT_AUTHOR_IDENT").strip())

    def show(self, ref: str, path: str) -> bytes | None:
        out = subprocess.run(["git", "-C", str(self.root), "cat-file", "blob", f"{ref}:{path}"], capture_output=True)
        return out.stdout if out.returncode == 0 else None

    def commits(self, revision_range: str) -> list[Commit]:
        out = self.run("log", "--format=%H%x1f%P%x1f%ae%x1f%ce%x1f%ct%x1f%s%x1e", revision_range)
        found = []
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            sha, parents, author, committer, stamp, subject = record.split("\x1f")
            found.append(
                Commit(
                    sha,
                    tuple(parents.split()),
                    author.lower(),
                    committer.lower(),
                    datetime.fromtimestamp(int(stamp), tz=UTC),
                    subject,
                )
            )
        return found

    def changed_paths(self, base: str, head: str) -> list[str]:
        """Paths the change touches: the diff from the merge base to head."""
        out = self.run("diff", "--name-only", "--no-renames", "-z", f"{base}...{head}")
        return [path for path in out.split("\0") if path]

    def tree_entries(self, ref: str, paths: Iterable[str] = ()) -> dict[str, str]:
        """{path: blob sha} of every file below ``paths`` at ``ref``."""
        out = self.run("ls-tree", "-r", "-z", ref, "--", *paths)
        entries = {}
        for line in out.split("\0"):
            if not line:
                continue
            meta, _, path = line.partition("\t")
            mode, kind, sha = meta.split()
            if kind == "blob":
                entries[path] = sha
        return entries

    def tree_id(self, ref: str, path: str) -> str | None:
        out = subprocess.run(
            ["git", "-C", str(self.root), "rev-parse", "--verify", "--quiet", f"{ref}:{path}"], capture_output=True
        )
        return out.stdout.decode().strip() if out.returncode == 0 else None

    def read_blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """Many blobs in one process (``git cat-file --batch``), keyed by the names asked for: object ids
        or ``<rev>:<path>`` names (without spaces or newlines)."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        out = self.run_bytes("cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
        blobs: dict[str, bytes] = {}
        position = 0
        for sha in wanted:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) == 2 and header[1] == b"missing":
                continue
            size = int(header[2])
            blobs[sha] = out[position : position + size]
            position += size + 1
        return blobs

    def export(self, ref: str, path: str, destination: Path) -> list[str]:
        """Write the regular files below ``path`` at ``ref`` into ``destination/path``, byte for byte as
        git stores them: the blobs are read with ``cat-file``, so no checkout, no hooks, and no
        attributes (``.gitattributes``, ``ident``, ``eol``, filters and their smudge commands) can change
        a byte. Symbolic links and submodules are not written; their paths are returned, so that
        callers can refuse what holds them."""
        out = self.run_bytes("ls-tree", "-r", "-z", "--full-tree", ref, "--", path, check=False)
        files: dict[str, tuple[str, bool]] = {}
        skipped: list[str] = []
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, sha = meta.decode().split()
            relative = name.decode("utf-8", "surrogateescape")
            if kind == "blob" and mode in ("100644", "100755"):
                files[relative] = (sha, mode == "100755")
            else:
                skipped.append(relative)
        if not files and not skipped:
            return []
        (destination / path).mkdir(parents=True, exist_ok=True)
        targets: dict[str, list[tuple[Path, bool]]] = {}
        for relative, (sha, executable) in files.items():
            targets.setdefault(sha, []).append((destination / relative, executable))
        made: set[Path] = set()
        for sha, chunks in self.stream_blobs(targets):
            handles = []
            for target, _ in targets[sha]:
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                handles.append(target.open("wb"))
            try:
                for chunk in chunks:
                    for handle in handles:
                        handle.write(chunk)
            finally:
                for handle in handles:
                    handle.close()
            for target, executable in targets[sha]:
                if executable:
                    target.chmod(0o755)
        return skipped

    def stream_blobs(self, shas: Iterable[str], chunk: int = 1 << 20) -> Iterator[tuple[str, Iterator[bytes]]]:
        """(sha, chunks of its bytes) for each blob, from one ``git cat-file --batch``, never holding a
        whole large file in memory. Each chunk iterator must be consumed before the next blob."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return
        process = subprocess.Popen(
            ["git", "-C", str(self.root), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert process.stdin is not None and process.stdout is not None
        stdin, stdout = process.stdin, process.stdout

        def feed() -> None:
            try:
                stdin.write(("\n".join(wanted) + "\n").encode())
            finally:
                stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        try:
            for sha in wanted:
                header = stdout.readline().split()
                if len(header) != 3:
                    raise GitError(_("git cat-file: object {sha} is missing", sha=sha))
                left = [int(header[2])]

                def read(name: str = sha, left: list[int] = left) -> Iterator[bytes]:
                    while left[0]:
                        piece = stdout.read(min(chunk, left[0]))
                        if not piece:
                            raise GitError(_("git cat-file: object {name} was cut short", name=name))
                        left[0] -= len(piece)
                        yield piece

                yield sha, read()
                for _piece in read():  # whatever the caller did not read
                    pass
                stdout.read(1)  # the newline after each object
        finally:
            writer.join()
            stdout.close()
            process.wait()


def repository_around(path: Path) -> GitRepo | None:
    """The git repository whose work tree holds ``path`` (a directory), or None when there is none."""
    if not path.is_dir():
        return None
    top = GitRepo(path.resolve()).run("rev-parse", "--show-toplevel", check=False).strip()
    return GitRepo(Path(top)) if top else None


def object_ids(repo: GitRepo, names: Iterable[str]) -> dict[str, str | None]:
    """{name: object id or None} for many ``<rev>:<path>`` names in one ``git cat-file --batch-check``."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    out = repo.run("cat-file", "--batch-check=%(objectname) %(objecttype)", input=("\n".join(wanted) + "\n").encode())
    found: dict[str, str | None] = {}
    for name, line in zip(wanted, out.splitlines(), strict=False):
        found[name] = None if line.endswith(" missing") or " " not in line else line.split()[0]
    return found


def read_named_blobs(repo: GitRepo, names: Iterable[str]) -> dict[str, bytes]:
    """{``<rev>:<path>``: bytes} for the names that exist, in one ``git cat-file --batch``."""
    return repo.read_blobs(names)
