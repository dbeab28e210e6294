"""The newest verified commit on a branch's first-parent line: the code that may hold a secret.

A commit is *verified* when it is the founding commit (the root of the first-parent line, the trust
root) or a merge whose approval record on ``arsip`` verifies (``pipeline.archive.verify``: its chain
re-checked, and, for a GitHub merge, its record signed by the publish job). Every other commit on the
line (a push straight to main, a merge that bypassed the SOP, a merge not recorded yet) is skipped:
its ``pipeline/``, lock files and ``mkdocs.yml`` are not run by a job that holds a secret, the record
key or a write token until a record proves the merge.

The key that signs a GitHub record is taken from the rules of the commit verified before it (the
previous verified commit's ``record_keys``), never from the merge itself: a merge that lists its own
key and signs its own record proves nothing. Only while no verified commit lists a record key yet (a
repository being set up) is the first merge that lists one taken on its own keys; after that the chain
holds. Rotate the record key by listing the new key beside the old one first.

A merge whose first parent is not verified (a commit that bypassed the SOP sits between it and the
newest verified commit) is verified only if every path that differs from the newest verified commit is
one its own change brought in, exactly as its approved head has it: a later approved merge does not
launder what the bypass brought in (a build hook, a mkdocs.yml hook, a lock file). A merge that puts
those paths back, approved, verifies.

Nothing is run from the commits examined: git objects are read as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .archive.record import Record, load_records
from .archive.store import BranchStore
from .archive.verify import verify_main
from .git import MAIN, GitRepo, object_ids
from .messages import _
from .problems import ConfigError, HumasError
from .signing import RECORD_NAMESPACE, verify
from .sop.config import SOP_FILE, parse_sop


@dataclass
class VerifiedLine:
    """What the first-parent line of ``rev`` holds, oldest first."""

    rev: str
    line: list[str]
    """The first-parent line of ``rev``, the founding commit first."""
    verified: list[str] = field(default_factory=list)
    """The verified commits of the line, oldest first (the founding commit always)."""
    merges: list[str] = field(default_factory=list)
    """Every merge commit of the line, oldest first."""
    refused: dict[str, str] = field(default_factory=dict)
    """{merge with a record that verifies: why it is still not a verified commit}."""

    @property
    def newest(self) -> str:
        return self.verified[-1]

    def unverified_after(self, commit: str) -> list[str]:
        """The merges after ``commit`` on the line that are not verified (oldest first)."""
        after = self.line[self.line.index(commit) + 1 :] if commit in self.line else []
        done = set(self.verified)
        return [m for m in after if m in set(self.merges) and m not in done]


def _record_keys(repo: GitRepo, commit: str) -> list[str]:
    raw = repo.show(commit, SOP_FILE)
    if raw is None:
        return []
    try:
        return list(parse_sop(raw.decode("utf-8", "replace"), f"{SOP_FILE} ({commit[:7]})").record_keys)
    except HumasError:
        return []


def verified_line(repo: GitRepo, rev: str = MAIN) -> VerifiedLine:
    """The verified commits of ``rev``'s first-parent line (``rev`` included)."""
    tip = repo.rev(f"refs/heads/{rev}") or repo.rev(f"{rev}^{{commit}}")
    if tip is None:
        raise ConfigError(_("no commit {rev} in this repository", rev=rev))
    out = repo.run("rev-list", "--first-parent", "--parents", "--reverse", tip)
    rows = [line.split() for line in out.splitlines() if line.strip()]
    line = [row[0] for row in rows]
    merges = [row[0] for row in rows if len(row) == 3]
    found = VerifiedLine(rev=tip, line=line, verified=[line[0]], merges=merges)
    if not merges:
        return found
    records: dict[str, list[Record]] = {}
    for record in load_records(BranchStore(repo)):
        records.setdefault(record.merge_commit, []).append(record)
    if not any(m in records for m in merges):
        return found
    verdict = verify_main(repo, tip, every_record=True)
    keys = _record_keys(repo, line[0])
    for merge in merges:
        good = [r for r in records.get(merge, []) if verdict.records.get(r.path, _("not verified")) is None]
        trusted = keys or _record_keys(repo, merge)  # on its own keys only before any key is listed
        if any(r.model.forge != "github" or _signed_with(r, trusted) for r in good):
            foreign = not_approved(repo, found.newest, merge)
            if foreign:
                found.refused[merge] = foreign
                continue
            found.verified.append(merge)
            keys = _record_keys(repo, merge)
    return found


def not_approved(repo: GitRepo, verified: str, merge: str) -> str | None:
    """Why ``merge`` is not trusted code although its change was approved, or None. It is not when it differs
    from ``verified`` (the newest verified commit) in a path its own change did not bring in (changed from
    its first parent, exactly as its approved head, the second parent, has it); never when ``verified`` is
    its first parent."""
    parents = repo.run("rev-list", "--parents", "-n1", merge).split()[1:]
    if parents[0] == verified:
        return None

    def changed(old: str, new: str) -> list[str]:
        return [p for p in repo.run("diff", "--name-only", "-z", "--no-renames", old, new).split("\0") if p]

    own = set(changed(parents[0], merge))
    differing = changed(verified, merge)
    ids = object_ids(repo, [f"{c}:{path}" for path in differing for c in (merge, parents[1])])
    foreign = [p for p in differing if p not in own or ids[f"{merge}:{p}"] != ids[f"{parents[1]}:{p}"]]
    if not foreign:
        return None
    return _(
        "{commit} holds {paths} as neither the newest verified commit nor its own approved change has "
        "them (brought in by a commit that did not go through the SOP)",
        commit=merge[:7],
        paths=", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else ""),
    )


def _signed_with(record: Record, keys: list[str]) -> bool:
    return record.attestation is not None and verify(record.raw, record.attestation, keys, RECORD_NAMESPACE) is None
