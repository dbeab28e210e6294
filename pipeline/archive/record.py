"""The approval record of one merged change, and the Lembar Pengesahan printed from it.

A record holds who signed which step, in which role, when and on which commit; the content hash
(SHA-256 and git blob id) of the text and every media file; and, later, the publication receipts.
It lives at ``records/<id>/`` on the ``arsip`` branch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..content.load import publication_of
from ..forge.git import GitRepo
from ..sop.config import Sop
from ..sop.facts import ChangeFacts, Review
from ..sop.result import Node
from .store import BranchStore

RECORDS = "records"
RECORD_FILE = "record.json"
TRAILER_PREFIX = "Humas-"


@dataclass
class Record:
    path: str
    """The record's folder on the arsip branch, e.g. ``records/2026-11-25-publikasi-wisuda-1a2b3c4``."""
    data: dict[str, Any]
    receipts: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    """{publication id: {channel: receipt}}."""

    @property
    def merge_commit(self) -> str:
        return str(self.data["merge_commit"])

    @property
    def publications(self) -> dict[str, str]:
        """{publication id: the git tree id of its folder as approved}."""
        found = self.data.get("publications")
        return found if isinstance(found, dict) else {}


def record_id(merged_at: datetime, change: str, merge_commit: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in change.lower()).strip("-")[:60]
    return f"{merged_at.strftime('%Y-%m-%d')}-{slug}-{merge_commit[:7]}"


def content_files(repo: GitRepo, head: str, paths: list[str]) -> dict[str, dict[str, Any]]:
    """SHA-256, git blob id and size of every file the change has under content/ at ``head``."""
    folders = sorted({f"content/publikasi/{p}" for path in paths if (p := publication_of(path))})
    singles = [p for p in paths if p.startswith("content/") and not publication_of(p)]
    entries = repo.tree_entries(head, folders) if folders else {}
    for path in singles:
        found = repo.tree_entries(head, [path])
        entries.update(found)
    blobs = repo.read_blobs(entries.values())
    return {
        path: {"sha256": hashlib.sha256(blobs[sha]).hexdigest(), "blob": sha, "size": len(blobs[sha])}
        for path, sha in sorted(entries.items()) if sha in blobs
    }


def trailers(result: Node, head: str) -> list[str]:
    lines = []
    for chain in result.children:
        for step in chain.children:
            for s in step.signatures:
                bidang = f"; bidang={','.join(s.bidang)}" if s.bidang else ""
                lines.append(f"{TRAILER_PREFIX}{(step.step or '').capitalize()}: {s.name} <{s.identity}>; "
                             f"role={s.role}{bidang}; at={s.at.isoformat()}; commit={s.commit}")
    lines.append(f"{TRAILER_PREFIX}Head: {head}")
    return lines


def signature_keys_from_trailers(message: str) -> set[tuple[str, str, str]]:
    """{(step, identity, time)} read back from a merge commit's trailers."""
    found = set()
    for line in message.splitlines():
        if not line.startswith(TRAILER_PREFIX) or ": " not in line:
            continue
        key, _, value = line.partition(": ")
        step = key[len(TRAILER_PREFIX):].lower()
        if step == "head" or "<" not in value:
            continue
        identity = value.split("<", 1)[1].split(">", 1)[0]
        at = ""
        for part in value.split("; "):
            if part.startswith("at="):
                at = part[3:]
        found.add((step, identity.lower(), at))
    return found


def signature_keys(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (step["step"], signature["identity"].lower(), signature["at"])
        for chain in data.get("chains", []) for step in chain["steps"] for signature in step["signatures"]
    }


def build_record(*, forge: str, change: str, title: str, merge_commit: str, base: str, facts: ChangeFacts,
                 result: Node, sop: Sop, files: dict[str, dict[str, Any]], publications: dict[str, str],
                 merged_at: datetime, merged_by: str) -> dict[str, Any]:
    chains = []
    for chain in result.children:
        steps = []
        for step in chain.children:
            config = sop.step_by_id[step.step or ""]
            elapsed = None
            if step.started_at and step.done_at:
                elapsed = round((step.done_at - step.started_at).total_seconds() / 60)
            steps.append({
                "step": step.step, "name": config.name, "role": step.role, "minutes": step.minutes,
                "bidang": list(step.bidang),
                "started_at": step.started_at.isoformat() if step.started_at else None,
                "done_at": step.done_at.isoformat() if step.done_at else None,
                "elapsed_minutes": elapsed,
                "signatures": [{
                    "person": s.person, "name": s.name, "jabatan": sop.people[s.person].jabatan,
                    "nip": sop.people[s.person].nip, "identity": s.identity, "role": s.role,
                    "bidang": list(s.bidang), "decision": "APPROVED", "at": s.at.isoformat(),
                    "commit": s.commit, "message": s.message,
                } for s in step.signatures],
            })
        chains.append({"name": chain.name, "paths": chain.paths, "steps": steps})
    return {
        "version": 1,
        "forge": forge,
        "change": change,
        "title": title,
        "institution": sop.institution,
        "unit": sop.unit,
        "sop": {"number": sop.sop.number, "name": sop.sop.name},
        "language": sop.language,
        "merge_commit": merge_commit,
        "base": base,
        "head": facts.head,
        "merged_at": merged_at.isoformat(),
        "merged_by": merged_by,
        "bidang": sorted(facts.bidang),
        "identity_kind": facts.identity_kind.value,
        "authors": sorted(facts.authors),
        "chains": chains,
        "reviews": [review_json(r) for r in facts.reviews],
        "files": files,
        "publications": publications,
    }


def review_json(review: Review) -> dict[str, Any]:
    return {
        "reviewer": review.reviewer, "name": review.name, "decision": review.decision.value, "role": review.role,
        "commit": review.commit, "at": review.at.isoformat(), "message": review.message, "is_bot": review.is_bot,
    }


def write_record(store: BranchStore, record: dict[str, Any], *, remove: Sequence[str] = ()) -> str:
    from .lembar import render_html, render_markdown

    merged_at = datetime.fromisoformat(record["merged_at"])
    folder = f"{RECORDS}/{record_id(merged_at, record['change'], record['merge_commit'])}"
    files: dict[str, bytes | None] = {
        f"{folder}/{RECORD_FILE}": json.dumps(record, indent=2, ensure_ascii=False).encode() + b"\n",
        f"{folder}/lembar-pengesahan.md": render_markdown(record).encode(),
        f"{folder}/lembar-pengesahan.html": render_html(record).encode(),
    }
    for path in remove:
        files[path] = None
    store.write(files, f"record: {record['change']} merged as {record['merge_commit'][:7]}")
    return folder


def load_records(store: BranchStore) -> list[Record]:
    """Every record with its receipts, read in two git calls."""
    everything = store.read_many(f"{RECORDS}/", ".json")
    records: dict[str, Record] = {}
    receipts: list[tuple[str, str, str, bytes]] = []
    for path, raw in everything.items():
        parts = path.split("/")
        if len(parts) == 3 and parts[2] == RECORD_FILE:
            try:
                records[f"{parts[0]}/{parts[1]}"] = Record(path=f"{parts[0]}/{parts[1]}", data=json.loads(raw))
            except ValueError:
                continue
        elif len(parts) == 6 and parts[2] == "receipts":
            receipts.append((f"{parts[0]}/{parts[1]}", f"{parts[3]}/{parts[4]}", parts[5][:-5], raw))
    for folder, publication, channel, raw in receipts:
        if folder in records:
            try:
                records[folder].receipts.setdefault(publication, {})[channel] = json.loads(raw)
            except ValueError:
                continue
    return sorted(records.values(), key=lambda r: (str(r.data.get("merged_at", "")), r.path))
