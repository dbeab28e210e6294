"""The humas package's own files that git ignores in the institution's repository, and what to do about it.

The repository holds the ``pipeline/`` package at its top level, and the workflows install humas from it; a
file of the package that git ignores is never committed, and every other clone (CI, a colleague's laptop)
lacks it. An older ``humas init`` wrote ``.gitignore`` with unanchored patterns (``site/``, ``build/``,
``outbox/``, ``.venv/``): ``site/`` also matches ``pipeline/site/``, the package's website builder
(``pipeline.scaffold.GITIGNORE`` is anchored now: ``/site/``). Two places say so:

- ``humas check`` (the whole repository, no PATHS) names each pattern that hides a file of the package
  (:func:`package_ignored`), where the files exist but are ignored: the machine that ran ``humas init``.
  It asks git itself (``git check-ignore -v --no-index``: every source git reads, ``.gitignore`` files,
  ``.git/info/exclude``, ``core.excludesFile``; tracked or not) about the files the package ships
  (``pipeline.scaffold.package_paths``) and their folders: no gitignore matching is written here.
- Any command that needs a module of the package that is absent (every other clone) stops with exit
  code 2 and :func:`missing_module`'s message, naming the missing folder and the same line of
  ``.gitignore`` when git ignores it there, never a traceback (``pipeline.cli``). A missing third-party
  module is not the package's: it stays the one-line "unexpected error" of a broken installation.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import PurePosixPath

from .git import GitRepo
from .messages import _
from .problems import GitError, Problem

PACKAGE = "pipeline"


def package_ignored(repo: GitRepo, paths: Iterable[str]) -> list[Problem]:
    """A problem at each ignore pattern (``path:line``) that hides any of ``paths`` (the package's files,
    ``pipeline/…``) or one of their folders, naming what it hides (the folder when it hides the folder);
    a negated pattern (``!…``), which keeps a file, is none. Sorted by file and line."""
    wanted = set()
    for path in paths:
        wanted.add(path)
        wanted.update(f"{parent}/" for parent in map(str, PurePosixPath(path).parents) if parent != ".")
    request = "".join(f"{path}\0" for path in sorted(wanted)).encode()
    out = repo.run("check-ignore", "-v", "-z", "--no-index", "--stdin", input=request, check=False)  # 1: none
    fields = out.split("\0")
    hidden: dict[tuple[str, int, str], list[str]] = {}
    for start in range(0, len(fields) - 3, 4):
        source, line, pattern, path = fields[start : start + 4]
        if source and not pattern.startswith("!"):
            hidden.setdefault((source, int(line), pattern), []).append(path)
    return sorted(_problem(source, line, pattern, found) for (source, line, pattern), found in hidden.items())


def _problem(source: str, line: int, pattern: str, paths: list[str]) -> Problem:
    tops = sorted(p for p in paths if not any(p != q and q.endswith("/") and p.startswith(q) for q in paths))
    what = ", ".join(tops[:3]) + (", …" if len(tops) > 3 else "")
    if source == ".gitignore" and "/" not in pattern.rstrip("/"):  # unanchored: it matches at any depth
        message = _(
            "pattern {pattern!r} hides files of the humas package ({what}): write {anchored!r} so that it "
            "matches only at the top of the repository, then commit .gitignore and {what} in a change through the "
            "chain",
            pattern=pattern,
            what=what,
            anchored="/" + pattern,
        )
    else:
        message = _(
            "pattern {pattern!r} hides files of the humas package ({what}): remove it or narrow it so that it "
            "matches none of pipeline/, then commit {what} (and {source}, if it is committed) in a change "
            "through the chain",
            pattern=pattern,
            what=what,
            source=source,
        )
    return Problem(source, line, "", message)


def missing_module(error: ModuleNotFoundError, repo: GitRepo | None) -> str | None:
    """What a person reads when a module of the package (``pipeline.…``) is absent, or None when the module
    is not the package's. ``repo``: the repository the command runs in (its ignore rules say why the
    module was never committed: :func:`package_ignored`'s problems follow, with their mend)."""
    name = error.name or ""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    path = name.replace(".", "/")
    problems: list[Problem] = []
    if repo is not None:
        with contextlib.suppress(GitError, OSError):
            problems = package_ignored(repo, [f"{path}/__init__.py", f"{path}.py"])
    if not problems:
        return _(
            "humas: {path} is missing from this copy of humas (module {module}): install humas again from a "
            "complete copy of its package (pipeline/)",
            path=path,
            module=name,
        )
    lines = [
        _(
            "humas: {path} is missing from this copy of humas (module {module}): git ignores it in this "
            "repository, so it was never committed. Mend it on the machine that ran humas init (where the files "
            "exist and humas check names the same line):",
            path=path,
            module=name,
        )
    ]
    return "\n".join(lines + [str(problem) for problem in problems])
