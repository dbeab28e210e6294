"""Validate drafts: the model, the platform limits, the media, and references between drafts."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..channels.specs import BY_NAME
from ..messages import _, speaking
from ..problems import Problem
from .limits import CheckContext, Website
from .load import Draft, kind_of, read_draft
from .model import CHANNEL_NAMES, PUBLICATION_MODELS, Agenda, Halaman, Pengumuman, Rencana
from .paths import CONTENT_DIRS, arahan_file, rencana_file
from .placeholders import NO_ARAHAN, body_line, field_name, in_front_matter


class Rules(Protocol):
    """What the check reads of sop.yml (``pipeline.sop.config.Sop`` is one): the content sits below the policy
    and does not import it."""

    @property
    def bidang(self) -> Sequence[str]: ...

    @property
    def language(self) -> str: ...


@dataclass
class CheckReport:
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def discover(root: Path, paths: Iterable[str] = ()) -> list[str]:
    """Draft paths (repository-relative) below the given paths, or all drafts of the repository."""
    wanted = list(paths) or [d for d in CONTENT_DIRS if (root / d).is_dir()]
    found: set[str] = set()
    for given in wanted:
        target = root / given
        if target.is_dir():
            for file in target.rglob("*.md"):
                found.add(file.relative_to(root).as_posix())
        else:
            found.add(Path(given).as_posix())
    return sorted(found)


def check_drafts(root: Path, sop: Rules, paths: Iterable[str]) -> CheckReport:
    """Load and validate every draft in ``paths``; references are resolved against ``root``."""
    report = CheckReport()
    with speaking(sop.language):  # the language of the sop.yml the drafts are held to (the gate's too)
        for path in paths:
            draft, problems = read_draft(root, path)
            report.problems.extend(problems)
            if draft is not None:
                report.drafts.append(draft)
                report.problems.extend(check_draft(root, sop, draft))
    report.problems.sort()
    return report


def check_draft(root: Path, sop: Rules, draft: Draft) -> list[Problem]:
    """Every check beyond the model. On a draft whose model did not validate, ``meta`` holds only its valid
    fields (see load.partial): each check runs on what is there."""
    problems = placeholder_problems(draft)
    if isinstance(draft.meta, PUBLICATION_MODELS):
        if isinstance(draft.meta, Halaman):
            problems.extend(_halaman_channels(draft))
        else:
            problems.extend(_publikasi_fields(sop, draft))
        if isinstance(draft.meta, Pengumuman):
            problems.extend(_pengumuman_fields(draft))
        if isinstance(draft.meta, Agenda):
            problems.extend(_agenda_fields(draft))
        problems.extend(_folder_entries(draft))
        problems.extend(_cover(draft))
        problems.extend(_channel_blocks(draft))
        problems.extend(_acts(draft))
        if draft.meta.rencana is not None:
            problems.extend(_check_rencana_ref(root, draft, draft.meta.rencana))
    elif isinstance(draft.meta, Rencana):
        problems.extend(_rencana_fields(root, sop, draft))
    return problems


def _at(draft: Draft, loc: tuple[str | int, ...], field: str, message: str) -> Problem:
    """A problem of ``draft`` at the line of the front-matter value ``loc``."""
    return Problem(draft.path, draft.located.line_of(loc), field, message)


def _unknown_bidang(bidang: str, sop: Rules) -> str:
    return _("unknown bidang {bidang!r} (allowed: {allowed})", bidang=bidang, allowed=", ".join(sop.bidang))


def _publikasi_fields(sop: Rules, draft: Draft) -> list[Problem]:
    """bidang in sop.yml, the date in the folder's year, at least one channel."""
    meta = draft.meta
    problems: list[Problem] = []
    bidang = getattr(meta, "bidang", None)
    if bidang is not None and bidang not in sop.bidang:
        problems.append(_at(draft, ("bidang",), "bidang", _unknown_bidang(bidang, sop)))
    year = draft.id.split("/")[-2]
    date = getattr(meta, "date", None)
    if date is not None and str(date.year) != year:
        problems.append(
            _at(
                draft,
                ("date",),
                "date",
                _(
                    "{date} is not in {year}, the year of the folder (move the draft to {folder}/)",
                    date=date.isoformat(),
                    year=year,
                    folder=f"content/{draft.kind}/{date.year}",
                ),
            )
        )
    if not meta.channels.names() and "channels" not in draft.invalid:
        problems.append(
            _at(
                draft,
                ("channels",),
                "channels",
                _("names no channel (allowed: {allowed})", allowed=", ".join(CHANNEL_NAMES)),
            )
        )
    return problems


def _pengumuman_fields(draft: Draft) -> list[Problem]:
    """An announcement holds from its date on: ``berlaku_sampai`` is not before ``date``."""
    until, date = getattr(draft.meta, "berlaku_sampai", None), getattr(draft.meta, "date", None)
    if until is None or date is None or until >= date:
        return []
    return [
        _at(
            draft,
            ("berlaku_sampai",),
            "berlaku_sampai",
            _(
                "{until} is before the date {date} (allowed: the date or a later day)",
                until=until.isoformat(),
                date=date.isoformat(),
            ),
        )
    ]


def _agenda_fields(draft: Draft) -> list[Problem]:
    """An event ends after it starts (both naive or both with an offset) and has a place."""
    acara = getattr(draft.meta, "acara", None)
    if acara is None:
        return []
    problems: list[Problem] = []
    if not acara.tempat.strip():
        problems.append(
            _at(draft, ("acara", "tempat"), "acara.tempat", _("is empty: write where the event takes place"))
        )
    start, end = acara.mulai, acara.selesai
    if end is None:
        return problems
    if (start.tzinfo is None) != (end.tzinfo is None):
        problems.append(
            _at(
                draft,
                ("acara", "selesai"),
                "acara.selesai",
                _("gives a time zone and acara.mulai does not, or the other way round (give both or neither)"),
            )
        )
    elif end <= start:
        problems.append(
            _at(
                draft,
                ("acara", "selesai"),
                "acara.selesai",
                _(
                    "{end} is not after acara.mulai {start} (allowed: a later time)",
                    end=end.isoformat(sep=" "),
                    start=start.isoformat(sep=" "),
                ),
            )
        )
    return problems


def _halaman_channels(draft: Draft) -> list[Problem]:
    """A standing page is on the website only."""
    if not draft.meta.channels.names() and "channels" not in draft.invalid:
        return [_at(draft, ("channels",), "channels", _("names no channel (allowed: {allowed})", allowed="website"))]
    return [
        _at(
            draft,
            ("channels", name),
            f"channels.{name}",
            _("a page (halaman) is on the website only (allowed: website)"),
        )
        for name in draft.meta.channels.names()
        if name != "website"
    ]


def _folder_entries(draft: Draft) -> list[Problem]:
    """A publication folder holds regular files (and folders) only: no links, no devices."""
    return [
        Problem(
            draft.path,
            0,
            "",
            _(
                "{name} is not a regular file (a publication folder holds regular files only: no links)",
                name=entry.name,
            ),
        )
        for entry in sorted(os.scandir(draft.folder), key=lambda entry: entry.name)  # each entry's type without a stat
        if entry.is_symlink() or not (entry.is_file() or entry.is_dir())
    ]


def _cover(draft: Draft) -> list[Problem]:
    """The cover image within the website's limits, and its description."""
    meta = draft.meta
    problems: list[Problem] = []
    if not meta.image:
        return problems
    ctx = CheckContext(draft.path, draft.folder, draft.located, ())
    ctx.media(("image",), meta.image, Website.image_kinds, Website.image_max_bytes, problems)
    if not (meta.image_alt or "").strip() and "image_alt" not in draft.invalid:
        problems.append(
            _at(
                draft,
                ("image",),
                "image_alt",
                _(
                    "required with image: one sentence on what the cover shows, for "
                    "readers who cannot see it (in the editor: the field Cover description; in the "
                    "file: image_alt: Graduates with the Director)"
                ),
            )
        )
    return problems


def _acts(draft: Draft) -> list[Problem]:
    """A *ralat* note and a withdrawal's reason say something (a blank one tells the reader nothing)."""
    problems: list[Problem] = []
    ralat = getattr(draft.meta, "ralat", None)
    if ralat is not None and not ralat.strip():
        problems.append(
            _at(
                draft,
                ("ralat",),
                "ralat",
                _(
                    "is empty: write one short sentence of what was corrected (ralat: The date of the "
                    "ceremony was corrected to 12 May)"
                ),
            )
        )
    ditarik = getattr(draft.meta, "ditarik", None)
    if ditarik is not None and not ditarik.alasan.strip():
        problems.append(
            _at(
                draft,
                ("ditarik", "alasan"),
                "ditarik.alasan",
                _("is empty: write why the publication is withdrawn (it is shown on the notice)"),
            )
        )
    return problems


def _channel_blocks(draft: Draft) -> list[Problem]:
    """Each channel's block against its spec (the platform's limits)."""
    problems: list[Problem] = []
    for name in draft.meta.channels.names():
        ctx = CheckContext(draft.path, draft.folder, draft.located, ("channels", name))
        problems.extend(BY_NAME[name].check(draft.meta.channels.block(name), ctx))
    return problems


def _rencana_fields(root: Path, sop: Rules, draft: Draft) -> list[Problem]:
    """A rencana's arahan exists; each item's bidang is in sop.yml and its id is used once."""
    meta = draft.meta
    problems: list[Problem] = []
    arahan = getattr(meta, "arahan", None)
    if arahan is not None and arahan != NO_ARAHAN and not (root / arahan_file(arahan)).is_file():
        problems.append(
            _at(
                draft,
                ("arahan",),
                "arahan",
                _("no arahan {arahan!r} (allowed: a file name in content/arahan/ without .md)", arahan=arahan),
            )
        )
    seen: set[str] = set()
    for index, item in enumerate(getattr(meta, "items", [])):
        if item.bidang not in sop.bidang:
            problems.append(
                _at(draft, ("items", index, "bidang"), f"items[{index}].bidang", _unknown_bidang(item.bidang, sop))
            )
        if item.id in seen:
            problems.append(
                _at(draft, ("items", index, "id"), f"items[{index}].id", _("id {id!r} is used twice", id=item.id))
            )
        seen.add(item.id)
    return problems


def placeholder_problems(draft: Draft) -> list[Problem]:
    """One problem for each value still holding the example text of ``humas new``, named by its field."""
    found = [(draft.located.line_of(loc), field_name(loc)) for loc, _value in in_front_matter(draft.located.data)]
    line = body_line(draft.body, draft.kind)
    if line is not None:
        found.append((draft.body_start + line - 1, "body"))
    if not found:
        return []
    message = _("still holds the example text of humas new: write it")
    return [Problem(draft.path, number, name, message) for number, name in found]


def _check_rencana_ref(root: Path, draft: Draft, ref: str) -> list[Problem]:
    line = draft.located.line_of(("rencana",))
    if "#" not in ref:
        return [
            Problem(
                draft.path,
                line,
                "rencana",
                _("{ref!r} is not a reference (allowed: <rencana file>#<item id>)", ref=ref),
            )
        ]
    stem, item_id = ref.split("#", 1)
    kind, _id, layout = kind_of(rencana_file(stem))
    file = root / rencana_file(stem)
    if layout or kind != "rencana" or not file.is_file():
        return [
            Problem(
                draft.path,
                line,
                "rencana",
                _("no rencana {stem!r} (allowed: a file name in content/rencana/ without .md)", stem=stem),
            )
        ]
    plan, problems = read_draft(root, rencana_file(stem))
    if plan is None or "items" in plan.invalid:
        return [
            Problem(draft.path, line, "rencana", _("rencana {stem!r} is not valid (run humas check on it)", stem=stem))
        ]
    ids = [item.id for item in plan.meta.items]
    if item_id not in ids:
        return [
            Problem(
                draft.path,
                line,
                "rencana",
                _(
                    "rencana {stem!r} has no item {item!r} (allowed: {allowed})",
                    stem=stem,
                    item=item_id,
                    allowed=", ".join(ids),
                ),
            )
        ]
    return []
