"""Which publications on main may be shown and posted: re-derived from git and the records, every time.

For each publication folder on main, look for an approval record whose approved tree is exactly the
folder's tree now, and re-verify that record from scratch. Nothing a record says is taken on its word:

- its merge commit is on main's first-parent line, with the recorded base and head as parents;
- it names only publications whose paths that merge changed;
- how it is authenticated decides whose identities it holds: a record of the local forge counts only
  with every review signed by a key listed for its signer in sop.yml as it was on main before the merge
  (or, with ``signatures: unsigned`` there, on trust, and says so); a record of a GitHub merge counts
  only when the protected publish job signed its exact bytes with a key in ``record_keys`` of sop.yml on
  main (that job verified the reviews with GitHub itself);
- no signature in it (a review's, or the publish job's) was made by a key in ``revoked_keys`` of sop.yml
  on main as it is **now**: a stolen key voids all it ever signed, while a key only removed from
  ``signing_keys`` (retired) leaves what it signed before valid;
- the merge commit's final trailer block names exactly the signatures the policy finds (a GitHub merge
  made in the web interface carries no trailers; its record's signature stands for them);
- the policy, re-run with sop.yml as it was on main just before the merge, the authors and paths git
  shows and the authenticated reviews, says the chain is complete.

The work is a fixed number of git processes whatever the number of publications (ls-tree, log and
cat-file in batch), and signatures are checked in process, so it stays linear in the size of the archive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

from ..content.life import Life
from ..content.load import front_matter
from ..content.paths import INDEX, PUBLICATION_DIRS, publication_folder, publication_index, publication_of
from ..git import MAIN, GitRepo, TreeEntry, folder_trees, is_object_id
from ..messages import _
from ..problems import ConfigError
from ..signing import RECORD_NAMESPACE, REVIEW_NAMESPACE, verify
from ..sop.config import SOP_FILE, Sop, parse_sop
from ..sop.evaluate import evaluate
from ..sop.facts import IdentityKind, Review, build_change_facts
from ..sop.labels import role_label
from ..sop.result import Node, Status
from .life import Merge, derive_life
from .mainline import MainBranch
from .record import Record, load_records, signature_keys_from_trailers
from .review import authenticate, revoked_signer
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
    revoked: dict[str, str] = field(default_factory=dict)
    """{publication id: why} of the excluded publications whose approval a revoked key signed: they are
    shown again once signed again (``revoked_keys`` of sop.yml on main)."""
    drafts: dict[str, bytes | None] = field(default_factory=dict)
    """{approved publication id: its ``index.md`` as the verification read it, None when there is none}: main's
    own bytes, since the approved folder is main's folder (the same tree id); whoever loads the drafts reads
    them here instead of reading them again (``approved_publications`` empties it)."""
    lives: dict[str, Life] = field(default_factory=dict)
    """{approved publication id: its corrections and withdrawal} from its verified records (``derive_life``);
    a publication merged once is absent (``UNCHANGED``)."""


@dataclass
class _Commit:
    parents: tuple[str, ...]
    author: str
    committer: str
    at: datetime
    message: str = ""


def verify_main(
    repo: GitRepo,
    ref: str = MAIN,
    *,
    every_record: bool = False,
    main: str | None = None,
    listed: list[TreeEntry] | None = None,
) -> Verdict:
    """The verdict on main. Only the records that decide a publication on main are verified (for each, the
    newest record whose approved tree is the folder's tree now, until one verifies), so the work grows
    with the publications shown, not with the archive's history. ``every_record``: verify them all (the
    Lembar Pengesahan and the report name each record's standing). ``main``: the commit of main the caller
    resolved already (``MainBranch.sha``: one command reads one main), else ``ref`` is resolved here. ``listed``:
    main's content as the caller listed it already (``GitRepo.ls_tree`` of ``content`` at ``main``, with its
    folders: the build lists it to export it): its folders are not listed nor read again."""
    main = _main_commit(repo, ref, main)
    verdict = Verdict(main=main)
    publications = _publications_at(repo, main, listed)
    records = load_records(BranchStore(repo))
    if not publications and not every_record:
        return verdict

    commits, mainline = _history(repo, main)
    side = _side_commits(commits, mainline)
    paths = _merge_paths(repo, main)

    on_main = [r for r in records if r.merge_commit in side]
    trees, blobs = _read_by_id(repo, _names_to_read(on_main, paths), folder_trees(listed or []))
    sops: dict[str, Sop | str] = {}
    trusted = MainBranch(repo, at=main)
    main_sop = trusted.sop(main)
    repository = trusted.repository_id
    revoked: set[str] = set()

    def why_not(record: Record) -> str | None:
        """None if ``record`` verifies, else why not (each record verified once)."""
        if record.path not in verdict.records:
            if record.merge_commit not in side:
                verdict.records[record.path] = _("its merge commit is not on main")
            elif cut := _revoked(record, main_sop):
                verdict.records[record.path] = cut
                revoked.add(record.path)
            else:
                verdict.records[record.path] = _verify_record(
                    record, repo, commits, side, paths, trees, blobs, sops, main_sop, repository
                )
        return verdict.records[record.path]

    if every_record:
        for record in records:
            why_not(record)

    by_publication: dict[str, list[Record]] = {}
    for record in records:  # oldest first, so the last of each list is the latest
        for publication in record.publications:
            by_publication.setdefault(publication, []).append(record)

    def read(commit: str, path: str) -> bytes | None:
        return _read(repo, blobs, commit, path)

    for publication, tree in sorted(publications.items()):
        _decide(verdict, publication, tree, by_publication.get(publication, []), why_not, revoked, ref, read)

    _lives(verdict, by_publication, why_not, mainline, commits, read)
    return verdict


def _main_commit(repo: GitRepo, ref: str, main: str | None) -> str:
    """``main`` (an object id the caller resolved), else ``ref`` resolved now; ConfigError when there is none."""
    if main is not None and not is_object_id(main):
        raise ValueError(f"main must be a commit's object id, not {main!r}")  # a caller's bug, never a person's input
    main = main or repo.rev(f"refs/heads/{ref}") or repo.rev(ref)
    if main is None:
        raise ConfigError(_("no branch {branch} (run humas init first)", branch=ref))
    return main


def _read(repo: GitRepo, blobs: dict[str, bytes | None], commit: str, path: str) -> bytes | None:
    """A file of a commit: from the batch read when it was read there (None: not there), else from git."""
    name = f"{commit}:{path}"
    return blobs[name] if name in blobs else repo.show(commit, path)


def _lives(
    verdict: Verdict,
    by_publication: dict[str, list[Record]],
    why_not: Callable[[Record], str | None],
    mainline: list[str],
    commits: dict[str, _Commit],
    read: Callable[[str, str], bytes | None],
) -> None:
    """Each approved publication's life, from its verified records in main's order (``derive_life``)."""
    order = {sha: position for position, sha in enumerate(mainline)}
    for publication in verdict.approved:
        if len(by_publication.get(publication, [])) < 2:  # published once, never changed: no git read at all
            continue
        verified = [r for r in by_publication.get(publication, []) if why_not(r) is None]
        verified.sort(key=lambda r: order.get(r.merge_commit, -1))
        verdict.lives[publication] = derive_life([_merge_of(r, publication, commits, read) for r in verified])


def _merge_of(
    record: Record, publication: str, commits: dict[str, _Commit], read: Callable[[str, str], bytes | None]
) -> Merge:
    """A verified record as one merge of ``publication``: when main took it (the merge commit's time, from git:
    not the record's word), and the draft before and after it."""
    index = publication_index(publication)

    def front(commit: str) -> dict[str, Any] | None:
        # The raw reader on purpose, not draft_of: the life reads what main held even where the model refuses
        # it (a ``ditarik`` the model rejects still withdraws: fail closed), as the policy reads it.
        raw = read(commit, index)
        return front_matter(raw) if raw is not None else None

    return Merge(
        record=record.path.rsplit("/", 1)[-1],
        at=commits[record.merge_commit].at,
        front=front(record.model.head),
        before=front(record.model.base),
    )


Named = set[tuple[str, str]]
"""(commit, path) pairs."""


def _names_to_read(on_main: list[Record], paths: dict[str, set[str]]) -> tuple[Named, Named]:
    """(folders, files) as (commit, path) of what verifying ``on_main`` reads: each approved folder; sop.yml
    before each merge and the draft of every publication each merge changed."""
    folders: Named = set()
    files: Named = set()
    for record in on_main:
        base, head = record.model.base, record.model.head
        files.add((base, SOP_FILE))
        for publication in record.publications:
            folders.add((head, publication_folder(publication)))
        for publication in {p for path in paths.get(record.merge_commit, set()) if (p := publication_of(path))}:
            files.add((head, publication_index(publication)))
            files.add((base, publication_index(publication)))  # what the change did to it (``change_acts``)
    return folders, files


def _read_by_id(
    repo: GitRepo,
    names: tuple[Named, Named],
    known: Mapping[str, Mapping[str, tuple[str, str]]] | None = None,
) -> tuple[dict[str, str | None], dict[str, bytes | None]]:
    """({``<commit>:<folder>``: its tree's id}, {``<commit>:<file>``: its bytes}), None where there is none:
    read from each commit's trees by object id (``GitRepo.entries_at``, ``GitRepo.blobs_of``: a fixed number
    of git processes, and git never walks a path), never through a ref (a commit that is not a full object id
    finds nothing)."""
    folders, files = names
    entries = repo.entries_at(folders | files, known)  # one walk: the commits and trees on the way read once
    trees = {f"{c}:{p}": e.sha if (e := entries[c, p]) is not None and e.kind == "tree" else None for c, p in folders}
    blobs = {f"{c}:{p}": raw for (c, p), raw in repo.blobs_of({key: entries[key] for key in files}).items()}
    return trees, blobs


def _decide(
    verdict: Verdict,
    publication: str,
    tree: str,
    mentioned: list[Record],
    why_not: Callable[[Record], str | None],
    revoked: set[str],
    ref: str,
    read: Callable[[str, str], bytes | None],
) -> None:
    """Whether ``publication`` (its folder's ``tree`` on main) is approved, and else why not, from the records
    that name it (oldest first). ``read``: a file of a commit (the approved draft is kept in ``verdict.drafts``)."""
    matching = next(
        (r for r in reversed(mentioned) if r.publications[publication] == tree and why_not(r) is None), None
    )
    if matching is not None:
        verdict.approved[publication] = Approved(publication, tree, matching)
        verdict.drafts[publication] = read(matching.model.head, publication_index(publication))
        return
    cut = next((r for r in reversed(mentioned) if r.publications[publication] == tree and r.path in revoked), None)
    if cut is not None:
        verdict.excluded[publication] = verdict.revoked[publication] = _(
            "approval record {record} does not verify: {why}", record=cut.path, why=verdict.records[cut.path]
        )
        return
    good = next((r for r in reversed(mentioned) if why_not(r) is None), None)
    if good is not None:
        verdict.excluded[publication] = _(
            "changed after approval (approved in {record}, the content on {branch} differs)",
            record=good.path,
            branch=ref,
        )
    elif mentioned:
        verdict.excluded[publication] = _(
            "approval record {record} does not verify: {why}",
            record=mentioned[-1].path,
            why=verdict.records[mentioned[-1].path],
        )
    else:
        verdict.excluded[publication] = _("no approval record (committed to main without the SOP chain)")


def _revoked(record: Record, main_sop: Sop) -> str | None:
    """Why ``record`` is cut by ``revoked_keys`` of sop.yml on main as it is now (not before the merge: a
    stolen key revoked today voids what it signed yesterday), or None."""
    if not main_sop.revoked:
        return None
    if record.model.forge == "github":
        key = revoked_signer(record.raw, record.attestation, main_sop, RECORD_NAMESPACE)
        return _("the publish job signed it with revoked key {key}", key=key) if key else None
    for review in record.model.signed_reviews:
        key = revoked_signer(review.payload(), review.signature, main_sop, REVIEW_NAMESPACE)
        if key:
            return _(
                "{name}'s review as {role} is signed with revoked key {key}",
                name=review.name,
                role=role_label(review.role, main_sop.language),
                key=key,
            )
    return None


def _publications_at(repo: GitRepo, main: str, listed: list[TreeEntry] | None) -> dict[str, str]:
    found = {}
    if listed is None:
        listed = repo.ls_tree(main, list(PUBLICATION_DIRS), trees=True)  # paths checked: HostileTree
    for entry in listed:
        if (
            entry.kind == "tree"
            and (publication := publication_of(f"{entry.path}/{INDEX}"))
            and publication_folder(publication) == entry.path
        ):
            found[publication] = entry.sha
    return found


def _history(repo: GitRepo, main: str) -> tuple[dict[str, _Commit], list[str]]:
    out = repo.run("log", "--format=%H%x1f%P%x1f%ae%x1f%ce%x1f%ct%x1f%B%x1e", main)
    commits: dict[str, _Commit] = {}
    for chunk in out.split("\x1e"):
        chunk = chunk.lstrip("\n")
        if not chunk:
            continue
        sha, parents, author, committer, stamp, message = chunk.split("\x1f", 5)
        commits[sha] = _Commit(
            tuple(parents.split()),
            author.lower(),
            committer.lower(),
            datetime.fromtimestamp(int(stamp), tz=UTC),
            message,
        )
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
    out = repo.run(
        "log", "--first-parent", "--diff-merges=first-parent", "--name-only", "--no-renames", "--format=%x1e%H", main
    )
    found: dict[str, set[str]] = {}
    for chunk in out.split("\x1e"):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if lines:
            found[lines[0]] = set(lines[1:])
    return found


def _verify_record(
    record: Record,
    repo: GitRepo,
    commits: dict[str, _Commit],
    side: dict[str, list[str]],
    paths: dict[str, set[str]],
    trees: dict[str, str | None],
    blobs: dict[str, bytes | None],
    sops: dict[str, Sop | str],
    main_sop: Sop,
    repository: str,
) -> str | None:
    model = record.model
    merge = record.merge_commit
    base, head = model.base, model.head
    if commits[merge].parents != (base, head):
        return _("its merge commit's parents are not the recorded base and head")
    changed = paths.get(merge, set())
    touched = {p for path in changed if (p := publication_of(path))}
    foreign = sorted(set(record.publications) - touched)
    if foreign:
        return _("it names {publications}, which its merge did not change", publications=", ".join(foreign))
    sop = _sop_before(blobs.get(f"{base}:{SOP_FILE}"), sops)
    if isinstance(sop, str):
        return sop
    brought = side[merge]
    emails = {commits[c].author for c in brought} | {commits[c].committer for c in brought}
    identities = _identities(record, sop, main_sop, emails, repository)
    if isinstance(identities, str):
        return identities
    kind, authors, reviews = identities

    facts = build_change_facts(
        sop,
        head=head,
        started_at=commits[head].at if head in commits else datetime.now(UTC),
        paths=sorted(changed),
        authors=authors,
        reviews=reviews,
        identity_kind=kind,
        read_head=lambda path: _read(repo, blobs, head, path),
        read_base=lambda path: _read(repo, blobs, base, path),
    )
    result = evaluate(sop, facts)
    if result.status != Status.APPROVED:
        return _(
            "the chain is not complete when re-checked ({status}: {reason})",
            status=result.status.label,
            reason=result.reason.code,
        )
    return _signatures_why_not(record, result, commits[merge].message, kind, trees)


def _sop_before(raw_sop: bytes | None, sops: dict[str, Sop | str]) -> Sop | str:
    """sop.yml on main just before the merge, or why it cannot be read (parsed once per content)."""
    if raw_sop is None:
        return _("sop.yml is missing on main before the merge")
    digest = sha256(raw_sop).hexdigest()
    if digest not in sops:
        try:
            sops[digest] = parse_sop(raw_sop.decode("utf-8", "replace"))
        except ConfigError as error:
            sops[digest] = _("sop.yml before the merge is not valid: {why}", why=error.message)
    return sops[digest]


def _identities(
    record: Record, sop: Sop, main_sop: Sop, emails: set[str], repository: str
) -> tuple[IdentityKind, set[str], list[Review]] | str:
    """(whose identities, the change's authors, the authenticated reviews) of a record, or why it proves none:
    a GitHub record counts only signed by the publish job; a local one by its reviews' signatures."""
    model = record.model
    if model.forge == "github":
        if record.attestation is None:
            return _("it claims a GitHub merge but the publish job did not sign it (record.json.sig is missing)")
        why = verify(record.raw, record.attestation, main_sop.live_record_keys(), RECORD_NAMESPACE)
        if why:
            return _(
                "it claims a GitHub merge but its signature does not verify with record_keys of sop.yml: {why}", why=why
            )
        authors = {a.lower() for a in model.authors}
        for email in emails:
            person = sop.person_by_email(email)
            if person and sop.people[person].github:
                authors.add(str(sop.people[person].github).lower())
        return IdentityKind.GITHUB, authors, [r.fact() for r in model.reviews]
    if model.signatures == "unsigned" and sop.signatures != "unsigned":
        return _("its reviews are not signed, and sop.yml before the merge requires signatures")
    reviews = [authenticate(r, sop, repository=repository, branch=model.change) for r in model.signed_reviews]
    return IdentityKind.EMAIL, emails, reviews


def _signatures_why_not(
    record: Record, result: Node, message: str, kind: IdentityKind, trees: dict[str, str | None]
) -> str | None:
    """None when the merge's trailers, the record's signature table and its folders are what the policy found."""
    model = record.model
    signed = {(step.step or "", s.identity.lower()) for step in result.steps() for s in step.signatures}
    trailed = signature_keys_from_trailers(message)
    if (kind is IdentityKind.EMAIL or trailed) and trailed != signed:
        return _("the merge commit's trailers do not match the signatures")
    recorded = {
        (step.step, s.identity.lower()) for chain in model.chains for step in chain.steps for s in step.signatures
    }
    if recorded != signed:
        return _("its signature table (the Lembar Pengesahan) does not match the signatures")
    for publication, tree in record.publications.items():
        if trees.get(f"{model.head}:{publication_folder(publication)}") != tree:
            return _("the recorded content of {publication} is not the approved commit's", publication=publication)
    return None
