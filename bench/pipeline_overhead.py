"""Pipeline overhead: loading, validating and verifying the approval records of many publications.

    python bench/pipeline_overhead.py prepare REPO COUNT [BATCH]   a content repository with COUNT approved
                                                                  publications, merged BATCH per change
    python bench/pipeline_overhead.py verify REPO                  approved_publications(REPO) only
    python bench/pipeline_overhead.py build REPO OUT               the whole `humas build` (verify + site)

The repository is made with the product's own local forge (the same calls as `humas demo`): each
change adds BATCH publications of bidang akademik, is signed by the four roles in order and merged,
leaving its archive record. Making 5,000 single-publication changes would take far longer than the
measurement, so changes carry a batch; verification still checks every publication's bytes.
"""

from __future__ import annotations

import pathlib
import sys
import time
from datetime import UTC, datetime, timedelta

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import _body, _sentence  # noqa: E402

SIGNERS = [("akademik", "verifikator"), ("spi", "pengendali"), ("wadir1", "penanggung_jawab"), ("reni", "pengarah")]


def prepare(directory: pathlib.Path, count: int, batch: int, start: int = 0) -> None:
    import random

    from pipeline import skeleton
    from pipeline.demo import PEOPLE, make_keys
    from pipeline.forge.local import LocalForge
    from pipeline.forge.merge import merge
    from pipeline.forge.review import review
    from pipeline.git import GitRepo
    from pipeline.scaffold import init_repository, with_signing_keys
    from pipeline.sop.facts import Decision

    # Signed reviews, as in production: each signer's key made once, kept inside .git.
    keys = make_keys(directory.parent / f"{directory.name}-keys")
    if start == 0:
        sop_text = with_signing_keys(
            skeleton.read("sop.yml").decode(), {PEOPLE[w][1]: k.public for w, k in keys.items()}
        )
        repo = init_repository(directory, sop_text=sop_text)
    else:
        repo = GitRepo(directory)
    forge = LocalForge(repo)
    rng = random.Random(start)
    clock = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=start)
    name, email = PEOPLE["humas1"]
    identity = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
    for first in range(start, start + count, batch):
        branch = f"publikasi/kumpulan-{first:05d}"
        repo.run("switch", "-q", "-c", branch, "main")
        for number in range(first, min(first + batch, start + count)):
            day = datetime(2025, 6, 30) - timedelta(days=number)
            folder = directory / "content/publikasi" / str(day.year) / f"kegiatan-{number:05d}"
            folder.mkdir(parents=True)
            (folder / "index.md").write_text(
                f"---\ntitle: {_sentence(rng, 6)[:-1]} {number}\ndate: {day.date().isoformat()}\n"
                f"bidang: akademik\nsummary: {_sentence(rng, 12)}\nchannels:\n  website: {{}}\n---\n{_body(rng)}",
                encoding="utf-8",
            )
        repo.run("add", "-A")
        repo.run("commit", "-q", "-m", f"Desain konten: {branch}", env=identity)
        for who, role in SIGNERS:
            clock += timedelta(minutes=7)
            signer_name, signer_email = PEOPLE[who]
            review(
                forge,
                branch,
                email=signer_email,
                name=signer_name,
                role=role,
                decision=Decision.APPROVED,
                at=clock,
                key=keys[who],
            )
        merge(forge, branch)


def verify(directory: pathlib.Path) -> int:
    from pipeline.approved import approved_publications
    from pipeline.git import GitRepo

    with approved_publications(GitRepo(directory)) as approvals:
        return len(approvals.publications)


def build(directory: pathlib.Path, out: pathlib.Path) -> int:
    from pipeline.build import build_website
    from pipeline.git import GitRepo

    return build_website(GitRepo(directory), out_dir=out).count


if __name__ == "__main__":
    command, repo_dir = sys.argv[1], pathlib.Path(sys.argv[2])
    import pipeline.approved  # noqa: F401 - the package's start-up is not the work being measured
    import pipeline.build  # noqa: F401

    started = time.perf_counter()
    if command == "prepare":
        prepare(
            repo_dir,
            int(sys.argv[3]),
            int(sys.argv[4]) if len(sys.argv) > 4 else 100,
            int(sys.argv[5]) if len(sys.argv) > 5 else 0,
        )
        print(f"prepared in {time.perf_counter() - started:.1f} s")
    elif command == "verify":
        count = verify(repo_dir)
        print(f"{count} publications\nseconds={time.perf_counter() - started}")
    elif command == "build":
        count = build(repo_dir, pathlib.Path(sys.argv[3]))
        print(f"{count} publications\nseconds={time.perf_counter() - started}")
    else:
        raise SystemExit(f"unknown command {command!r}")
