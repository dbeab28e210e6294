"""The import graph has no cycle: not between modules, not between pipeline's packages.

import-linter (``make lint``) holds the layers of pyproject.toml; this holds what a layers contract cannot
say for the modules it does not list: no module of ``pipeline`` imports, through any chain, a module that
imports it back, and no package (or top-level module) of ``pipeline`` does either. Imports inside functions
count. The imports the layers contract declares as exceptions (its ``ignore_imports``, each with its
reason: the channels' descriptors the content model is built from, the doctor's look at the insights) are
left out here too, read from pyproject.toml, so the two lists are one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _declared_exceptions() -> list[tuple[str, str]]:
    """(importer, imported) of every ignore_imports of the layers contract of the whole package."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    whole = next(c for c in contracts if c["type"] == "layers" and "containers" not in c)
    pairs = [line.split(" -> ") for line in whole.get("ignore_imports", [])]
    return [(importer.strip(), imported.strip()) for importer, imported in pairs]


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every set of nodes that reach each other (Tarjan's strongly connected components larger than one
    node, or a node importing itself), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    nodes = sorted(set(edges) | {t for targets in edges.values() for t in targets})
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            step = next(targets, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(edges.get(step, ())))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    found.append(sorted(component))
    return found


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("pipeline", cache_dir=None)


def _package_of(module: str) -> str:
    """The package (or top-level module) of pipeline that ``module`` belongs to: pipeline.archive.journal ->
    pipeline.archive."""
    return ".".join(module.split(".")[:2])


def package_edges(graph: grimp.ImportGraph, ignored: Iterable[tuple[str, str]] = ()) -> dict[str, set[str]]:
    skip = set(ignored)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            source, target = _package_of(module), _package_of(imported)
            if source != target and (module, imported) not in skip:
                edges.setdefault(source, set()).add(target)
    return edges


def test_no_module_of_pipeline_imports_itself_back() -> None:
    graph = _graph()
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert cycles(edges) == []


def test_no_package_of_pipeline_imports_itself_back() -> None:
    assert cycles(package_edges(_graph(), _declared_exceptions())) == []


def test_each_declared_exception_is_an_import_of_the_code() -> None:
    """An ignore_imports line that names no import any more is dropped (the list stays the code's)."""
    graph = _graph()
    declared = _declared_exceptions()
    assert declared
    for importer, imported in declared:
        assert graph.direct_import_exists(importer=importer, imported=imported), (importer, imported)


@pytest.mark.parametrize(
    ("imports", "expected"),
    [
        # the two cycles issue 17 found: a package cycle through two different modules of each package
        (
            [("pipeline.content.check", "pipeline.sop.config"), ("pipeline.sop.facts", "pipeline.content.load")],
            [["pipeline.content", "pipeline.sop"]],
        ),
        (
            [
                ("pipeline.archive.journal", "pipeline.channels.base"),
                ("pipeline.channels.tokens", "pipeline.archive.store"),
            ],
            [["pipeline.archive", "pipeline.channels"]],
        ),
        # through a third package, and through a top-level module
        (
            [("pipeline.a.x", "pipeline.b.y"), ("pipeline.b.y", "pipeline.c"), ("pipeline.c", "pipeline.a.z")],
            [["pipeline.a", "pipeline.b", "pipeline.c"]],
        ),
        # a chain, and imports inside one package: no cycle
        ([("pipeline.a.x", "pipeline.b.y"), ("pipeline.b.y", "pipeline.c")], []),
        ([("pipeline.a.x", "pipeline.a.y"), ("pipeline.a.y", "pipeline.a.x")], []),
    ],
)
def test_a_package_cycle_is_found(imports: list[tuple[str, str]], expected: list[list[str]]) -> None:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported)
    assert cycles(package_edges(graph)) == expected


def test_a_declared_exception_is_left_out_and_nothing_else() -> None:
    graph = grimp.ImportGraph()
    graph.add_import(importer="pipeline.content.model", imported="pipeline.channels.specs")
    graph.add_import(importer="pipeline.channels.specs", imported="pipeline.content.limits")
    ignored = [("pipeline.content.model", "pipeline.channels.specs")]
    assert cycles(package_edges(graph, ignored)) == []
    graph.add_import(importer="pipeline.content.check", imported="pipeline.channels.base")
    assert cycles(package_edges(graph, ignored)) == [["pipeline.channels", "pipeline.content"]]
