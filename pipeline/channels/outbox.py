"""The outbox: the default channel of every platform that is not configured.

For each approved publication and social channel it writes a ready-to-upload package under
``outbox/<channel>/<yyyy>-<slug>/``: the exact text, the media, and ``request.json`` with the fields the
platform's API would receive. A person uploads it by hand; the archive keeps the receipt, so a re-run
writes nothing twice. The package appears atomically (written aside, then renamed), so a run killed
halfway leaves either no package or a whole one.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..content.limits import LIMITS, CheckContext
from ..problems import Problem
from ..strictyaml import LocatedData
from .base import Channel, Journal, PermanentError, Post, Receipt

COMPLETE = ".complete"


def package_dir(root: Path, post: Post) -> Path:
    return root / post.channel / post.publication.replace("/", "-")


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
    f = post.fields
    url = post.media_urls.get
    caption = f.get("caption") or post.title
    if post.channel == "instagram":
        if f.get("video"):
            request: dict[str, Any] = {"media_type": "REELS", "video_url": url(f["video"], f["video"]),
                                       "caption": caption, "share_to_feed": True}
            if f.get("cover"):
                request["cover_url"] = url(f["cover"], f["cover"])
            return request
        media = f.get("media") or []
        if len(media) == 1:
            request = {"image_url": url(media[0], media[0]), "caption": caption}
            if f.get("alt_text"):
                request["alt_text"] = f["alt_text"]
            return request
        return {"media_type": "CAROUSEL", "caption": caption,
                "children": [{"image_url": url(m, m), "is_carousel_item": True} for m in media]}
    if post.channel == "facebook":
        if f.get("video"):
            return {"endpoint": "/{page-id}/videos", "description": caption, "title": post.title,
                    "file": f["video"]}
        if f.get("media"):
            return {"endpoint": "/{page-id}/photos", "photos": [{"url": url(m, m), "published": False}
                                                               for m in f["media"]],
                    "message": caption}
        request = {"endpoint": "/{page-id}/feed", "message": caption}
        if f.get("link") or post.page_url:
            request["link"] = f.get("link") or post.page_url
        return request
    if post.channel == "tiktok":
        info = {"title": caption, "privacy_level": f.get("privacy") or "SELF_ONLY",
                "disable_comment": False, "disable_duet": False, "disable_stitch": False}
        if f.get("photos"):
            return {"endpoint": "/v2/post/publish/content/init/", "media_type": "PHOTO", "post_mode": "DIRECT_POST",
                    "post_info": {"title": post.title, "description": caption,
                                  "privacy_level": info["privacy_level"]},
                    "source_info": {"source": "PULL_FROM_URL", "photo_cover_index": 0,
                                    "photo_images": [url(p, p) for p in f["photos"]]}}
        size = (post.folder / f["video"]).stat().st_size if f.get("video") else 0
        return {"endpoint": "/v2/post/publish/video/init/", "post_info": info,
                "source_info": {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": size,
                                "total_chunk_count": 1}}
    if post.channel == "youtube":
        status: dict[str, Any] = {"privacyStatus": f.get("privacy", "public"),
                                  "selfDeclaredMadeForKids": bool(f.get("made_for_kids", False))}
        if post.publish_at:
            status = {**status, "privacyStatus": "private", "publishAt": post.publish_at.isoformat()}
        return {"part": "snippet,status", "snippet": {
            "title": f.get("title"), "description": f.get("description", ""), "tags": f.get("tags", []),
            "categoryId": f.get("category", "27")}, "status": status, "media": f.get("video")}
    return dict(f)


def texts(post: Post) -> dict[str, str]:
    if post.channel == "youtube":
        return {"title.txt": str(post.fields.get("title", "")),
                "description.txt": str(post.fields.get("description", ""))}
    return {"caption.txt": str(post.fields.get("caption") or post.title)}


class OutboxChannel(Channel):
    """A platform's outbox: ``name`` is the platform it stands in for."""

    def __init__(self, platform: str, root: Path) -> None:
        self.name = platform  # type: ignore[misc]
        self.root = root

    def check(self, post: Post) -> list[Problem]:
        limits = LIMITS[post.channel]
        block = limits_block(post)
        ctx = CheckContext(post.publication, post.folder, LocatedData(None), ("channels", post.channel))
        return limits.check(block, ctx)

    def publish(self, post: Post, journal: Journal) -> Receipt:
        final = package_dir(self.root, post)
        receipt = self.reconcile(post, journal)
        if receipt is not None:
            return receipt
        staging = final.with_name(final.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            for name, content in texts(post).items():
                (staging / name).write_text(content + ("\n" if content and not content.endswith("\n") else ""),
                                            encoding="utf-8")
            for name in media_names(post):
                shutil.copyfile(post.folder / name, staging / name)
            request = {"channel": post.channel, "publication": post.publication, "title": post.title,
                       "page_url": post.page_url,
                       "publish_at": post.publish_at.isoformat() if post.publish_at else None,
                       "request": request_fields(post)}
            (staging / "request.json").write_text(json.dumps(request, indent=2, ensure_ascii=False) + "\n",
                                                  encoding="utf-8")
            (staging / COMPLETE).write_text(post.content_hash + "\n", encoding="utf-8")
            shutil.rmtree(final, ignore_errors=True)
            os.replace(staging, final)
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise PermanentError(f"cannot write the outbox package {final}: {error.strerror}",
                                 action="check the disk and the permissions of the outbox folder") from None
        return self._receipt(final)

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        final = package_dir(self.root, post)
        if (final / COMPLETE).is_file():
            return self._receipt(final)
        return None

    def _receipt(self, final: Path) -> Receipt:
        return Receipt(channel=self.name, post_id=f"outbox:{final.relative_to(self.root).as_posix()}",
                       url=None, at=datetime.now(UTC),
                       details={"package": final.relative_to(self.root.parent).as_posix()})


def limits_block(post: Post) -> Any:
    from ..content import model

    blocks: dict[str, type[model.StrictModel]] = {
        "instagram": model.InstagramBlock, "tiktok": model.TikTokBlock, "facebook": model.FacebookBlock,
        "youtube": model.YouTubeBlock, "website": model.WebsiteBlock}
    return blocks[post.channel].model_validate(dict(post.fields))
