"""``humas ralat selesai PUBLICATION CHANNEL [ACT]``: a person records that they did an act by hand (the
outbox package of a platform that cannot do it, or a post the platform could not find). The act's receipt
becomes ``done``, signed by that person (a role holder's key), exactly once: a second record is refused, and
two at once cannot both win (the archive's compare-and-swap)."""

from __future__ import annotations

from datetime import UTC, datetime

from ..archive.journal import drop_unproven, read_entry, receipt_seal
from ..archive.models import ReceiptEntry
from ..archive.record import load_records
from ..archive.store import BranchStore
from ..channels.base import Receipt
from ..content.paths import is_publication_id
from ..git import GitRepo
from ..messages import _
from ..problems import ConfigError, NotAcceptable
from .act import ACT_ID, ACTS, CHANNELS, Act
from .run import ASK, ActJournal, kind_word, proven_posts


def record_by_hand(
    repo: GitRepo, publication: str, channel: str, act_id: str | None = None, *, now: datetime | None = None
) -> str:
    """Record the act as done by hand; the message to show. ConfigError for bad arguments, NotAcceptable when
    no act of the post waits for a person."""
    if not is_publication_id(publication):
        raise ConfigError(
            _(
                "PUBLICATION: {value!r} is not a publication id (yyyy/slug, pengumuman/yyyy/slug, agenda/yyyy/slug "
                "or halaman/slug)",
                value=publication,
            )
        )
    if channel not in CHANNELS:
        raise ConfigError(
            _("CHANNEL: {channel!r} is unknown (allowed: {allowed})", channel=channel, allowed=", ".join(CHANNELS))
        )
    if act_id is not None and not ACT_ID.fullmatch(act_id):
        raise ConfigError(_("ACT: {value!r} is not a record id", value=act_id))
    store = BranchStore(repo)
    records = load_records(store)
    seal = receipt_seal(repo)
    drop_unproven(records, seal)
    proven = proven_posts(records).get((publication, channel))
    nothing = NotAcceptable(
        _(
            "{publication} → {channel}: no correction or takedown waits for a person",
            publication=publication,
            channel=channel,
        )
    )
    if proven is None:
        raise nothing
    record, receipt = proven
    acts = _acts(store, f"{record.path}/{ACTS}/{publication}/", publication, channel, act_id, receipt)
    if not acts:
        raise nothing
    if len(acts) > 1:
        raise ConfigError(
            _(
                "{publication} → {channel}: several acts ({acts}); name the one you did: humas ralat selesai "
                "{publication} {channel} ACT",
                publication=publication,
                channel=channel,
                acts=", ".join(a.act_id for a, _e in acts),
            )
        )
    act, _entry = acts[0]
    seal.ready()  # signed by the person who records it
    journal = ActJournal(store, record, act, seal=seal)
    current = journal.refresh()
    if current.state == "done" and seal.unproven(record.path, current) is None:
        raise NotAcceptable(
            _(
                "{publication} → {channel}: the {kind} {act} is already recorded ({at})",
                publication=publication,
                channel=channel,
                kind=kind_word(act.kind),
                act=act.act_id,
                at=current.at or "",
            )
        )
    if current.state != "waiting" and not (current.state == "failed" and current.notes.get(ASK)):
        raise nothing
    details = {
        "kind": act.kind,
        "act": act.act_id,
        "channel": channel,
        "how": "manual",
        "manual": True,
        **({"package": p} if (p := (current.details or {}).get("package")) else {}),
    }
    url = receipt.url or act.post_id
    journal.done(Receipt(act.stem, act.post_id, url, now or datetime.now(UTC), details))
    return _(
        "recorded: {publication} → {channel}: the {kind} {act} was done by hand",
        publication=publication,
        channel=channel,
        kind=kind_word(act.kind),
        act=act.act_id,
    )


def _acts(
    store: BranchStore, folder: str, publication: str, channel: str, act_id: str | None, receipt: ReceiptEntry
) -> list[tuple[Act, ReceiptEntry]]:
    """The acts on the post recorded under ``folder`` (``act_id``'s only, if given; without it, those not done
    yet when some are: an act already done is not the one the person means)."""
    acts = []
    for path, raw in sorted(store.read_many(folder, ".json").items()):
        name = path[len(folder) : -len(".json")]
        parts = name.split(".")
        if len(parts) != 3 or parts[0] != channel or (act_id is not None and parts[1] != act_id):
            continue
        entry = read_entry(raw, publication, name)
        if entry.channel != name or parts[2] not in ("edit", "delete"):
            continue
        acts.append((Act(publication, channel, parts[2], str(receipt.post_id), parts[1]), entry))  # type: ignore[arg-type]
    if act_id is None and len(acts) > 1:
        acts = [(a, e) for a, e in acts if e.state != "done"] or acts
    return acts
