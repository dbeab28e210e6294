"""Benchmarks of humas (issue 5): ratios measured side by side in one run.

    python bench/run.py            the full run: 1,000, 3,000 and 10,000 publications (about 30 minutes here)
    python bench/run.py --quick    100 and 300 publications, under a minute: keeps the scripts alive in CI

Every build runs in a fresh process, timed from outside (start-up and imports included, as a user
sees it); peak memory is the larger of that process's maximum resident set and the highest sum of the
proportional set sizes of it and its children (the site build renders bodies on forked workers: their
pages shared with the build are counted once), sampled every quarter second. The table prints ratios measured in
the same run, so that they hold on a noisy machine. Goals are checked in the full run only (exit 1
when one is missed); the quick run's sizes are too small for them to mean anything.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

import psutil

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

HERE = pathlib.Path(__file__).resolve().parent
BIN = pathlib.Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

GOAL_SECONDS_3000 = 25.0
GOAL_SPEEDUP = 6.0
GOAL_GROWTH = 3.3
GOAL_SECONDS_10000 = 60.0
GOAL_MIB_10000 = 300.0

# The machine's 1-minute load average at the start and end of every timed process: the run says how busy
# the machine was (other jobs share it), since its figures depend on it.
LOAD_SEEN: list[float] = []


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time of the process, start-up included
    peak_mib: float  # the process's maximum resident set
    output: str = ""
    tree_mib: float = 0.0  # the highest sum of proportional set sizes of the process and its children
    cpu: float = 0.0  # processor time (user + system) of the process and the children it waited for

    @property
    def memory_mib(self) -> float:
        """What the command needs of the machine: the larger of its process's peak and its whole tree's."""
        return max(self.peak_mib, self.tree_mib)

    @property
    def inner(self) -> float:
        """The time the worker measured itself (its last line: `seconds=…`), start-up excluded."""
        return float(self.output.strip().splitlines()[-1].split("=", 1)[1])


def tree_pss_mib(root: int) -> float:
    """The proportional set size of process `root` and its descendants, in MiB: a page shared by processes
    is counted once in all (a forked worker's pages shared with its parent are not counted twice, as adding
    resident sets would)."""
    total = 0
    try:
        parent = psutil.Process(root)
        processes = [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return 0.0  # ended meanwhile
    for process in processes:
        with contextlib.suppress(psutil.Error):
            total += process.memory_full_info().pss
    return total / 2**20


SAMPLE_SECONDS = 0.25


def timed(command: list[str], cwd: pathlib.Path) -> Run:
    """Wall time, peak RSS and peak PSS of the process tree (sampled every SAMPLE_SECONDS) of `command` in a
    fresh process; raises if it fails."""
    LOAD_SEEN.append(os.getloadavg()[0])
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    tree = 0.0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        tree = max(tree, tree_pss_mib(process.pid))
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    LOAD_SEEN.append(os.getloadavg()[0])
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output, tree, usage.ru_utime + usage.ru_stime)


def site_builds(sizes: list[int], scratch: pathlib.Path, with_blog: bool, repeat: int) -> dict[tuple[str, int], Run]:
    """Every build at every size; humas' builds `repeat` times, keeping the fastest (the least disturbed by
    other work on the machine). The blog builds run once: they take minutes and lose by far anyway."""
    results: dict[tuple[str, int], Run] = {}
    for count in sizes:
        root = scratch / f"site-{count}"
        timed([sys.executable, str(HERE / "site.py"), "prepare", str(root), str(count)], scratch)
        print(f"  {count:>5} publications generated", flush=True)
        for engine in ("mkdocs", "zensical"):
            runs = [
                timed([sys.executable, str(HERE / "site.py"), "humas", str(root), engine], scratch)
                for _ in range(repeat)
            ]
            results[(f"humas ({engine})", count)] = min(runs, key=lambda run: run.seconds)
            print(f"  {count:>5} humas ({engine}): {results[(f'humas ({engine})', count)].seconds:.1f} s", flush=True)
        if with_blog:
            blog = root / "blog"
            results[("Material blog plugin", count)] = timed([str(BIN / "mkdocs"), "build", "-q"], blog)
            print(
                f"  {count:>5} Material blog plugin: {results[('Material blog plugin', count)].seconds:.1f} s",
                flush=True,
            )
            if repeat > 1:  # the full run only: keeps the quick run under a minute
                shutil.rmtree(blog / "site")
                results[("zensical on the blog", count)] = timed([str(BIN / "zensical"), "build"], blog)
                print(
                    f"  {count:>5} zensical on the blog: {results[('zensical on the blog', count)].seconds:.1f} s",
                    flush=True,
                )
        shutil.rmtree(root)
    return results


def decade_build(count: int, scratch: pathlib.Path, repeat: int) -> tuple[Run, tuple[int, int, int]]:
    """humas (mkdocs) alone at `count` news and the portal's other kinds (a decade of a busy institution's
    publications; its search included, the word → root cache of the previous run kept): the fastest of
    `repeat` runs, and the transfer size of the home page it built (bytes, gzip bytes, search index bytes)."""
    root = scratch / f"site-{count}"
    # the portal (news and the other kinds) in a realistic vocabulary, as bench/budget.py builds it
    timed([sys.executable, str(HERE / "site.py"), "prepare", str(root), str(count), "realistic", "portal"], scratch)
    shutil.rmtree(root / "blog")
    runs = [
        timed([sys.executable, str(HERE / "site.py"), "humas", str(root), "mkdocs"], scratch) for _ in range(repeat)
    ]
    best = min(runs, key=lambda run: run.seconds)
    best = Run(
        best.seconds, max(run.peak_mib for run in runs), best.output, max(run.tree_mib for run in runs), best.cpu
    )
    sizes = timed([sys.executable, str(HERE / "site.py"), "transfer", str(root / "site-mkdocs")], scratch)
    raw, packed, index = (int(n) for n in sizes.output.strip().splitlines()[-1].split("=", 1)[1].split(","))
    print(
        f"  {count:>5} humas (mkdocs): {best.seconds:.1f} s, peak {best.peak_mib:.0f} MiB (process), "
        f"{best.tree_mib:.0f} MiB (with its workers); home page "
        f"{raw / 1024:.0f} KiB ({packed / 1024:.0f} KiB compressed), search index {index / 2**20:.1f} MiB",
        flush=True,
    )
    shutil.rmtree(root)
    return best, (raw, packed, index)


def site_table(results: dict[tuple[str, int], Run], sizes: list[int]) -> list[str]:
    small, large = sizes
    names = list(dict.fromkeys(name for name, _ in results))
    lines = [
        f"| site build | {small:,} s | {large:,} s | growth {large // small}× size | peak MiB at {large:,} |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in names:
        a, b = results[(name, small)], results[(name, large)]
        growth = b.seconds / a.seconds
        lines.append(f"| {name} | {a.seconds:.1f} | {b.seconds:.1f} | {growth:.2f}× | {b.memory_mib:.0f} |")
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
        (
            f"time({large:,}) ≤ {GOAL_GROWTH} × time({small:,}): "
            f"{humas / results[('humas (mkdocs)', small)].seconds:.2f}×",
            humas <= GOAL_GROWTH * results[("humas (mkdocs)", small)].seconds,
        ),
    ]
    if ("Material blog plugin", large) in results:
        speedup = results[("Material blog plugin", large)].seconds / humas
        checks.append(
            (f"≥ {GOAL_SPEEDUP:.0f}× faster than the blog plugin at {large:,}: {speedup:.1f}×", speedup >= GOAL_SPEEDUP)
        )
    return checks


def pipeline_overhead(sizes: list[int], scratch: pathlib.Path) -> tuple[list[str], float]:
    """approved_publications (load + validate + verify) at both sizes, and the whole `humas build` at the
    larger one, each in a fresh process, on one repository grown from the smaller size to the larger; and the
    smaller size again with one publication per change (the SOP's own shape: a record per publication)."""
    small, large = sizes
    batch = 100
    repo = scratch / "repo"
    script = str(HERE / "pipeline_overhead.py")
    timed([sys.executable, script, "prepare", str(repo), str(small), str(batch)], scratch)
    verify_small = timed([sys.executable, script, "verify", str(repo)], scratch)
    timed([sys.executable, script, "prepare", str(repo), str(large - small), str(batch), str(small)], scratch)
    verify_large = timed([sys.executable, script, "verify", str(repo)], scratch)
    build_large = timed([sys.executable, script, "build", str(repo), str(scratch / "repo-site")], scratch)
    small_s, large_s = verify_small.inner, verify_large.inner
    site = build_large.inner - large_s
    # The SOP's own shape: each publication its own change, so one record (four signed reviews) per publication.
    single = scratch / "single"
    timed([sys.executable, script, "prepare", str(single), str(small), "1"], scratch)
    single_s = timed([sys.executable, script, "verify", str(single)], scratch).inner
    print(
        f"  pipeline: verify {small:,} {small_s:.2f} s, verify {large:,} {large_s:.2f} s, "
        f"humas build {large:,} {build_large.inner:.1f} s",
        flush=True,
    )
    return [
        f"| pipeline overhead at {large:,}: load + validate + verify / rest of `humas build` | "
        f"{large_s:.2f} s / {site:.1f} s = {large_s / site:.1%} | goal ≤ 10 % |",
        f"| pipeline overhead growth, {small:,} → {large:,} publications ({large // small}×) | "
        f"{small_s:.2f} s → {large_s:.2f} s = {large_s / small_s:.2f}× | linear or better |",
        f"| verification of {small:,} publications, one change each / {batch} a change (a record per change, "
        f"four signed reviews each) | {single_s:.2f} s / {small_s:.2f} s = {single_s / small_s:.1f}× | — |",
    ], large_s / site


def gate_cost() -> tuple[list[str], int]:
    from gate import requests_per_evaluation

    counts = {reviews: requests_per_evaluation(reviews) for reviews in (1, 10, 100)}
    evaluation = " / ".join(str(counts[r][0]) for r in counts)
    total = " / ".join(str(counts[r][1]) for r in counts)
    print(f"  gate: {evaluation} requests per evaluation", flush=True)
    return [
        f"| gate API requests per evaluation, 1 / 10 / 100 reviews (whole run incl. comment look-up) | "
        f"{evaluation} ({total}) | goal: constant, ≤ 6 |"
    ], max(c[0] for c in counts.values())


def upload_memory(sizes_mib: list[int], scratch: pathlib.Path) -> tuple[list[str], float]:
    """Peak RSS of the uploading process at both sizes, and its throughput against a raw loopback copy."""
    script = str(HERE / "upload.py")
    runs: dict[int, Run] = {}
    copies: dict[int, Run] = {}
    for mib in sizes_mib:
        video = scratch / f"video-{mib}" / "wisuda.mp4"
        video.parent.mkdir()
        timed([sys.executable, script, "video", str(video), str(mib)], scratch)
        server = subprocess.Popen(
            [sys.executable, script, "serve"],
            cwd=scratch,
            env=ENV,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None and server.stdin is not None
        url = server.stdout.readline().strip()
        try:
            runs[mib] = timed([sys.executable, script, "upload", url, str(video)], scratch)
        finally:
            server.stdin.close()
            if server.wait(timeout=60) != 0:
                raise SystemExit("bench: the local YouTube did not receive the video")
        sink = subprocess.Popen(
            [sys.executable, script, "sink"], cwd=scratch, env=ENV, stdout=subprocess.PIPE, text=True
        )
        assert sink.stdout is not None
        port = sink.stdout.readline().strip()
        copies[mib] = timed([sys.executable, script, "copy", port, str(video)], scratch)
        sink.wait(timeout=60)
        video.unlink()
        print(
            f"  upload {mib} MiB: {runs[mib].inner:.2f} s, peak {runs[mib].peak_mib:.0f} MiB; "
            f"loopback copy {copies[mib].inner:.2f} s",
            flush=True,
        )
    small, large = sizes_mib
    ratio = runs[large].peak_mib / runs[small].peak_mib
    upload_rate, copy_rate = large / runs[large].inner, large / copies[large].inner
    return [
        f"| upload peak RSS, {large:,} MiB video / {small} MiB video (YouTube, resumable) | "
        f"{runs[large].peak_mib:.0f} / {runs[small].peak_mib:.0f} MiB = {ratio:.2f}× | goal ≤ 1.5 |",
        f"| upload throughput at {large:,} MiB / raw loopback copy | {upload_rate:.0f} / {copy_rate:.0f} MiB/s = "
        f"{upload_rate / copy_rate:.1%} | HTTP on both sides in Python |",
    ], ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100 and 300 publications, for CI")
    parser.add_argument("--no-blog", action="store_true", help="skip the blog plugin and zensical-on-blog builds")
    args = parser.parse_args()
    sizes = [100, 300] if args.quick else [1000, 3000]

    print(
        f"humas benchmarks ({'quick' if args.quick else 'full'}): {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="humas-bench-") as scratch:
        results = site_builds(sizes, pathlib.Path(scratch), with_blog=not args.no_blog, repeat=1 if args.quick else 2)
        decade_size = 200 if args.quick else 10_000
        decade, transfer = decade_build(decade_size, pathlib.Path(scratch), repeat=1 if args.quick else 2)
        overhead_rows, overhead = pipeline_overhead([100, 300] if args.quick else [1000, 10_000], pathlib.Path(scratch))
        upload_rows, memory = upload_memory([10, 50] if args.quick else [10, 1024], pathlib.Path(scratch))
    gate_rows, requests = gate_cost()
    print()
    print("\n".join(site_table(results, sizes)))
    print()
    print("| other figures | value | note |")
    print("|---|---|---|")
    raw, packed, index = transfer
    decade_rows = [
        f"| humas (mkdocs) at {decade_size:,} news and the portal's other kinds (realistic vocabulary, search "
        f"included): time, CPU time, peak memory | {decade.seconds:.1f} s, {decade.cpu:.1f} s CPU, "
        f"{decade.memory_mib:.0f} MiB | goal ≤ {GOAL_SECONDS_10000:.0f} s, ≤ {GOAL_MIB_10000:.0f} MiB (the larger of "
        f"the build process's peak, {decade.peak_mib:.0f} MiB, and its process tree's, {decade.tree_mib:.0f} MiB) |",
        f"| home page transfer (HTML, CSS, JS, images as `src` names them) at {decade_size:,} | {raw / 1024:.0f} KiB, "
        f"{packed / 1024:.0f} KiB compressed | search index fetched on a page view: "
        f"{index / 2**20:.1f} MiB (humas' search fetches its index only when search is opened: bench/search.py) |",
    ]
    print("\n".join(decade_rows + overhead_rows + gate_rows + upload_rows))
    print()
    print(
        f"Machine load (1-minute average) seen at the start and end of each timed process: "
        f"{min(LOAD_SEEN):.2f} to {max(LOAD_SEEN):.2f} on {os.cpu_count()} CPUs."
    )
    print()
    missed = 0
    checks = goals(results, sizes) + [
        (
            f"humas at {decade_size:,} publications ≤ {GOAL_SECONDS_10000:.0f} s: {decade.seconds:.1f} s",
            decade.seconds <= GOAL_SECONDS_10000,
        ),
        (
            f"peak memory at {decade_size:,} ≤ {GOAL_MIB_10000:.0f} MiB: {decade.memory_mib:.0f} MiB",
            decade.memory_mib <= GOAL_MIB_10000,
        ),
        (f"pipeline overhead ≤ 10 % of the site build: {overhead:.1%}", overhead <= 0.10),
        (f"gate: ≤ 6 API requests per evaluation, whatever the number of reviews: {requests}", requests <= 6),
        (f"upload peak RSS ratio ≤ 1.5: {memory:.2f}×", memory <= 1.5),
    ]
    for text, ok in checks:
        if args.quick:
            print(f"  (not a goal at these sizes) {text}")
        else:
            print(f"  {'met   ' if ok else 'MISSED'} {text}")
            missed += not ok
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
