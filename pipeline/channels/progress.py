"""Upload progress: a rich progress bar on a terminal, plain log lines in CI or a pipe.

A channel asks for a ``Task`` per file (``progress.task("youtube", "wisuda.mp4", size)``) and
reports the absolute number of bytes the platform has acknowledged. Plain mode prints a line at
every tenth of the file, so a CI log of a 2 GB upload stays short.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import IO, Protocol

from ..messages import _

MB = 1024 * 1024


class Task(Protocol):
    def update(self, done: int) -> None: ...

    def close(self) -> None: ...


class Progress(Protocol):
    def task(self, channel: str, name: str, total: int) -> Task: ...


def _size(count: int) -> str:
    return f"{count / MB:.1f} MB"


class PlainTask:
    def __init__(self, stream: IO[str], channel: str, name: str, total: int, steps: int = 10) -> None:
        self.stream, self.channel, self.name, self.total, self.steps = stream, channel, name, total, steps
        self.shown = -1

    def update(self, done: int) -> None:
        step = self.steps if self.total <= 0 else min(self.steps, done * self.steps // self.total)
        if step > self.shown:
            self.shown = step
            percent = step * 100 // self.steps
            print(
                _(
                    "{channel}: uploading {name}: {percent}% ({done} of {total})",
                    channel=self.channel,
                    name=self.name,
                    percent=percent,
                    done=_size(done),
                    total=_size(self.total),
                ),
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        pass


class PlainProgress:
    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr

    def task(self, channel: str, name: str, total: int) -> Task:
        return PlainTask(self.stream, channel, name, total)


class RichTask:
    def __init__(self, stream: IO[str], channel: str, name: str, total: int) -> None:
        # start-up: rich (tens of modules) only when a terminal shows a progress bar
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream),
        )
        self.id = self.bar.add_task(f"{channel}: {name}", total=total)
        self.bar.start()

    def update(self, done: int) -> None:
        self.bar.update(self.id, completed=done)

    def close(self) -> None:
        self.bar.stop()


class RichProgress:
    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr

    def task(self, channel: str, name: str, total: int) -> Task:
        return RichTask(self.stream, channel, name, total)


class NoProgress:
    def task(self, channel: str, name: str, total: int) -> Task:
        return _Silent()


class _Silent:
    def update(self, done: int) -> None:
        pass

    def close(self) -> None:
        pass


def default_progress(env: Mapping[str, str] | None = None, stream: IO[str] | None = None) -> Progress:
    """Bars when a person watches a terminal; plain lines when ``CI`` is set or output is piped."""
    env = os.environ if env is None else env
    stream = stream if stream is not None else sys.stderr
    interactive = hasattr(stream, "isatty") and stream.isatty()
    if env.get("CI") or not interactive:
        return PlainProgress(stream)
    return RichProgress(stream)
