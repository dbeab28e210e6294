"""Gate cost: GitHub API requests of one `humas gate` evaluation with 1, 10 and 100 reviews.

Runs the real gate (pipeline.forge.github_gate.run_gate, in process, through PyGithub) against the
local GitHub of the test suite (tests/github/fake.py, whose answers the tests validate against
GitHub's OpenAPI description). The pull request has one draft and 1, 10 or 100 reviews: the chain's
own signatures (up to four) and comments by other people. The gate runs once to create its sticky
comment; the second run, an ordinary re-evaluation, is counted.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.github.conftest import CHAIN, HUMAS1, READ_ONLY, SOP, TOKEN, World  # noqa: E402
from tests.github.fake import FakeGitHub  # noqa: E402
from tests.helpers import publikasi  # noqa: E402

DRAFT = "content/publikasi/2025/wisuda/index.md"


def requests_per_evaluation(reviews: int) -> tuple[int, int]:
    """(API requests of the evaluation: reading facts and writing the status, all requests of the run)."""
    fake = FakeGitHub().start()
    try:
        fake.add_token(TOKEN)
        fake.add_token(READ_ONLY, write=False)
        fake.init_main(
            {"sop.yml": SOP.encode(), "mkdocs.yml": b"site_name: Humas\n", "content/publikasi/.gitkeep": b""}
        )
        with tempfile.TemporaryDirectory(prefix="humas-bench-gate-") as scratch:
            world = World(fake, pathlib.Path(scratch))
            number = fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()}).number
            signers = CHAIN[: min(reviews, 3)]  # leave the chain open, so the gate does not merge
            for login in signers:
                fake.review(number, login)
            for index in range(reviews - len(signers)):
                fake.review(number, f"pengamat-{index}", "COMMENTED")
            world.gate_here(number)
            before = len(fake.log)
            outcome = world.gate_here(number)
            if outcome.code != 0:
                raise SystemExit(f"bench: the gate failed: {outcome.err}")
            made = fake.log[before:]
            writes_other_than_status = [e for e in made if e.method != "GET" and "/statuses/" not in e.path]
            comments = [e for e in made if e.method == "GET" and "/comments" in e.path]
            evaluation = len(made) - len(writes_other_than_status) - len(comments)
            return evaluation, len(made)
    finally:
        fake.stop()


if __name__ == "__main__":
    for count in (1, 10, 100):
        print(count, *requests_per_evaluation(count))
