"""The approval record of one merged change, and the Lembar Pengesahan printed from it.

A record holds who signed which step, in which role, when and on which commit; the content hash
(SHA-256 and git blob id) of the text and every media file; and, later, the publication receipts.
It lives at ``records/<id>/`` on the ``arsip`` branch. Its durable form is :class:`RecordData`
(version 2); version-1 records are migrated when read (``read_record``), never rewritten in place.

What a record claims is never taken on its word: ``pipeline.archive.verify`` re-derives the identity
kind from how the record is authenticated (signed reviews for the local forge; a signature by the
protected publish job, ``record.json.sig``, for GitHub), the publications from the merge's changed
paths, and the chain from the policy.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import ValidationError

from ..content.load import draft_of
from ..content.paths import is_publication_id, publication_folder, publication_index, publication_of
from ..git import GitRepo
from ..problems import Problem
from ..sop.config import Sop
from ..sop.facts import ChangeFacts
from ..sop.result import Node
from .lembar import archived_letterhead, sheet_files
from .models import (
    ChainEntry,
    FileEntry,
    ForgeReview,
    ReceiptEntry,
    RecordData,
    SignatureEntry,
    SopRef,
    StepEntry,
    parse_receipt,
)
from .review import SignedReview, read_review
from .store import BranchStore

RECORDS = "records"
RECORD_FILE = "record.json"
ATTESTATION_FILE = "record.json.sig"
TRAILER_PREFIX = "Humas-"


@dataclass
class Record:
    path: str
    """The record's folder on the arsip branch, e.g. ``records/2026-11-25-publikasi-wisuda-1a2b3c4``."""
    model: RecordData
    raw: bytes = b""
    """record.json exactly as stored (what the publish job's signature covers)."""
    attestation: str | None = None
    """The armored signature of ``raw`` by the publish job (GitHub records), if any."""
    receipts: dict[str, dict[str, ReceiptEntry]] = field(default_factory=dict)
    """{publication id: {channel: receipt}}, each parsed once when read (``load_records``)."""
    problems: list[Problem] = field(default_factory=list)
    """Receipt files that are no receipt (not JSON, unreadable, or naming another place): left out."""

    @property
    def merge_commit(self) -> str:
        return self.model.merge_commit

    @property
    def publications(self) -> dict[str, str]:
        return self.model.publications


def read_record(raw: bytes) -> RecordData | None:
    """A record.json of version 2, or of version 1 migrated; None when it cannot be read."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("version") == 1:
        data = _migrate_v1(data)
    try:
        return RecordData.model_validate(data)
    except (ValidationError, TypeError, ValueError):
        return None


def _migrate_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (before signatures): the identity kind was a claim of the record (now it is derived) and
    reviews carried no signature (a local one now counts only with ``signatures: unsigned``)."""
    migrated = {k: v for k, v in data.items() if k not in ("identity_kind", "reviews")}
    migrated["version"] = 2
    forge = data.get("forge", "local")
    migrated["forge"] = forge
    migrated["signatures"] = "github" if forge == "github" else "unsigned"
    reviews = data.get("reviews") or []
    if forge == "github":
        migrated["reviews"] = [{k: r.get(k) for k in ForgeReview.model_fields if k in r} for r in reviews]
    else:
        branch = str(data.get("change", ""))
        migrated["signed_reviews"] = [
            review.model_dump() for r in reviews if isinstance(r, dict) and (review := read_review(r, branch))
        ]
    for chain in migrated.get("chains", []):
        for step in chain.get("steps", []):
            for signature in step.get("signatures", []):
                signature.pop("decision", None)
    return migrated


def record_id(merged_at: datetime, change: str, merge_commit: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in change.lower()).strip("-")[:60]
    return f"{merged_at.strftime('%Y-%m-%d')}-{slug}-{merge_commit[:7]}"


def content_files(repo: GitRepo, head: str, paths: list[str]) -> dict[str, dict[str, Any]]:
    """SHA-256, git blob id and size of every file the change has under content/ at ``head``."""
    folders = sorted({publication_folder(p) for path in paths if (p := publication_of(path))})
    singles = [p for p in paths if p.startswith("content/") and not publication_of(p)]
    entries = repo.tree_entries(head, folders) if folders else {}
    for path in singles:
        found = repo.tree_entries(head, [path])
        entries.update(found)
    blobs = repo.read_blobs(entries.values())
    return {
        path: {"sha256": hashlib.sha256(blobs[sha]).hexdigest(), "blob": sha, "size": len(blobs[sha])}
        for path, sha in sorted(entries.items())
        if sha in blobs
    }


def trailers(result: Node, head: str) -> list[str]:
    lines = []
    for chain in result.children:
        for step in chain.children:
            for s in step.signatures:
                bidang = f"; bidang={','.join(s.bidang)}" if s.bidang else ""
                lines.append(
                    f"{TRAILER_PREFIX}{(step.step or '').capitalize()}: {s.name} <{s.identity}>; "
                    f"role={s.role}{bidang}; at={s.at.isoformat()}; commit={s.commit}"
                )
    lines.append(f"{TRAILER_PREFIX}Head: {head}")
    return lines


def final_trailers(message: str) -> list[str]:
    """The lines of the message's final trailer block (its last paragraph, when every line of it is a
    ``Key: value`` trailer); nothing above it counts, so a title cannot smuggle a trailer in."""
    paragraphs = [p for p in message.strip().split("\n\n") if p.strip()]
    if not paragraphs:
        return []
    lines = paragraphs[-1].strip("\n").splitlines()
    if all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*: .*", line) for line in lines):
        return lines
    return []


def signature_keys_from_trailers(message: str) -> set[tuple[str, str]]:
    """{(step, identity)} read back from the final trailer block of a merge commit's message."""
    found = set()
    for line in final_trailers(message):
        if not line.startswith(TRAILER_PREFIX):
            continue
        key, _, value = line.partition(": ")
        step = key[len(TRAILER_PREFIX) :].lower()
        if step == "head" or "<" not in value:
            continue
        found.add((step, value.split("<", 1)[1].split(">", 1)[0].lower()))
    return found


def build_record(
    *,
    forge: Literal["local", "github"],
    change: str,
    title: str,
    merge_commit: str,
    base: str,
    facts: ChangeFacts,
    result: Node,
    sop: Sop,
    files: dict[str, dict[str, Any]],
    publications: dict[str, str],
    merged_at: datetime,
    merged_by: str,
    signed_reviews: Sequence[SignedReview] = (),
    channels: dict[str, list[str]] | None = None,
) -> RecordData:
    chains = []
    for chain in result.children:
        steps = []
        for step in chain.children:
            config = sop.step_by_id[step.step or ""]
            elapsed = None
            if step.started_at and step.done_at:
                elapsed = round((step.done_at - step.started_at).total_seconds() / 60)
            steps.append(
                StepEntry(
                    step=step.step or "",
                    name=config.name,
                    role=step.role or "",
                    minutes=step.minutes,
                    bidang=list(step.bidang),
                    started_at=step.started_at.isoformat() if step.started_at else None,
                    done_at=step.done_at.isoformat() if step.done_at else None,
                    elapsed_minutes=elapsed,
                    signatures=[
                        SignatureEntry(
                            person=s.person,
                            name=s.name,
                            jabatan=sop.people[s.person].jabatan,
                            nip=sop.people[s.person].nip,
                            identity=s.identity,
                            role=s.role,
                            bidang=list(s.bidang),
                            at=s.at.isoformat(),
                            commit=s.commit,
                            message=s.message,
                        )
                        for s in step.signatures
                    ],
                )
            )
        chains.append(ChainEntry(name=chain.name, paths=chain.paths, steps=steps))
    return RecordData(
        forge=forge,
        signatures="github" if forge == "github" else sop.signatures,
        change=change,
        title=title,
        institution=sop.institution,
        unit=sop.unit,
        sop=SopRef(number=sop.sop.number, name=sop.sop.name),
        language=sop.language,
        merge_commit=merge_commit,
        base=base,
        head=facts.head,
        merged_at=merged_at.isoformat(),
        merged_by=merged_by,
        bidang=sorted(facts.bidang),
        authors=sorted(facts.authors),
        chains=chains,
        reviews=[
            ForgeReview(
                reviewer=r.reviewer,
                name=r.name,
                decision=r.decision,
                commit=r.commit,
                at=r.at.isoformat(),
                role=r.role,
                message=r.message,
                is_bot=r.is_bot,
            )
            for r in facts.reviews
        ]
        if forge == "github"
        else [],
        signed_reviews=list(signed_reviews),
        files={path: FileEntry(**entry) for path, entry in files.items()},
        publications=publications,
        channels=channels or {},
    )


def publication_channels(repo: GitRepo, head: str, publications: Sequence[str]) -> dict[str, list[str]]:
    """{publication id: the channels its draft names at ``head``}, in the product's channel order."""
    found = {}
    blobs = repo.read_blobs(f"{head}:{publication_index(p)}" for p in publications)
    for publication in publications:
        raw = blobs.get(f"{head}:{publication_index(publication)}")
        draft = draft_of(raw, publication_index(publication))[0] if raw is not None else None
        channels = getattr(draft.meta, "channels", None) if draft else None  # absent: it did not validate
        found[publication] = channels.names() if channels is not None else []
    return found


def record_folder(record: RecordData) -> str:
    return f"{RECORDS}/{record_id(datetime.fromisoformat(record.merged_at), record.change, record.merge_commit)}"


def record_file(record: RecordData) -> bytes:
    return json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False).encode() + b"\n"


def write_record(
    store: BranchStore, record: RecordData, *, attestation: str | None = None, remove: Sequence[str] = ()
) -> str:
    """Write record.json (and the publish job's signature of its exact bytes, if given) with the Lembar
    Pengesahan (Markdown, HTML and the PDF as signed: receipts later update the Markdown and HTML, and
    ``humas lembar`` prints a PDF with them), in one commit on arsip."""
    folder = record_folder(record)
    files: dict[str, bytes | None] = {f"{folder}/{RECORD_FILE}": record_file(record)}
    letterhead = archived_letterhead(store.repo, record.merge_commit)
    files.update(sheet_files(folder, record, letterhead=letterhead))
    if attestation is not None:
        files[f"{folder}/{ATTESTATION_FILE}"] = attestation.encode()
    for path in remove:
        files[path] = None
    store.write(files, f"record: {record.change} merged as {record.merge_commit[:7]}")
    return folder


def load_records(store: BranchStore) -> list[Record]:
    """Every readable record with its attestation and receipts, read in two git calls."""
    everything = store.read_many(f"{RECORDS}/", (".json", ".sig"))
    records: dict[str, Record] = {}
    attestations: dict[str, bytes] = {}
    receipts: list[tuple[str, str, str, bytes]] = []
    for path, raw in everything.items():
        parts = path.split("/")
        folder = "/".join(parts[:2])
        if len(parts) == 3 and parts[2] == RECORD_FILE:
            model = read_record(raw)
            if model is not None:
                records[folder] = Record(path=folder, model=model, raw=raw)
        elif len(parts) == 3 and parts[2] == ATTESTATION_FILE:
            attestations[folder] = raw
        elif (
            len(parts) >= 6
            and parts[2] == "receipts"
            and parts[-1].endswith(".json")
            and is_publication_id(publication := "/".join(parts[3:-1]))
        ):
            receipts.append((folder, publication, parts[-1][:-5], raw))
    for folder, raw in attestations.items():
        if folder in records:
            records[folder].attestation = raw.decode("utf-8", "replace")
    for folder, publication, channel, raw in receipts:
        if folder in records:
            try:
                entry = parse_receipt(raw, publication, channel)
            except ValueError as why:
                path = f"arsip:{folder}/receipts/{publication}/{channel}.json"
                records[folder].problems.append(Problem(path, 0, "", str(why)))
                continue
            records[folder].receipts.setdefault(publication, {})[channel] = entry
    return sorted(records.values(), key=lambda r: (r.model.merged_at, r.path))
