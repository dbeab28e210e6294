"""Benchmarks of humas (issue 5): ratios measured side by side in one run.

    python bench/run.py            the full run: 1,000 and 3,000 publications (about 6 minutes here)
    python bench/run.py --quick    100 and 300 publications, under a minute: keeps the scripts alive in CI

Every build runs in a fresh process, timed from outside (start-up and imports included, as a user
sees it); peak memory is that process's maximum resident set. The table prints ratios measured in
the same run, so that they hold on a noisy machine. Goals are checked in the full run only (exit 1
when one is missed); the quick run's sizes are too small for them to mean anything.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

HERE = pathlib.Path(__file__).resolve().parent
BIN = pathlib.Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

GOAL_SECONDS_3000 = 25.0
GOAL_SPEEDUP = 6.0
GOAL_GROWTH = 3.3


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


def timed(command: list[str], cwd: pathlib.Path) -> Run:
    """Wall time and peak RSS of `command` in a fresh process; raises if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def site_builds(sizes: list[int], scratch: pathlib.Path, with_blog: bool) -> dict[tuple[str, int], Run]:
    results: dict[tuple[str, int], Run] = {}
    for count in sizes:
        root = scratch / f"site-{count}"
        timed([sys.executable, str(HERE / "site.py"), "prepare", str(root), str(count)], scratch)
        print(f"  {count:>5} publications generated", flush=True)
        for engine in ("mkdocs", "zensical"):
            results[(f"humas ({engine})", count)] = timed(
                [sys.executable, str(HERE / "site.py"), "humas", str(root), engine], scratch)
            print(f"  {count:>5} humas ({engine}): {results[(f'humas ({engine})', count)].seconds:.1f} s", flush=True)
        if with_blog:
            blog = root / "blog"
            results[("Material blog plugin", count)] = timed([str(BIN / "mkdocs"), "build", "-q"], blog)
            print(f"  {count:>5} Material blog plugin: {results[('Material blog plugin', count)].seconds:.1f} s",
                  flush=True)
            shutil.rmtree(blog / "site")
            results[("zensical on the blog", count)] = timed([str(BIN / "zensical"), "build"], blog)
            print(f"  {count:>5} zensical on the blog: {results[('zensical on the blog', count)].seconds:.1f} s",
                  flush=True)
        shutil.rmtree(root)
    return results


def site_table(results: dict[tuple[str, int], Run], sizes: list[int]) -> list[str]:
    small, large = sizes
    names = list(dict.fromkeys(name for name, _ in results))
    lines = [f"| site build | {small:,} s | {large:,} s | growth {large // small}× size | peak MiB at {large:,} |",
             "|---|---:|---:|---:|---:|"]
    for name in names:
        a, b = results[(name, small)], results[(name, large)]
        growth = b.seconds / a.seconds
        lines.append(f"| {name} | {a.seconds:.1f} | {b.seconds:.1f} | {growth:.2f}× | {b.peak_mib:.0f} |")
    if ("Material blog plugin", large) in results:
        lines.append("")
        lines.append(f"| speed-up of humas (mkdocs) over | at {small:,} | at {large:,} |")
        lines.append("|---|---:|---:|")
        for other in ("Material blog plugin", "zensical on the blog", "humas (zensical)"):
            if (other, large) in results:
                ratios = [results[(other, n)].seconds / results[("humas (mkdocs)", n)].seconds for n in sizes]
                lines.append(f"| {other} | {ratios[0]:.1f}× | {ratios[1]:.1f}× |")
    return lines


def goals(results: dict[tuple[str, int], Run], sizes: list[int]) -> list[tuple[str, bool]]:
    small, large = sizes
    humas = results[("humas (mkdocs)", large)].seconds
    checks = [
        (f"humas at {large:,} publications ≤ {GOAL_SECONDS_3000:.0f} s: {humas:.1f} s", humas <= GOAL_SECONDS_3000),
        (f"time({large:,}) ≤ {GOAL_GROWTH} × time({small:,}): "
         f"{humas / results[('humas (mkdocs)', small)].seconds:.2f}×",
         humas <= GOAL_GROWTH * results[("humas (mkdocs)", small)].seconds),
    ]
    if ("Material blog plugin", large) in results:
        speedup = results[("Material blog plugin", large)].seconds / humas
        checks.append((f"≥ {GOAL_SPEEDUP:.0f}× faster than the blog plugin at {large:,}: {speedup:.1f}×",
                       speedup >= GOAL_SPEEDUP))
    return checks


PENDING = [
    "| pipeline overhead (load, validate, verify 5,000 approval records) / site build | TODO | see BENCHMARKS.md |",
    "| gate API requests per evaluation with 1 / 10 / 100 reviews | TODO | see BENCHMARKS.md |",
    "| upload peak RSS, 1 GiB video / 10 MiB video; throughput / loopback copy | TODO | see BENCHMARKS.md |",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100 and 300 publications, for CI")
    parser.add_argument("--no-blog", action="store_true", help="skip the blog plugin and zensical-on-blog builds")
    args = parser.parse_args()
    sizes = [100, 300] if args.quick else [1000, 3000]

    print(f"humas benchmarks ({'quick' if args.quick else 'full'}): {os.cpu_count()} CPUs, Python "
          f"{sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryDirectory(prefix="humas-bench-") as scratch:
        results = site_builds(sizes, pathlib.Path(scratch), with_blog=not args.no_blog)
    print()
    print("\n".join(site_table(results, sizes)))
    print()
    print("| other figures | value | note |")
    print("|---|---|---|")
    print("\n".join(PENDING))
    print()
    missed = 0
    for text, ok in goals(results, sizes):
        if args.quick:
            print(f"  (not a goal at these sizes) {text}")
        else:
            print(f"  {'met   ' if ok else 'MISSED'} {text}")
            missed += not ok
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
