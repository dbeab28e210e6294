"""Validate drafts: the model, the platform limits, the media, and references between drafts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from ..sop.config import Sop
from .limits import LIMITS, CheckContext, Website
from .load import Draft, kind_of, read_draft
from .model import CHANNEL_NAMES, Publikasi, Rencana

CONTENT_DIRS = ("content/arahan", "content/rencana", "content/publikasi")
IMAGE_ALT_MISSING = {
    "id": "wajib diisi bila ada image: satu kalimat tentang isi gambar sampul, bagi pembaca yang tidak dapat "
          "melihatnya (mis. image_alt: Wisudawan berfoto bersama Direktur)",
    "en": "required with image: one sentence on what the cover shows, for readers who cannot see it "
          "(e.g. image_alt: Graduates with the Director)",
}


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


def check_drafts(root: Path, sop: Sop, paths: Iterable[str]) -> CheckReport:
    """Load and validate every draft in ``paths``; references are resolved against ``root``."""
    report = CheckReport()
    for path in paths:
        draft, problems = read_draft(root, path)
        report.problems.extend(problems)
        if draft is not None:
            report.drafts.append(draft)
            report.problems.extend(check_draft(root, sop, draft))
    report.problems.sort()
    return report


def check_draft(root: Path, sop: Sop, draft: Draft) -> list[Problem]:
    problems: list[Problem] = []
    meta = draft.meta

    def add(loc: tuple[str | int, ...], field: str, message: str) -> None:
        problems.append(Problem(draft.path, draft.located.line_of(loc), field, message))

    allowed_bidang = ", ".join(sop.bidang)
    if isinstance(meta, Publikasi):
        if meta.bidang not in sop.bidang:
            add(("bidang",), "bidang", f"unknown bidang {meta.bidang!r} (allowed: {allowed_bidang})")
        year = draft.id.split("/")[0]
        if str(meta.date.year) != year:
            add(("date",), "date", f"{meta.date.isoformat()} is not in {year}, the year of the folder "
                                   f"(move the draft to content/publikasi/{meta.date.year}/)")
        if not meta.channels.names():
            add(("channels",), "channels", f"names no channel (allowed: {', '.join(CHANNEL_NAMES)})")
        for entry in sorted(draft.folder.iterdir()):
            if entry.is_symlink() or not (entry.is_file() or entry.is_dir()):
                problems.append(Problem(draft.path, 0, "", f"{entry.name} is not a regular file (a publication "
                                        "folder holds regular files only: no links)"))
        if meta.image:
            ctx = CheckContext(draft.path, draft.folder, draft.located, ())
            ctx.media(("image",), meta.image, Website.image_kinds, Website.image_max_bytes, problems)
            if not (meta.image_alt or "").strip():
                add(("image",), "image_alt", IMAGE_ALT_MISSING[sop.language])
        for name in meta.channels.names():
            block = getattr(meta.channels, name)
            ctx = CheckContext(draft.path, draft.folder, draft.located, ("channels", name))
            problems.extend(LIMITS[name].check(block, ctx))
        if meta.rencana is not None:
            problems.extend(_check_rencana_ref(root, draft, meta.rencana))
    elif isinstance(meta, Rencana):
        if not (root / "content" / "arahan" / f"{meta.arahan}.md").is_file():
            add(("arahan",), "arahan", f"no arahan {meta.arahan!r} (allowed: a file name in content/arahan/ "
                                       "without .md)")
        seen: set[str] = set()
        for index, item in enumerate(meta.items):
            if item.bidang not in sop.bidang:
                add(("items", index, "bidang"), f"items[{index}].bidang",
                    f"unknown bidang {item.bidang!r} (allowed: {allowed_bidang})")
            if item.id in seen:
                add(("items", index, "id"), f"items[{index}].id", f"id {item.id!r} is used twice")
            seen.add(item.id)
    return problems


def _check_rencana_ref(root: Path, draft: Draft, ref: str) -> list[Problem]:
    line = draft.located.line_of(("rencana",))
    if "#" not in ref:
        return [Problem(draft.path, line, "rencana", f"{ref!r} is not a reference (allowed: <rencana file>#<item id>)")]
    stem, item_id = ref.split("#", 1)
    kind, _, layout = kind_of(f"content/rencana/{stem}.md")
    file = root / "content" / "rencana" / f"{stem}.md"
    if layout or kind != "rencana" or not file.is_file():
        return [Problem(draft.path, line, "rencana", f"no rencana {stem!r} (allowed: a file name in content/rencana/ "
                                                    "without .md)")]
    plan, problems = read_draft(root, f"content/rencana/{stem}.md")
    if plan is None:
        return [Problem(draft.path, line, "rencana", f"rencana {stem!r} is not valid (run humas check on it)")]
    ids = [item.id for item in plan.meta.items]
    if item_id not in ids:
        return [Problem(draft.path, line, "rencana", f"rencana {stem!r} has no item {item_id!r} "
                                                    f"(allowed: {', '.join(ids)})")]
    return []
