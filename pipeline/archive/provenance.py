"""Where main's rules come from: sop.yml, mkdocs.yml (with docs/ beside it) and pipeline/ count only when
the commit that last changed each of them on main's first-parent line is trusted.

Trusted is one of:

- the founding commit: the root of main's first-parent line (``humas init``, with the first keys);
- the founding act: the one commit ``humas kunci awal`` makes on a main that lists no key at all, which
  only adds keys to sop.yml and is recorded on arsip (``pipeline.archive.founding``);
- a verified merge: a merge commit whose approval record on arsip verifies from scratch
  (``pipeline.archive.verify``; on GitHub a record signed by the publish job's key is a verified merge).

A file that untrusted commits changed and then put back exactly as a trusted commit left it counts
(``restore the file``). Anything else is refused, naming the file and the commit: a sop.yml committed
straight to main cannot give a sock puppet a role, nor mkdocs.yml run hooks in the build.

The work is one ``git log`` over main's first-parent line (limited to these paths) and a few git
processes per merge to verify, whatever the number of publications.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from ..content.paths import publication_folder
from ..git import MAIN, GitRepo, object_ids, read_named_blobs
from ..messages import _
from ..problems import ConfigError, NotAcceptable
from ..sop.config import SOP_FILE, Sop, parse_sop
from ..sop.keys import key_id
from . import verify
from .record import ATTESTATION_FILE, RECORD_FILE, RECORDS, Record, read_record
from .store import BranchStore

FOUNDING_FILE = "founding/act.json"
"""The record of the founding act on arsip (``pipeline.archive.founding`` writes it)."""

GUARDED = (SOP_FILE, "mkdocs.yml", "docs", "overrides/humas", "pipeline")
"""What main's rules are made of: the policy, the website's configuration and what it names, the
institution's page templates (``pipeline.site.templating.OVERRIDES``), the code."""


@dataclass(frozen=True)
class Untrusted:
    path: str
    commit: str
    subject: str
    why: str

    def line(self) -> str:
        return _(
            '{path}: last changed on {main} by {commit} "{subject}", which is neither a verified merge nor the '
            "founding commit ({why}): put that change through the SOP (a branch, every signature, humas "
            "merge), or restore {path} as it was before that commit",
            path=self.path,
            main=MAIN,
            commit=self.commit[:7],
            subject=self.subject,
            why=self.why,
        )


def require_provenance(repo: GitRepo, main: str, main_sop: Sop) -> None:
    """Raise ``NotAcceptable`` (exit 1) naming every guarded path whose last change on main is not trusted."""
    untrusted = check_provenance(repo, main, main_sop)
    if untrusted:
        raise NotAcceptable(
            "\n  ".join(
                [_("the rules on {main} do not come from the SOP chain; humas will not use them:", main=MAIN)]
                + [u.line() for u in untrusted]
                + [
                    _(
                        "(a copy of another repository with its history, such as a clone of humas itself, has no "
                        "trust root of its own: start the institution's repository with humas init DIR, or GitHub's "
                        "Use this template, whose first commit is the trust root)"
                    )
                ]
            )
        )


def check_provenance(repo: GitRepo, main: str, main_sop: Sop) -> list[Untrusted]:
    changes = _changes(repo, main)
    root = _first_parent_root(repo, main)
    verdicts: dict[str, str | None] = {}

    def why_not(commit: str) -> str | None:
        if commit not in verdicts:
            verdicts[commit] = _why_not_trusted(repo, commit, root, main_sop)
        return verdicts[commit]

    found = []
    for path in GUARDED:
        touching = [commit for commit, names in changes if any(_below(name, path) for name in names)]
        if not touching or why_not(touching[0]) is None:
            continue
        trusted = next((c for c in touching[1:] if why_not(c) is None), None)
        if trusted is not None:
            ids = object_ids(repo, [f"{main}:{path}", f"{trusted}:{path}"])
            if ids[f"{main}:{path}"] == ids[f"{trusted}:{path}"]:
                continue  # changed and then restored exactly as a trusted commit left it
        commit = touching[0]
        subject = repo.run("log", "-1", "--format=%s", commit).strip()
        found.append(Untrusted(path, commit, subject, verdicts[commit] or ""))
    return found


def _below(name: str, path: str) -> bool:
    return name == path or name.startswith(path + "/")


def _changes(repo: GitRepo, main: str) -> list[tuple[str, set[str]]]:
    """[(commit, the guarded paths it changed)] on main's first-parent line, newest first (a merge compared
    with its first parent, as the SOP sees it)."""
    out = repo.run(
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--name-only",
        "--no-renames",
        "--format=%x1e%H",
        main,
        "--",
        *GUARDED,
    )
    found = []
    for chunk in out.split("\x1e"):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if lines:
            found.append((lines[0], set(lines[1:])))
    return found


def _first_parent_root(repo: GitRepo, main: str) -> str:
    return repo.roots(main, first_parent=True)[0]


def _why_not_trusted(repo: GitRepo, commit: str, root: str, main_sop: Sop) -> str | None:
    if commit == root:
        return None
    parents = repo.run("rev-list", "--parents", "-n", "1", commit).split()[1:]
    if len(parents) == 1:
        why = founding_act_why_not(repo, commit)
        if why is None:
            return None
        if not why:
            return _("committed straight to {main}", main=MAIN)
        return _("committed straight to {main}, and not a valid founding act: {why}", main=MAIN, why=why)
    if len(parents) != 2:
        return _("a merge of {count} parents", count=len(parents))
    return verified_merge_why_not(repo, commit, parents[0], parents[1], main_sop)


def verified_merge_why_not(repo: GitRepo, merge: str, base: str, head: str, main_sop: Sop) -> str | None:
    """None if a record of ``merge`` on arsip verifies (``verify._verify_record``, fed only this merge's
    history), else why not."""
    records = _records_of(repo, merge)
    if not records:
        return _("no approval record of it on arsip")
    layout = "--format=%H%x1f%P%x1f%ae%x1f%ce%x1f%ct%x1f%B%x1e"
    out = repo.run("log", "-1", layout, merge) + repo.run("log", layout, f"{base}..{head}")
    commits: dict[str, verify._Commit] = {}
    for chunk in out.split("\x1e"):
        chunk = chunk.lstrip("\n")
        if not chunk:
            continue
        sha, parents, author, committer, stamp, message = chunk.split("\x1f", 5)
        commits[sha] = verify._Commit(
            tuple(parents.split()),
            author.lower(),
            committer.lower(),
            datetime.fromtimestamp(int(stamp), tz=UTC),
            message,
        )
    side = {merge: [c for c in commits if c != merge]}
    changed = repo.run("diff", "--name-only", "--no-renames", "-z", base, merge)
    paths = {merge: {p for p in changed.split("\0") if p}}
    names = [f"{base}:{SOP_FILE}"]
    for record in records:
        names.extend(f"{record.model.head}:{publication_folder(p)}" for p in record.publications)
    trees = object_ids(repo, names[1:])
    blobs: dict[str, bytes | None] = dict(read_named_blobs(repo, names[:1]))
    sops: dict[str, Sop | str] = {}
    repository = sorted(repo.roots(merge))[0]
    why: str | None = _("no approval record of it on arsip")
    for record in records:
        if (record.model.base, record.model.head) != (base, head):
            why = _("its merge commit's parents are not the recorded base and head")
            continue
        why = verify._verify_record(record, repo, commits, side, paths, trees, blobs, sops, main_sop, repository)
        if why is None:
            return None
    return _("its approval record does not verify: {why}", why=why)


def _records_of(repo: GitRepo, merge: str) -> list[Record]:
    """The records on arsip that claim ``merge`` (their folder ends with its short id), read one by one."""
    store = BranchStore(repo)
    tip = store.tip()
    if tip is None:
        return []
    listing = repo.run("ls-tree", "-d", "--name-only", "-z", tip, f"{RECORDS}/")
    folders = [f for f in listing.split("\0") if f.endswith("-" + merge[:7])]
    names = [f"{tip}:{f}/{name}" for f in folders for name in (RECORD_FILE, ATTESTATION_FILE)]
    blobs = read_named_blobs(repo, names)
    found = []
    for folder in folders:
        raw = blobs.get(f"{tip}:{folder}/{RECORD_FILE}")
        model = read_record(raw) if raw is not None else None
        if model is None or model.merge_commit != merge:
            continue
        signature = blobs.get(f"{tip}:{folder}/{ATTESTATION_FILE}")
        found.append(
            Record(
                path=folder,
                model=model,
                raw=raw or b"",
                attestation=signature.decode("utf-8", "replace") if signature is not None else None,
            )
        )
    return found


def sop_at(repo: GitRepo, ref: str) -> Sop | None:
    """sop.yml at ``ref``, or None when it is missing or not valid."""
    raw = repo.show(ref, SOP_FILE)
    if raw is None:
        return None
    try:
        return parse_sop(raw.decode("utf-8", "replace"), f"{SOP_FILE} ({ref[:7]})")
    except ConfigError:
        return None


def has_no_key(sop: Sop) -> bool:
    """True when sop.yml lists no key at all: no person's signing key, no record key."""
    return not sop.record_keys and not any(p.signing_keys for p in sop.people.values())


def _without_keys(sop: Sop) -> dict[str, object]:
    data = sop.model_dump()
    for person in data["people"].values():
        person["signing_keys"] = []
    return data


def founding_act_why_not(repo: GitRepo, commit: str) -> str | None:
    """None when ``commit`` is the founding act (proved by git and named by the record), else why not
    ('' when the record on arsip does not even name it)."""
    raw = BranchStore(repo).read(FOUNDING_FILE)
    act = read_act(raw)
    if act is None or act.get("commit") != commit:
        return ""  # not claimed as the founding act
    parents = repo.run("rev-list", "--parents", "-n", "1", commit).split()[1:]
    if len(parents) != 1:
        return _("the founding act must be one commit with one parent")
    parent = parents[0]
    changed = {p for p in repo.run("diff", "--name-only", "--no-renames", "-z", parent, commit).split("\0") if p}
    if changed != {SOP_FILE}:
        return _("the founding act may change sop.yml only")
    before, after = sop_at(repo, parent), sop_at(repo, commit)
    if before is None or after is None:
        return _("sop.yml is not valid before or after the founding act")
    if not has_no_key(before):
        return _("sop.yml listed keys already before the founding act")
    if after.record_keys or _without_keys(before) != _without_keys(after):
        return _("the founding act changed more of sop.yml than the first keys")
    added = {
        p: sorted(key_id(k) for k in person.signing_keys) for p, person in after.people.items() if person.signing_keys
    }
    recorded = act.get("keys")
    if not isinstance(recorded, dict) or added != {
        p: sorted(key_id(str(k)) for k in keys) for p, keys in recorded.items() if isinstance(keys, list)
    }:
        return _("the keys in sop.yml are not the keys the founding act recorded")
    if any(u.path == SOP_FILE for u in check_provenance(repo, parent, before)):
        return _("sop.yml before the founding act does not come from a trusted commit")
    return None


def read_act(raw: bytes | None) -> dict[str, object] | None:
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
