"""Search that reads Indonesian: the site's own full-text index, built with the site, read in parts.

Material's search plugin (and Zensical's) downloads its whole index on every page view, 404 page
included, and its English-oriented tokenizer does not know that *kegiatan* comes from *giat*. humas
turns the engine's search off (both engines: ``plugins: search: enabled: false``) and builds its own:

- **Words and roots at build time.** Every publication's title, summary and whole body is split into
  words (lower case, accents removed, letters and digits) and each distinct word is reduced to its root
  with Sastrawi (PySastrawi: Nazief-Adriani / ECS with its dictionary of 29,932 Indonesian roots):
  *pelatihan*, *latihan*, *dilatih* → *latih*; *kegiatan* → *giat*; *diwisuda* → *wisuda*. A word is
  stemmed once per build (memoised), so the indexer is linear in the text.
- **The query is reduced the same way, without a stemmer in the browser.** The index holds, next to
  each root's postings, every word of the site that reduces to another root (``"pelatihan": {"a":
  "latih"}``): the browser looks the typed word up and follows it to its root. That is Sastrawi's own
  answer for every word the site contains, exact by construction; a JavaScript stemmer would need
  Sastrawi's dictionary (some 250 KB) on every search, and without it would disagree with the build
  (*berita* → *ita*). A word that no page contains finds nothing either way.
- **In parts.** All keys (roots and words) are sorted and cut into shards of about
  :data:`SHARD_BYTES`; ``cari/indeks.json`` lists each shard's first key. A query word costs the
  manifest, its shard and, when it is not a root, its root's shard; then one small file per result
  shown (``cari/d/<n>.json``: address, title, date and the text for the snippet). Nothing is fetched
  before the visitor opens search (script.py).
- **Ranking.** Publications that hold more of the query's words first; then BM25's idf summed over
  the words, a word in the title counting three times, one used three times or more one and a half;
  then the newest (document numbers follow newest_first).

:func:`query` is the browser's algorithm in Python (script.py's JavaScript mirrors it step by step);
tests and the benchmark use it to check results and count the bytes one query downloads.
"""

from __future__ import annotations

import array
import bisect
import datetime
import json
import math
import os
import pathlib
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .guard import CheckedConfig
from .sanitize import plain_text

DIRECTORY = "cari"
MANIFEST = "indeks.json"
SHARD_BYTES = 24 * 1024
"""A shard's target size: a query word costs at most two of them (its own and its root's), and a key's
postings are never split (the largest, a root in every one of 10,000 publications, is about 20 KiB)."""
TEXT_LIMIT = 4000
"""Characters of a publication's text kept for its snippet (its summary first)."""
RESULTS = 10
"""Results shown at once (and fragments fetched for them)."""
VERSION = 1
IN_TITLE, OFTEN = 2, 1
OFTEN_COUNT = 3
STOP_WORDS = frozenset(
    (
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "pada",
        "ini",
        "itu",
        "dalam",
        "atau",
        "juga",
        "adalah",
        "akan",
        "oleh",
        "sebagai",
        "tidak",
        "telah",
        "sudah",
        "para",
        "serta",
        "bagi",
        "karena",
        "ia",
        "dia",
        "mereka",
        "kami",
        "kita",
        "saya",
        "pun",
        "lah",
        "kah",
        "nya",
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "an",
        "is",
    )
)
"""Function words left out of the index (and of queries): they are in nearly every publication."""
MIN_LENGTH = 2
MAX_LENGTH = 40

_WORD = re.compile(r"[a-z0-9]+")
_MARKS = re.compile("[\u0300-\u036f]")
_TEXT_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents (``Kesehatan`` → ``kesehatan``, ``café`` → ``cafe``), as the browser does."""
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.lower()))


def words(text: str) -> list[str]:
    """The indexed words of `text`, in order (function words, one-letter and overlong words left out)."""
    return [w for w in _WORD.findall(fold(text)) if _kept(w)]


def _kept(word: str) -> bool:
    return MIN_LENGTH <= len(word) <= MAX_LENGTH and word not in STOP_WORDS


class Roots:
    """Word → root with Sastrawi, each distinct word stemmed once."""

    def __init__(self) -> None:
        from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
        from Sastrawi.Stemmer.Stemmer import Stemmer
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        self._stem: Callable[[str], str] = Stemmer(ArrayDictionary(StemmerFactory().get_words())).stem_word
        self.known: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        found = self.known.get(word)
        if found is None:
            # numbers and codes (2025, covid19) are no Indonesian word: Sastrawi would try every affix
            found = word if any(c.isdigit() for c in word) else (self._stem(word) or word)
            self.known[word] = found
        return found


def engine_search_off(checked: CheckedConfig) -> CheckedConfig:
    """`checked` with the engine's own search turned off (humas' search replaces it): Material's search
    plugin and Zensical's built-in one read ``plugins: search: enabled: false``. Other plugins are kept."""
    plugins = checked.data.get("plugins")
    items: list[Any] = []
    if isinstance(plugins, dict):
        items = [{name: options} for name, options in plugins.items()]
    elif isinstance(plugins, list):
        items = list(plugins)
    kept = [item for item in items if _plugin_name(item).removeprefix("material/") != "search"]
    return replace(checked, data={**checked.data, "plugins": [*kept, {"search": {"enabled": False}}]})


def _plugin_name(item: Any) -> str:
    return str(next(iter(item))) if isinstance(item, dict) and item else str(item)


@dataclass
class IndexFigures:
    """What the index costs: publications, keys (roots and words), shards, bytes on disk."""

    documents: int = 0
    roots: int = 0
    words: int = 0
    shards: int = 0
    shard_bytes: int = 0
    fragment_bytes: int = 0
    largest_shard: int = 0


class SearchIndex:
    """The index being built: ``add`` each publication as it is rendered, then ``write`` it into the site.

    Memory: the postings (one 32-bit number per publication and root) and the word → root map; each
    publication's snippet text goes to `work` at once."""

    def __init__(self, work: pathlib.Path, roots: Roots | None = None):
        self.work = work
        if work.exists():
            shutil.rmtree(work)
        (work / "d").mkdir(parents=True)
        self.roots = roots or Roots()
        self.postings: dict[str, array.array[int]] = {}
        self._order: list[tuple[datetime.date, float, str]] = []

    def add(
        self,
        directory: str,
        title: str,
        day: datetime.date,
        published: datetime.datetime | None,
        date_text: str,
        summary: str | None,
        body_html: str,
    ) -> None:
        """Index one publication (`directory`: its place in the site, e.g. ``2025/wisuda-2025``)."""
        number = len(self._order)
        self._order.append((day, published.timestamp() if published is not None else float("-inf"), directory))
        text = " ".join(" ".join(part.split()) for part in (summary or "", plain_text(body_html)) if part)
        root = self.roots
        in_title = {root(w) for w in words(title)}
        counts: dict[str, int] = {}
        for word, n in Counter(_WORD.findall(fold(text))).items():
            if _kept(word):
                stem = root(word)
                counts[stem] = counts.get(stem, 0) + n
        for stem in in_title:
            counts.setdefault(stem, 0)
        postings = self.postings
        for stem, n in counts.items():
            weight = (IN_TITLE if stem in in_title else 0) | (OFTEN if n >= OFTEN_COUNT else 0)
            found = postings.get(stem)
            if found is None:
                found = postings[stem] = array.array("I")
            found.append(number << 2 | weight)
        fragment = {"u": _address(directory), "t": " ".join(title.split()), "d": date_text, "x": _cut(text)}
        (self.work / "d" / f"p{number}.json").write_text(_compact(fragment), encoding="utf-8")

    def write(self, site_dir: pathlib.Path) -> IndexFigures:
        """Write ``cari/`` into the built site (after the engine, which empties `site_dir`)."""
        count = len(self._order)
        by_id = sorted(range(count), key=lambda n: self._order[n][2])  # newest_first: ties in id order
        newest = sorted(by_id, key=lambda n: self._order[n][:2], reverse=True)
        final = [0] * count
        for rank, number in enumerate(newest):
            final[number] = rank
        fragments = self.work / "d"
        for number in range(count):
            os.rename(fragments / f"p{number}.json", fragments / f"{final[number]}.json")

        # Streamed in key order: each key's entry is made, written and dropped in turn (no second copy of the
        # postings as Python objects).
        postings, known = self.postings, self.roots.known
        forms: dict[str, list[str]] = {}
        for word, stem in known.items():
            if word != stem:
                forms.setdefault(stem, []).append(word)
        keys = sorted(set(postings).union(word for words in forms.values() for word in words))
        target = site_dir / DIRECTORY
        if target.exists():
            shutil.rmtree(target)
        (target / "k").mkdir(parents=True)
        figures = IndexFigures(documents=count, roots=len(postings))
        figures.words = len(keys) - figures.roots
        firsts: list[str] = []
        part: list[str] = []
        size = 0

        def flush() -> None:
            nonlocal part, size
            text = "{" + ",".join(part) + "}"
            (target / "k" / f"{len(firsts) - 1}.json").write_text(text, encoding="utf-8")
            figures.shard_bytes += len(text.encode())
            figures.largest_shard = max(figures.largest_shard, len(text.encode()))
            part, size = [], 0

        for key in keys:
            entry: dict[str, Any] = {}
            found = postings.pop(key, None)
            if found is not None:
                entry["p"] = _encoded(found, final)
                if key in forms:
                    entry["f"] = forms[key]
            stem = known.get(key, key)
            if stem != key:
                entry["a"] = stem
            item = f"{json.dumps(key)}:{_compact(entry)}"
            if part and size + len(item) > SHARD_BYTES:
                flush()
            if not part:
                firsts.append(key)
            part.append(item)
            size += len(item) + 1
        if part:
            flush()
        figures.shards = len(firsts)
        manifest = {"v": VERSION, "n": count, "k": firsts}
        (target / MANIFEST).write_text(_compact(manifest), encoding="utf-8")
        figures.shard_bytes += len(_compact(manifest).encode())
        shutil.move(fragments, target / "d")
        figures.fragment_bytes = sum(p.stat().st_size for p in (target / "d").iterdir())
        return figures


def _encoded(found: array.array[int], final: list[int]) -> list[int]:
    """Postings as the browser reads them: ascending publication numbers, each as (gap << 2 | weight)."""
    previous, encoded = -1, []
    for number, weight in sorted((final[code >> 2], code & 3) for code in found):
        encoded.append((number - previous) << 2 | weight)
        previous = number
    return encoded


def _address(directory: str) -> str:
    return f"{directory}/" if directory else ""


def _cut(text: str) -> str:
    if len(text) <= TEXT_LIMIT:
        return text
    cut = text.rfind(" ", 0, TEXT_LIMIT)
    return text[: cut if cut > 0 else TEXT_LIMIT]


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# The browser's side, in Python (script.py's JavaScript does the same, step by step).


@dataclass(frozen=True)
class Result:
    address: str  # below the site's root, e.g. "2025/pelatihan-kader/"
    title: str
    date: str
    snippet: str  # plain text
    marked: tuple[str, ...]  # the words of the snippet shown highlighted


@dataclass
class Answer:
    found: int = 0  # publications that hold at least one of the query's words
    results: list[Result] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)  # files downloaded, in order
    bytes: int = 0  # their size


class _Reader:
    """Reads the index's files as the browser fetches them: each at most once, counting bytes."""

    def __init__(self, site: pathlib.Path, answer: Answer):
        self.site, self.answer = site / DIRECTORY, answer
        self.cache: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        if name not in self.cache:
            data = (self.site / name).read_bytes()
            self.answer.fetched.append(name)
            self.answer.bytes += len(data)
            self.cache[name] = json.loads(data)
        return self.cache[name]


def query(site: pathlib.Path, text: str, shown: int = RESULTS) -> Answer:
    """Search the built `site` for `text` as the browser does; the first `shown` results with snippets."""
    answer = Answer()
    reader = _Reader(site, answer)
    manifest = reader.get(MANIFEST)
    found_roots: dict[str, list[int]] = {}
    for word in dict.fromkeys(words(text)):
        entry = _entry(reader, manifest, word)
        stem = word
        if entry is not None and "a" in entry:
            stem = entry["a"]
            entry = _entry(reader, manifest, stem)
        if entry is not None and "p" in entry and stem not in found_roots:
            found_roots[stem] = entry["p"]
    total = manifest["n"]
    score: dict[int, float] = {}
    matched: dict[int, int] = {}
    forms: set[str] = set()
    for stem, postings in found_roots.items():
        forms.add(stem)
        frequency = len(postings)
        idf = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
        number = -1
        for code in postings:
            number += code >> 2
            weight = 1 + 2 * ((code >> 1) & 1) + 0.5 * (code & 1)
            score[number] = score.get(number, 0.0) + idf * weight
            matched[number] = matched.get(number, 0) + 1
    for stem in found_roots:
        forms.update((_entry(reader, manifest, stem) or {}).get("f", ()))
    ranked = sorted(score, key=lambda n: (-matched[n], -score[n], n))
    answer.found = len(ranked)
    for number in ranked[:shown]:
        fragment = reader.get(f"d/{number}.json")
        snippet, marked = make_snippet(fragment["x"], forms)
        answer.results.append(Result(fragment["u"], fragment["t"], fragment["d"], snippet, marked))
    return answer


def _entry(reader: _Reader, manifest: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    shard = bisect.bisect_right(manifest["k"], key) - 1
    if shard < 0:
        return None
    found: dict[str, Any] | None = reader.get(f"k/{shard}.json").get(key)
    return found


SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 200


def make_snippet(text: str, forms: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    """About 200 characters of `text` around the first word that is one of `forms` (the query's roots
    and the site's words that reduce to them), and the words shown highlighted; the start of the text
    when none is there."""
    targets = set(forms)
    hits = [(m.start(), m.end()) for m in _TEXT_WORD.finditer(text) if fold(m.group()) in targets]
    start = 0
    if hits and hits[0][0] > SNIPPET_BEFORE:
        space = text.find(" ", hits[0][0] - SNIPPET_BEFORE)
        start = space + 1 if 0 <= space < hits[0][0] else hits[0][0]
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    snippet = ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")
    return snippet, tuple(text[a:b] for a, b in hits if a >= start and b <= end)
