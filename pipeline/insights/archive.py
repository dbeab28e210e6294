"""The figures on ``arsip``: one JSON per publication, per channel, per reading date.

``jangkauan/<yyyy>/<slug>/<channel>/<yyyy-mm-dd>.json`` holds what the platform said of the post the
receipt names (its ``post_id``, the record the receipt is in), when, and a signature. A reading on the same
day replaces that day's file; earlier days stay (the history of a post's figures). One run writes all its
files in one commit (``BranchStore.write``).

Anyone who can push to ``arsip`` can write a file there, so a file counts only when it proves itself, as a
receipt does (``archive.journal.ReceiptSeal``): signed by the same key as this run's receipts
(``HUMAS_RECORD_KEY`` in the protected job, else the signing key of a person holding a role in sop.yml on
main) over its facts, the repository's id and ``kind: humas-jangkauan`` (so that it can never pass for a
receipt, nor a receipt for it). And it counts only for the post the archive's proven receipt names: a
file whose ``post_id`` is not the receipt's is refused (``load_latest``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..archive.journal import RECEIPT_NAMESPACE, ReceiptSeal
from ..archive.store import BranchStore
from ..content.paths import PUBLICATION_ID, is_publication_id
from ..messages import _
from ..signing import canonical, verify

FOLDER = "jangkauan"
KIND = "humas-jangkauan"
PUBLICATION = PUBLICATION_ID
"""A publication id of any kind (``content.paths``); ``..`` is refused apart."""
CHANNEL = re.compile(r"^[a-z]+$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SIGNED = ("kind", "publication", "channel", "post_id", "record", "read_at", "date", "figures")


def path_of(publication: str, channel: str, day: str) -> str:
    if not (
        PUBLICATION.fullmatch(publication) and ".." not in publication and CHANNEL.match(channel) and DAY.match(day)
    ):
        raise ValueError(f"not a reading's name: {publication} {channel} {day}")
    return f"{FOLDER}/{publication}/{channel}/{day}.json"


def payload(entry: Mapping[str, Any], repository: str) -> bytes:
    return canonical({**{key: entry.get(key) for key in SIGNED}, "repository": repository})


@dataclass(frozen=True)
class Reading:
    publication: str
    channel: str
    post_id: str
    record: str
    read_at: str
    date: str
    figures: Mapping[str, Any]

    def entry(self) -> dict[str, Any]:
        return {
            "version": 1,
            "kind": KIND,
            "publication": self.publication,
            "channel": self.channel,
            "post_id": self.post_id,
            "record": self.record,
            "read_at": self.read_at,
            "date": self.date,
            "figures": dict(self.figures),
        }


def signed_files(readings: list[Reading], seal: ReceiptSeal, signer: Callable[[bytes], str] | None) -> dict[str, bytes]:
    """The files of ``readings``, each signed (unless sop.yml says ``signatures: unsigned``)."""
    files: dict[str, bytes] = {}
    for reading in readings:
        entry = reading.entry()
        if signer is not None and not seal.on_trust:
            entry["signature"] = signer(payload(entry, seal.repository))
        text = json.dumps(entry, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        files[path_of(reading.publication, reading.channel, reading.date)] = text.encode()
    return files


def load_latest(
    store: BranchStore, seal: ReceiptSeal, posts: Mapping[tuple[str, str], str]
) -> tuple[dict[tuple[str, str], dict[str, Any]], list[str]]:
    """The latest reading of each (publication, channel) of ``posts`` ({(publication, channel): the post id its
    proven receipt names}) that proves itself, and a warning for each newer one refused."""
    by_post: dict[tuple[str, str], list[str]] = {}
    for path in store.list(f"{FOLDER}/"):
        parts = path.split("/")
        if (
            len(parts) >= 5
            and parts[-1].endswith(".json")
            and DAY.match(parts[-1][:-5])
            and is_publication_id(publication := "/".join(parts[1:-2]))
        ):
            by_post.setdefault((publication, parts[-2]), []).append(path)
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    warnings: list[str] = []
    for key, paths in sorted(by_post.items()):
        for path in sorted(paths, reverse=True):  # newest day first; the first that proves itself counts
            why = _refused(store.read(path), path, key, posts.get(key), seal)
            if isinstance(why, dict):
                latest[key] = why
                break
            warnings.append(_("arsip:{path}: figures that prove nothing ({why}) are ignored", path=path, why=why))
    return latest, warnings


def _refused(
    raw: bytes | None, path: str, key: tuple[str, str], post_id: str | None, seal: ReceiptSeal
) -> dict[str, Any] | str:
    """The entry when it proves itself for ``key``'s post; else why not."""
    try:
        entry = json.loads(raw or b"")
    except ValueError:
        return _("it is not JSON")
    if not isinstance(entry, dict) or entry.get("kind") != KIND or not isinstance(entry.get("figures"), dict):
        return _("it is not a reading of humas")
    if (entry.get("publication"), entry.get("channel")) != key or path != path_of(*key, str(entry.get("date"))):
        return _("its place does not match its content")
    if post_id is None or str(entry.get("post_id")) != post_id:
        return _("the archive holds no receipt of post {post} for this publication", post=entry.get("post_id"))
    if seal.on_trust:
        return entry
    signature = entry.get("signature")
    if not isinstance(signature, str) or not signature:
        return _("it is not signed")
    why = verify(payload(entry, seal.repository), signature, seal.keys, RECEIPT_NAMESPACE)
    return entry if why is None else why
