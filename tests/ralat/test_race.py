"""A correction merged while ``humas publish`` is making a post: that run read main before the correction, so the
post it makes carries the text the correction replaced, though it is made after the correction merged. The next
``humas publish`` corrects it: a post's receipt names the approved tree it was made from (sealed with it), and
an edit is owed exactly when main's tree is another one, whatever the clock says."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

from pipeline.amend.platforms import FORCE_SSL
from tests.helpers import HUMAS, Repo, base_env, publikasi
from tests.platforms.fleet import CHANNELS, FOLDER, merged, platforms
from tests.platforms.server import FakeServer, Request
from tests.ralat.test_end_to_end import SOCIAL, post_ids, post_urls, publish
from tests.ralat.test_flow import life

__all__ = ["merged", "platforms"]  # the module's fixtures

THREADS = "Wisuda Angkatan 2025 telah dilaksanakan di Depok."
NOTE = "Tempat wisuda diralat menjadi Depok."


def test_a_post_made_while_a_correction_merged_is_corrected_by_the_next_run(
    merged: Path, platforms: dict[str, FakeServer]
) -> None:
    repo = Repo(merged)
    youtube = platforms["youtube"]
    youtube.scopes = set(youtube.scopes) | {FORCE_SSL}  # type: ignore[attr-defined]
    # the correction of the Threads text, signed by the chain, ready to merge
    repo.branch("ralat/wisuda")
    corrected = CHANNELS.replace("text: Wisuda Angkatan 2025 telah dilaksanakan.", f"text: {THREADS}")
    assert corrected != CHANNELS
    repo.write(f"{FOLDER}/index.md", publikasi(channels=corrected, extra=f"ralat: {NOTE}\n"))
    repo.commit("Ralat wisuda: tempat")
    repo.sign_all("ralat/wisuda")
    repo.switch("main")

    # it is merged while the Threads post is being made, by a run that read main before
    merges: list[subprocess.CompletedProcess[str]] = []

    def merge_meanwhile(request: Request) -> None:
        if request.method == "POST" and request.path.endswith("/threads_publish") and not merges:
            merges.append(
                subprocess.run(
                    [HUMAS, "merge", "ralat/wisuda"], cwd=repo.root, env=base_env(), capture_output=True, text=True
                )
            )

    platforms["threads"].hook = merge_meanwhile
    lines = publish(repo, platforms)
    platforms["threads"].hook = None
    [merge] = merges
    assert merge.returncode == 0, merge.stdout + merge.stderr
    ids = post_ids(repo)
    assert lines == [f"diterbitkan       2025/wisuda → {channel}: {ids[channel]}" for channel in SOCIAL]
    [thread] = platforms["threads"].posts  # type: ignore[attr-defined]
    assert thread.text == "Wisuda Angkatan 2025 telah dilaksanakan."  # what main held when the run read it
    # the post was made after the correction merged, from the text before it
    [correction] = life(repo).corrections
    receipt = json.loads(repo.git("show", f"arsip:{receipt_path(repo, 'threads')}"))
    assert datetime.fromisoformat(receipt["at"]) > correction.at

    # the next run owes the correction to every post made from the text before it, the Threads one included
    # (before, a post made after the correction's merge was taken to carry its text); the texts the other
    # posts got are unchanged by it
    lines = publish(repo, platforms)
    urls = post_urls(repo)
    same = "tidak berubah oleh ralat ini (teksnya sama); tidak ada yang dilakukan"
    assert lines[: len(SOCIAL)] == [f"sudah-diunggah    2025/wisuda → {c}: {ids[c]}" for c in SOCIAL]
    package = f"outbox/threads/2025-wisuda.{correction.record}"
    assert lines[len(SOCIAL) :] == [
        *(f"2025/wisuda → {c}: unggahan {urls[c]} {same}" for c in ("instagram", "facebook", "tiktok", "youtube")),
        f"2025/wisuda → threads: menunggu dikerjakan petugas: {package}",  # Threads' API edits no post
        f"  yang perlu dilakukan: humas ralat selesai 2025/wisuda threads {correction.record}",
    ]
    assert (repo.root / package / "teks.txt").read_text(encoding="utf-8").strip() == THREADS


def receipt_path(repo: Repo, channel: str) -> str:
    [path] = [
        p
        for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split()
        if p.endswith(f"/receipts/2025/wisuda/{channel}.json")
    ]
    return path
