"""The search benchmark: humas' Indonesian index of generated publications against Material's own search.

    python bench/search.py               10,000 publications (a few minutes here)
    python bench/search.py --quick       300 publications, seconds: keeps the script alive
    python bench/search.py --count N

The publications are generated from Sastrawi's dictionary of Indonesian roots (29,932), drawn by a Zipf
law and given the affixes of real Indonesian (me-/pe- with their nasal assimilation, di-, ke-…-an, ber-,
ter-, -kan, -an, -i, -nya), with numbers and personal names mixed in (generate.Writer): by default its
``wide`` vocabulary, wider than a real archive's (the pessimistic case for the stemmer), or with
``--vocabulary realistic`` the one bench/budget.py builds. Each is a title, a summary and six
paragraphs (about 400 words).

Three measures, each in a fresh process timed from outside (bench/run.py's ``timed``):

- **humas' indexer** alone (search.SearchIndex: stemming, postings, shards, one snippet file per
  publication), reading the publications one by one as the site build hands them over: its time (the
  process measures itself, start-up excluded) and peak memory (the process's maximum resident set, and
  the part of it the indexer added to the interpreter with its modules loaded);
- **what one query downloads** (search.query, the browser's algorithm): the manifest, the shards its words
  and their roots are in, and the files of the ten results shown; for the most frequent words, typed in
  their affixed forms, two-word queries of them, rare words and names; the largest is the figure;
- **Material's search_index.json** for the same pages, full text as it indexes by default, made by
  Material's own indexer (its search plugin's ``SearchIndex``, fed each page's HTML as mkdocs would:
  a whole mkdocs build of 10,000 plain pages took over half an hour on this shared machine), the file
  that every page view downloads.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pathlib
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from typing import TYPE_CHECKING

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from run import Run, timed  # noqa: E402

if TYPE_CHECKING:
    from pipeline.site.search import Roots

PARAGRAPHS, PARAGRAPH_WORDS = 6, 60


class Writer(generate.Writer):
    """Publications of a title, a summary and six paragraphs (about 400 words) in `vocabulary`."""

    def sentence(self, count: int) -> str:
        return " ".join(self.word() for _ in range(count)).capitalize() + "."

    def publication(self, number: int) -> dict[str, str]:
        body = "".join(
            "<p>" + " ".join(self.sentence(12) for _ in range(PARAGRAPH_WORDS // 12)) + "</p>\n"
            for _ in range(PARAGRAPHS)
        )
        return {"title": f"{self.sentence(7)[:-1]} {number}", "summary": self.sentence(20), "body": body}


def prepare(count: int, root: pathlib.Path, vocabulary: str = "wide") -> None:
    """`count` publications as JSON lines (root/publications.jsonl)."""
    writer = Writer(vocabulary)
    with (root / "publications.jsonl").open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(json.dumps(writer.publication(number), ensure_ascii=False) + "\n")


def material(publications: pathlib.Path, target: pathlib.Path) -> None:
    """Material's search index of the same pages, by Material's own indexer; prints its time."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex

    started = time.perf_counter()
    index = SearchIndex(lang=["id"], separator=r"[\s\-]+", pipeline=["stopWordFilter"], fields={})
    with publications.open(encoding="utf-8") as source:
        for number, line in enumerate(source):
            item = json.loads(line)
            content = f'<h1 id="judul">{item["title"]}</h1>\n<p>{item["summary"]}</p>\n{item["body"]}'
            page = SimpleNamespace(
                meta={"title": item["title"]}, content=content, toc=[], url=f"berita-{number:05d}/", title=item["title"]
            )
            index.add_entry_from_context(page)
    target.write_text(index.generate_search_index(None), encoding="utf-8")
    print(f"seconds={time.perf_counter() - started:.3f}")


def plain_roots() -> Roots:
    """The code path before the cache and the shortcuts: every word but numbers stemmed by Sastrawi as it is."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from pipeline.site.search import Roots

    class PlainRoots(Roots):
        def __init__(self) -> None:  # no cache, and Sastrawi's regular expressions as they are
            self._stem = Stemmer(ArrayDictionary(StemmerFactory().get_words())).stem_word
            self.known, self.cache, self._cached, self.stemmed = {}, None, {}, 0

        def _root(self, word: str) -> str:
            if any(c.isdigit() for c in word):
                return word
            self.stemmed += 1
            return self._stem(word) or word

    return PlainRoots()


def index(publications: pathlib.Path, site: pathlib.Path, mode: str = "first") -> None:
    """The indexer alone, as the site build runs it (one publication at a time); prints its figures.
    `mode`: ``plain`` (the old code path), ``first`` (an empty roots cache) or ``again`` (the cache the
    ``first`` run left)."""
    import datetime

    from pipeline.site.formats import format_date
    from pipeline.site.search import ROOTS_CACHE, Roots, SearchIndex

    cache = site.parent / ROOTS_CACHE
    if mode == "first":
        cache.unlink(missing_ok=True)
    roots = plain_roots() if mode == "plain" else Roots(cache)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    built = SearchIndex(site.parent / "search-work", roots)
    day = datetime.date(2025, 6, 30)
    with publications.open(encoding="utf-8") as source:
        for number, line in enumerate(source):
            item = json.loads(line)
            date = day - datetime.timedelta(days=number)
            moment = datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC)
            built.add(
                f"{date.year}/berita-{number:05d}",
                item["title"],
                date,
                moment,
                format_date(date, "id"),
                item["summary"],
                item["body"],
            )
    figures = built.write(site)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    said = {"distinct": len(roots.known), "stemmed": roots.stemmed, "baseline_mib": baseline, "cpu": cpu}
    print(json.dumps({**figures.__dict__, **said}))
    print(f"seconds={seconds:.3f}")


def queries(publications: pathlib.Path) -> list[str]:
    """The most frequent roots in affixed forms, two-word queries of them, rare words and names."""
    from pipeline.site.search import Roots, words

    roots = Roots()
    seen: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    with publications.open(encoding="utf-8") as source:
        for line in source:
            item = json.loads(line)
            for word in set(words(item["title"] + " " + item["body"])):
                stem = roots(word)
                seen[stem] += 1
                forms.setdefault(stem, Counter())[word] += 1
    common = [stem for stem, _ in seen.most_common(10)]
    affixed = [next((w for w, _ in forms[s].most_common() if w != s), s) for s in common]
    rare = [stem for stem, n in seen.items() if n == 1][:5]
    return affixed + [f"{a} {b}" for a, b in zip(affixed, affixed[1:], strict=False)] + rare + ["tidakadakata"]


def measure_queries(site: pathlib.Path, asked: list[str]) -> list[tuple[str, int, int, int]]:
    from pipeline.site.search import DIRECTORY, query

    rows = []
    for text in asked:
        answer = query(site, text)
        compressed = sum(len(gzip.compress((site / DIRECTORY / name).read_bytes())) for name in answer.fetched)
        rows.append((text, answer.found, answer.bytes, compressed))
    return rows


def index_digest(site: pathlib.Path) -> str:
    """SHA-256 of the index's shards and manifest (``cari/``, without the snippet files)."""
    import hashlib

    from pipeline.site.search import DIRECTORY, MANIFEST

    digest = hashlib.sha256((site / DIRECTORY / MANIFEST).read_bytes())
    for shard in sorted((site / DIRECTORY / "k").iterdir(), key=lambda path: int(path.stem)):
        digest.update(shard.read_bytes())
    return digest.hexdigest()


def indexer_runs(scratch: pathlib.Path, site: pathlib.Path) -> dict[str, Run]:
    """The indexer three times, each in a fresh process: the old code path, a first build, a rebuild with the
    cache the first left; each must write the same index."""
    runs, digests = {}, {}
    for mode in ("plain", "first", "again"):
        runs[mode] = timed(
            [sys.executable, __file__, "index", str(scratch / "publications.jsonl"), str(site), mode], scratch
        )
        digests[mode] = index_digest(site)
        print(f"indexer ({mode}): {runs[mode].output.strip().splitlines()[-1]}", flush=True)
    if len(set(digests.values())) != 1:
        raise SystemExit(f"bench: the three indexers wrote different indexes: {digests}")
    print("the three indexers wrote the same index (shards and manifest)")
    return runs


def print_indexer_runs(runs: dict[str, Run], said: dict[str, dict[str, float]]) -> None:
    """Wall time and CPU time (the process's own: less sensitive to other work on the machine), each against
    the old code path's."""
    print("\n| indexer | time (with start-up) | CPU time | peak memory | words given to Sastrawi |")
    print("|---|---:|---:|---:|---:|")
    plain, plain_cpu = runs["plain"].inner, said["plain"]["cpu"]
    for mode, label in (("plain", "old code path"), ("first", "first build"), ("again", "rebuild (cache)")):
        r, cpu = runs[mode], said[mode]["cpu"]
        print(
            f"| {label} | {r.inner:.1f} s ({r.seconds:.1f} s), {plain / r.inner:.1f}× | {cpu:.1f} s, "
            f"{plain_cpu / cpu:.1f}× | {r.peak_mib:.0f} MiB | {said[mode]['stemmed']:,} of "
            f"{said[mode]['distinct']:,} |"
        )


def directory_bytes(path: pathlib.Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--count", type=int)
    parser.add_argument("--vocabulary", default="wide", choices=("realistic", "wide"), help="generate.py's")
    parser.add_argument("--keep", type=pathlib.Path, help="work in this directory and keep it")
    parser.add_argument("step", nargs="*", help=argparse.SUPPRESS)  # index JSONL SITE (the timed process)
    arguments = parser.parse_args()
    if arguments.step:
        if arguments.step[0] == "index":
            index(pathlib.Path(arguments.step[1]), pathlib.Path(arguments.step[2]), arguments.step[3])
        else:
            material(pathlib.Path(arguments.step[1]), pathlib.Path(arguments.step[2]))
        return 0
    count = arguments.count or (300 if arguments.quick else 10_000)
    scratch = arguments.keep or pathlib.Path(tempfile.mkdtemp(prefix="humas-bench-search-"))
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    try:
        started = time.perf_counter()
        prepare(count, scratch, arguments.vocabulary)
        print(
            f"prepared {count:,} publications ({arguments.vocabulary} vocabulary) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        site = scratch / "site"
        runs = indexer_runs(scratch, site)
        run = runs["first"]
        figures = json.loads(run.output.strip().splitlines()[-2])
        said = {mode: json.loads(r.output.strip().splitlines()[-2]) for mode, r in runs.items()}
        total, files = directory_bytes(site / "cari")
        material_file = scratch / "search_index.json"
        lunr = timed(
            [sys.executable, __file__, "material", str(scratch / "publications.jsonl"), str(material_file)], scratch
        )
        material_index = material_file.read_bytes()
        rows = measure_queries(site, queries(scratch / "publications.jsonl"))
        largest = max(rows, key=lambda row: row[2])
        print(f"\n| search at {count:,} publications | humas (Sastrawi, shards) | Material search |")
        print("|---|---:|---:|")
        print(
            f"| index on disk | {kib(total)} in {files:,} files (shards {kib(figures['shard_bytes'])}, "
            f"{figures['shards']:,} of them, largest {kib(figures['largest_shard'])}; snippet files "
            f"{kib(figures['fragment_bytes'])}) | {kib(len(material_index))} in 1 file |"
        )
        print(
            f"| downloaded on every page view | 0 | {kib(len(material_index))} "
            f"({kib(len(gzip.compress(material_index)))} gzip) |"
        )
        print(
            f"| downloaded by one query (largest of {len(rows)}: {largest[0]!r}) | {kib(largest[2])} "
            f"({kib(largest[3])} gzip) | the whole index, once |"
        )
        print(f"| median query | {kib(statistics.median(r[2] for r in rows))} | — |")
        print(
            f"| indexer time / peak memory | {run.inner:.1f} s ({run.seconds:.1f} s with start-up) / "
            f"{run.peak_mib:.0f} MiB ({run.peak_mib - figures['baseline_mib']:.0f} MiB above the interpreter "
            f"with Sastrawi loaded) | {lunr.inner:.2f} s / {lunr.peak_mib:.0f} MiB |"
        )
        print(
            f"| distinct words stemmed / roots | {figures['distinct']:,} / {figures['roots']:,} | "
            "none: Material's search languages have no Indonesian stemmer |"
        )
        print_indexer_runs(runs, said)
        print("\n| query | publications found | bytes | gzip |\n|---|---:|---:|---:|")
        for text, found, size, compressed in rows:
            print(f"| {text} | {found:,} | {kib(size)} | {kib(compressed)} |")
        return 0
    finally:
        if arguments.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
