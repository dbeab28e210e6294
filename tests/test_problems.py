"""One error tree: the drawing in pipeline/problems.py is the code's, and one exit path maps it to exit codes."""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from functools import partial
from types import ModuleType

import pytest

import pipeline
from pipeline import problems
from pipeline.problems import ConfigError, HumasError, NotAcceptable, Problem, report

ROW = re.compile(r"^(?P<indent>[│├└─ ]*)(?P<name>[A-Z]\w+)(?: \((?P<code>\d)\))?")
NOT_FOR_A_PERSON = {"YamlProblem"}  # pipeline.located_yaml: always turned into a Problem by the loaders


def _every_module() -> list[ModuleType]:
    return [importlib.import_module(m.name) for m in pkgutil.walk_packages(pipeline.__path__, "pipeline.")]


def _drawn() -> set[tuple[str, str | None, str | None]]:
    """(class, parent, its own exit code) of every row of the drawing."""
    drawing = (problems.__doc__ or "").split("::\n", 1)[1].split("\n\n")[0].strip("\n")
    rows: set[tuple[str, str | None, str | None]] = set()
    parents: list[str] = []
    for line in drawing.splitlines():
        found = ROW.match(line[4:])
        assert found, line
        depth = len(found["indent"]) // 4
        parents[depth:] = [found["name"]]
        rows.add((found["name"], parents[depth - 1] if depth else None, found["code"]))
    return rows


def _coded() -> set[tuple[str, str | None, str | None]]:
    _every_module()
    rows: set[tuple[str, str | None, str | None]] = set()
    waiting: list[type] = [HumasError]
    while waiting:
        cls = waiting.pop()
        if cls.__module__.startswith("pipeline."):
            parent = cls.__base__.__name__ if cls is not HumasError else None
            code = cls.__dict__.get("exit_code")
            rows.add((cls.__name__, parent, None if code is None else str(code)))
        waiting.extend(cls.__subclasses__())
    return rows


def test_the_tree_drawn_in_problems_py_is_the_tree_of_the_code() -> None:
    assert sorted(_drawn(), key=str) == sorted(_coded(), key=str)


def test_every_exception_humas_declares_is_in_the_tree() -> None:
    declared = {
        value
        for module in _every_module()
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == module.__name__
    }
    assert {cls.__name__ for cls in declared if not issubclass(cls, HumasError)} == NOT_FOR_A_PERSON


@pytest.mark.parametrize(
    ("error", "code", "lines"),
    [
        (ConfigError("sop.yml: no roles"), 2, ["humas: sop.yml: no roles"]),
        (
            NotAcceptable("2 problems", [Problem("a.md", 3, "title", "missing token ghp_secretvalue1")]),
            1,
            ["humas: 2 problems", "a.md:3: title: missing token ***"],
        ),
        (HumasError("token ghp_secretvalue1 refused"), 2, ["humas: token *** refused"]),
    ],
)
def test_one_exit_path_prints_one_masked_line_per_error_and_gives_its_exit_code(
    error: HumasError, code: int, lines: list[str]
) -> None:
    out = io.StringIO()
    assert report(error, partial(print, file=out), {"GITHUB_TOKEN": "ghp_secretvalue1"}) == code
    assert out.getvalue().splitlines() == lines
