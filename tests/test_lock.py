"""The lock files hold every dependency of pyproject.toml (and the build backend), each at a version the
pyproject allows and pinned by hash, so the workflows and ``make`` install exactly what was reviewed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
BUILD = [Requirement("hatchling>=1.27"), Requirement("editables>=0.5")]


def locked(name: str) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, hashes)} of a lock file."""
    text = (ROOT / name).read_text().replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)(.*)$", line)
        if match:
            found[canonicalize_name(match.group(1).split("[")[0])] = (
                match.group(2),
                re.findall(r"--hash=sha256:([0-9a-f]{64})", match.group(3)),
            )
    return found


def check(lock: dict[str, tuple[str, list[str]]], wanted: list[Requirement]) -> list[str]:
    problems = []
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        if name not in lock:
            problems.append(f"{requirement}: not in the lock (run make lock)")
        elif not requirement.specifier.contains(lock[name][0], prereleases=True):
            problems.append(f"{requirement}: the lock has {lock[name][0]} (run make lock)")
    problems += [f"{name}: no hash" for name, (_v, hashes) in lock.items() if not hashes]
    return problems


def test_the_runtime_lock_matches_pyproject_and_pins_every_package_by_hash() -> None:
    wanted = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]] + BUILD
    assert check(locked("requirements.lock"), wanted) == []


def test_the_development_lock_adds_the_test_tools() -> None:
    wanted = [
        Requirement(r)
        for r in PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]
    ] + BUILD
    assert check(locked("requirements-dev.lock"), wanted) == []


def test_the_build_backend_is_the_one_the_lock_pins() -> None:
    assert PYPROJECT["build-system"]["requires"] == ["hatchling>=1.27"]
