"""The Lembar Pengesahan (approval sheet) of a record: Markdown, printable HTML and a one-page A4 PDF.

Every rendering reads one typed view of the record, :class:`Sheet`, made by :func:`sheet_of` from the
record's JSON data and its receipts: the only place that knows the record's layout. The PDF is the HTML
printed by WeasyPrint (Pango from the system), with a column for the wet signature (*paraf*) and, in a
compact appendix, the files' SHA-256, the record's fingerprint and a QR code that leads to the record.

The fingerprint is the SHA-256 of the record's canonical JSON (keys sorted, no spaces, UTF-8): anyone
can recompute it from ``record.json`` on the ``arsip`` branch (see :func:`fingerprint`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import yaml

from ..content.life import Life
from ..git import GitRepo
from ..messages import LANGUAGES, translated, translated_in
from ..problems import HumasError
from ..site.formats import format_date
from ..sop.config import parse_sop
from ..sop.labels import decision_label, role_label
from .models import ReceiptEntry, Receipts, RecordData, moment

if TYPE_CHECKING:
    from jinja2 import Environment


def sheet_labels(language: str) -> dict[str, str]:
    """The sheet's headings and captions in ``language`` (the language recorded for the sheet)."""
    return {
        "title": translated(language, "APPROVAL SHEET"),
        "sop_number": translated(language, "SOP number"),
        "sop_name": translated(language, "SOP name"),
        "content": translated(language, "Content title"),
        "bidang": translated(language, "Field (bidang)"),
        "channels": translated(language, "Channels"),
        "change": translated(language, "Change"),
        "merge": translated(language, "Merge commit"),
        "head": translated(language, "Approved commit"),
        "merged_at": translated(language, "Merged"),
        "no": translated(language, "No."),
        "step": translated(language, "Step"),
        "role": translated(language, "Role"),
        "name": translated(language, "Name"),
        "jabatan": translated(language, "Position"),
        "decision": translated(language, "Decision"),
        "note": translated(language, "Note"),
        "time": translated(language, "Time"),
        "commit": translated(language, "Commit"),
        "elapsed": translated(language, "Elapsed"),
        "standard": translated(language, "Standard"),
        "paraf": translated(language, "Initials"),
        "files": translated(language, "Appendix: files and fingerprints (SHA-256)"),
        "file": translated(language, "File"),
        "size": translated(language, "Size"),
        "minutes": translated_in("approval sheet", language, "min"),  # "menit" here, "mnt" in the report
        "over": translated(language, "over the standard"),
        "within": translated(language, "within the standard"),
        "archive": translated(language, "Kept as an active archive"),
        "receipts": translated(language, "Upload receipts (step 7)"),
        "publication": translated(language, "Publication"),
        "channel": translated(language, "Channel"),
        "state": translated(language, "State"),
        "post_id": translated(language, "Post id"),
        "fingerprint": translated(language, "Record fingerprint"),
        "record": translated(language, "Archive record"),
        "fingerprint_how": translated(language, "SHA-256 of record.json (canonical JSON) on the arsip branch"),
        "unsigned": translated(
            language, "NOTE: signatures are not verified with keys (signatures: unsigned in sop.yml)"
        ),
        "link": translated(language, "Link"),
        "trail": translated(language, "Appendix: technical trail"),
        "ratifies": translated(language, "Ratified by,"),
        "attention": translated(language, "Attention"),
        "life": translated(language, "After publication: corrections and withdrawal"),
        "act": translated(language, "Act"),
        "signed_by": translated(language, "Signed by"),
    }


def upload_state_label(state: str, language: str) -> str:
    """The state of an upload (:attr:`Upload.state`) as the sheet and the calendar name it."""
    labels = {
        "done": translated(language, "uploaded"),
        "manual_wait": translated(language, "waiting for manual upload"),
        "manual_done": translated(language, "uploaded by hand"),
        "withdrawn": translated(language, "withdrawn: not to be uploaded"),
        "claimed": translated(language, "in progress"),
        "deferred": translated(language, "deferred"),
        "failed": translated(language, "failed"),
        "new": translated(language, "not uploaded"),
        "site": translated(language, "on the website"),
    }
    return labels.get(state, state)


# --- the typed view ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedStep:
    """One signature of one step, as the sheet prints it."""

    step: str
    role: str
    role_id: str
    bidang: tuple[str, ...]
    name: str
    jabatan: str
    nip: str
    decision: str
    """A decision code: APPROVED, CHANGES_REQUESTED, ..."""
    at: datetime | None
    commit: str
    note: str
    elapsed_minutes: int | None
    standard_minutes: int | None

    @property
    def over(self) -> bool:
        return (
            self.elapsed_minutes is not None
            and bool(self.standard_minutes)
            and self.elapsed_minutes > (self.standard_minutes or 0)
        )


@dataclass(frozen=True)
class LifeAct:
    """A correction or the withdrawal of a publication the sheet is about, with its own signatures."""

    kind: str
    """ralat | penarikan | penarikan_darurat"""
    publication: str
    at: datetime
    text: str
    """The public note (a correction) or the reason (a withdrawal)."""
    record: str
    signers: tuple[SignedStep, ...] = ()
    confirmed: bool = True
    """An urgent withdrawal: whether the withdrawal chain confirmed it since."""
    posts: tuple[tuple[str, str], ...] = ()
    """What the act did to each post: (channel, ``corrected`` | ``unchanged`` | ``deleted`` | ``pending``), from
    the act receipts (``post_act``)."""


def post_act(entry: ReceiptEntry) -> str:
    """What an act receipt (``records/<record>/acts/...``, proven by its reader) says became of the post: a
    correction that left its text as it was says ``unchanged`` (``how: unchanged``); not done yet: ``pending``."""
    if entry.state != "done":
        return "pending"
    if entry.channel.endswith(".delete"):  # the act's stem (<channel>.<act>.<kind>), covered by its signature
        return "deleted"
    return "unchanged" if (entry.details or {}).get("how") == "unchanged" else "corrected"


def post_act_label(state: str, language: str) -> str:
    labels = {
        "corrected": translated(language, "corrected"),
        "unchanged": translated(language, "unchanged"),
        "deleted": translated(language, "deleted"),
    }
    return labels.get(state) or translated(language, "not done yet")


def life_acts(
    lives: Mapping[str, Life],
    records: Mapping[str, RecordData],
    language: str,
    done: Mapping[tuple[str, str], Mapping[str, ReceiptEntry]] | None = None,
) -> tuple[LifeAct, ...]:
    """The corrections and withdrawal of each publication in ``lives`` (``pipeline.archive.life``), each with
    the signatures of its record in ``records`` ({record id: record}), oldest first; ``done``: the act receipts
    ({(record id, publication): {channel: receipt}}, read and proven by ``pipeline.amend.act.proven_acts``), what
    each act did to each post."""
    acts: list[LifeAct] = []
    for publication, life in sorted(lives.items()):

        def signers(record: str) -> tuple[SignedStep, ...]:
            found = records.get(record)
            return tuple(_signed_steps(found, language)) if found else ()

        def posts(record: str, publication: str = publication) -> tuple[tuple[str, str], ...]:
            found = (done or {}).get((record, publication), {})
            return tuple((channel, post_act(found[channel])) for channel in CHANNEL_NAMES if channel in found)

        for correction in life.corrections:
            acts.append(
                LifeAct(
                    "ralat",
                    publication,
                    correction.at,
                    correction.note,
                    correction.record,
                    signers(correction.record),
                    posts=posts(correction.record),
                )
            )
        if life.withdrawn and (withdrawal := life.withdrawal) is not None:
            kind = "penarikan_darurat" if withdrawal.urgent else "penarikan"
            acts.append(
                LifeAct(
                    kind,
                    publication,
                    withdrawal.at,
                    withdrawal.reason,
                    withdrawal.record,
                    signers(withdrawal.record),
                    withdrawal.confirmed,
                    posts(withdrawal.record),
                )
            )
    return tuple(sorted(acts, key=lambda act: act.at))


def act_label(act: LifeAct, language: str) -> str:
    """``Ralat``, ``Penarikan``, or ``Penarikan darurat`` with whether the chain confirmed it."""
    if act.kind == "ralat":
        return translated(language, "Correction")
    if act.kind == "penarikan":
        return translated(language, "Withdrawal")
    if act.confirmed:
        return translated(language, "Urgent withdrawal (penarikan darurat), confirmed by the withdrawal chain")
    return translated(language, "Urgent withdrawal (penarikan darurat), not yet confirmed by the withdrawal chain")


@dataclass(frozen=True)
class FileHash:
    path: str
    sha256: str
    size: int | None


@dataclass(frozen=True)
class Upload:
    """The state of one (publication, channel) for step 7."""

    publication: str
    channel: str
    state: str
    """new | done | manual_wait | manual_done | claimed | deferred | failed | withdrawn (an outbox package of a
    withdrawn publication: not to be uploaded)"""
    post_id: str = ""
    url: str = ""
    at: datetime | None = None
    error: str = ""
    warning: str = ""
    """What the platform did otherwise than asked (YouTube's ``privacy_warning``), as the receipt says it."""


CHANNEL_NAMES = {
    "website": "Website",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "threads": "Threads",
}
"""Each channel as people write it; an unknown one with a capital letter."""


def channel_name(channel: str) -> str:
    return CHANNEL_NAMES.get(channel, channel[:1].upper() + channel[1:])


def bidang_name(bidang: str) -> str:
    """``kemahasiswaan`` -> ``Kemahasiswaan``, ``sarana_prasarana`` -> ``Sarana Prasarana``."""
    return " ".join(part.capitalize() for part in bidang.replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True)
class Letterhead:
    """What the kop surat and the closing block need beyond the record, read from main at print time
    (:func:`letterhead_of`): the address and logo of mkdocs.yml, the place of signing, the site's address."""

    address: str = ""
    logo: str = ""
    """The logo as a data: URI (mkdocs.yml's ``theme.logo`` when it is a picture file in docs/)."""
    place: str = ""
    site_url: str = ""
    directory_urls: bool = True

    def page_url(self, publication: str) -> str:
        """The public address of a publication's page on the website ("" without ``site_url``)."""
        if not self.site_url.startswith(("https://", "http://")):
            return ""
        tail = f"{publication}/" if self.directory_urls else f"{publication}/index.html"
        return self.site_url.rstrip("/") + "/" + quote(tail)


@dataclass(frozen=True)
class Sheet:
    language: str
    timezone: str
    institution: str
    unit: str
    sop_number: str
    sop_name: str
    title: str
    bidang: tuple[str, ...]
    channels: tuple[str, ...]
    change: str
    head: str
    merge_commit: str
    merged_at: datetime | None
    steps: tuple[SignedStep, ...]
    files: tuple[FileHash, ...]
    uploads: tuple[Upload, ...]
    fingerprint: str
    record_path: str = ""
    link: str = ""
    """Where the QR code leads: the record's URL when the repository is known, else its place on arsip."""
    unsigned: bool = False
    letterhead: Letterhead = Letterhead()
    extra: dict[str, Any] = field(default_factory=dict)
    life: tuple[LifeAct, ...] = ()
    """The corrections and withdrawal of its publications since (``life_acts``)."""


def fingerprint(data: Mapping[str, Any]) -> str:
    """SHA-256 of the record's canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def upload_of(publication: str, channel: str, receipt: ReceiptEntry) -> Upload:
    """One receipt as the sheet reads it. An outbox package is *waiting for a manual upload* until a person
    records the real post (``humas outbox uploaded``: a receipt whose details, or itself, say ``manual``)."""
    details = receipt.details or {}
    error = receipt.error or {}
    post_id = receipt.post_id or ""
    url = receipt.url or ""
    manual = bool(details.get("manual") or receipt.manual or details.get("uploaded_by"))
    state: str = receipt.state
    if state == "waiting":  # an outbox package that no person has recorded as uploaded yet
        state = "manual_wait"
    if state == "done" and manual:
        state = "manual_done"
    elif state == "done" and (post_id.startswith("outbox:") or "package" in details):
        state = "manual_wait"
    elif state == "claimed" and receipt.deferred_at:
        state = "deferred"
    return Upload(
        publication=publication,
        channel=channel,
        state=state,
        post_id="" if state == "manual_wait" else post_id,
        url=url,
        at=moment(receipt.at or receipt.failed_at or receipt.deferred_at),
        error=_str(error.get("message")),
        warning=_str(details.get("privacy_warning")),
    )


def sheet_of(
    record: RecordData,
    receipts: Receipts | None = None,
    *,
    channels: Mapping[str, list[str]] | None = None,
    link: str = "",
    timezone: str = "Asia/Jakarta",
    record_path: str = "",
    letterhead: Letterhead | None = None,
) -> Sheet:
    """The one adapter from a record (``record.json``, typed) and its receipts to the sheet.

    ``channels``: {publication: [channel, ...]} as the approved drafts name them (for the channels that
    have no receipt yet); the record's own ``channels``, if it has them, and the receipts are used too.
    """
    language = record.language if record.language in LANGUAGES else "id"
    wanted = _wanted(record, receipts or {}, channels or {})
    uploads = _uploads(wanted, receipts or {}, letterhead or Letterhead())
    return Sheet(
        language=language,
        timezone=timezone,
        institution=record.institution,
        unit=record.unit,
        sop_number=record.sop.number,
        sop_name=record.sop.name,
        title=record.title,
        bidang=tuple(record.bidang),
        channels=tuple(dict.fromkeys(n for names in wanted.values() for n in names)),
        change=record.change,
        head=record.head,
        merge_commit=record.merge_commit,
        merged_at=moment(record.merged_at),
        steps=tuple(_signed_steps(record, language)),
        files=tuple(
            FileHash(path=path, sha256=info.sha256, size=info.size) for path, info in sorted(record.files.items())
        ),
        uploads=tuple(uploads),
        fingerprint=fingerprint(record.model_dump(mode="json")),
        record_path=record_path,
        link=link,
        unsigned=record.signatures == "unsigned",
        letterhead=letterhead or Letterhead(),
    )


def _signed_steps(record: RecordData, language: str) -> list[SignedStep]:
    """One row per signature of every step of every chain, in the record's order."""
    return [
        SignedStep(
            step=step.name or step.step,
            role=role_label(step.role, language),
            role_id=step.role,
            bidang=tuple(signature.bidang),
            name=signature.name,
            jabatan=signature.jabatan or "",
            nip=signature.nip or "",
            decision=signature.decision or "APPROVED",
            at=moment(signature.at),
            commit=signature.commit,
            note=signature.message.strip(),
            elapsed_minutes=step.elapsed_minutes,
            standard_minutes=step.minutes,
        )
        for chain in record.chains
        for step in chain.steps
        for signature in step.signatures
    ]


def _wanted(record: RecordData, receipts: Receipts, channels: Mapping[str, list[str]]) -> dict[str, dict[str, None]]:
    """{publication: its channels, in order}: from the record, the drafts and the receipts."""
    wanted: dict[str, dict[str, None]] = {}
    for source in (record.channels, channels):
        for publication, names in source.items():
            wanted.setdefault(str(publication), {}).update(dict.fromkeys(str(n) for n in names or []))
    for publication, found in receipts.items():
        wanted.setdefault(publication, {}).update(dict.fromkeys(found))
    return wanted


def _uploads(wanted: Mapping[str, Mapping[str, None]], receipts: Receipts, letterhead: Letterhead) -> list[Upload]:
    """Step 7: every channel of every publication."""
    uploads = []
    for publication, names in sorted(wanted.items()):
        for channel in names:
            receipt = receipts.get(publication, {}).get(channel)
            if receipt is not None:
                uploads.append(upload_of(publication, channel, receipt))
            elif channel == "website":  # built from main: it has no receipt, its page is known
                uploads.append(Upload(publication, channel, "site", url=letterhead.page_url(publication)))
            else:
                uploads.append(Upload(publication, channel, "new"))
    return uploads


# --- renderings ----------------------------------------------------------------------------------


@functools.cache
def _env() -> Environment:
    """The templates' environment, made on the first rendering: jinja2 is imported here, not with the
    module, for start-up time (status and review read records without rendering a sheet)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = _cell
    return env


def _cell(value: object) -> str:
    """A Markdown table cell that shows the text as written: no HTML, no column break, one line."""
    out = str(value)
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("\n", " ")):
        out = out.replace(raw, safe)
    return out


def _context(sheet: Sheet) -> dict[str, Any]:
    labels = sheet_labels(sheet.language)
    zone = ZoneInfo(sheet.timezone)

    def when(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%d-%m-%Y %H:%M %Z") if moment else ""

    def role(step: SignedStep) -> str:
        if not step.bidang:
            return step.role
        named = ", ".join(bidang_name(b) for b in step.bidang)
        return translated(sheet.language, "{role}, field {bidang}", role=step.role, bidang=named)

    rows = [
        {
            "step": s.step,
            "role": role(s),
            "name": s.name,
            "jabatan": s.jabatan,
            "nip": s.nip,
            "decision": decision_label(s.decision, sheet.language),
            "note": s.note,
            "time": when(s.at),
            "commit": s.commit[:12],
            "elapsed": s.elapsed_minutes,
            "standard": s.standard_minutes,
            "over": s.over,
        }
        for s in sheet.steps
    ]
    several = len({u.publication for u in sheet.uploads}) > 1
    uploads = [
        {
            "publication": u.publication,
            "channel": channel_name(u.channel),
            "state": upload_state_label(u.state, sheet.language),
            "waiting": u.state in ("manual_wait", "new", "claimed", "deferred"),
            "failed": u.state == "failed",
            "post_id": u.post_id,
            "url": u.url,
            "time": when(u.at),
            "error": u.error,
            "warning": u.warning,
        }
        for u in sheet.uploads
    ]
    life = [
        {
            "label": act_label(act, sheet.language),
            "publication": act.publication,
            "time": when(act.at),
            "text": act.text,
            "signers": "; ".join(f"{s.name} ({s.role}, {when(s.at)})" for s in act.signers),
            "posts": "; ".join(
                f"{channel_name(channel)}: {post_act_label(state, sheet.language)}" for channel, state in act.posts
            ),
        }
        for act in sheet.life
    ]
    ratified = [s for s in sheet.steps if s.role_id == "pengarah" and s.decision == "APPROVED"]
    approved = ratified or [s for s in sheet.steps if s.decision == "APPROVED"]
    signer = approved[-1] if approved else None
    signed_on = format_date(signer.at.astimezone(zone).date(), sheet.language) if signer and signer.at else ""
    return {
        "sheet": sheet,
        "labels": labels,
        "rows": rows,
        "uploads": uploads,
        "life": life,
        "several": several,
        "language": sheet.language,
        "bidang": ", ".join(bidang_name(b) for b in sheet.bidang),
        "channels": ", ".join(channel_name(c) for c in sheet.channels),
        "merged_at": when(sheet.merged_at),
        "signer": signer,
        "closing_jabatan": _jabatan(signer, sheet.institution) if signer else "",
        "signed_on": signed_on,
        "place": sheet.letterhead.place or "…………………",
        "short_fingerprint": _group(sheet.fingerprint[:16]),
        "qr": _qr(sheet.link or sheet.record_path or sheet.fingerprint),
    }


def _jabatan(signer: SignedStep, institution: str) -> str:
    """The signer's position as a form writes it: ``Direktur Politeknik Contoh Nusantara``."""
    jabatan = signer.jabatan or signer.role
    if institution and institution.casefold() not in jabatan.casefold():
        return f"{jabatan} {institution}"
    return jabatan


def _group(hexdigits: str) -> str:
    return " ".join(hexdigits[i : i + 4] for i in range(0, len(hexdigits), 4))


def _qr(payload: str) -> str:
    """The QR code of ``payload`` as an SVG data URI (no file, no network)."""
    import segno  # only when a sheet is rendered (not for every command that reads the archive)

    return str(segno.make(payload, error="m").svg_data_uri(scale=2, border=1))


def _sheet(record: RecordData | Sheet, receipts: Receipts | None) -> Sheet:
    return record if isinstance(record, Sheet) else sheet_of(record, receipts)


def render_markdown(record: RecordData | Sheet, receipts: Receipts | None = None) -> str:
    return _env().get_template("lembar-pengesahan.md.j2").render(**_context(_sheet(record, receipts)))


def render_html(record: RecordData | Sheet, receipts: Receipts | None = None) -> str:
    """The sheet as HTML laid out for one A4 page (the browser prints it; the PDF is made from it)."""
    return _env().get_template("lembar-pengesahan.html").render(**_context(_sheet(record, receipts)))


def render_pdf(record: RecordData | Sheet, receipts: Receipts | None = None) -> bytes:
    """The sheet as a PDF (A4), printed from :func:`render_html` by WeasyPrint; nothing is fetched."""
    from weasyprint import HTML  # loads Pango (about a second): only when a PDF is printed
    from weasyprint.urls import URLFetcher  # the same

    html = render_html(record, receipts)
    # Only the data: URIs the sheet embeds (the QR code): a URL that came from content is never fetched.
    return bytes(HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf())


LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
LOGO_LIMIT = 512 * 1024


def letterhead_of(repo: GitRepo, ref: str, *, kota: str | None = None, site_url: str | None = None) -> Letterhead:
    """The kop surat's and closing block's facts from main at ``ref``: mkdocs.yml's ``extra.address`` and
    ``theme.logo`` (a PNG, JPEG, GIF or WebP file under docs/, at most 512 KB, embedded), its
    ``use_directory_urls``; the place of signing is sop.yml's ``kota``, else the last part of the address
    without its postcode. What cannot be read is left out: the sheet prints without it."""
    config: Mapping[str, Any] = {}
    raw = repo.show(ref, "mkdocs.yml")
    if raw is not None:

        class _Loader(yaml.SafeLoader):
            pass

        _Loader.add_multi_constructor("", lambda _loader, _suffix, _node: None)  # a tag is never run
        try:
            loaded = yaml.load(raw.decode("utf-8", "replace"), Loader=_Loader)  # noqa: S506 - safe, tags dropped
        except yaml.YAMLError:
            loaded = None
        config = loaded if isinstance(loaded, Mapping) else {}
    found_extra, found_theme = config.get("extra"), config.get("theme")
    extra: Mapping[str, Any] = found_extra if isinstance(found_extra, Mapping) else {}
    theme: Mapping[str, Any] = found_theme if isinstance(found_theme, Mapping) else {}
    address = " ".join(_str(extra.get("address")).split())
    logo = ""
    name = _str(theme.get("logo"))
    clean = posixpath.normpath(name) if name else ""
    suffix = posixpath.splitext(clean)[1].lower()
    if clean and "://" not in name and not clean.startswith(("/", "..")) and suffix in LOGO_TYPES:
        picture = repo.show(ref, f"docs/{clean}")
        if picture is not None and 0 < len(picture) <= LOGO_LIMIT:
            logo = f"data:{LOGO_TYPES[suffix]};base64,{base64.b64encode(picture).decode()}"
    place = " ".join((kota or "").split())
    if not place and address:
        place = " ".join(w for w in address.rsplit(",", 1)[-1].split() if not w.isdigit())
    directory_urls = config.get("use_directory_urls")
    return Letterhead(
        address=address,
        logo=logo,
        place=place,
        site_url=site_url or "",
        directory_urls=directory_urls if isinstance(directory_urls, bool) else True,
    )


def archived_letterhead(repo: GitRepo, commit: str) -> Letterhead | None:
    """The kop surat of a sheet written onto the arsip branch: from main as merged (``commit``), its
    sop.yml's ``kota`` and ``site_url``; None when they cannot be read (the sheet prints without it)."""
    raw = repo.show(commit, "sop.yml")
    try:
        sop = parse_sop(raw.decode("utf-8", "replace"), "sop.yml") if raw is not None else None
        return letterhead_of(repo, commit, kota=sop.kota if sop else None, site_url=sop.site_url if sop else None)
    except HumasError:
        return None


def sheet_files(
    folder: str, record: RecordData, receipts: Receipts | None = None, *, letterhead: Letterhead | None = None
) -> dict[str, bytes]:
    """{path: bytes} of the three renderings in a record's folder on the arsip branch."""
    sheet = sheet_of(record, receipts, record_path=f"arsip:{folder}/record.json", letterhead=letterhead)
    return {
        f"{folder}/lembar-pengesahan.md": render_markdown(sheet).encode(),
        f"{folder}/lembar-pengesahan.html": render_html(sheet).encode(),
        f"{folder}/lembar-pengesahan.pdf": render_pdf(sheet),
    }
