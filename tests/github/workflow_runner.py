"""A small GitHub Actions runner for tests: the jobs of a workflow file, their steps in order, on this machine.

It runs what humas's workflows need the way GitHub Actions would, against the local GitHub of the test
suite (tests/github/fake.py) and its bare git repository:

- ``run:`` scripts with ``bash -e {0}`` (``shell: bash``: ``bash --noprofile --norc -eo pipefail {0}``) in
  the step's ``working-directory`` (else the job's or the workflow's ``defaults.run``), below the job's
  ``GITHUB_WORKSPACE``; the environment is the runner's (the caller's, without ``GIT_*``, ``GITHUB_*`` and
  ``HUMAS_*``; a fresh ``HOME`` per job; the test's own Python first on ``PATH``), GitHub's default variables
  (``GITHUB_ACTIONS``, ``GITHUB_EVENT_PATH`` with the event written as JSON, ``GITHUB_SHA``, ``GITHUB_REF``,
  ``GITHUB_API_URL`` of the local GitHub, ...), then the workflow's, the job's, what earlier steps wrote to
  ``GITHUB_ENV`` and the step's ``env:``; ``GITHUB_OUTPUT``, ``GITHUB_ENV``, ``GITHUB_PATH`` and
  ``GITHUB_STEP_SUMMARY`` are files read back after each step; ``continue-on-error`` and
  ``timeout-minutes`` are honoured.
- ``${{ ... }}`` expressions over ``github.*`` (token, event, sha, ref, repository, run_id, event_name,
  server_url, api_url, workspace, ...), ``secrets.*`` and ``vars.*`` (unset ones are empty, as on GitHub),
  ``env.*``, ``inputs.*``, ``runner.*``, ``steps.<id>.outputs|outcome|conclusion`` and
  ``needs.<job>.result|outputs``, with literals, ``.``/``[...]`` access, ``==``, ``!=``, ``<``, ``<=``,
  ``>``, ``>=`` (strings compared ignoring case, other types as numbers, as GitHub does), ``&&``, ``||``,
  ``!``, parentheses, the status functions ``always()``, ``success()``, ``failure()``, ``cancelled()`` and
  ``contains``, ``startsWith``, ``endsWith``, ``format``, ``join``, ``toJSON``, ``fromJSON``,
  ``hashFiles``; an ``if:`` without a status function means ``success() && (...)``. Anything else
  (another function, operator or context, an unknown ``github`` property, a step or job that is not there)
  raises :class:`WorkflowError` instead of guessing.
- Jobs run one after another in ``needs`` order; a job whose ``if:`` is false, or whose needs did not all
  succeed (unless its ``if:`` says otherwise), is ``skipped``. Before anything runs, the workflow's ``on:``
  must name the event (its ``types:``, ``branches:`` and ``workflows:`` filters included).

What security depends on is modelled as GitHub does it:

- ``environment:`` (with ``environments``, as docs/github.md sets them up): a job that names an
  environment whose deployment branches do not admit the run's ref fails before its first step, with
  GitHub's message; the ref is the default branch for ``pull_request_target``, ``workflow_run`` and
  ``schedule`` runs, else the run's (``refs/pull/N/merge`` for ``pull_request``/``pull_request_review``);
  an environment's secrets and variables exist only in jobs that name it (``secrets`` are then the
  repository's own);
- which workflow file runs (``workflow_file``): the pull request head's for ``pull_request`` and
  ``pull_request_review``, the default branch's for ``pull_request_target``, ``workflow_run`` and
  ``schedule``, the pushed or dispatched ref's otherwise;
- permission scopes (with ``mint_token``): each job gets its own token, registered with the local GitHub
  with exactly the write scopes its ``permissions:`` grant; a write outside them is refused (403) by the
  local GitHub (``WRITE_SCOPES`` in tests/github/fake.py); without ``mint_token``, a job granted no write
  gets ``read_token``;
- concurrency (``Concurrency``): at most one running and one pending run per group (case-insensitive); a
  new run cancels the pending one, and the running one only with ``cancel-in-progress``;
- re-runs (``rerun``): a job and the jobs of the run that need it run again with the same event, sha and
  ref, the run's artifacts, and the other jobs' results and outputs from the earlier attempt;
- ``pip install`` of a local project runs the build hooks its ``pyproject.toml`` declares (hatch
  ``custom`` hooks, ``[tool.hatch.build.hooks.custom]`` or the wheel target's) with the step's
  environment, as building it would; each job lists the projects it installed and the hooks that ran.

Each step's wall time (``seconds``) and the processor time of the processes it ran (``cpu_seconds``) are
kept (bench/actions_minutes.py models the Actions minutes from them).

``uses:`` steps are replaced by local equivalents:

- ``actions/checkout``: a ``git init`` + ``git fetch`` from the fake's bare repository (remote ``origin``,
  ``file://``) of ``ref`` (default ``github.sha``) into ``path`` (default the workspace), ``fetch-depth``
  honoured as the action does it (``0``: every branch and tag; ``N``: that many commits of that ref), then
  the ref checked out (a branch as a local branch, a sha or ``refs/pull/...`` detached);
  ``persist-credentials`` and ``filter`` are ignored (the bare repository needs no credentials; a partial
  clone only saves transfer), any other ``repository`` refused;
- ``actions/setup-python``: nothing (the test's own Python and its virtual environment are on ``PATH``);
  outputs ``python-path`` and ``python-version`` of that Python;
- ``actions/upload-artifact``: ``path`` copied into ``<workdir>/artifacts/<name>`` (``name`` defaults to
  ``artifact``); ``actions/upload-pages-artifact``: ``path`` as ``artifact.tar`` there (``github-pages``);
  ``actions/download-artifact``: an artifact of this run (uploaded by an earlier job), by name or all;
- ``actions/deploy-pages``: nothing, recorded in the job's ``substitutions``;
- ``actions/cache`` (and ``/restore``, ``/save``): nothing, a cache miss (output ``cache-hit`` empty).

Any other action is refused. Installing with pip: the runner never installs anything into the test's
virtual environment. A step whose script starts with ``python -m pip install`` must consist only of such
commands; each command's words are expanded by bash in the step's environment, and every requirement they
name (a name, a ``-r`` requirements file, a local project directory, read from its ``pyproject.toml``) must
already be installed in the test's environment: then the step is replaced by the project's build hooks (if
any) and recorded in the job's ``substitutions`` (with the requirement whose installed version differs
from a ``==`` pin, if any); otherwise :class:`WorkflowError`. A project installed with ``--no-deps`` whose
dependencies none of the job's pip steps install fails the step (on GitHub it would not import them,
whatever the test's environment holds). Every other step runs for real.

Not done: ``strategy``/``matrix``, services, containers, reusable workflows, other shells (refused);
environment protection rules other than deployment branches (reviewers, wait timers); the ``concurrency:``
of a workflow is not applied by ``run()`` (a test queues runs with ``Concurrency``); trigger filters other
than ``types``, ``branches`` and ``workflows`` (``paths``, ``tags``, ...) are refused. Logs are kept as the
steps wrote them, secrets not masked, so that a test can look for them.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import math
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from tests.helpers import humas_shim_folder

STATUS_FUNCTIONS = ("always", "success", "failure", "cancelled")
FUNCTIONS = {
    "contains": (2, 2),
    "startsWith": (2, 2),
    "endsWith": (2, 2),
    "format": (1, 99),
    "join": (1, 2),
    "toJSON": (1, 1),
    "fromJSON": (1, 1),
    "hashFiles": (1, 99),
}
CONTEXTS = ("github", "secrets", "vars", "env", "inputs", "steps", "needs", "runner")


class WorkflowError(Exception):
    """The workflow asks for something this runner does not do (or the event does not start it)."""


# --- expressions ----------------------------------------------------------------------------------


class Strict(dict[str, Any]):
    """A context whose unknown keys are refused rather than read as null."""

    def __init__(self, name: str, values: Mapping[str, Any]) -> None:
        super().__init__(values)
        self.name = name


TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>==|!=|<=|>=|&&|\|\||[<>!().\[\],])"
    r"|(?P<id>[A-Za-z_][A-Za-z0-9_-]*))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, at = [], 0
    text = text.strip()
    while at < len(text):
        match = TOKEN.match(text, at)
        if match is None or match.end() == at:
            raise WorkflowError(f"cannot evaluate expression {text!r}: unsupported at {text[at:].lstrip()!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        at = match.end()
    return out


@dataclass
class Scope:
    """What an expression can see."""

    contexts: dict[str, Any]
    status: str = "success"
    """``success`` or ``failure``: the job so far (or, for a job's ``if:``, its needs)."""
    workspace: Path | None = None


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip()) if value.strip() else 0.0
        except ValueError:
            return math.nan
    return math.nan


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    if type(left) is type(right) or (left is None and right is None):
        return bool(left == right)
    if isinstance(left, dict | list) or isinstance(right, dict | list):
        return left is right
    return _number(left) == _number(right)


def _order(left: Any, right: Any, op: str) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        a: Any = left.casefold()
        b: Any = right.casefold()
    else:
        a, b = _number(left), _number(right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def truthy(value: Any) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    return value not in (None, False, 0, "")


class _Parser:
    def __init__(self, text: str, scope: Scope) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0
        self.scope = scope

    def fail(self, why: str) -> WorkflowError:
        return WorkflowError(f"cannot evaluate expression {self.text!r}: {why}")

    def peek(self) -> str | None:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise self.fail("it ends too early")
        token = self.tokens[self.at]
        if expected is not None and token[1] != expected:
            raise self.fail(f"expected {expected!r}, found {token[1]!r}")
        self.at += 1
        return token

    def parse(self) -> Any:
        value = self.disjunction()
        if self.at != len(self.tokens):
            raise self.fail(f"unexpected {self.tokens[self.at][1]!r}")
        return value

    def disjunction(self) -> Any:
        value = self.conjunction()
        while self.peek() == "||":
            self.take()
            right = self.conjunction()
            value = value if truthy(value) else right
        return value

    def conjunction(self) -> Any:
        value = self.comparison()
        while self.peek() == "&&":
            self.take()
            right = self.comparison()
            value = right if truthy(value) else value
        return value

    def comparison(self) -> Any:
        value = self.unary()
        while self.peek() in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            right = self.unary()
            value = _equal(value, right) == (op == "==") if op in ("==", "!=") else _order(value, right, op)
        return value

    def unary(self) -> Any:
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        return self.postfix()

    def postfix(self) -> Any:
        value = self.atom()
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                kind, name = self.take()
                if kind != "id":
                    raise self.fail(f"expected a property name after '.', found {name!r}")
            else:
                key = self.disjunction()
                self.take("]")
                if not isinstance(key, str | int | float) or isinstance(key, bool):
                    raise self.fail("an index must be a string or a number")
                if isinstance(value, list):
                    index = int(_number(key))
                    value = value[index] if 0 <= index < len(value) else None
                    continue
                name = str(key)
            value = self.member(value, name)
        return value

    def member(self, value: Any, name: str) -> Any:
        if isinstance(value, Strict):
            if name not in value:
                raise self.fail(f"{value.name} has no {name!r} here")
            return value[name]
        if isinstance(value, dict):
            found = [v for k, v in value.items() if k.casefold() == name.casefold()]
            return found[0] if found else None
        return None

    def atom(self) -> Any:
        kind, text = self.take()
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            number = float(text)
            return int(number) if number.is_integer() else number
        if text == "(":
            value = self.disjunction()
            self.take(")")
            return value
        if kind != "id":
            raise self.fail(f"unexpected {text!r}")
        if text in ("true", "false"):
            return text == "true"
        if text == "null":
            return None
        if self.peek() == "(":
            self.take()
            arguments = []
            while self.peek() != ")":
                arguments.append(self.disjunction())
                if self.peek() != ")":
                    self.take(",")
            self.take(")")
            return self.call(text, arguments)
        if text not in CONTEXTS:
            raise self.fail(f"the context {text!r} is not supported (only {', '.join(CONTEXTS)})")
        if text not in self.scope.contexts:
            raise self.fail(f"the context {text!r} is not available here")
        return self.scope.contexts[text]

    def call(self, name: str, arguments: list[Any]) -> Any:
        if name in STATUS_FUNCTIONS:
            if arguments:
                raise self.fail(f"{name}() takes no arguments")
            return {
                "always": True,
                "cancelled": False,
                "success": self.scope.status == "success",
                "failure": self.scope.status == "failure",
            }[name]
        if name not in FUNCTIONS:
            raise self.fail(f"the function {name}() is not supported")
        low, high = FUNCTIONS[name]
        if not low <= len(arguments) <= high:
            raise self.fail(f"{name}() takes {low} to {high} arguments, not {len(arguments)}")
        if name == "contains":
            search, item = arguments
            if isinstance(search, list):
                return any(_equal(element, item) for element in search)
            return _text(item).casefold() in _text(search).casefold()
        if name == "startsWith":
            return _text(arguments[0]).casefold().startswith(_text(arguments[1]).casefold())
        if name == "endsWith":
            return _text(arguments[0]).casefold().endswith(_text(arguments[1]).casefold())
        if name == "format":
            values = [_text(a) for a in arguments[1:]]
            try:
                return re.sub(
                    r"\{\{|\}\}|\{(\d+)\}",
                    lambda m: values[int(m.group(1))] if m.group(1) else m.group(0)[0],
                    _text(arguments[0]),
                )
            except IndexError:
                raise self.fail("format() has fewer arguments than its placeholders") from None
        if name == "join":
            items = arguments[0] if isinstance(arguments[0], list) else [arguments[0]]
            return (_text(arguments[1]) if len(arguments) > 1 else ",").join(_text(i) for i in items)
        if name == "toJSON":
            return json.dumps(arguments[0], indent=2)
        if name == "fromJSON":
            try:
                return json.loads(_text(arguments[0]))
            except ValueError:
                raise self.fail(f"fromJSON(): {arguments[0]!r} is not JSON") from None
        return self.hash_files([_text(a) for a in arguments])

    def hash_files(self, patterns: list[str]) -> str:
        """GitHub's hashFiles(): the SHA-256 of the SHA-256 of each matching file, in path order, below the
        workspace; empty when nothing matches."""
        workspace = self.scope.workspace
        if workspace is None:
            raise self.fail("hashFiles() needs a job's workspace")
        found = sorted({path for pattern in patterns for path in workspace.glob(pattern) if path.is_file()})
        if not found:
            return ""
        outer = hashlib.sha256()
        for path in found:
            outer.update(hashlib.sha256(path.read_bytes()).digest())
        return outer.hexdigest()


def evaluate(expression: str, scope: Scope) -> Any:
    return _Parser(expression, scope).parse()


def _unwrap(text: str) -> str:
    text = text.strip()
    if text.startswith("${{") and text.endswith("}}") and text.count("${{") == 1:
        return text[3:-2].strip()
    return text


def condition(value: Any, scope: Scope) -> bool:
    """An ``if:``: true when absent; ``success() && (...)`` unless it calls a status function."""
    if value is None:
        return scope.status == "success"
    if isinstance(value, bool):
        return value and scope.status == "success"
    expression = _unwrap(str(value))
    calls = {
        text
        for (_, text), after in zip(_tokens(expression), _tokens(expression)[1:] + [("", "")], strict=True)
        if after[1] == "(" and text in STATUS_FUNCTIONS
    }
    if not calls:
        expression = f"success() && ({expression})"
    return truthy(evaluate(expression, scope))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, indent=2)
    return str(value)


def interpolate(value: Any, scope: Scope) -> str:
    """A workflow string with each ``${{ expression }}`` replaced by its value as text."""
    text = _text(value)
    out, at = [], 0
    while (start := text.find("${{", at)) != -1:
        end = text.find("}}", start)
        if end == -1:
            raise WorkflowError(f"an expression is not closed in {text!r}")
        out.append(text[at:start])
        out.append(_text(evaluate(text[start + 3 : end], scope)))
        at = end + 2
    out.append(text[at:])
    return "".join(out)


# --- results --------------------------------------------------------------------------------------


@dataclass
class StepResult:
    id: str | None
    name: str
    outcome: str
    """``success``, ``failure`` or ``skipped`` (before ``continue-on-error``)."""
    conclusion: str
    outputs: dict[str, str] = field(default_factory=dict)
    code: int | None = None
    stdout: str = ""
    stderr: str = ""
    summary: str = ""
    seconds: float = 0.0
    """How long the step ran here (wall clock; a replaced pip install or action: its replacement's time)."""
    cpu_seconds: float = 0.0
    """The processor time (user and system) of the processes the step ran, ended while it ran."""


@dataclass
class JobResult:
    id: str
    result: str
    """``success``, ``failure`` or ``skipped``."""
    steps: list[StepResult] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    substitutions: list[str] = field(default_factory=list)
    installed: set[str] = field(default_factory=set)
    """What the job's pip install steps installed (names, canonical)."""
    projects: list[Path] = field(default_factory=list)
    """The local project folders the job's pip install steps installed."""
    hooks_run: list[Path] = field(default_factory=list)
    """The build hooks those installs ran."""
    """What ran as something else (an action's local equivalent, a pip install step skipped)."""
    workspace: Path | None = None

    def step(self, name: str) -> StepResult:
        """The step of that ``id`` or ``name``."""
        found = [s for s in self.steps if name in (s.id, s.name)]
        if len(found) != 1:
            raise KeyError(f"{len(found)} steps named {name!r} in job {self.id}: {[s.name for s in self.steps]}")
        return found[0]

    @property
    def summary(self) -> str:
        return "".join(s.summary for s in self.steps)

    @property
    def log(self) -> str:
        """Every step's output, in order."""
        return "".join(f"## {s.name}\n{s.stdout}{s.stderr}" for s in self.steps)


# --- files the steps write ------------------------------------------------------------------------


def read_command_file(path: Path) -> dict[str, str]:
    """``name=value`` lines and ``name<<DELIMITER`` blocks (GITHUB_OUTPUT, GITHUB_ENV)."""
    values: dict[str, str] = {}
    lines = path.read_text().splitlines() if path.exists() else []
    at = 0
    while at < len(lines):
        line = lines[at]
        at += 1
        if not line.strip():
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            while at < len(lines) and lines[at] != delimiter:
                block.append(lines[at])
                at += 1
            if at >= len(lines):
                raise WorkflowError(f"{path.name}: no closing {delimiter!r} for {name!r}")
            at += 1
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise WorkflowError(f"{path.name}: cannot read line {line!r} (allowed: name=value, name<<DELIMITER)")
    return values


# --- pip install steps ----------------------------------------------------------------------------

PIP_INSTALL = ("python", "-m", "pip", "install")
PIP_VALUE_OPTIONS = {
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--target",
    "-t",
    "--prefix",
    "--root",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--upgrade-strategy",
    "--progress-bar",
    "--cache-dir",
    "--log",
    "--src",
    "--only-binary",
    "--no-binary",
    "--config-settings",
    "-C",
    "--trusted-host",
    "--timeout",
    "--retries",
}


def _commands(script: str) -> list[str]:
    joined = re.sub(r"\\\n", " ", script)
    commands = []
    for line in joined.splitlines():
        for part in re.split(r"&&|;", line):
            if part.strip() and not part.strip().startswith("#"):
                commands.append(part.strip())
    return commands


def is_pip_install(script: str) -> bool:
    return script.lstrip().startswith(" ".join(PIP_INSTALL))


@functools.cache  # this runner never installs: the test's environment is the same for the whole session
def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _project(folder: Path) -> tuple[str, list[str]]:
    """(name, names of its dependencies for this Python) of the project in ``folder``."""
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        raise WorkflowError(f"pip install {folder}: no pyproject.toml there to name the project it installs")
    project = tomllib.loads(pyproject.read_text()).get("project", {})
    if not isinstance(project.get("name"), str):
        raise WorkflowError(f"{pyproject}: no [project] name")
    needs = [found[0] for text in project.get("dependencies", []) if (found := _requirement(text, str(pyproject)))]
    return project["name"], needs


def _build_hooks(folder: Path) -> list[Path]:
    """The hatch build hooks of the project in ``folder`` (``[tool.hatch.build.hooks.custom]`` or the wheel
    target's), which building it runs."""
    hatch = tomllib.loads((folder / "pyproject.toml").read_text()).get("tool", {}).get("hatch", {})
    build = hatch.get("build", {})
    found = []
    for hooks in (build.get("hooks", {}), build.get("targets", {}).get("wheel", {}).get("hooks", {})):
        custom = hooks.get("custom")
        if isinstance(custom, dict):
            found.append(folder / str(custom.get("path", "hatch_build.py")))
    return found


def _requirement(text: str, where: str) -> tuple[str, str | None] | None:
    """(name, version pinned with ``==``) of a requirement; None when its marker excludes this Python."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        raise WorkflowError(f"{where}: cannot read requirement {text!r}") from None
    if requirement.marker is not None and not requirement.marker.evaluate():
        return None
    pins = [s.version for s in requirement.specifier if s.operator == "=="]
    return requirement.name, pins[0] if pins else None


def _requirements_file(path: Path) -> list[tuple[str, str | None]]:
    if not path.is_file():
        raise WorkflowError(f"pip install -r {path}: no such file")
    wanted = []
    for line in re.sub(r"\\\n", " ", path.read_text()).splitlines():
        line = re.sub(r"(^|\s)#.*", "", line)
        line = re.sub(r"\s--hash[= ]\S+", "", line).strip()
        if not line or line.startswith("-"):
            continue
        if (found := _requirement(line, str(path))) is not None:
            wanted.append(found)
    return wanted


@dataclass
class PipCommand:
    wanted: list[tuple[str, str | None]] = field(default_factory=list)
    """(name, version pinned with ``==`` or None) of everything it installs."""
    needs: dict[str, list[str]] = field(default_factory=dict)
    """A project installed from a folder with ``--no-deps`` → its dependencies (installed some other way)."""
    projects: list[Path] = field(default_factory=list)
    """The local project folders it builds and installs."""
    hooks: list[Path] = field(default_factory=list)
    """The build hooks (hatch ``custom`` hooks) those projects declare: pip runs them while building."""


def pip_command(words: list[str], cwd: Path) -> PipCommand:
    """What a ``pip install`` command line (its words after ``install``) installs."""
    command = PipCommand()
    no_deps = "--no-deps" in words
    at = 0
    while at < len(words):
        word = words[at]
        at += 1
        option, _, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        folder = None
        if option in ("-r", "--requirement", "-c", "--constraint", "-e", "--editable") or option in PIP_VALUE_OPTIONS:
            value = inline or (words[at] if at < len(words) else "")
            if not inline:
                at += 1
            if option in ("-r", "--requirement"):
                command.wanted += _requirements_file(cwd / value)
            elif option in ("-e", "--editable"):
                folder = cwd / value
        elif word.startswith("-"):
            continue
        elif word.startswith((".", "/")) or (cwd / word).is_dir():
            folder = cwd / word
        elif (found := _requirement(word, "pip install")) is not None:
            command.wanted.append(found)
        if folder is not None:
            name, needs = _project(folder)
            command.wanted.append((name, None))
            command.projects.append(folder.resolve())
            command.hooks += _build_hooks(folder)
            if no_deps:
                command.needs[name] = needs
    return command


# --- environments, concurrency, workflow files ---------------------------------------------------


@dataclass(frozen=True)
class Environment:
    """A deployment environment: the branches whose runs may use it, and its secrets."""

    branches: tuple[str, ...] = ("main",)
    secrets: Mapping[str, str] = field(default_factory=dict)
    variables: Mapping[str, str] = field(default_factory=dict)

    def admits(self, ref: str) -> bool:
        branch = ref.removeprefix("refs/heads/") if ref.startswith("refs/heads/") else None
        return branch is not None and any(_glob(pattern, branch) for pattern in self.branches)


# Events whose runs GitHub evaluates against the default branch (their workflow file and GITHUB_REF are
# the default branch's), whatever the pull request or triggering run.
DEFAULT_BRANCH_EVENTS = ("pull_request_target", "workflow_run", "schedule")


def workflow_file(git_dir: Path, name: str, event_name: str, event: dict[str, Any], ref: str, into: Path) -> Path:
    """The workflow file GitHub runs for an event: a pull request's own (``pull_request``,
    ``pull_request_review``: the head commit's), else the default branch's (``pull_request_target``,
    ``workflow_run``, ``schedule``) or the pushed or dispatched ref's."""
    if event_name in ("pull_request", "pull_request_review"):
        commit = str(event["pull_request"]["head"]["sha"])
    elif event_name == "push":
        commit = str(event.get("after") or ref)
    else:
        commit = ref
    done = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:.github/workflows/{name}"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise WorkflowError(f"no .github/workflows/{name} at {commit}")
    into.mkdir(parents=True, exist_ok=True)
    path = into / name
    path.write_bytes(done.stdout)
    return path


@dataclass
class Concurrency:
    """GitHub's concurrency groups: at most one running and one pending run per group; a new run makes the
    pending one cancelled (and, with ``cancel-in-progress``, the running one too)."""

    running: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)

    def queue(self, group: str, run: str, cancel_in_progress: bool = False) -> str:
        """``run`` arrives: ``running`` or ``pending`` (what happens to the others is in ``cancelled``)."""
        group = group.casefold()
        if group in self.pending:
            self.cancelled.append(self.pending.pop(group))
        if group in self.running and cancel_in_progress:
            self.cancelled.append(self.running.pop(group))
        if group in self.running:
            self.pending[group] = run
            return "pending"
        self.running[group] = run
        return "running"

    def finish(self, group: str) -> str | None:
        """The running run of ``group`` completed: the pending one (if any) starts and is returned."""
        group = group.casefold()
        self.running.pop(group, None)
        if group in self.pending:
            self.running[group] = self.pending.pop(group)
            return self.running[group]
        return None


# --- the runner -----------------------------------------------------------------------------------


def _triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    if isinstance(on, str):
        return {on: {}}
    if isinstance(on, list):
        return {name: {} for name in on}
    if isinstance(on, dict):
        return {name: spec if isinstance(spec, dict) else {} for name, spec in on.items()}
    raise WorkflowError("the workflow has no `on:`")


def _glob(pattern: str, value: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern.replace("**", "*"))


class WorkflowRunner:
    """One run of one workflow for one event; ``run()`` its jobs, or ``run_job()`` one of them."""

    def __init__(
        self,
        workflow: Path,
        *,
        workdir: Path,
        git_url: str,
        api_url: str,
        repository: str,
        token: str,
        event_name: str,
        event: dict[str, Any],
        sha: str,
        ref: str,
        secrets: Mapping[str, str] | None = None,
        variables: Mapping[str, str] | None = None,
        base_env: Mapping[str, str] | None = None,
        server_url: str = "https://github.test",
        run_id: str = "4242",
        read_token: str | None = None,
        actor: str = "github-actions[bot]",
        environments: Mapping[str, Environment] | None = None,
        mint_token: Callable[[str, frozenset[str]], str] | None = None,
        default_branch: str = "main",
    ) -> None:
        self.path = workflow
        self.read_token = read_token
        self.environments = dict(environments) if environments is not None else None
        self.mint_token = mint_token
        self.default_branch = default_branch
        self.workflow: dict[str, Any] = yaml.safe_load(workflow.read_text())
        self.workdir = workdir
        self.git_url = git_url
        self.event_name = event_name
        self.event = event
        self.secrets = dict(secrets or {})
        self.variables = dict(variables or {})
        self.artifacts = workdir / "artifacts"
        self.results: dict[str, JobResult] = {}
        self.github = {
            "token": token,
            "event": event,
            "event_name": event_name,
            "sha": sha,
            "ref": ref,
            "ref_name": ref.rsplit("/", 1)[-1] if ref.startswith(("refs/heads/", "refs/tags/")) else ref,
            "repository": repository,
            "repository_owner": repository.split("/")[0],
            "run_id": run_id,
            "run_number": "1",
            "run_attempt": "1",
            "server_url": server_url,
            "api_url": api_url,
            "graphql_url": f"{api_url}/graphql",
            "actor": actor,
            "triggering_actor": actor,
            "workflow": self.workflow.get("name") or workflow.name,
            "base_ref": "",
            "head_ref": "",
        }
        if event_name.startswith("pull_request"):
            pull = event.get("pull_request") or {}
            self.github["base_ref"] = pull.get("base", {}).get("ref", "")
            self.github["head_ref"] = pull.get("head", {}).get("ref", "")
        self.python_bin = str(Path(sys.executable).parent)
        source = dict(os.environ if base_env is None else base_env)
        self.base_env = {k: v for k, v in source.items() if not k.startswith(("GIT_", "GITHUB_", "HUMAS_"))}
        shims = humas_shim_folder()  # humas forked from the test's zygote (tests/humas_zygote.py)
        first = [str(shims), self.python_bin] if shims else [self.python_bin]
        self.base_env["PATH"] = os.pathsep.join([*first, self.base_env.get("PATH", os.defpath)])
        self.base_env.pop("VIRTUAL_ENV", None)
        self._check_trigger()

    # --- the event -----------------------------------------------------------------------------

    def _check_trigger(self) -> None:
        triggers = _triggers(self.workflow)
        if self.event_name not in triggers:
            raise WorkflowError(f"{self.path.name} does not run on {self.event_name} (only {', '.join(triggers)})")
        spec = triggers[self.event_name]
        types = spec.get("types")
        if types is not None and self.event.get("action") not in types:
            raise WorkflowError(
                f"{self.path.name} runs on {self.event_name} of types {types}, not {self.event.get('action')!r}"
            )
        branches = spec.get("branches")
        if branches is not None:
            if self.event_name.startswith("pull_request"):
                branch = self.github["base_ref"]
            elif self.event_name == "workflow_run":
                branch = (self.event.get("workflow_run") or {}).get("head_branch") or ""
            else:
                branch = self.github["ref_name"]
            if not any(_glob(b, branch) for b in branches):
                raise WorkflowError(
                    f"{self.path.name} runs on {self.event_name} for branches {branches}, not {branch!r}"
                )
        workflows = spec.get("workflows")
        if workflows is not None and (self.event.get("workflow") or {}).get("name") not in workflows:
            raise WorkflowError(f"{self.path.name} runs after workflows {workflows}, not this one")
        unknown = sorted(set(spec) - {"types", "branches", "workflows", "inputs"})
        if unknown:
            raise WorkflowError(f"{self.path.name}: the {self.event_name} filter {', '.join(unknown)} is not supported")

    # --- jobs ----------------------------------------------------------------------------------

    def run(self, jobs: list[str] | None = None) -> dict[str, JobResult]:
        """Every job (or the ones named, with what they need) in ``needs`` order."""
        every: dict[str, Any] = self.workflow.get("jobs") or {}
        wanted = list(every) if jobs is None else list(jobs)
        order: list[str] = []

        def visit(job: str, path: tuple[str, ...]) -> None:
            if job in path:
                raise WorkflowError(f"jobs need each other in a circle: {' -> '.join((*path, job))}")
            if job not in every:
                raise WorkflowError(f"{self.path.name} has no job {job!r}")
            for need in self._needs(every[job]):
                visit(need, (*path, job))
            if job not in order:
                order.append(job)

        for job in wanted:
            visit(job, ())
        for job in order:
            self.run_job(job)
        return self.results

    @staticmethod
    def _needs(job: dict[str, Any]) -> list[str]:
        needs = job.get("needs") or []
        return [needs] if isinstance(needs, str) else list(needs)

    def _folders(self, job_id: str) -> tuple[Path, Path, Path]:
        """(workspace, runner temp, home) of a job."""
        root = self.workdir / "jobs" / job_id
        return root / "workspace", root / "temp", root / "home"

    def _token(self, job: dict[str, Any]) -> str:
        """The job's GITHUB_TOKEN: with ``mint_token``, one with exactly the write scopes its ``permissions:``
        (else the workflow's) grant; otherwise the read-only one when they grant no write."""
        permissions = job.get("permissions", self.workflow.get("permissions"))
        if self.mint_token is not None:
            if permissions in (None, "write-all"):
                scopes = frozenset({"contents", "pull-requests", "issues", "statuses", "actions", "checks"})
            elif isinstance(permissions, dict):
                scopes = frozenset(k for k, v in permissions.items() if v == "write")
            else:
                scopes = frozenset()
            return self.mint_token(str(job.get("name") or ""), scopes)
        if self.read_token is None or permissions in (None, "write-all"):
            return str(self.github["token"])
        grants = permissions.values() if isinstance(permissions, dict) else [permissions]
        return str(self.github["token"]) if "write" in grants else self.read_token

    def _job_scope(self, job_id: str, job: dict[str, Any], env: dict[str, str]) -> Scope:
        workspace, temp, _home = self._folders(job_id)
        needs = Strict(
            "needs",
            {n: {"result": self.results[n].result, "outputs": self.results[n].outputs} for n in self._needs(job)},
        )
        return Scope(
            {
                "github": Strict(
                    "github", {**self.github, "token": self._token(job), "workspace": str(workspace), "job": job_id}
                ),
                "runner": Strict(
                    "runner",
                    {
                        "os": "Linux",
                        "arch": "X64",
                        "name": "local",
                        "temp": str(temp),
                        "tool_cache": str(temp / "tool-cache"),
                        "debug": "",
                    },
                ),
                "secrets": self.secrets,
                "vars": self.variables,
                "env": env,
                "inputs": self.event.get("inputs") or {},
                "needs": needs,
            }
        )

    def run_job(self, job_id: str) -> JobResult:
        """One job; the jobs it needs must have run (their results are in ``results``)."""
        jobs: dict[str, Any] = self.workflow.get("jobs") or {}
        if job_id not in jobs:
            raise WorkflowError(f"{self.path.name} has no job {job_id!r}")
        job = jobs[job_id]
        for key in ("strategy", "services", "container", "uses"):
            if key in job:
                raise WorkflowError(f"job {job_id}: `{key}:` is not supported by this runner")
        missing = [n for n in self._needs(job) if n not in self.results]
        if missing:
            raise WorkflowError(f"job {job_id} needs {missing}: run them first")
        env: dict[str, str] = {}
        scope = self._job_scope(job_id, job, env)
        scope.status = "success" if all(self.results[n].result == "success" for n in self._needs(job)) else "failure"
        if not condition(job.get("if"), scope):
            self.results[job_id] = JobResult(job_id, "skipped")
            return self.results[job_id]
        if self.environments is not None:
            refused = self._enter_environment(job_id, job, scope)
            if refused is not None:
                self.results[job_id] = refused
                return refused
        for source in (self.workflow.get("env") or {}, job.get("env") or {}):
            for name, value in source.items():
                env[name] = interpolate(value, scope)
        result = self._steps(job_id, job, env, scope)
        self.results[job_id] = result
        return result

    def _enter_environment(self, job_id: str, job: dict[str, Any], scope: Scope) -> JobResult | None:
        """Environment secrets only in a job that names the environment, and only when the run's ref (the
        default branch for pull_request_target, workflow_run and schedule) is one of its deployment
        branches; otherwise the job fails before its first step, as on GitHub."""
        assert self.environments is not None
        named = job.get("environment")
        name = named.get("name") if isinstance(named, dict) else named
        if name is None:
            return None
        name = interpolate(name, scope)
        environment = self.environments.get(name, Environment(branches=("*",)))
        ref = f"refs/heads/{self.default_branch}" if self.event_name in DEFAULT_BRANCH_EVENTS else self.github["ref"]
        if not environment.admits(ref):
            branch = ref.removeprefix("refs/heads/")
            why = f'Branch "{branch}" is not allowed to deploy to {name} due to environment protection rules.'
            return JobResult(
                job_id, "failure", steps=[StepResult(None, "environment", "failure", "failure", stderr=why + "\n")]
            )
        scope.contexts["secrets"] = {**self.secrets, **environment.secrets}
        scope.contexts["vars"] = {**self.variables, **environment.variables}
        return None

    def rerun(self, job_id: str) -> dict[str, JobResult]:
        """Re-run a job of this run and the jobs of the run that need it, as GitHub does: the same event, sha
        and ref, the artifacts of the run, and the other jobs' results and outputs from the earlier attempt."""
        every: dict[str, Any] = self.workflow.get("jobs") or {}
        again = [job_id]
        for name, job in every.items():
            if any(n in again for n in self._needs(job)) and name not in again and name in self.results:
                again.append(name)
        order: list[str] = []

        def visit(name: str) -> None:
            for need in self._needs(every[name]):
                visit(need)
            if name not in order:
                order.append(name)

        for name in every:
            visit(name)
        self.github["run_attempt"] = str(int(self.github["run_attempt"]) + 1)
        return {name: self.run_job(name) for name in order if name in again}

    def _default_env(self, job_id: str, home: Path, workspace: Path, temp: Path) -> dict[str, str]:
        g = self.github
        return {
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "HOME": str(home),
            "GITHUB_WORKSPACE": str(workspace),
            "RUNNER_TEMP": str(temp),
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
            "GITHUB_EVENT_NAME": self.event_name,
            "GITHUB_EVENT_PATH": str(temp / "event.json"),
            "GITHUB_SHA": g["sha"],
            "GITHUB_REF": g["ref"],
            "GITHUB_REF_NAME": g["ref_name"],
            "GITHUB_REPOSITORY": g["repository"],
            "GITHUB_REPOSITORY_OWNER": g["repository_owner"],
            "GITHUB_RUN_ID": g["run_id"],
            "GITHUB_RUN_NUMBER": g["run_number"],
            "GITHUB_RUN_ATTEMPT": g["run_attempt"],
            "GITHUB_SERVER_URL": g["server_url"],
            "GITHUB_API_URL": g["api_url"],
            "GITHUB_GRAPHQL_URL": g["graphql_url"],
            "GITHUB_ACTOR": g["actor"],
            "GITHUB_TRIGGERING_ACTOR": g["triggering_actor"],
            "GITHUB_JOB": job_id,
            "GITHUB_WORKFLOW": g["workflow"],
            "GITHUB_BASE_REF": g["base_ref"],
            "GITHUB_HEAD_REF": g["head_ref"],
        }

    def _steps(self, job_id: str, job: dict[str, Any], env: dict[str, str], job_scope: Scope) -> JobResult:
        workspace, temp, home = self._folders(job_id)
        if workspace.parent.exists():
            shutil.rmtree(workspace.parent)
        for folder in (workspace, temp, home):
            folder.mkdir(parents=True)
        (temp / "event.json").write_text(json.dumps(self.event))
        defaults = {
            **((self.workflow.get("defaults") or {}).get("run") or {}),
            **((job.get("defaults") or {}).get("run") or {}),
        }
        result = JobResult(job_id, "success", workspace=workspace)
        declared = [s.get("id") for s in job.get("steps") or [] if s.get("id")]
        steps_context = Strict("steps", {i: {"outputs": {}, "outcome": None, "conclusion": None} for i in declared})
        added_env: dict[str, str] = {}
        added_path: list[str] = []
        failed = False
        for index, step in enumerate(job.get("steps") or []):
            name = str(step.get("name") or step.get("uses") or (step.get("run") or "").strip().splitlines()[0])
            step_id = step.get("id")
            visible_env = {**env, **added_env}
            scope = Scope(
                {**job_scope.contexts, "steps": steps_context, "env": visible_env},
                "failure" if failed else "success",
                workspace,
            )
            if not condition(step.get("if"), scope):
                outcome = StepResult(step_id, name, "skipped", "skipped")
                result.steps.append(outcome)
                if step_id:
                    steps_context[step_id] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
                continue
            step_env = {**visible_env}
            for key, value in (step.get("env") or {}).items():
                step_env[key] = interpolate(value, scope)
            files = {
                key: temp / f"{key.lower()}-{index}"
                for key in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY")
            }
            for path in files.values():
                path.write_text("")
            process_env = {
                **self.base_env,
                **step_env,
                **self._default_env(job_id, home, workspace, temp),
                **{k: str(v) for k, v in files.items()},
                "GITHUB_ACTION": step_id or f"__run_{index}",
            }
            if added_path:
                process_env["PATH"] = os.pathsep.join([*reversed(added_path), process_env["PATH"]])
            timeout = step.get("timeout-minutes", job.get("timeout-minutes", 360))
            started, children = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
            if "uses" in step:
                outcome = self._action(step, scope, workspace, result, process_env)
            elif "run" in step:
                folder = interpolate(step.get("working-directory") or defaults.get("working-directory") or ".", scope)
                outcome = self._run(
                    step,
                    scope,
                    workspace / folder,
                    process_env,
                    temp,
                    index,
                    step.get("shell") or defaults.get("shell"),
                    float(timeout) * 60,
                    result,
                )
            else:
                raise WorkflowError(f"job {job_id}, step {name!r}: neither `run:` nor `uses:`")
            outcome.id, outcome.name = step_id, name
            outcome.seconds = time.monotonic() - started
            done = resource.getrusage(resource.RUSAGE_CHILDREN)
            outcome.cpu_seconds = done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime
            outcome.outputs.update(read_command_file(files["GITHUB_OUTPUT"]))
            outcome.summary = files["GITHUB_STEP_SUMMARY"].read_text()
            added_env.update(read_command_file(files["GITHUB_ENV"]))
            added_path += [line for line in files["GITHUB_PATH"].read_text().splitlines() if line.strip()]
            continue_on_error = step.get("continue-on-error", False)
            if not isinstance(continue_on_error, bool):
                continue_on_error = truthy(evaluate(_unwrap(str(continue_on_error)), scope))
            outcome.conclusion = "success" if outcome.outcome == "failure" and continue_on_error else outcome.outcome
            if outcome.conclusion == "failure":
                failed = True
            result.steps.append(outcome)
            if step_id:
                steps_context[step_id] = {
                    "outputs": outcome.outputs,
                    "outcome": outcome.outcome,
                    "conclusion": outcome.conclusion,
                }
        result.result = "failure" if failed else "success"
        contexts = {**job_scope.contexts, "steps": steps_context, "env": {**env, **added_env}}
        final = Scope(contexts, result.result, workspace)
        result.outputs = {k: interpolate(v, final) for k, v in (job.get("outputs") or {}).items()}
        return result

    # --- run: ------------------------------------------------------------------------------------

    def _run(
        self,
        step: dict[str, Any],
        scope: Scope,
        cwd: Path,
        env: dict[str, str],
        temp: Path,
        index: int,
        shell: str | None,
        timeout: float,
        result: JobResult,
    ) -> StepResult:
        script = interpolate(step["run"], scope)
        if is_pip_install(script):
            return self._pip_install(script, cwd, env, result)
        if shell in (None, ""):
            command = ["bash", "-e"]
        elif shell == "bash":
            command = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
        else:
            raise WorkflowError(f"step {step.get('name')!r}: shell {shell!r} is not supported (only bash)")
        if not cwd.is_dir():
            return StepResult(
                None, "", "failure", "failure", code=None, stderr=f"working-directory {cwd} does not exist\n"
            )
        path = temp / f"step-{index}.sh"
        path.write_text(script)
        try:
            done = subprocess.run(
                [*command, str(path)], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as error:
            return StepResult(
                None,
                "",
                "failure",
                "failure",
                stdout=str(error.stdout or ""),
                stderr=f"the step ran longer than its {timeout:.0f} s\n",
            )
        outcome = "success" if done.returncode == 0 else "failure"
        return StepResult(None, "", outcome, outcome, code=done.returncode, stdout=done.stdout, stderr=done.stderr)

    def _pip_install(self, script: str, cwd: Path, env: dict[str, str], result: JobResult) -> StepResult:
        wanted: list[tuple[str, str | None]] = []
        needs: dict[str, list[str]] = {}
        hooks: list[Path] = []
        for command in _commands(script):
            words = shlex.split(command)
            if tuple(words[:4]) != PIP_INSTALL:
                raise WorkflowError(
                    f"a pip install step does more than install ({command!r}): this runner only "
                    "replaces steps made of `python -m pip install` commands"
                )
            arguments = " ".join(command.split()[4:])
            expanded = subprocess.run(
                ["bash", "-c", f"printf '%s\\0' {arguments}"],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            parsed = pip_command([w for w in expanded.split("\0") if w], cwd)
            wanted += parsed.wanted
            needs.update(parsed.needs)
            result.projects += parsed.projects
            hooks += parsed.hooks
        missing = [name for name, _ in wanted if _installed(name) is None]
        if missing:
            raise WorkflowError(
                f"the step installs {', '.join(missing)}, which the test's environment does not have "
                "(this runner never installs into it)"
            )
        result.installed |= {canonicalize_name(name) for name, _ in wanted}
        for project, dependencies in needs.items():
            uncovered = sorted({d for d in dependencies if canonicalize_name(d) not in result.installed})
            if uncovered:
                why = (
                    f"{project} is installed with --no-deps, and nothing this job installed provides its "
                    f"dependencies {', '.join(uncovered)}: on GitHub they would be missing\n"
                )
                return StepResult(None, "", "failure", "failure", code=1, stderr=why)
        differing = [
            f"{name}=={pin} (installed {_installed(name)})"
            for name, pin in wanted
            if pin is not None and _installed(name) != pin
        ]
        note = f"pip install skipped: {', '.join(sorted({n for n, _ in wanted}))} already installed"
        if differing:
            note += f"; versions differ from the pins: {', '.join(differing)}"
        result.substitutions.append(note)
        out, err = note + "\n", ""
        for hook in hooks:  # what building the project would run, with the step's environment
            ran = subprocess.run(
                [sys.executable, str(hook)], cwd=hook.parent, env=env, capture_output=True, text=True, check=False
            )
            result.hooks_run.append(hook)
            out, err = out + ran.stdout, err + ran.stderr
            if ran.returncode != 0:
                return StepResult(None, "", "failure", "failure", code=1, stdout=out, stderr=err)
        return StepResult(None, "", "success", "success", code=0, stdout=out, stderr=err)

    # --- uses: -----------------------------------------------------------------------------------

    def _action(
        self, step: dict[str, Any], scope: Scope, workspace: Path, result: JobResult, env: dict[str, str]
    ) -> StepResult:
        uses = str(step["uses"])
        action = uses.split("@", 1)[0]
        given = {k: interpolate(v, scope) for k, v in (step.get("with") or {}).items()}
        if action == "actions/checkout":
            return self._checkout(given, workspace, env)
        if action == "actions/setup-python":
            return StepResult(
                None,
                "",
                "success",
                "success",
                outputs={"python-path": sys.executable, "python-version": ".".join(map(str, sys.version_info[:3]))},
            )
        if action == "actions/upload-pages-artifact":
            return self._upload_pages(given, workspace, result)
        if action == "actions/upload-artifact":
            return self._upload(given, workspace, result)
        if action == "actions/download-artifact":
            return self._download(given, workspace, result)
        if action == "actions/deploy-pages":
            result.substitutions.append("actions/deploy-pages: not deployed")
            return StepResult(None, "", "success", "success")
        if action in ("actions/cache", "actions/cache/restore", "actions/cache/save"):
            result.substitutions.append(f"{action}: nothing cached (a miss)")
            return StepResult(None, "", "success", "success", outputs={"cache-hit": ""})
        raise WorkflowError(f"step uses {uses}: this runner has no local equivalent")

    def _upload(self, given: dict[str, str], workspace: Path, result: JobResult) -> StepResult:
        name = given.get("name") or "artifact"
        paths = [p.strip() for p in (given.get("path") or "").splitlines() if p.strip()]
        target = self.artifacts / name
        copied = 0
        for path in paths:
            source = workspace / path
            if source.is_dir() and any(source.iterdir()):
                shutil.copytree(source, target, dirs_exist_ok=True)
                copied += 1
            elif source.is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / source.name)
                copied += 1
        if not copied and given.get("if-no-files-found", "warn") == "error":
            return StepResult(None, "", "failure", "failure", stderr=f"no files found at {paths}\n")
        result.substitutions.append(f"actions/upload-artifact: {name} ({'copied' if copied else 'no files'})")
        return StepResult(None, "", "success", "success", outputs={"artifact-id": "1"} if copied else {})

    def _upload_pages(self, given: dict[str, str], workspace: Path, result: JobResult) -> StepResult:
        """As the action does: ``path`` as ``artifact.tar`` (no .git, no .github) in the artifact ``name``."""
        name = given.get("name") or "github-pages"
        source = workspace / (given.get("path") or "_site/")
        if not source.is_dir():
            return StepResult(None, "", "failure", "failure", stderr=f"{source}: no such folder\n")
        target = self.artifacts / name
        target.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                "tar",
                "--dereference",
                "--hard-dereference",
                "--directory",
                str(source),
                "-cf",
                str(target / "artifact.tar"),
                "--exclude=.git",
                "--exclude=.github",
                ".",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            return StepResult(None, "", "failure", "failure", code=done.returncode, stderr=done.stderr)
        result.substitutions.append(f"actions/upload-pages-artifact: {name}")
        return StepResult(None, "", "success", "success", outputs={"artifact_id": "1"})

    def _download(self, given: dict[str, str], workspace: Path, result: JobResult) -> StepResult:
        """An artifact of this run (uploaded by an earlier job) into ``path``; every one without ``name``."""
        if given.get("run-id") or given.get("repository") or given.get("pattern"):
            raise WorkflowError("actions/download-artifact: only artifacts of this run, by name or all")
        target = workspace / (given.get("path") or ".")
        name = given.get("name")
        names = [name] if name else sorted(p.name for p in self.artifacts.glob("*"))
        for each in names:
            source = self.artifacts / each
            if not source.is_dir():
                return StepResult(None, "", "failure", "failure", stderr=f"Artifact not found for name: {each}\n")
            shutil.copytree(source, target if name else target / each, dirs_exist_ok=True)
        result.substitutions.append(f"actions/download-artifact: {', '.join(names)}")
        return StepResult(None, "", "success", "success", outputs={"download-path": str(target)})

    def _checkout(self, given: dict[str, str], workspace: Path, env: dict[str, str]) -> StepResult:
        if given.get("repository") not in (None, "", self.github["repository"]):
            raise WorkflowError(f"actions/checkout of {given['repository']}: only this repository can be checked out")
        target = workspace / (given.get("path") or ".")
        ref = given.get("ref") or self.github["sha"]
        depth = int(given.get("fetch-depth") or 1)
        if target.exists() and any(target.iterdir()):
            shutil.rmtree(target)
        target.mkdir(parents=True, exist_ok=True)
        git_env = {**env, "GIT_TERMINAL_PROMPT": "0"}
        log: list[str] = []

        def git(*args: str) -> bool:
            done = subprocess.run(["git", *args], cwd=target, env=git_env, capture_output=True, text=True, check=False)
            log.append(f"git {' '.join(args)}\n{done.stdout}{done.stderr}")
            return done.returncode == 0

        if re.fullmatch(r"[0-9a-f]{40}", ref):
            wanted, checkout = ref, ["checkout", "--force", "--detach", ref]
        elif ref.startswith("refs/pull/") or ref.startswith("refs/tags/"):
            local = ref.replace("refs/pull/", "refs/remotes/pull/", 1)
            wanted, checkout = f"+{ref}:{local}", ["checkout", "--force", "--detach", local]
        else:
            branch = ref.removeprefix("refs/heads/")
            wanted = f"+refs/heads/{branch}:refs/remotes/origin/{branch}"
            checkout = ["checkout", "--force", "-B", branch, f"refs/remotes/origin/{branch}"]
        steps = [("init", "--quiet", "."), ("remote", "add", "origin", self.git_url)]
        if depth <= 0:
            fetch = [
                "fetch",
                "--quiet",
                "--prune",
                "origin",
                "+refs/heads/*:refs/remotes/origin/*",
                "+refs/tags/*:refs/tags/*",
            ]
            if not wanted.startswith("+refs/heads/"):
                fetch.append(wanted)
        else:
            fetch = ["fetch", "--quiet", "--no-tags", "--prune", f"--depth={depth}", "origin", wanted]
        for args in [*steps, tuple(fetch), tuple(checkout)]:
            if not git(*args):
                return StepResult(None, "", "failure", "failure", stderr="".join(log))
        return StepResult(None, "", "success", "success", stdout="".join(log))
