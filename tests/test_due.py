"""``humas due``: the scheduled run's first, cheap step says whether a post or a page is due."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Repo, jpeg, publikasi

CHANNELS = '  website: {}\n  instagram:\n    caption: "Selamat! #Wisuda2025"\n    media: [foto.jpg]\n'


def merged(repo: Repo, publish_at: str) -> None:
    repo.branch("publikasi/wisuda")
    repo.write(
        "content/publikasi/2025/wisuda/index.md", publikasi(channels=CHANNELS, extra=f"publish_at: {publish_at}\n")
    )
    repo.write("content/publikasi/2025/wisuda/foto.jpg", jpeg(1080, 1080))
    repo.commit("Desain konten: wisuda")
    repo.sign_all("publikasi/wisuda")
    assert repo.humas("merge", "publikasi/wisuda").code == 0
    repo.switch("main")


def test_nothing_is_due_before_publish_at_and_both_are_after(repo: Repo, tmp_path: Path) -> None:
    merged(repo, "2025-02-11T08:00:00+07:00")
    before = repo.humas("due", "--now", "2025-02-11T00:30:00+00:00", "--github-output", str(tmp_path / "a"))
    assert (before.code, before.out) == (0, "tidak ada yang jatuh tempo\n")
    assert (tmp_path / "a").read_text() == "post=false\nsite=false\n"

    after = repo.humas("due", "--now", "2025-02-11T01:30:00+00:00", "--github-output", str(tmp_path / "b"))
    assert after.code == 0
    assert after.out.splitlines() == [
        "unggahan jatuh tempo: 2025/wisuda → instagram",
        "halaman jatuh tempo: 2025/wisuda (publish_at-nya telah tiba)",
    ]
    assert (tmp_path / "b").read_text() == "post=true\nsite=true\n"


def test_a_page_released_long_ago_is_not_due_again_and_a_post_done_is_not_due(repo: Repo, tmp_path: Path) -> None:
    merged(repo, "2025-02-11T08:00:00+07:00")
    assert repo.humas("publish", "--outbox", str(tmp_path / "outbox")).code == 0  # the outbox package is made
    later = repo.humas("due", "--now", "2025-02-12T09:00:00+00:00")
    assert (later.code, later.out) == (0, "tidak ada yang jatuh tempo\n")
