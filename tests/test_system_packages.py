"""`make test` on a machine without the Debian packages the tests use: it installs them when it can,
otherwise it stops at once with the one line to run (.ci/system-packages), never a wall of errors."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bin_without_the_packages(tmp_path: Path, uid: str) -> Path:
    """A PATH holding only what the script needs to run, no chromium, rsync or sudo, and an `id` that says ``uid``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "grep", "uname", "test"):
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (bin_dir / "ldconfig").write_text("#!/bin/sh\nexit 0\n")
    for stub in ("id", "ldconfig"):
        (bin_dir / stub).chmod(0o755)
    return bin_dir


def test_a_user_who_cannot_install_gets_the_one_line_to_run_at_once(tmp_path: Path) -> None:
    bin_dir = _bin_without_the_packages(tmp_path, uid="1000")
    run = subprocess.run(
        ["bash", str(ROOT / ".ci/system-packages")],
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert lines[0].startswith("The tests need these Debian packages, missing here: ")
    assert {"rsync", "chromium"} <= set(lines[0].split(": ", 1)[1].split())
    assert lines[1] == "Install them, then run make test again:"
    assert lines[2].startswith("  sudo sh -c 'apt-get update && apt-get install -y ")
    assert "chromium" in lines[2] and lines[2].endswith("'")
    assert run.stdout == ""


def test_make_test_checks_the_system_packages_before_anything_else() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "\nsystem:\n\tbash .ci/system-packages\n" in makefile
    assert "\ntest: system lint\n" in makefile
    assert "make test" in (ROOT / ".ci/run").read_text()


def test_a_machine_with_the_packages_passes_silently() -> None:
    run = subprocess.run(
        ["bash", str(ROOT / ".ci/system-packages")], env=dict(os.environ), capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stderr) == (0, "")
