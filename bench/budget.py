"""The budget of issue 19, in one run: the portal at 10,000 news, 500 announcements, 300 agenda items and
20 pages, built with its search on both engines, beside what a user would pick for search instead.

    python bench/budget.py                       10,000 (+ 820), realistic vocabulary (some 15 minutes here)
    python bench/budget.py --quick               200 (+ 20): seconds, keeps the script alive
    python bench/budget.py --vocabulary wide     the pessimistic vocabulary (generate.py)
    python bench/budget.py --pagefind PATH       also Pagefind's indexer on the built site (pip: pagefind-bin)

Every step runs in a fresh process timed from outside (bench/run.py's ``timed``): wall time, processor time
(user + system of the process and every child it waited for: the render workers, Zensical), the peak
resident set of the process and the highest sum of the proportional set sizes of its tree. The machine is
shared: the 1-minute load average at the start and end of each step is printed, and processor time beside
wall time, since it depends less on the neighbours.

1. ``bench/site.py prepare``: the portal's content (generate.py, ``realistic`` vocabulary by default: the
   budget is about a real archive; ``wide`` is bench/search.py's pessimistic case);
2. ``bench/site.py humas`` with mkdocs, then with Zensical, each a first build (no word → root cache:
   every distinct word stemmed), search index included;
3. the site's search (``cari/``): bytes on disk, and what each of 25 queries downloads (search.query, the
   browser's algorithm): the largest and the median;
4. the indexer alone on the same texts (bench/search.py's ``index`` step): its time and peak memory;
5. Material's search index of the same pages (its own indexer): what every page view would download;
6. with ``--pagefind``: Pagefind on the mkdocs build's HTML: its time, memory and index.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import LOAD_SEEN, Run, timed  # noqa: E402
from search import directory_bytes, kib, measure_queries, queries  # noqa: E402

GOAL_SECONDS, GOAL_MIB = 60.0, 300.0
ENGINES = ("mkdocs", "zensical")


def texts(root: pathlib.Path) -> pathlib.Path:
    """The prepared posts as bench/search.py reads them (title, summary, body as HTML), every kind."""
    import markdown

    target = root / "publications.jsonl"
    with (root / "posts.jsonl").open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        for line in source:
            post = json.loads(line)
            item = {"title": post["title"], "summary": post["summary"], "body": markdown.markdown(post["body"])}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return target


def mib(run: Run) -> float:
    return run.memory_mib


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--count", type=int)
    parser.add_argument("--vocabulary", default="realistic", choices=("narrow", "realistic", "wide"))
    parser.add_argument("--pagefind", type=pathlib.Path, help="Pagefind's executable (pip install pagefind-bin)")
    parser.add_argument("--keep", type=pathlib.Path, help="work in this directory and keep it")
    parser.add_argument("--engines", default=",".join(ENGINES), help="the engines built (default: both)")
    arguments = parser.parse_args()
    engines = [engine for engine in arguments.engines.split(",") if engine in ENGINES]
    count = arguments.count or (200 if arguments.quick else 10_000)
    scratch = arguments.keep or pathlib.Path(tempfile.mkdtemp(prefix="humas-bench-budget-"))
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    root = scratch / "portal"
    python = sys.executable
    print(
        f"budget: {count:,} news and the portal's other kinds, {arguments.vocabulary} vocabulary, "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )
    try:
        timed(
            [python, str(HERE / "site.py"), "prepare", str(root), str(count), arguments.vocabulary, "portal"], scratch
        )
        shutil.rmtree(root / "blog")
        builds: dict[str, Run] = {}
        searches: dict[str, tuple[int, int, list[tuple[str, int, int, int]]]] = {}
        kinds = ""
        publications = texts(root)
        asked = queries(publications)
        for engine in engines:
            (root / "search-roots.json").unlink(missing_ok=True)  # a first build: every word stemmed
            builds[engine] = run = timed([python, str(HERE / "site.py"), "humas", str(root), engine], scratch)
            kinds = run.output.strip().splitlines()[-1]
            site = root / f"site-{engine}"
            total, files = directory_bytes(site / "cari")
            searches[engine] = (total, files, measure_queries(site, asked))
            print(
                f"  humas ({engine}): {run.seconds:.1f} s wall, {run.cpu:.1f} s CPU, {mib(run):.0f} MiB ({kinds})",
                flush=True,
            )
            if engine != "mkdocs":
                shutil.rmtree(site)
        index_site = scratch / "index-alone" / "site"
        index_site.parent.mkdir()
        indexer = timed(
            [python, str(HERE / "search.py"), "index", str(publications), str(index_site), "first"], scratch
        )
        said = json.loads(indexer.output.strip().splitlines()[-2])
        material_file = scratch / "search_index.json"
        material = timed([python, str(HERE / "search.py"), "material", str(publications), str(material_file)], scratch)
        pagefind_row = run_pagefind(arguments.pagefind, root / "site-mkdocs", scratch) if arguments.pagefind else None
        documents = sum(1 for _ in publications.open(encoding="utf-8"))
        report(
            count, documents, kinds, builds, searches, (indexer, said), (material, material_file), pagefind_row, asked
        )
        if arguments.quick:
            return 0
        met = builds["mkdocs"].seconds <= GOAL_SECONDS and mib(builds["mkdocs"]) <= GOAL_MIB
        print(
            f"  {'met   ' if met else 'MISSED'} the budget on mkdocs: {builds['mkdocs'].seconds:.1f} s, "
            f"{mib(builds['mkdocs']):.0f} MiB"
        )
        return 0 if met else 1
    finally:
        if arguments.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


def run_pagefind(executable: pathlib.Path, site: pathlib.Path, scratch: pathlib.Path) -> tuple[str, Run, int, int]:
    """Pagefind's indexer on the built `site`: its version, its run, its index's bytes and files."""
    output = scratch / "pagefind"
    run = timed([str(executable), "--site", str(site), "--output-path", str(output)], scratch)
    version = timed([str(executable), "--version"], scratch).output.strip()
    return (version, run, *directory_bytes(output))


def report(  # noqa: PLR0913
    count: int,
    documents: int,
    kinds: str,
    builds: dict[str, Run],
    searches: dict[str, tuple[int, int, list[tuple[str, int, int, int]]]],
    indexed: tuple[Run, dict[str, float]],
    materials: tuple[Run, pathlib.Path],
    pagefind_row: tuple[str, Run, int, int] | None,
    asked: list[str],
) -> None:
    indexer, said = indexed
    material, material_file = materials
    pagefind = pagefind_row[1] if pagefind_row else None
    version, _, pagefind_bytes, pagefind_files = pagefind_row or ("", None, 0, 0)
    print(
        f"\n| the portal at {count:,} news + {documents - count:,} other ({kinds.split(';')[0][6:]}) "
        "| wall time | CPU time | peak memory | goal |"
    )
    print("|---|---:|---:|---:|---|")
    for engine, run in builds.items():
        print(
            f"| humas, {engine}, first build (search included) | {run.seconds:.1f} s | {run.cpu:.1f} s | "
            f"{mib(run):.0f} MiB (process {run.peak_mib:.0f}, tree PSS {run.tree_mib:.0f}) | "
            f"≤ {GOAL_SECONDS:.0f} s, ≤ {GOAL_MIB:.0f} MiB |"
        )
    print(
        f"| the search indexer alone, same texts | {indexer.inner:.1f} s ({indexer.seconds:.1f} s with start-up) "
        f"| {said['cpu']:.1f} s (its own) | {indexer.peak_mib:.0f} MiB "
        f"({indexer.peak_mib - said['baseline_mib']:.0f} MiB above the interpreter with Sastrawi loaded) | — |"
    )
    print(
        f"| Material's search indexer, same texts | {material.inner:.1f} s | {material.cpu:.1f} s | "
        f"{material.peak_mib:.0f} MiB | — |"
    )
    if pagefind is not None:
        print(
            f"| {version} on the mkdocs build | {pagefind.seconds:.1f} s | "
            f"{pagefind.cpu:.1f} s | {pagefind.peak_mib:.0f} MiB | — |"
        )

    print(
        f"\n| search at {documents:,} documents | "
        + "".join(f"humas, {engine} | " for engine in searches)
        + "Material's search |"
        + (" Pagefind |" if pagefind else "")
    )
    print("|---|" + "---:|" * (len(searches) + 1) + ("---:|" if pagefind else ""))
    material_bytes = material_file.stat().st_size
    row = (
        "| index on disk | "
        + " | ".join(f"{kib(searches[e][0])} in {searches[e][1]:,} files" for e in searches)
        + f" | {kib(material_bytes)} in 1 file |"
    )
    print(row + (f" {kib(pagefind_bytes)} in {pagefind_files:,} files |" if pagefind else ""))
    print(
        "| downloaded by a page view | " + "0 | " * len(searches) + "the whole index |" + (" 0 |" if pagefind else "")
    )
    for label, pick in (("largest query", max), ("median query", statistics.median)):
        cells = []
        for engine in searches:
            rows = searches[engine][2]
            value = pick(r[2] for r in rows)
            cells.append(kib(value))
        print(
            f"| {label} (of {len(asked)}) | "
            + " | ".join(cells)
            + f" | {kib(material_bytes)} |"
            + (" not measured |" if pagefind else "")
        )
    print(
        f"| distinct words stemmed → roots | {said['distinct']:,} → {said['roots']:,} | "
        + "same | " * (len(searches) - 1)
        + "none |"
        + (" its own stemming |" if pagefind else "")
    )
    ratio = [builds["mkdocs"].seconds / GOAL_SECONDS, mib(builds["mkdocs"]) / GOAL_MIB]
    print(
        f"\nMachine load (1-minute average) at the start and end of each step: {min(LOAD_SEEN):.2f} to "
        f"{max(LOAD_SEEN):.2f} on {os.cpu_count()} CPUs. mkdocs build / budget: time {ratio[0]:.0%}, "
        f"memory {ratio[1]:.0%}."
    )


if __name__ == "__main__":
    raise SystemExit(main())
