"""The outbox: the manual channel of every platform that is not configured.

For each approved publication and social channel it writes a ready-to-upload package under
``outbox/<channel>/<yyyy>-<slug>/``: the exact text, the media, and ``request.json`` with the request
the platform's API would receive (the same bodies the platform clients send, TikTok's chunk plan
included). A person uploads it by hand and records the post's address with ``humas outbox uploaded
PUBLICATION CHANNEL URL``; only then does the archive hold a receipt. Until then the entry is
``waiting`` ("menunggu unggah manual") and a re-run only rewrites a package this machine lacks. The
package appears atomically (written aside, then renamed), so a run killed halfway leaves either no
package or a whole one; a complete package of the same content is never written twice.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from ..content.limits import LIMITS, CheckContext
from ..located_yaml import LocatedData
from ..messages import _, translated
from ..problems import Problem
from .base import AwaitingUpload, Channel, Journal, PermanentError, Post, Receipt

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
        from ..content.model import InstagramBlock
        from .instagram import carousel_params, image_params, item_params, reel_params

        block = InstagramBlock.model_validate(dict(f))
        link = lambda name: url(name, name)  # noqa: E731 - the website's address of a media file
        if block.video:
            return reel_params(block, link)
        if len(block.media) == 1:
            return image_params(block, link)
        children = [item_params(link(name)) for name in block.media]
        # the carousel container names the item containers' ids, which exist only once they are made
        return {
            "children": children,
            "then": carousel_params(block, [f"<id of item {i + 1}>" for i in range(len(children))]),
        }
    if post.channel == "facebook":
        if f.get("video"):
            return {"endpoint": "/{page-id}/videos", "description": caption, "title": post.title, "file": f["video"]}
        if f.get("media"):
            return {
                "endpoint": "/{page-id}/photos",
                "photos": [{"url": url(m, m), "published": False} for m in f["media"]],
                "message": caption,
            }
        request = {"endpoint": "/{page-id}/feed", "message": caption}
        if f.get("link") or post.page_url:
            request["link"] = f.get("link") or post.page_url
        return request
    if post.channel == "tiktok":
        from .tiktok import photo_init_body, video_init_body

        if f.get("photos"):
            return {
                "endpoint": "/v2/post/publish/content/init/",
                **photo_init_body(post.title, f, [url(p, p) for p in f["photos"]]),
            }
        size = (post.folder / f["video"]).stat().st_size if f.get("video") else 0
        return {"endpoint": "/v2/post/publish/video/init/", **video_init_body(f, size)}
    if post.channel == "youtube":
        status: dict[str, Any] = {
            "privacyStatus": f.get("privacy", "public"),
            "selfDeclaredMadeForKids": bool(f.get("made_for_kids", False)),
        }
        if post.publish_at:
            status = {**status, "privacyStatus": "private", "publishAt": post.publish_at.isoformat()}
        return {
            "part": "snippet,status",
            "snippet": {
                "title": f.get("title"),
                "description": f.get("description", ""),
                "tags": f.get("tags", []),
                "categoryId": f.get("category", "27"),
            },
            "status": status,
            "media": f.get("video"),
        }
    return dict(f)


def texts(post: Post) -> dict[str, str]:
    if post.channel == "youtube":
        return {
            "title.txt": str(post.fields.get("title", "")),
            "description.txt": str(post.fields.get("description", "")),
        }
    return {"caption.txt": str(post.fields.get("caption") or post.title)}


class OutboxChannel(Channel):
    """A platform's outbox: ``name`` is the platform it stands in for."""

    def __init__(self, platform: str, root: Path, language: str = "id") -> None:
        self.name = platform  # type: ignore[misc]
        self.root = root
        self.language = language

    def check(self, post: Post) -> list[Problem]:
        limits = LIMITS[post.channel]
        block = limits_block(post)
        ctx = CheckContext(post.publication, post.folder, LocatedData(None), ("channels", post.channel))
        return limits.check(block, ctx)

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
        staging = final.with_name(final.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            for name, content in texts(post).items():
                (staging / name).write_text(
                    content + ("\n" if content and not content.endswith("\n") else ""), encoding="utf-8"
                )
            for name in media_names(post):
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(post.folder / name, staging / name)
            request = {
                "channel": post.channel,
                "publication": post.publication,
                "title": post.title,
                "page_url": post.page_url,
                "publish_at": post.publish_at.isoformat() if post.publish_at else None,
                "request": request_fields(post),
            }
            (staging / "request.json").write_text(
                json.dumps(request, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            (staging / COMPLETE).write_text(post.content_hash + "\n", encoding="utf-8")
            shutil.rmtree(final, ignore_errors=True)
            os.replace(staging, final)
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise PermanentError(
                _("cannot write the outbox package {folder}: {why}", folder=final, why=error.strerror),
                action=_("check the disk and the permissions of the outbox folder"),
            ) from None

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        return None  # only a person knows: the receipt comes from humas outbox uploaded

    def lookup(self, post: Post) -> Receipt | None:
        return None  # the outbox checks its own folder: a complete package is never written twice


def limits_block(post: Post) -> Any:
    from ..content import model

    blocks: dict[str, type[model.StrictModel]] = {
        "instagram": model.InstagramBlock,
        "tiktok": model.TikTokBlock,
        "facebook": model.FacebookBlock,
        "youtube": model.YouTubeBlock,
        "website": model.WebsiteBlock,
    }
    return blocks[post.channel].model_validate(dict(post.fields))
