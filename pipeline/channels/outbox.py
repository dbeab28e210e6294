"""The outbox: the manual channel of every platform that is not configured.

For each approved publication and social channel it writes a ready-to-upload package under
``outbox/<channel>/<yyyy>-<slug>/``: the exact text, the media, and ``request.json`` with the request
the platform's API would receive (the same bodies the platform clients send, TikTok's chunk plan
included). A person uploads it by hand and records the post's address with ``humas outbox uploaded
PUBLICATION CHANNEL URL``; only then does the archive hold a receipt. Until then the entry is
``waiting`` ("menunggu unggah manual") and a re-run only rewrites a package this machine lacks. The
package appears atomically (written aside, then renamed), so a run killed halfway leaves either no
package or a whole one; a complete package of the same content is never written twice.

A package still waiting when its publication is withdrawn must not be uploaded any more: the next ``humas
publish`` empties it and leaves a single notice (``withdraw_package``: the reason, the date, and what to do if it
was uploaded anyway), and ``humas outbox uploaded`` refuses it unless the person says it was uploaded despite the
withdrawal (``--withdrawn``: then it is a post to delete, and the withdrawal's deletion of it follows).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..messages import _, translated
from .base import AwaitingUpload, Channel, Journal, PermanentError, Post, Receipt
from .specs import BY_NAME

COMPLETE = ".complete"


def package_dir(root: Path, post: Post) -> Path:
    return package_path(root, post.publication, post.channel)


def package_path(root: Path, publication: str, channel: str) -> Path:
    """The folder of the package of ``publication`` (an approved id from main, never a path from ``arsip``)."""
    return root / channel / publication.replace("/", "-")


def uploaded_anyway(language: str, publication: str, channel: str) -> str:
    """What a person does when a withdrawn publication's package was uploaded anyway."""
    return translated(
        language,
        "If it was uploaded anyway, record the post with humas outbox uploaded {publication} {channel} URL "
        "--withdrawn: the next humas publish deletes it (or tells you how to delete it by hand).",
        publication=publication,
        channel=channel,
    )


def withdraw_package(
    root: Path, publication: str, channel: str, *, language: str, reason: str, date: str, write: bool = True
) -> str:
    """Empty the waiting package of a withdrawn publication and leave one notice in it saying not to upload it
    (written whole, and only when it is not there already); the package's name relative to the outbox's parent."""
    final = package_path(root, publication, channel)
    name = translated(language, "WITHDRAWN-DO-NOT-UPLOAD.txt")
    notice = "\n".join(
        [
            translated(language, "WITHDRAWN: DO NOT UPLOAD"),
            translated(
                language,
                "{publication} was withdrawn on {date} ({reason}). Do not upload this package to {channel}: its "
                "files were removed.",
                publication=publication,
                date=date,
                reason=reason,
                channel=channel,
            ),
            uploaded_anyway(language, publication, channel),
            "",
        ]
    )
    present = sorted(p.name for p in final.iterdir()) if final.is_dir() else None
    if write and not (present == [name] and (final / name).read_text(encoding="utf-8") == notice):
        write_package(final, {name: notice})
    return final.relative_to(root.parent).as_posix()


def write_package(final: Path, files: Mapping[str, str], copies: Mapping[str, Path] | None = None) -> None:
    """Put ``files`` (texts) and ``copies`` (name -> the file copied there) in place of the outbox package
    ``final``, whole or not at all (written aside, then renamed); a disk that refuses it is a
    ``PermanentError`` with what to check."""
    staging = final.with_name(final.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        for name, source in (copies or {}).items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, staging / name)
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        os.replace(staging, final)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PermanentError(
            _("cannot write the outbox package {folder}: {why}", folder=final, why=error.strerror),
            action=_("check the disk and the permissions of the outbox folder"),
        ) from None


def media_names(post: Post) -> list[str]:
    fields = post.fields
    names: list[str] = []
    for key in ("media", "photos"):
        names.extend(fields.get(key) or [])
    for key in ("video", "cover", "thumbnail"):
        if fields.get(key):
            names.append(fields[key])
    return list(dict.fromkeys(names))


def request_fields(post: Post) -> dict[str, Any]:
    """What the platform's API would receive, with media as their public URLs on the website."""
    outbox = BY_NAME[post.channel].outbox
    return outbox(post) if outbox is not None else dict(post.fields)


class OutboxChannel(Channel):
    """A platform's outbox: ``name`` is the platform it stands in for."""

    def __init__(self, platform: str, root: Path, language: str = "id") -> None:
        self.name = platform  # type: ignore[misc]
        self.root = root
        self.language = language

    def publish(self, post: Post, journal: Journal) -> Receipt:
        """Write the package (unless this machine holds it complete already) and wait for a person."""
        raise AwaitingUpload(self.waiting_message(post), package=self.package_name(post))

    def package_name(self, post: Post) -> str:
        return package_dir(self.root, post).relative_to(self.root.parent).as_posix()

    def waiting_message(self, post: Post, *, write: bool = True) -> str:
        final = package_dir(self.root, post)
        if write and not self._complete(final, post):
            self._write(final, post)
        return translated(self.language, "waiting for a manual upload: {package}", package=self.package_name(post))

    @staticmethod
    def _complete(final: Path, post: Post) -> bool:
        marker = final / COMPLETE
        return marker.is_file() and marker.read_text(encoding="utf-8").strip() == post.content_hash

    def _write(self, final: Path, post: Post) -> None:
        texts = {
            name: content + ("\n" if content and not content.endswith("\n") else "")
            for name, content in BY_NAME[post.channel].texts(post).items()
        }
        request = {
            "channel": post.channel,
            "publication": post.publication,
            "title": post.title,
            "page_url": post.page_url,
            "publish_at": post.publish_at.isoformat() if post.publish_at else None,
            "request": request_fields(post),
        }
        texts["request.json"] = json.dumps(request, indent=2, ensure_ascii=False) + "\n"
        texts[COMPLETE] = post.content_hash + "\n"  # last: a package holds its marker only when whole
        write_package(final, texts, {name: post.folder / name for name in media_names(post)})

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        return None  # only a person knows: the receipt comes from humas outbox uploaded

    def lookup(self, post: Post) -> Receipt | None:
        return None  # the outbox checks its own folder: a complete package is never written twice
