"""A thin, typed door to the git command line. Every git call of humas goes through here."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from .messages import _
from .problems import ConfigError, GitError, HostileTree

MAIN = "main"

# What HFS+ ignores in a name (git's is_hfs_dotgit): ".g\u200cit" is ".git" on a Mac.
_HFS_IGNORED = dict.fromkeys(
    map(ord, "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u206a\u206b\u206c\u206d\u206e\u206f\ufeff")
)

_PLAIN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
"""Parts of ASCII letters, digits, ``_``, ``-`` and ``.``, none starting with a dot, none empty: no ``.``, ``..``
or ``.git`` part and no alias of it (each starts with a dot, or holds ``~``, ``:``, a space or a character HFS+
ignores), nothing absolute, no backslash, no control character."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def path_problem(path: str) -> str | None:
    """Why humas refuses the tree path ``path`` (as git stores it, decoded with ``surrogateescape``), or
    None when it is safe to join to a folder.

    Refused: an empty path or an empty part (``a//b``, ``a/``), a ``.`` or ``..`` part, a ``.git`` part in
    any case and under its aliases (``.git.`` and ``.git `` and ``git~1`` on NTFS, ``.git::$INDEX_ALLOCATION``,
    ``.git`` holding characters HFS+ ignores), an absolute path, a backslash (a separator on Windows), a
    control character (NUL, newline, escape…) and bytes that are not UTF-8. Plain git accepts all of these
    in a tree it did not check with fsck."""
    if _PLAIN.fullmatch(path):  # the usual path, none of the above possible: no part starts with a dot
        return None
    if not path:
        return _("an empty path")
    if path.startswith("/"):
        return _("an absolute path")
    if "\\" in path:
        return _("a backslash")
    if _CONTROL.search(path):
        return _("a control character")
    if not path.isascii() and _NOT_UTF8.search(path):
        return _("bytes that are not UTF-8")
    for part in path.split("/"):
        if not part:
            return _("an empty part")
        if part in (".", ".."):
            return _("a {part} part", part=part)
        name = part if part.isascii() else part.translate(_HFS_IGNORED)
        if name.split(":", 1)[0].rstrip(". ").casefold() in (".git", "git~1"):
            return _("a .git part")
    return None


def shown_path(path: str) -> str:
    """``path`` in double quotes for a person to read: control, format and invisible characters, a
    backslash and bytes that are not UTF-8 escaped, so that nothing in a path can disguise it."""
    out = []
    for c in path:
        if "\udc80" <= c <= "\udcff":
            out.append(f"\\x{ord(c) - 0xDC00:02x}")
        elif c in '\\"':
            out.append("\\" + c)
        elif c != " " and unicodedata.category(c)[0] in "CZ":
            out.append(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def source_of(ref: str) -> str:
    """How a person knows ``ref``: "branch NAME" for ``refs/heads/NAME``, "commit 1234567" for an object
    id, else the name as given."""
    head = ref.rpartition("...")[2] or ref
    if head.startswith("refs/heads/"):
        return _("branch {name}", name=head.removeprefix("refs/heads/"))
    if len(head) in (40, 64) and all(c in "0123456789abcdef" for c in head):
        return _("commit {sha}", sha=head[:7])
    return head


def refuse_path(path: str, source: str) -> None:
    """Raise :class:`HostileTree` naming ``source`` (see :func:`source_of`) when ``path`` is refused."""
    why = path_problem(path)
    if why is not None:
        raise HostileTree(
            _(
                "{source} holds a path humas refuses: {path} ({why}); nothing was written",
                source=source,
                path=shown_path(path),
                why=why,
            ),
            path,
        )


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str
    """blob, tree or commit (a submodule)"""
    sha: str
    path: str
    size: int | None = None
    """The blob's size in bytes, when listed with ``sizes`` (else, and for folders and submodules, None)."""


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


KEEPS_REFS = frozenset(
    {
        "cat-file",
        "commit-tree",
        "config",
        "diff",
        "for-each-ref",
        "hash-object",
        "log",
        "ls-tree",
        "merge-base",
        "merge-tree",
        "rev-list",
        "rev-parse",
        "status",
        "update-index",
        "var",
        "write-tree",
    }
)
"""git commands humas runs that move no ref (they read, or write objects, an index or nothing)."""

_OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
T = TypeVar("T")
K = TypeVar("K")


def is_object_id(name: str) -> bool:
    """Whether ``name`` is a full object id (SHA-1 or SHA-256), not a ref, an abbreviation or a name."""
    return _OBJECT_ID.fullmatch(name) is not None


class GitRepo:
    FIXED_MAX = 4096
    """The most answers :meth:`fixed` keeps (then it starts again): a long-lived server stays bounded."""
    KEPT_MAX = 64 * 1024**2
    """The most bytes of blobs kept by id (then it starts again)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._fixed: dict[tuple[str, ...], Any] = {}
        self._present: set[str] = set()
        """Commit ids git gave as answers (a ref's commit, a merge base): their objects are in the repository."""
        self._kept: dict[str, bytes] = {}
        """Blobs :meth:`blobs_of` read, by object id, until :meth:`stream_blobs` writes them (the build exports
        the drafts it verified)."""
        self._kept_bytes = 0
        self.generation = 0
        """How many git commands that may move main (:meth:`_asking`) this object ran: what was resolved from
        main's ref before (``MainBranch.sha``) is resolved again after one."""

    def fixed(self, key: tuple[str, ...], names: Iterable[str], answer: Callable[[], T]) -> T:
        """``answer()``, remembered under ``key`` when every one of ``names`` is a full object id: one
        command asks the same question of the same objects many times (sop.yml at main's commit, a draft at
        the change's head, the change's commits), and each was a git process.

        Why this is safe: an object id names its content (git hashes it), so what git answers about a
        commit, a tree or a blob given by id, or about the history between two commit ids, is the same for
        as long as the objects exist; a ref, ``HEAD``, an abbreviation, the working tree, the index and
        the configuration are never remembered (``names`` that are not full ids are asked every time).
        A value read through an untrusted ref (a change's branch, ``arsip``) is kept under the id that ref
        pointed to, so it can never stand for a trusted ref's value: a trusted ref is resolved first, and
        its own id finds only what that id names. A failure (an exception, or None: an object not fetched
        yet) is not remembered."""
        if not all(is_object_id(name) for name in names):
            return answer()
        if key in self._fixed:
            return self._fixed[key]  # type: ignore[no-any-return]
        value = answer()
        if value is not None:
            if len(self._fixed) >= self.FIXED_MAX:
                self._fixed.clear()
            self._fixed[key] = value
        return value

    # --- plumbing ------------------------------------------------------------------------------

    def run(
        self, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None, check: bool = True
    ) -> str:
        return self.run_bytes(*args, input=input, env=env, check=check).decode("utf-8", "replace")

    def _asking(self, args: tuple[str, ...]) -> None:
        """Count a git command that may move main (see :attr:`generation`): any but those of ``KEEPS_REFS``
        and an ``update-ref`` of another branch (``arsip``)."""
        if args and args[0] == "update-ref" and len(args) > 1 and args[1].startswith("refs/heads/"):
            if args[1] != f"refs/heads/{MAIN}":
                return
        elif args and args[0] in KEEPS_REFS:
            return
        self.generation += 1

    def run_bytes(
        self, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None, check: bool = True
    ) -> bytes:
        self._asking(args)
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
        self._asking(args)
        done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True)
        return done.returncode, done.stdout.decode("utf-8", "replace")

    def ok(self, *args: str) -> bool:
        self._asking(args)
        return subprocess.run(["git", "-C", str(self.root), *args], capture_output=True).returncode == 0

    # --- queries -------------------------------------------------------------------------------

    def rev(self, ref: str) -> str | None:
        out = subprocess.run(
            ["git", "-C", str(self.root), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], capture_output=True
        )
        if out.returncode != 0:
            return None
        commit = out.stdout.decode().strip()
        self._present.add(commit)
        return commit

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
        """The file ``path`` at ``ref``, or None when it is not there (or ``ref`` is unknown)."""

        def read() -> tuple[bytes | None] | None:
            out = subprocess.run(
                ["git", "-C", str(self.root), "cat-file", "blob", f"{ref}:{path}"], capture_output=True
            )
            if out.returncode == 0:
                return (out.stdout,)
            # no such file in a commit git itself named (so it is here): as fixed as the commit's files; any
            # other id may be a commit not fetched yet, and is asked again
            return (None,) if ref in self._present else None

        answer = self.fixed(("show", ref, path), [ref], read)
        return answer[0] if answer is not None else None

    def roots(self, rev: str, *, first_parent: bool = False) -> list[str]:
        """The commits without parents that ``rev`` descends from (along first parents only, with
        ``first_parent``)."""
        options = ["--first-parent"] if first_parent else []

        def read() -> list[str]:
            return self.run("rev-list", *options, "--max-parents=0", rev).split()

        return list(self.fixed(("roots", *options, rev), [rev], read))

    def merge_base(self, one: str, other: str) -> str:
        """The best common ancestor of two commits, or "" when they have none."""

        def read() -> str | None:
            return self.run("merge-base", one, other, check=False).strip() or None

        base = self.fixed(("merge-base", one, other), [one, other], read) or ""
        if base:
            self._present.add(base)
        return base

    def commits(self, revision_range: str) -> list[Commit]:
        base, dots, head = revision_range.partition("..")
        names = [base, head] if dots and not head.startswith(".") else [revision_range]
        return list(self.fixed(("commits", revision_range), names, lambda: self._commits(revision_range)))

    def _commits(self, revision_range: str) -> list[Commit]:
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
        out = self.fixed(
            ("diff", base, head),
            [base, head],
            lambda: self.run_bytes("diff", "--name-only", "--no-renames", "-z", f"{base}...{head}"),
        )
        paths = [name.decode("utf-8", "surrogateescape") for name in out.split(b"\0") if name]
        for path in paths:
            refuse_path(path, source_of(head))
        return paths

    def ls_tree(
        self,
        ref: str,
        paths: Iterable[str] = (),
        *,
        trees: bool = False,
        check: bool = True,
        source: str = "",
        skip_refused: bool = False,
        sizes: bool = False,
    ) -> list[TreeEntry]:
        """Every entry below ``paths`` (all of the tree when none) at ``ref``, recursively, read with ``-z``
        so that no name is quoted; with ``trees`` the folders too. Every path is checked before any is
        returned (:func:`path_problem`): a tree holding one humas refuses raises :class:`HostileTree`,
        naming ``source`` (default: :func:`source_of` ``ref``) and the first such file (or folder, when
        no file is below it). With ``check=False`` a ref that does not exist lists nothing. With
        ``skip_refused`` such entries are left out instead (the archive: anyone may push to it, and one
        hostile name must not stop every build). With ``sizes``, each blob's size too (``-l``)."""
        options = ["-r", *(["-t"] if trees else []), *(["-l"] if sizes else []), "-z", "--full-tree"]
        paths = list(paths)
        out = self.fixed(
            ("ls-tree", *options, ref, "--", *paths),
            # without check an object not fetched yet lists nothing: such a listing is asked every time
            [ref] if check else ["unchecked"],
            lambda: self.run_bytes("ls-tree", *options, ref, "--", *paths, check=check),
        )
        entries = []
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _sep, name = entry.partition(b"\t")
            mode, kind, sha, *size = meta.decode().split()
            path = name.decode("utf-8", "surrogateescape")
            entries.append(TreeEntry(mode, kind, sha, path, int(size[0]) if size and size[0].isdigit() else None))
        refused = [entry for entry in entries if path_problem(entry.path) is not None]
        if refused and skip_refused:
            return [entry for entry in entries if entry not in refused]
        if refused:
            first = next((entry for entry in refused if entry.kind != "tree"), refused[0])
            refuse_path(first.path, source or source_of(ref))
        return entries

    def check_tree(self, ref: str, source: str = "") -> None:
        """Refuse (:class:`HostileTree`) a commit whose tree holds any path humas refuses, anywhere: files,
        links, submodules and folders, empty ones too."""
        self.ls_tree(ref, trees=True, source=source)

    def tree_entries(self, ref: str, paths: Iterable[str] = (), *, skip_refused: bool = False) -> dict[str, str]:
        """{path: blob sha} of every file below ``paths`` at ``ref`` (see :meth:`ls_tree` for ``skip_refused``)."""
        listed = self.ls_tree(ref, paths, skip_refused=skip_refused)
        return {entry.path: entry.sha for entry in listed if entry.kind == "blob"}

    def tree_id(self, ref: str, path: str) -> str | None:
        out = subprocess.run(
            ["git", "-C", str(self.root), "rev-parse", "--verify", "--quiet", f"{ref}:{path}"], capture_output=True
        )
        return out.stdout.decode().strip() if out.returncode == 0 else None

    def read_blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """Many blobs in one process (``git cat-file --batch``), keyed by the names asked for: object ids
        or ``<rev>:<path>`` names (without spaces or newlines)."""
        return {name: raw for name, (_kind, raw) in self._batch(shas).items()}

    BATCH_SHARE = 1024
    """The fewest names one ``git cat-file --batch`` is given when a read is shared between processes."""

    def _batch(self, names: Iterable[str]) -> dict[str, tuple[str, bytes]]:
        """{name: (type, bytes)} of the objects that exist, in the order asked: from one ``git cat-file --batch``,
        or, for many names, from one per core at once (finding and inflating objects is git's work, and one git
        process uses one core: verifying 10,000 publications reads 10,000 drafts)."""
        wanted = list(dict.fromkeys(names))
        if not wanted:
            return {}
        processes = min(_cores(), len(wanted) // self.BATCH_SHARE)
        if processes < 2:
            return self._batch_one(wanted)
        size = -(-len(wanted) // processes)
        with ThreadPoolExecutor(processes, thread_name_prefix="humas-git") as pool:
            parts = list(pool.map(self._batch_one, [wanted[i : i + size] for i in range(0, len(wanted), size)]))
        return {name: found for part in parts for name, found in part.items()}

    def _batch_one(self, wanted: list[str]) -> dict[str, tuple[str, bytes]]:
        out = self.run_bytes("cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
        found: dict[str, tuple[str, bytes]] = {}
        position = 0
        for name in wanted:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) != 3:  # "<name> missing" (or ambiguous)
                continue
            size = int(header[2])
            found[name] = (header[1].decode(), out[position : position + size])
            position += size + 1
        return found

    def entries_at(
        self, wanted: Iterable[tuple[str, str]], known: Mapping[str, Mapping[str, tuple[str, str]]] | None = None
    ) -> dict[tuple[str, str], TreeEntry | None]:
        """{(commit, path): its entry, or None when there is none} for many paths of many commits, each commit
        given by its full object id: what ``<commit>:<path>`` names, found by reading the commit and the trees
        on the way by object id, level by level, each level in one ``git cat-file --batch`` (a fixed number
        of git processes, whatever the number of paths), and each tree read once.

        Why this is exactly what the commit holds: an object id names its content, so a commit's tree and a
        tree's entries read by id are the commit's; nothing is read through a ref, and nothing is kept after
        the call. ``known``: trees already listed ({tree id: {name: (mode, id)}}, :func:`folder_trees`), not
        read again. A name that is not a full object id, or a
        path humas refuses (:func:`path_problem`: no ``..``, no ``.git``, nothing absolute), finds nothing;
        a part of the path that is not a folder finds nothing (links are never followed)."""
        found: dict[tuple[str, str], TreeEntry | None] = {}
        walking: dict[tuple[str, str], list[str]] = {}  # (commit, path) -> the path's parts; the commits read first
        commits: set[str] = set()
        ids: dict[str, bool] = {}  # each commit and path checked once, however many names share it
        safe: dict[str, bool] = {}
        for commit, path in wanted:
            if commit not in ids:
                ids[commit] = is_object_id(commit)
            if path not in safe:
                safe[path] = path_problem(path) is None
            if not ids[commit] or not safe[path]:
                found[(commit, path)] = None
            else:
                walking[(commit, path)] = path.split("/")
                commits.add(commit)
        # object id -> what it holds, read once per call
        objects: dict[str, tuple[str, Any]] = {tree: ("tree", entries) for tree, entries in (known or {}).items()}
        self._read_objects(commits, objects)
        # (commit, path) -> (the tree to look in, the parts of the path, which part to look up in it)
        walk: dict[tuple[str, str], _Step] = {}
        for key, parts in walking.items():
            kind, tree = objects.get(key[0], _NOTHING)
            if kind == "commit":
                walk[key] = (tree, parts, 0)
            else:
                found[key] = None
        parsed: set[str] = set()  # trees that must be read here: a file's mode is asked of them
        while walk:
            through = self._large_and_sparse(walk, objects, parsed)
            self._read_objects({tree for tree, _parts, _at in walk.values() if tree not in through}, objects)
            below = {key: step for key, step in walk.items() if step[0] in through}
            answers = self._resolved(
                {key: (tree, "/".join(parts[at:-1]) or parts[at]) for key, (tree, parts, at) in below.items()}
            )
            deeper: dict[tuple[str, str], _Step] = {}
            for key, step in walk.items():
                if key in below:
                    after = _through(key[1], step, answers.get(key), parsed)
                else:
                    after = _looked_up(key[1], step, objects)
                if isinstance(after, tuple):
                    deeper[key] = after
                else:
                    found[key] = after
            walk = deeper
        return found

    def blobs_of(self, entries: Mapping[K, TreeEntry | None]) -> dict[K, bytes | None]:
        """{key: the file's bytes, or None when its entry is none or not a file} for entries found by
        :meth:`entries_at`, the files read by object id in one ``git cat-file --batch``."""
        ids = {key: entry.sha for key, entry in entries.items() if entry is not None and entry.kind == "blob"}
        blobs = self._batch(ids.values())
        for oid, (kind, raw) in blobs.items():
            if kind == "blob" and is_object_id(oid):  # an id names its bytes: kept whichever commit led to it
                if self._kept_bytes + len(raw) > self.KEPT_MAX:
                    self._kept.clear()
                    self._kept_bytes = 0
                if oid not in self._kept:
                    self._kept[oid] = raw
                    self._kept_bytes += len(raw)
        return {
            key: blobs[ids[key]][1] if key in ids and blobs.get(ids[key], ("",))[0] == "blob" else None
            for key in entries
        }

    SPARSE_BYTES = 1536
    """A tree is resolved through by git, not read, when it holds more than this many bytes for each name looked
    up in it: parsing a tree costs Python about a microsecond an entry (some 50 bytes), while git finds one name
    in it for about five microseconds and a microsecond a kilobyte. A history of one publication per change gives
    every change its own version of its year's folder, each asked for two or three names: reading each whole
    would make the work grow with the square of a year's publications."""

    def _large_and_sparse(
        self, walk: Mapping[tuple[str, str], tuple[str, list[str], int]], objects: Mapping[str, Any], parsed: set[str]
    ) -> set[str]:
        """The trees to look in next that git should resolve the names below (see :attr:`SPARSE_BYTES`); their
        sizes asked of git in one ``cat-file --batch-check``, only for trees few names are looked up in."""
        asked: dict[str, int] = {}
        passed: set[str] = set()  # trees a path goes on below (a tree asked only for its own entries is small, as a
        for tree, parts, at in walk.values():  # publication's folder, or read anyway for a file's mode)
            if tree not in objects and tree not in parsed:
                asked[tree] = asked.get(tree, 0) + 1
                if at < len(parts) - 1:
                    passed.add(tree)
        few = [tree for tree in passed if asked[tree] < self.SPARSE_NAMES]
        if len(few) < self.SPARSE_TREES:  # a short history: what it reads is small, and asking costs a process
            return set()
        out = self.run_bytes("cat-file", "--batch-check", input=("\n".join(few) + "\n").encode())
        through = set()
        for line in out.decode().splitlines():
            words = line.split()  # "<id> <type> <size>", or "<id> missing"
            if len(words) == 3 and words[1] == "tree" and int(words[2]) > asked[words[0]] * self.SPARSE_BYTES:
                through.add(words[0])
        return through

    SPARSE_NAMES = 64
    """Only trees asked for fewer names than this have their size asked at all..."""
    SPARSE_TREES = 64
    """... and only when at least this many such trees are to be looked in at once (a long history of small
    changes, each with its own versions of the folders it touched)."""

    def _resolved(self, names: Mapping[K, tuple[str, str]]) -> dict[K, tuple[str, str]]:
        """{key: (object id, type)} of each ``(tree id, path)`` that names an object, from one ``git cat-file
        --batch-check`` of ``<tree id>:<path>``: git walks the path below the tree (never following a link, as
        in any ``<tree>:<path>``), starting from an object id, never a ref."""
        if not names:
            return {}
        keys = list(names)
        out = self.run_bytes(
            "cat-file", "--batch-check", input="".join(f"{tree}:{path}\n" for tree, path in names.values()).encode()
        )
        answers: dict[K, tuple[str, str]] = {}
        for key, line in zip(keys, out.decode("utf-8", "surrogateescape").splitlines(), strict=True):
            words = line.rsplit(" ", 2)  # "<id> <type> <size>", or "<name> missing"
            if len(words) == 3 and is_object_id(words[0]):
                answers[key] = (words[0], words[1])
        return answers

    def _read_objects(self, ids: Iterable[str], objects: dict[str, tuple[str, Any]]) -> None:
        """Read into ``objects`` the commits (as their tree's id) and trees (parsed) ``ids`` not read yet, in
        one ``cat-file --batch``; a blob or a tag where a commit or a folder goes is kept as nothing."""
        for oid, (kind, raw) in self._batch(oid for oid in ids if oid not in objects).items():
            if kind == "tree":
                objects[oid] = ("tree", _parse_tree(raw, len(oid) // 2))
            elif kind == "commit":
                header = raw.split(b"\n", 1)[0].split()
                if len(header) == 2 and header[0] == b"tree" and is_object_id(tree := header[1].decode()):
                    objects[oid] = ("commit", tree)

    def export(self, ref: str, path: str, destination: Path, *, listed: Iterable[TreeEntry] | None = None) -> list[str]:
        """Write the regular files below ``path`` at ``ref`` into ``destination/path``, byte for byte as
        git stores them: the blobs are read with ``cat-file``, so no checkout, no hooks, and no
        attributes (``.gitattributes``, ``ident``, ``eol``, filters and their smudge commands) can change
        a byte.

        Nothing is written outside ``destination``: every path is checked before the first byte is
        written (a ``..``, ``.git``, absolute, backslash or control-character path raises
        :class:`HostileTree` and nothing is written), each folder below ``destination`` is opened
        relative to its parent without following a link (``O_NOFOLLOW``; a link already on disk where
        a folder goes is refused, not followed), and each file is created, never opened if it exists
        (``O_EXCL``; a file or link already there is refused). Symbolic links (mode 120000) and
        submodules (160000) of the tree are skipped, never written; their paths are returned so that
        callers refuse what holds them (``humas merge`` and the build do). POSIX only (``openat``).

        ``listed``: what :meth:`ls_tree` (``check=False``) listed below ``path`` at ``ref`` already, for a
        caller that needed the listing first (the build, for the sizes); only its entries below ``path`` count."""
        if path and path_problem(path) is not None:
            refuse_path(path, _("the folder asked for"))
        files, skipped = self._files_below(ref, path, listed)
        if not files and not skipped:
            return []
        destination.mkdir(parents=True, exist_ok=True)
        root = os.path.realpath(destination)
        targets: dict[str, list[tuple[str, bool]]] = {}
        for relative, (sha, executable) in files.items():
            inside = os.path.normpath(os.path.join(root, relative))
            if os.path.commonpath([root, inside]) != root:  # path_problem already refused this; kept as a floor
                raise HostileTree(_("{path} leaves {destination}", path=shown_path(relative), destination=root))
            targets.setdefault(sha, []).append((relative, executable))
        with _Folder(root) as folder:
            folder.make(path)
            for sha, chunks in self.stream_blobs(targets):
                handles = []
                try:
                    for relative, executable in targets[sha]:
                        handles.append(folder.create(relative, executable))
                    for chunk in chunks:
                        for handle in handles:
                            handle.write(chunk)
                finally:
                    for handle in handles:
                        handle.close()
        return skipped

    def _files_below(
        self, ref: str, path: str, listed: Iterable[TreeEntry] | None
    ) -> tuple[dict[str, tuple[str, bool]], list[str]]:
        """({path: (blob id, executable)} of the regular files below ``path`` at ``ref``, [the links' and
        submodules' paths]), from ``listed`` when given (see :meth:`export`)."""
        if listed is None:
            listed = self.ls_tree(ref, [path], check=False)
        else:
            listed = [e for e in listed if not path or e.path == path or e.path.startswith(path + "/")]
        files: dict[str, tuple[str, bool]] = {}
        skipped: list[str] = []
        for entry in listed:
            if path_problem(entry.path) is not None:  # ls_tree checked them; kept as a floor for a given listing
                refuse_path(entry.path, source_of(ref))
            if entry.kind == "tree":  # folders are made for the files below them
                continue
            if entry.kind == "blob" and entry.mode in ("100644", "100755"):
                files[entry.path] = (entry.sha, entry.mode == "100755")
            else:
                skipped.append(entry.path)
        return files, skipped

    def stream_blobs(self, shas: Iterable[str], chunk: int = 1 << 20) -> Iterator[tuple[str, Iterator[bytes]]]:
        """(sha, chunks of its bytes) for each blob, from one ``git cat-file --batch``, never holding a
        whole large file in memory. Each chunk iterator must be consumed before the next blob. A blob
        :meth:`blobs_of` read already (by its id) is not asked again (and no longer kept)."""
        wanted = []
        for sha in dict.fromkeys(shas):
            kept = self._kept.pop(sha, None)
            if kept is not None:
                self._kept_bytes -= len(kept)
                yield sha, iter((kept,))
            else:
                wanted.append(sha)
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


def folder_trees(listed: Iterable[TreeEntry]) -> dict[str, dict[str, tuple[str, str]]]:
    """{tree id: {name: (mode, object id)}} of every folder of a complete recursive listing with its folders
    (:meth:`GitRepo.ls_tree` with ``trees``; it raises rather than leave out a name it refuses): what
    :meth:`GitRepo.entries_at` would read of those trees (a tree's id names its entries)."""
    listed = list(listed)
    folders = {entry.path: entry.sha for entry in listed if entry.kind == "tree"}
    trees: dict[str, dict[str, tuple[str, str]]] = {sha: {} for sha in folders.values()}
    for entry in listed:
        parent, _sep, name = entry.path.rpartition("/")
        if parent in folders:
            trees[folders[parent]][name] = (entry.mode.lstrip("0"), entry.sha)
    return trees


_NOTHING: tuple[str, Any] = ("", {})
_MODES = {"tree": "40000", "commit": "160000"}
"""The mode of a tree entry by its object's type, where the type decides it (a file's may be 100644, 100755 or
120000: a link)."""
_KINDS = {"40000": "tree", "160000": "commit"}
"""The type of an entry by its mode in a tree object (any other mode is a blob: a file or a link)."""


_Step = tuple[str, list[str], int]
"""Where the walk to a path stands: (the tree to look in, the path's parts, which part to look up in it)."""


def _looked_up(path: str, step: _Step, objects: Mapping[str, tuple[str, Any]]) -> TreeEntry | None | _Step:
    """The next step of the walk to ``path`` in a tree read by id: its entry, None, or the folder to look in next."""
    tree, parts, at = step
    kind, entries = objects.get(tree, _NOTHING)
    entry = entries.get(parts[at]) if kind == "tree" else None
    if entry is None:
        return None
    if at == len(parts) - 1:
        return TreeEntry(entry[0], _KINDS.get(entry[0], "blob"), entry[1], path)
    if entry[0] != "40000":  # a file, a link or a submodule where a folder goes
        return None
    return entry[1], parts, at + 1


def _through(path: str, step: _Step, answer: tuple[str, str] | None, parsed: set[str]) -> TreeEntry | None | _Step:
    """The next step of the walk to ``path`` below a tree git resolved through (``answer``: the leaf, or the folder
    that holds it, as git found it): its entry, None, or the folder to look in next. Where git's answer cannot say
    what the tree's entry is (a file's mode; a submodule whose commit is not in the repository, which git calls
    missing), the tree is read (``parsed``) and the same step taken again."""
    tree, parts, at = step
    if at < len(parts) - 1:  # git found the folder that holds the leaf, or nothing (a link is not followed)
        return (answer[0], parts, len(parts) - 1) if answer is not None and answer[1] == "tree" else None
    if answer is not None and answer[1] in _MODES:  # a folder or a submodule: its type is its mode
        return TreeEntry(_MODES[answer[1]], answer[1], answer[0], path)
    parsed.add(tree)  # a file (its mode), or nothing git could read (a submodule's commit is not here): the tree says
    return step


def _cores() -> int:
    """The cores this process may run on (all of the machine's where the system does not say)."""
    if hasattr(os, "sched_getaffinity"):  # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _parse_tree(raw: bytes, width: int) -> dict[str, tuple[str, str]]:
    """{name: (mode, object id)} of a git tree object: ``<mode> <name>\\0<id in width bytes>`` per entry."""
    entries: dict[str, tuple[str, str]] = {}
    position, end = 0, len(raw)
    while position < end:
        space = raw.index(b" ", position)
        nul = raw.index(b"\0", space)
        entries[raw[space + 1 : nul].decode("utf-8", "surrogateescape")] = (
            raw[position:space].decode(),
            raw[nul + 1 : nul + 1 + width].hex(),
        )
        position = nul + 1 + width
    return entries


class _Folder:
    """Folders and new files below one real folder, each opened relative to its parent (``openat``) with
    ``O_NOFOLLOW``, so that no link, in the tree or already on disk, is ever followed out of it."""

    _FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

    def __init__(self, root: str) -> None:
        self.root = root
        self.fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        self.opened: dict[str, int] = {}

    def __enter__(self) -> _Folder:
        return self

    def __exit__(self, *_exc: object) -> None:
        for fd in self.opened.values():
            os.close(fd)
        os.close(self.fd)

    def _refused(self, relative: str) -> ConfigError:
        return ConfigError(
            _(
                "{destination} holds a link or a file where {path} goes: humas follows no link and writes only "
                "new files (choose an empty folder)",
                destination=self.root,
                path=shown_path(relative),
            )
        )

    def make(self, relative: str) -> int:
        """The folder ``relative`` (made when missing), opened; kept open for the next files."""
        if not relative:
            return self.fd
        if relative in self.opened:
            return self.opened[relative]
        if len(self.opened) >= 64:  # a bounded number of open folders, whatever the size of the tree
            for fd in self.opened.values():
                os.close(fd)
            self.opened.clear()
        parent_path, _sep, name = relative.rpartition("/")
        parent = self.make(parent_path)
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, 0o777, dir_fd=parent)
        try:
            fd = os.open(name, self._FLAGS, dir_fd=parent)
        except OSError:  # ELOOP, ENOTDIR: a link or a file where a folder goes
            raise self._refused(relative) from None
        self.opened[relative] = fd
        return fd

    def create(self, relative: str, executable: bool) -> BinaryIO:
        parent_path, _sep, name = relative.rpartition("/")
        parent = self.make(parent_path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(name, flags, 0o666, dir_fd=parent)
        except OSError:  # EEXIST (a file or a link, even a dangling one), ELOOP
            raise self._refused(relative) from None
        if executable:
            os.fchmod(fd, 0o755)
        return os.fdopen(fd, "wb")


def repository_around(path: Path) -> GitRepo | None:
    """The git repository whose work tree holds ``path`` (a directory), or None when there is none."""
    if not path.is_dir():
        return None
    top = GitRepo(path.resolve()).run("rev-parse", "--show-toplevel", check=False).strip()
    return GitRepo(Path(top)) if top else None


@dataclass(frozen=True)
class Opened:
    """The repository the command line opened before parsing (for its language), given to the command
    (click's context object) so that the command asks git with the same ``GitRepo`` and its answers
    (:meth:`GitRepo.fixed`): ``where`` is the resolved directory it was opened from."""

    where: Path
    repo: GitRepo


def repository_of(path: str | None) -> GitRepo:
    """The repository of a command (``--repo`` or the current directory's); ConfigError when there is none."""
    root = Path(path or ".").resolve()
    repo = repository_around(root)
    if repo is None:
        raise ConfigError(_("{root} is not a git repository (run humas init DIR first, or pass --repo)", root=root))
    return repo


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
