"""The length of an MP4 or QuickTime video: see ``pipeline.content.media.duration``."""

from __future__ import annotations

from ..content.media import duration

__all__ = ["duration"]
