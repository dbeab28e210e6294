"""The command line loads a command's module only when that command runs (pipeline/commands/)."""

from __future__ import annotations

import subprocess
import sys

import pytest

SHOW = """
import sys
from pipeline.cli import main
try:
    main({args!r}, prog_name="humas")
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith("pipeline.commands.")), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["new", "--help"], ["pipeline.commands.content", "pipeline.commands.options"]),
        (["kunci", "--help"], ["pipeline.commands.kunci", "pipeline.commands.options"]),
        (["--version"], []),
    ],
)
def test_only_the_module_of_the_command_that_runs_is_imported(args: list[str], loaded: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SHOW.format(args=args)], capture_output=True, text=True, check=True, cwd="/"
    )
    assert done.stderr.strip().splitlines()[-1] == repr(loaded)
