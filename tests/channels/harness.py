"""Run one channel once, as ``humas publish`` would, in a process of its own (tests kill it).

    python -m tests.channels.harness PLATFORM JOURNAL FOLDER FIELDS_JSON

Credentials and server addresses come from the environment, as in CI; the journal is a JSON file.
Prints the receipt's post id, or the error, on one line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline.channels.base import ChannelError
from pipeline.channels.progress import PlainProgress
from pipeline.channels.registry import configured_channels
from pipeline.channels.runner import run_channel
from tests.channels.support import FileJournal, post


def main(argv: list[str]) -> int:
    platform, journal, folder, fields = argv
    channels = configured_channels(progress=PlainProgress(sys.stdout))
    chan = channels[platform]
    for name, value in (("chunk_size", 64 * 1024), ("min_chunk", 64 * 1024), ("upload_piece", 4096)):
        if hasattr(chan, name):
            setattr(chan, name, value if name != "chunk_size" or platform != "youtube" else 256 * 1024)
    for name in ("poll_interval",):
        if hasattr(chan, name):
            setattr(chan, name, 0.01)
    try:
        receipt = run_channel(chan, post(Path(folder), platform, json.loads(fields)), FileJournal(Path(journal)))
    except ChannelError as error:
        print(f"error: {error.message}", flush=True)
        return 1
    print(f"posted: {receipt.post_id} {receipt.url or ''}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
