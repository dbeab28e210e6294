"""Which publications on main may be shown and posted: re-derived from git and the records, every time.

For each publication folder on main, look for an approval record whose approved tree is exactly the
folder's tree now, and re-verify that record from scratch: its merge commit is on main's first-parent
line with the recorded parents; its signatures agree with the merge commit's trailers; and the policy,
re-run with sop.yml as it was on main just before the merge, the authors and paths git shows, and the
recorded reviews, says the chain is complete. Nothing here trusts a flag or a status.

The work is a fixed number of git processes whatever the number of publications (ls-tree, log and
cat-file in batch), so it stays linear in the size of the archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

from ..content.load import front_matter, publication_of
from ..forge.git import MAIN, GitRepo, object_ids, read_named_blobs
from ..problems import ConfigError
from ..sop.config import SOP_FILE, Sop, parse_sop
from ..sop.evaluate import evaluate
from ..sop.facts import ChangeFacts, Decision, IdentityKind, Review
from ..sop.result import Status
from .record import Record, load_records, signature_keys, signature_keys_from_trailers
from .store import BranchStore


@dataclass(frozen=True)
class Approved:
    id: str
    tree: str
    record: Record


@dataclass
class Verdict:
    main: str
    approved: dict[str, Approved] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)
    """{publication id: why it is not shown}."""
    records: dict[str, str | None] = field(default_factory=dict)
    """{record path: None if it verifies, else why not}."""


@dataclass
class _Commit:
    parents: tuple[str, ...]
    author: str
    committer: str
    at: datetime
    message: str = ""


def verify_main(repo: GitRepo, ref: str = MAIN) -> Verdict:
    main = repo.rev(f"refs/heads/{ref}") or repo.rev(ref)
    if main is None:
        raise ConfigError(f"no branch {ref} (run humas init first)")
    verdict = Verdict(main=main)
    publications = _publications_at(repo, main)
    records = load_records(BranchStore(repo))
    if not publications:
        return verdict

    commits, mainline = _history(repo, main)
    side = _side_commits(commits, mainline)
    paths = _merge_paths(repo, main)

    on_main = [r for r in records if r.merge_commit in side]
    heads = {r.merge_commit: str(r.data.get("head")) for r in on_main}
    names = []
    for record in on_main:
        base, head = str(record.data.get("base")), heads[record.merge_commit]
        names.append(f"{base}:{SOP_FILE}")
        for publication in record.publications:
            names.append(f"{head}:content/publikasi/{publication}")
            names.append(f"{head}:content/publikasi/{publication}/index.md")
    trees = object_ids(repo, [n for n in names if not n.endswith((".md", SOP_FILE))])
    blobs = read_named_blobs(repo, [n for n in names if n.endswith((".md", SOP_FILE))])
    sops: dict[str, Sop | str] = {}

    for record in records:
        if record.merge_commit not in side:
            verdict.records[record.path] = "its merge commit is not on main"
            continue
        verdict.records[record.path] = _verify_record(record, commits, side, paths, trees, blobs, sops)

    by_publication: dict[str, list[Record]] = {}
    for record in records:  # oldest first, so the last of each list is the latest
        for publication in record.publications:
            by_publication.setdefault(publication, []).append(record)
    for publication, tree in sorted(publications.items()):
        mentioned = by_publication.get(publication, [])
        good = [r for r in mentioned if verdict.records.get(r.path) is None]
        matching = [r for r in good if r.publications[publication] == tree]
        if matching:
            verdict.approved[publication] = Approved(publication, tree, matching[-1])
        elif good:
            verdict.excluded[publication] = (
                f"changed after approval (approved in {good[-1].path}, the content on {ref} differs)")
        elif mentioned:
            verdict.excluded[publication] = f"approval record {mentioned[-1].path} does not verify: " \
                                            f"{verdict.records[mentioned[-1].path]}"
        else:
            verdict.excluded[publication] = "no approval record (committed to main without the SOP chain)"
    return verdict


def _publications_at(repo: GitRepo, main: str) -> dict[str, str]:
    out = repo.run("ls-tree", "-d", "-r", "-z", main, "--", "content/publikasi")
    found = {}
    for line in out.split("\0"):
        if not line:
            continue
        meta, _, path = line.partition("\t")
        parts = path.split("/")
        if len(parts) == 4 and (publication := publication_of(path + "/index.md")):
            found[publication] = meta.split()[2]
    return found


def _history(repo: GitRepo, main: str) -> tuple[dict[str, _Commit], list[str]]:
    out = repo.run("log", "--format=%H%x1f%P%x1f%ae%x1f%ce%x1f%ct%x1f%B%x1e", main)
    commits: dict[str, _Commit] = {}
    for chunk in out.split("\x1e"):
        chunk = chunk.lstrip("\n")
        if not chunk:
            continue
        sha, parents, author, committer, stamp, message = chunk.split("\x1f", 5)
        commits[sha] = _Commit(tuple(parents.split()), author.lower(), committer.lower(),
                               datetime.fromtimestamp(int(stamp), tz=UTC), message)
    mainline = []
    cursor: str | None = main
    while cursor:
        mainline.append(cursor)
        line: tuple[str, ...] = commits[cursor].parents if cursor in commits else ()
        cursor = line[0] if line else None
    mainline.reverse()
    return commits, mainline


def _side_commits(commits: dict[str, _Commit], mainline: list[str]) -> dict[str, list[str]]:
    """{merge commit on main's first-parent line: the commits it brought in (base..head)}."""
    reachable: set[str] = set()
    merges: dict[str, list[str]] = {}
    for sha in mainline:
        parents = commits[sha].parents
        brought: list[str] = []
        stack = list(parents[1:])
        while stack:
            current = stack.pop()
            if current in reachable or current not in commits:
                continue
            reachable.add(current)
            brought.append(current)
            stack.extend(commits[current].parents)
        if len(parents) == 2:
            merges[sha] = brought
        reachable.add(sha)
    return merges


def _merge_paths(repo: GitRepo, main: str) -> dict[str, set[str]]:
    out = repo.run("log", "--first-parent", "--diff-merges=first-parent", "--name-only", "--no-renames",
                   "--format=%x1e%H", main)
    found: dict[str, set[str]] = {}
    for chunk in out.split("\x1e"):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if lines:
            found[lines[0]] = set(lines[1:])
    return found


def _verify_record(record: Record, commits: dict[str, _Commit], side: dict[str, list[str]],
                   paths: dict[str, set[str]], trees: dict[str, str | None], blobs: dict[str, bytes],
                   sops: dict[str, Sop | str]) -> str | None:
    data = record.data
    merge = record.merge_commit
    base, head = str(data.get("base")), str(data.get("head"))
    if commits[merge].parents != (base, head):
        return "its merge commit's parents are not the recorded base and head"
    kind = IdentityKind(data.get("identity_kind", "email"))
    # Who signed which step must agree; the times may differ by a re-read of the forge's reviews.
    keys = {(step, identity) for step, identity, _ in signature_keys(data)}
    trailer_keys = {(step, identity) for step, identity, _ in signature_keys_from_trailers(commits[merge].message)}
    if (kind is IdentityKind.EMAIL or trailer_keys) and trailer_keys != keys:
        return "the merge commit's trailers do not match the recorded signatures"

    raw_sop = blobs.get(f"{base}:{SOP_FILE}")
    if raw_sop is None:
        return f"{SOP_FILE} is missing on main before the merge"
    digest = sha256(raw_sop).hexdigest()
    if digest not in sops:
        try:
            sops[digest] = parse_sop(raw_sop.decode("utf-8", "replace"))
        except ConfigError as error:
            sops[digest] = f"{SOP_FILE} before the merge is not valid: {error.message}"
    sop = sops[digest]
    if isinstance(sop, str):
        return sop

    brought = side[merge]
    if kind is IdentityKind.EMAIL:
        authors = {commits[c].author for c in brought} | {commits[c].committer for c in brought}
    else:
        logins = {str(a).lower() for a in data.get("authors", [])}
        for c in brought:
            for email in (commits[c].author, commits[c].committer):
                person = sop.person_by_email(email)
                if person and sop.people[person].github:
                    logins.add(str(sop.people[person].github).lower())
        authors = logins

    bidang = set()
    for publication in {p for path in paths.get(merge, set()) if (p := publication_of(path))}:
        raw = blobs.get(f"{head}:content/publikasi/{publication}/index.md")
        value = (front_matter(raw) or {}).get("bidang") if raw is not None else None
        if isinstance(value, str):
            bidang.add(value)
    try:
        reviews = tuple(_review(item) for item in data.get("reviews", []))
    except (KeyError, ValueError, TypeError):
        return "its reviews cannot be read"
    facts = ChangeFacts(
        head=head, started_at=commits[head].at if head in commits else datetime.now(UTC),
        authors=frozenset(authors), paths=tuple(sorted(paths.get(merge, set()))), bidang=frozenset(bidang),
        reviews=reviews, identity_kind=kind,
    )
    result = evaluate(sop, facts)
    if result.status != Status.APPROVED:
        return f"the chain is not complete when re-checked ({result.status.label}: {result.reason.code})"
    for publication, tree in record.publications.items():
        if trees.get(f"{head}:content/publikasi/{publication}") != tree:
            return f"the recorded content of {publication} is not the approved commit's"
    return None


def _review(item: dict[str, Any]) -> Review:
    at = datetime.fromisoformat(str(item["at"]))
    return Review(
        reviewer=item.get("reviewer"), decision=Decision(item["decision"]), commit=str(item["commit"]), at=at,
        role=item.get("role"), message=str(item.get("message") or ""), is_bot=bool(item.get("is_bot")),
        name=str(item.get("name") or ""),
    )
