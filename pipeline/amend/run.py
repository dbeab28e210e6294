"""``amend``: do each act exactly once, as publishing does each post once.

For each act:

1. The act is checked against the archive: the publication must have a proven ``done`` receipt on the
   act's channel (``drop_unproven``: signed by the record key or by a role holder) and the act's ``post_id``
   must be that receipt's post id, claimed by no other publication's receipt; else the act is refused and
   nothing is asked of the platform.
2. The act is claimed in the archive (``ActJournal``: ``ArchiveJournal``'s claim, lease and compare-and-swap,
   on the act's own receipt file, ``act_path``). A proven ``done`` receipt of the act: nothing is sent.
   A deletion already done by another act of the same post: recorded, nothing is sent.
3. Where the platform cannot do it (Instagram and Threads edits, TikTok, a Page video, a channel run by the
   outbox here, a post recorded by hand) an outbox package tells a person what to change or delete; the act
   is ``waiting`` until that person records it with ``humas ralat selesai`` (``record_by_hand``).
4. Else the request is sent, once: ``sent`` and ``open`` are noted in the archive **before** the call. A run
   that finds ``open`` (killed between the call and the receipt, or an answer lost) looks the post up first:
   a deletion is done when the post is not found, an edit when the post shows the corrected text. A 429, a
   5xx, a timeout or a dropped answer is settled the same way (looked up, never sent again blindly); only a
   post the platform still shows as it was is sent again, after ``Retry-After`` (or a bounded backoff); a
   wait longer than ``max_wait`` defers the act to a later run.
5. A "not found" that no document defines (Meta's code 100; YouTube's empty ``videos.list``) proves a post gone
   only when this act's own deletion was sent and its outcome was unknown; a deletion answered "not found"
   straight away stops for a person (``ask``), and is never sent again by a later run.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..archive.journal import (
    ArchiveJournal,
    ClaimLost,
    ReceiptEntry,
    ReceiptSeal,
    drop_unproven,
    read_entry,
    receipt_seal,
)
from ..archive.record import Record, load_records
from ..archive.store import BranchStore
from ..channels.base import Channel, ChannelError, PermanentError, Receipt, RetryableError
from ..channels.outbox import write_package
from ..channels.progress import NoProgress
from ..channels.registry import configured_channels
from ..channels.tokens import attach_vault
from ..git import GitRepo
from ..messages import _
from ..retry import backoff
from .act import ACT_ID, ACTS, CHANNELS, KINDS, PUBLICATION, Act, Outcome, Report, act_path
from .platforms import AMENDERS, Amender, Look, NotFound

if TYPE_CHECKING:
    import httpx

SENT = "sent"
"""How many edit or delete requests were sent for the act (noted before each)."""
OPEN = "open"
"""True from just before a request until its answer is known: a later run looks the post up first."""
ASK = "ask"
"""The platform answered "not found" to a first deletion: a person settles it; nothing is sent again."""


class ActJournal(ArchiveJournal):
    """``ArchiveJournal`` on the act's receipt file. The act's receipt names ``act.stem`` as its channel, so
    its signature covers the act (a receipt of the post, or of another act, never stands for it). The Lembar
    Pengesahan is not rewritten here: it lists a publication's acts from the act receipts (SOP side)."""

    def __init__(self, store: BranchStore, record: Record, act: Act, *, seal: ReceiptSeal) -> None:
        super().__init__(store, record, act.publication, act.stem, seal=seal)
        self.path = act_path(record, act)
        self.stem = act.stem

    def refresh(self) -> ReceiptEntry:
        """The entry as the archive holds it; one that names another channel or act (a receipt copied here:
        its signature covers what it names, not where it lies) counts as no entry at all."""
        entry = super().refresh()
        if entry.channel != self.stem or entry.publication != self.entry.publication:
            entry = self.entry = ReceiptEntry(publication=self.entry.publication, channel=self.stem)
        return entry

    def _save(self, what: str, with_sheet: bool = False) -> None:
        super()._save(what)


def kind_word(kind: str) -> str:
    return _("correction") if kind == "edit" else _("takedown")


def check(act: Act) -> str | None:
    """Why the act is malformed, or None."""
    if not PUBLICATION.fullmatch(act.publication) or ".." in act.publication:
        return _("the publication id {id!r} is not one", id=act.publication)
    if act.channel not in CHANNELS:
        return _("the channel {channel!r} is not a social channel", channel=act.channel)
    if act.kind not in KINDS:
        return _("the kind {kind!r} is neither edit nor delete", kind=act.kind)
    if not ACT_ID.fullmatch(act.act_id):
        return _("the act id {id!r} is not a record id", id=act.act_id)
    if not act.post_id:
        return _("it names no post")
    if act.kind == "edit" and not act.unchanged:
        wanted = ("title", "description") if act.channel == "youtube" else ("text",)
        if not any((act.texts().get(key) or "").strip() for key in wanted):
            return _("a correction without the corrected {fields}", fields=" / ".join(wanted))
    return None


def proven_posts(records: list[Record]) -> dict[tuple[str, str], tuple[Record, ReceiptEntry]]:
    """{(publication, channel): (record, its proven done receipt)}; the first record's, as publishing
    takes it (call ``drop_unproven`` first)."""
    found: dict[tuple[str, str], tuple[Record, ReceiptEntry]] = {}
    for record in records:
        for publication, channels in record.receipts.items():
            for channel, receipt in channels.items():
                if receipt.posted:
                    found.setdefault((publication, channel), (record, receipt))
    return found


def amend(
    repo: GitRepo,
    acts: Sequence[Act],
    env: Mapping[str, str] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    now: datetime | None = None,
    outbox: Path | None = None,
    max_wait: float = 60.0,
    attempts: int = 3,
) -> Report:
    """Do each of ``acts`` exactly once (see the module's docstring); the report says what became of each."""
    env = os.environ if env is None else env
    store = BranchStore(repo)
    records = load_records(store)
    seal = receipt_seal(repo, env)
    report = Report(warnings=drop_unproven(records, seal))
    posts = proven_posts(records)
    seal.ready()  # a run that cannot sign its receipts stops before any platform is asked
    channels = configured_channels(env, transport=transport, sleep=sleep, progress=NoProgress())
    attach_vault(channels.values(), store, env)
    run = Runner(
        store, seal, posts, channels, (outbox or repo.root / "outbox"), sleep, now, max_wait, attempts, uuid.uuid4().hex
    )
    for act in acts:
        report.outcomes.append(run.one(act))
    return report


class Runner:
    def __init__(
        self,
        store: BranchStore,
        seal: ReceiptSeal,
        posts: dict[tuple[str, str], tuple[Record, ReceiptEntry]],
        channels: Mapping[str, Channel],
        outbox: Path,
        sleep: Callable[[float], None],
        now: datetime | None,
        max_wait: float,
        attempts: int,
        run: str,
    ) -> None:
        self.store, self.seal, self.posts, self.channels, self.outbox = store, seal, posts, channels, outbox
        self.sleep, self.now, self.max_wait, self.attempts, self.run = sleep, now, max_wait, attempts, run

    def _where(self, act: Act) -> str:
        return f"{act.publication} → {act.channel}"

    def refuse(self, act: Act, why: str) -> Outcome:
        return Outcome(
            act,
            "refused",
            _("{where}: the {kind} is refused: {why}", where=self._where(act), kind=kind_word(act.kind), why=why),
        )

    def one(self, act: Act) -> Outcome:
        why = check(act)
        if why:
            return self.refuse(act, why)
        proven = self.posts.get((act.publication, act.channel))
        if proven is None:
            return self.refuse(act, _("the archive proves no post of this publication on this channel"))
        record, receipt = proven
        if receipt.post_id != act.post_id:
            return self.refuse(
                act,
                _(
                    "it names the post {given}, but the publication's proven receipt is for {proven}",
                    given=act.post_id,
                    proven=receipt.post_id,
                ),
            )
        others = sorted(
            publication
            for (publication, channel), (_r, other) in self.posts.items()
            if channel == act.channel and publication != act.publication and other.post_id == act.post_id
        )
        if others:
            return self.refuse(
                act, _("the post {post} is receipted for {others} too", post=act.post_id, others=", ".join(others))
            )
        journal = ActJournal(self.store, record, act, seal=self.seal)
        state = journal.acquire(self.run, self.now)
        if state == "done":
            return Outcome(act, "already", self._already(act, journal))
        if state == "busy":
            return Outcome(act, "busy", _("{where}: another run is doing this act", where=self._where(act)))
        url = receipt.url or act.post_id
        try:
            return self._act(act, journal, record, receipt, url)
        except ClaimLost as error:  # another run took the act over: it finishes it
            return Outcome(act, "busy", error.message)
        except ChannelError as error:  # a refusal while settling
            journal.failed(error.message, error.action, error.platform_message)
            return Outcome(act, "failed", error.message, error.action)

    def _already(self, act: Act, journal: ArchiveJournal) -> str:
        return _(
            "{where}: the {kind} {act} is already done ({how}, {at})",
            where=self._where(act),
            kind=kind_word(act.kind),
            act=act.act_id,
            how=(journal.entry.details or {}).get("how", ""),
            at=journal.entry.at or "",
        )

    def _deleted_by(self, record: Record, act: Act) -> str | None:
        """The id of another act whose proven receipt says this post was deleted, if any."""
        folder = f"{record.path}/{ACTS}/{act.publication}/"
        for path, raw in sorted(self.store.read_many(folder, ".json").items()):
            name = path[len(folder) : -len(".json")]
            channel, _dot, rest = name.partition(".")
            if channel != act.channel or not rest.endswith(".delete") or name == act.stem:
                continue
            entry = read_entry(raw, act.publication, name)
            if entry.state == "done" and entry.channel == name and self.seal.unproven(record.path, entry) is None:
                return rest[: -len(".delete")]
        return None

    def _act(self, act: Act, journal: ActJournal, record: Record, receipt: ReceiptEntry, url: str) -> Outcome:
        earlier = self._deleted_by(record, act)
        if earlier is not None:
            if act.kind == "delete":
                return self._done(act, journal, url, "already", calls=0, by=earlier)
            message = _(
                "{where}: the post was deleted by {act}; there is nothing to correct",
                where=self._where(act),
                act=earlier,
            )
            journal.failed(message, _("Nothing to do on the platform."))
            return Outcome(act, "failed", message)
        if act.unchanged:  # the post already has these texts: nothing to send, nothing for a person
            return self._done(act, journal, url, "unchanged", calls=0)
        if journal.get(ASK):
            error = journal.entry.error or {}
            message, action = str(error.get("message") or ""), str(error.get("action") or "")
            journal.failed(message, action)
            return Outcome(act, "failed", message, action)
        channel = self.channels.get(act.channel)
        by_hand = bool((receipt.details or {}).get("manual") or receipt.manual)
        make = AMENDERS.get(act.channel)
        amender = make(channel) if (make is not None and channel is not None and not by_hand) else None
        if amender is None or not amender.can(act.kind, receipt):
            return self._outbox(act, journal, url)
        return self._send(act, journal, amender, url)

    # -- a person does it ----------------------------------------------------------------------

    def _outbox(self, act: Act, journal: ActJournal, url: str) -> Outcome:
        folder = self.outbox / act.channel / f"{act.publication.replace('/', '-')}.{act.act_id}"
        package = folder.relative_to(self.outbox.parent).as_posix()
        command = f"humas ralat selesai {act.publication} {act.channel} {act.act_id}"
        if act.kind == "delete":
            steps = _(
                "{platform}: delete this post by hand: {url}\nOpen it logged in as the institution's account and "
                "delete it (the platform's API cannot delete it here).\nThen record it: {command}",
                platform=act.channel,
                url=url,
                command=command,
            )
        else:
            steps = _(
                "{platform}: correct this post by hand: {url}\nReplace its text with the text in {file} (the "
                "platform's API cannot edit it). If the app does not let you edit it, delete the post and publish "
                "the corrected text as a new post.\nThen record it: {command}",
                platform=act.channel,
                url=url,
                file="teks.txt",
                command=command,
            )
        if not (folder / "README.txt").is_file():
            self._write(folder, act, url, steps)
        journal.waiting(package)
        message = _("{where}: waiting for a person: {package}", where=self._where(act), package=package)
        return Outcome(act, "waiting", message, command, package=package)

    def _write(self, folder: Path, act: Act, url: str, steps: str) -> None:
        files: dict[str, str] = {}
        if act.kind == "edit":
            text = act.text if act.text is not None else "\n\n".join(act.texts().values())
            files["teks.txt"] = text.rstrip("\n") + "\n"
        request = {
            "publication": act.publication,
            "channel": act.channel,
            "kind": act.kind,
            "act": act.act_id,
            "post_id": act.post_id,
            "url": url,
            **act.texts(),
        }
        files["request.json"] = json.dumps(request, indent=2, ensure_ascii=False) + "\n"
        files["README.txt"] = steps + "\n"
        write_package(folder, files)

    # -- the platform does it ------------------------------------------------------------------

    def _settle(self, act: Act, amender: Amender) -> bool:
        """After a request whose outcome is unknown: whether the platform shows the act done."""
        look: Look | None = amender.look(act.post_id)
        if act.kind == "delete":
            return look is None  # this act's own deletion was sent: not found is its effect
        if look is None:
            raise NotFound(
                _("{platform}: the platform cannot find the post: {said}", platform=act.channel, said=act.post_id),
                documented=False,
            )
        return amender.applied(look, act)

    def _send(self, act: Act, journal: ActJournal, amender: Amender, url: str) -> Outcome:
        amender.api.session.post()  # the act's own budget of tries again and seconds of waiting
        calls = [0]
        try:
            return self._tries(act, journal, amender, url, calls)
        except NotFound as error:
            return self._not_found(act, journal, url, error, calls[0])
        except ClaimLost:
            raise
        except PermanentError as error:  # a definite refusal: nothing was done, a later run need not look first
            journal.note(OPEN, False)
            journal.failed(error.message, error.action, error.platform_message)
            return Outcome(act, "failed", error.message, error.action, calls=calls[0])
        except RetryableError as error:  # the lookup could not be made: the next run looks again
            return self._defer(act, journal, error, calls[0])

    def _tries(self, act: Act, journal: ActJournal, amender: Amender, url: str, calls: list[int]) -> Outcome:
        if journal.get(OPEN) and self._settle(act, amender):
            return self._done(act, journal, url, "lookup", calls=0)
        for attempt in range(1, self.attempts + 1):
            journal.note(SENT, int(journal.get(SENT) or 0) + 1)
            journal.note(OPEN, True)
            calls[0] += 1
            last = self._once(act, amender)
            if last is None:
                return self._done(act, journal, url, "api", calls=calls[0])
            if last.outcome_unknown and self._settle(act, amender):
                return self._done(act, journal, url, "lookup", calls=calls[0])
            journal.note(OPEN, False)  # not sent, or the platform shows the post as it was: not done
            wait = last.retry_after if last.retry_after is not None else backoff(attempt)
            if attempt == self.attempts or wait > self.max_wait:
                return self._defer(act, journal, last, calls[0])
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _once(act: Act, amender: Amender) -> RetryableError | None:
        """Send the act once: None when the platform did it, the error when it may not have (an unknown
        outcome, or a call that never reached it); a refusal is raised."""
        try:
            if act.kind == "edit":
                amender.edit(act)
            else:
                amender.delete(act.post_id)
        except RetryableError as error:
            return error
        return None

    def _defer(self, act: Act, journal: ActJournal, error: ChannelError, calls: int) -> Outcome:
        action = _("Nothing to do: the next run asks the platform first, then finishes it.")
        journal.deferred(error.message, action, error.platform_message)
        return Outcome(act, "deferred", error.message, action, calls=calls)

    def _not_found(self, act: Act, journal: ActJournal, url: str, error: NotFound, calls: int) -> Outcome:
        if act.kind == "delete" and error.documented:
            return self._done(act, journal, url, "gone", calls=calls)
        command = f"humas ralat selesai {act.publication} {act.channel} {act.act_id}"
        message = _(
            "{where}: the platform cannot find the post {post}; it may have been deleted already, or the token "
            "may lack a permission (the platform says the same for both)",
            where=self._where(act),
            post=url,
        )
        action = _(
            "Look at the {platform} account: if the post is gone or you corrected it by hand, record it with "
            "{command}; otherwise check the token's permissions (docs/channels/{platform}.md).",
            platform=act.channel,
            command=command,
        )
        journal.note(OPEN, False)
        journal.note(ASK, True)
        journal.failed(message, action, error.platform_message)
        return Outcome(act, "failed", message, action, calls=calls)

    def _done(self, act: Act, journal: ActJournal, url: str, how: str, *, calls: int, by: str = "") -> Outcome:
        moment = self.now or datetime.now(UTC)
        details: dict[str, Any] = {"kind": act.kind, "act": act.act_id, "channel": act.channel, "how": how}
        details.update(act.texts())
        if by:
            details["by"] = by
        journal.done(Receipt(channel=act.stem, post_id=act.post_id, url=url, at=moment, details=details))
        if act.kind == "delete":
            message = _("{where}: the post {url} is deleted", where=self._where(act), url=url)
        elif how == "unchanged":
            message = _(
                "{where}: the post {url} is unchanged by this correction (its text is the same); nothing to do",
                where=self._where(act),
                url=url,
            )
        else:
            message = _("{where}: the post {url} is corrected", where=self._where(act), url=url)
        return Outcome(act, "done" if how != "already" else "already", message, calls=calls)
