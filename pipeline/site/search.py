"""Search that reads Indonesian: the site's own full-text index, built with the site, read in parts.

Material's search plugin (and Zensical's) downloads its whole index on every page view, 404 page
included, and its English-oriented tokenizer does not know that *kegiatan* comes from *giat*. humas
turns the engine's search off (both engines: ``plugins: search: enabled: false``) and builds its own:

- **Words and roots at build time.** Every publication's title, summary and whole body is split into
  words (lower case, accents removed, letters and digits) and each distinct word is reduced to its root
  with Sastrawi (PySastrawi: Nazief-Adriani / ECS with its dictionary of 29,932 Indonesian roots):
  *pelatihan*, *latihan*, *dilatih* → *latih*; *kegiatan* → *giat*; *diwisuda* → *wisuda*. A word is
  stemmed once (memoised), so the indexer is linear in the text; the map is kept between builds beside the
  picture cache (:func:`roots_cache`), so a rebuild stems only new words; words of Sastrawi's dictionary and
  words none of its rules applies to (:func:`affixed`) are their own roots without it.
- **The query is reduced the same way, without a stemmer in the browser.** The index holds, next to
  each root's postings, every word of the site that reduces to another root (``"pelatihan": {"a":
  "latih"}``): the browser looks the typed word up and follows it to its root. That is Sastrawi's own
  answer for every word the site contains, exact by construction; a JavaScript stemmer would need
  Sastrawi's dictionary (some 250 KB) on every search, and without it would disagree with the build
  (*berita* → *ita*). A word that no page contains finds nothing either way.
- **In parts.** All keys (roots and words) are sorted and cut into shards of about
  :data:`SHARD_BYTES`; ``cari/indeks.json`` lists each shard's first key. A query word costs the
  manifest, its shard and, when it is not a root, its root's shard; then one small file per result
  shown (``cari/d/<n>.json``: address, title, date (:func:`result_date`: none for a standing page) and
  the text for the snippet). Nothing is fetched
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
import contextlib
import datetime
import functools
import json
import math
import os
import pathlib
import re
import shutil
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from . import kinds
from .formats import format_date
from .guard import CheckedConfig
from .images import write_atomically
from .listing import Layout
from .model import SitePublication
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
_KEPT_WORD = re.compile(rf"(?<![a-z0-9])[a-z0-9]{{{MIN_LENGTH},{MAX_LENGTH}}}(?![a-z0-9])")
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


ROOTS_CACHE = "search-roots.json"
"""The word → root map kept between builds, beside the picture cache (:func:`roots_cache`)."""
ROOTS_CACHE_VERSION = 1
ROOTS_CACHE_WORDS = 600_000
"""At most this many words are kept (this build's first): a 10,000-publication archive has some 100,000."""
ROOTS_CACHE_BYTES = 32 * 1024 * 1024
"""A larger file is not read (it is rebuilt)."""
_CACHED_WORD = re.compile(rf"[a-z0-9]{{1,{MAX_LENGTH}}}")
SUFFIXES = ("lah", "kah", "tah", "pun", "ku", "mu", "nya", "i", "is", "isme", "kan", "an")
"""The endings Sastrawi's suffix rules remove (its -isasi ends in -i)."""
PREFIXES = ("di", "ke", "se", "be", "te", "me", "pe", "ku", "kau")
"""The beginnings its prefix rules remove (plain di-/ke-/se-, and every disambiguation rule's)."""
_INFIX = re.compile(r"[bcdfghjklmnpqrstvwxyz](?:el|em|er|in)[aiueo]")
"""Its infix rules (CS): a consonant, -el-, -em-, -er- or -in-, a vowel (*gemetar* → *getar*)."""


def roots_cache(image_cache: pathlib.Path) -> pathlib.Path:
    """Where the word → root map is kept: beside the picture cache (``~/.cache/humas/search-roots.json``)."""
    return image_cache.with_name(ROOTS_CACHE) if image_cache.name else image_cache / ROOTS_CACHE


def affixed(word: str) -> bool:
    """Whether any of Sastrawi's rules applies to `word` at all. When none does, it changes nothing and
    returns the word as it is (tests/site/test_search.py compares with Sastrawi over a list of words)."""
    return word.endswith(SUFFIXES) or word.startswith(PREFIXES) or _INFIX.match(word) is not None


@functools.cache
def sastrawi() -> Callable[[str], str]:
    """Sastrawi's stemmer of one word, with its own dictionary (one per process: it holds no state between
    words, and the prefix-rule gate keeps the rules of the stemmers it has planned for)."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer

    _literal_patterns()
    _gated_prefix_rules()
    stem: Callable[[str], str] = Stemmer(ArrayDictionary(list(dictionary()))).stem_word
    return stem


@functools.cache
def dictionary() -> frozenset[str]:
    """Sastrawi's dictionary of Indonesian roots."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return frozenset(StemmerFactory().get_words())


class Roots:
    """Word → root with Sastrawi, each distinct word stemmed once.

    Only words some rule of Sastrawi applies to go to it (:func:`affixed`; a word of its dictionary is its
    own root, as Sastrawi says first). With `cache` (a file), the map of the previous builds is read first
    and :meth:`save` keeps this build's words there: a rebuild stems only the words that are new."""

    def __init__(self, cache: pathlib.Path | None = None, stem: Callable[[str], str] | None = None) -> None:
        self._stem = stem or sastrawi()
        self._dictionary = dictionary()
        self.known: dict[str, str] = {}
        self.cache = cache
        self._cached = _read_cache(cache) if cache is not None else {}
        self.stemmed = 0  # words given to Sastrawi in this build
        self._new = False  # a word of this build was not in the cache

    def __call__(self, word: str) -> str:
        found = self.known.get(word)
        if found is None:
            found = self._cached.pop(word, None)
            if found is None:
                found = self._root(word)
                self._new = True
            self.known[word] = found
        return found

    def _root(self, word: str) -> str:
        # numbers and codes (2025, covid19) are no Indonesian word: Sastrawi would try every affix
        if any(c.isdigit() for c in word) or word in self._dictionary or not affixed(word):
            return word
        self.stemmed += 1
        return self._stem(word) or word

    def learn(self, learnt: list[str], roots: list[str]) -> None:
        """Words and their roots found by an extractor (perhaps in another process, from the same cache): each
        word not known yet is added, in order, as :meth:`__call__` would add it."""
        known = self.known
        for word, found in zip(learnt, roots, strict=True):
            if word not in known:
                cached = self._cached.pop(word, None)
                if cached is None:
                    self._new = True
                known[word] = found if cached is None else cached

    def save(self) -> None:
        """Keep the map for the next build: this build's words first, then the older ones still in the cache,
        at most ROOTS_CACHE_WORDS. Written whole or not at all; a cache that cannot be written is skipped."""
        if self.cache is None:
            return
        if not self._new:
            return  # every word of this build came from the cache: the file stays as it is
        kept = dict(self.known)
        for word, root in self._cached.items():
            if len(kept) >= ROOTS_CACHE_WORDS:
                break
            kept.setdefault(word, root)
        if len(kept) > ROOTS_CACHE_WORDS:
            kept = dict(list(kept.items())[:ROOTS_CACHE_WORDS])
        data = _compact({"v": ROOTS_CACHE_VERSION, "stemmer": _stemmer_version(), "roots": kept}).encode()
        with contextlib.suppress(OSError):
            write_atomically(self.cache, data)


def _stemmer_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"PySastrawi {version('PySastrawi')}"
    except PackageNotFoundError:
        return "PySastrawi"


def _read_cache(path: pathlib.Path) -> dict[str, str]:
    """The cached map, or nothing when the file is missing, too large, of another version or stemmer, or holds
    anything but words and roots of letters and digits (then it is rebuilt)."""
    try:
        if path.stat().st_size > ROOTS_CACHE_BYTES:
            return {}
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("v") != ROOTS_CACHE_VERSION
        or data.get("stemmer") != _stemmer_version()
        or not isinstance(data.get("roots"), dict)
        or len(data["roots"]) > ROOTS_CACHE_WORDS
    ):
        return {}
    roots: dict[str, str] = data["roots"]
    valid = _CACHED_WORD.fullmatch
    if all(isinstance(root, str) and valid(word) and valid(root) for word, root in roots.items()):
        return roots
    return {}


class _LiteralPatterns:
    """What Sastrawi's modules see as ``re``: the same functions, but a pattern of letters and digits is
    done as the string operation it is, and others are compiled once. Sastrawi passes each intermediate word
    to ``re.sub`` as a pattern (to find the part removed): compiling one pattern per word, they push its
    own rules out of ``re``'s cache of 512, and compiling was half of its time."""

    def __init__(self) -> None:
        self._compiled: dict[tuple[str, int], re.Pattern[str]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    def _pattern(self, pattern: str, flags: int) -> re.Pattern[str]:
        found = self._compiled.get((pattern, flags))
        if found is None:
            found = re.compile(pattern, flags)
            if len(self._compiled) < 1024:  # Sastrawi's own rules: some 80
                self._compiled[(pattern, flags)] = found
        return found

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        found = self._compiled.get((pattern, flags)) or self._pattern(pattern, flags)
        return found.match(string)

    def sub(self, pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
        if not flags and isinstance(repl, str) and "\\" not in repl and _LITERAL.fullmatch(pattern):
            return string.replace(pattern, repl, count or -1)
        return self._pattern(pattern, flags).sub(repl, string, count)


_LITERAL = re.compile(r"[a-z0-9]*")


def _literal_patterns() -> None:
    """Sastrawi's modules use :class:`_LiteralPatterns` as ``re`` (once per process)."""

    shim = _LiteralPatterns()
    for name, module in list(sys.modules.items()):
        if name.startswith("Sastrawi.") and getattr(module, "re", None) is re:
            module.re = shim  # type: ignore[attr-defined]


_HEAD = re.compile(r"\^?([a-z]*)")


def _heads(visitor: Any) -> tuple[str, ...] | None:
    """The beginnings a word must have for one of Sastrawi's prefix rules (`visitor`) to change it, read from
    the patterns its disambiguators match the word with; None when a disambiguator may act on any word (a
    rule without a pattern, or a pattern that does not begin with letters)."""
    disambiguators = getattr(visitor, "disambiguators", None)
    if not disambiguators:
        return None
    heads: list[str] = []
    for disambiguator in disambiguators:
        seen: list[str] = []
        module = sys.modules[type(disambiguator).__module__]
        original = getattr(module, "re", None)
        if original is None:
            return None  # a rule of its own kind (Rule 4: the word *belajar*)
        module.re = _Recorder(seen)  # type: ignore[attr-defined]
        try:
            disambiguator.disambiguate("")  # every rule matches its word against its pattern first
        finally:
            module.re = original  # type: ignore[attr-defined]
        head = _HEAD.match(seen[0]) if len(seen) == 1 else None
        if head is None or not head.group(1):
            return None
        heads.append(head.group(1))
    return tuple(heads)


class _Recorder:
    """``re`` for a disambiguator called once on the empty word: notes the pattern it matches with."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def match(self, pattern: str, string: str, flags: int = 0) -> None:
        self.seen.append(pattern)


def _gated_prefix_rules() -> None:
    """Sastrawi's prefix rules tried only on words they can change (once per process).

    Sastrawi removes a prefix by trying its 42 prefix rules in turn on the word, each a regular expression
    or two (``^meng([aiueo])(.*)$``): most of its time for a word was spent failing to match rules whose
    literal beginning (``meng``) the word does not have. A rule whose every pattern begins with letters leaves
    a word that does not begin with them unchanged, so the loop over the rules (its ``Context``) now skips
    those rules for that word (:class:`_Gate`); the rules tried, their order and what each does are
    Sastrawi's own. When the word is already a root or the stemming was stopped, the original loop runs
    (it returns after the first rule, changed or not)."""
    from Sastrawi.Stemmer.Context.Context import Context
    from Sastrawi.Stemmer.Context.Visitor.VisitorProvider import VisitorProvider

    if not getattr(Context, "_humas_gated", False):
        VisitorProvider()  # its modules imported
        gate = _Gate(Context.accept_prefix_visitors)

        def accept_prefix_visitors(context: Any, visitors: list[Any]) -> Any:
            return gate.accept_prefix_visitors(context, visitors)

        Context.accept_prefix_visitors = accept_prefix_visitors  # type: ignore[method-assign]
        Context._humas_gated = True  # type: ignore[attr-defined]


class _Gate:
    """Context.accept_prefix_visitors, trying only the rules that can change the word (_gated_prefix_rules)."""

    def __init__(self, original: Callable[[Any, list[Any]], Any]) -> None:
        self.original = original
        self.heads: dict[int, tuple[str, ...] | None] = {}  # each rule's beginnings (None: any word)
        self.plans: dict[tuple[int, str], list[Any]] = {}  # (rules, a word's first two letters) → rules to try
        self.kept: dict[int, list[Any]] = {}  # the lists of rules planned, held: their ids and rules' stay theirs

    def candidates(self, visitors: list[Any], word: str) -> list[Any]:
        key = (id(visitors), word[:2])
        found = self.plans.get(key)
        if found is None:
            self.kept[id(visitors)] = visitors
            found = []
            for visitor in visitors:
                if id(visitor) not in self.heads:
                    self.heads[id(visitor)] = _heads(visitor)
                heads = self.heads[id(visitor)]
                if heads is None or any(head[:2] == word[:2] for head in heads):
                    found.append(visitor)
            self.plans[key] = found
        return found

    def accept_prefix_visitors(self, context: Any, visitors: list[Any]) -> Any:
        word = context.current_word
        if context.process_is_stopped or context.dictionary.contains(word) or len(word) < 2:
            return self.original(context, visitors)
        removals = len(context.removals)
        for visitor in self.candidates(visitors, word):
            heads = self.heads[id(visitor)]
            if heads is not None and not word.startswith(heads):
                continue  # none of its patterns can match: it would change nothing
            visitor.visit(context)
            if context.dictionary.contains(context.current_word) or context.process_is_stopped:
                return context.current_word
            if len(context.removals) > removals:
                return None
        return None


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


def result_date(publication: SitePublication, layout: Layout) -> str:
    """The date a search result shows (its snippet file's ``d``): a news item's or an announcement's own
    date; an agenda item's event date as its page and the agenda write it (``Kamis, 10 Juli 2025``: the day
    a visitor looks for, not the day the item was posted); none for a standing page (halaman: Profil, PPID,
    Layanan, Kontak), whose date means nothing to a visitor."""
    if publication.kind == kinds.HALAMAN:
        return ""
    if publication.kind == kinds.AGENDA and publication.event is not None:
        return kinds.event_texts(publication, layout)["date"]
    return format_date(publication.date, layout.language)


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


WORKER_WORDS = 20_000
"""A render worker's extractor forgets the words it has met beyond this many (memory: the build keeps the map)."""


class Extracted(NamedTuple):
    """What the index takes of one publication: the words its extractor met for the first time with their
    roots (the title's, then the text's, in order), each root of the publication with its weight, and its
    snippet file."""

    words: list[str]
    roots: list[str]
    stems: list[str]
    weights: bytes
    fragment: bytes


class Extractor:
    """A publication's words, roots, weights and snippet file, from its rendered body: the indexer's work
    per publication, done where the body is rendered (render.Renderers: on every core), so that the build's
    own process only appends postings.

    An extractor reports each word once, the first time it meets it: a render worker sees its bodies in
    the build's order, and the build adds every publication in that order, so a word new to the index is
    always among the words its publication's extractor reports (the map's order is the one-process order)."""

    def __init__(self, roots: Roots) -> None:
        self.roots = roots
        self._home = os.getpid()

    def __call__(self, body_html: str, about: tuple[str, str, str, str | None]) -> Extracted:
        directory, title, date_text, summary = about
        text = " ".join(" ".join(part.split()) for part in (summary or "", plain_text(body_html)) if part)
        root, known = self.roots, self.roots.known
        if len(known) > WORKER_WORDS and os.getpid() != self._home:
            known.clear()  # a render worker's own copy: it reports its words again, which the build already knows
        titled = words(title)
        found = _KEPT_WORD.findall(fold(text))  # the words of MIN_LENGTH to MAX_LENGTH characters
        new = set(found).difference(known).difference(STOP_WORDS).union(titled).difference(known)
        met: list[str] = []
        if new:  # words not seen before: each one's root, once, title first, then in the order of the text
            met = [word for word in dict.fromkeys([*titled, *found]) if word in new]
        stems = [root(word) for word in met]
        in_title = {known[w] for w in titled}
        counted = Counter(map(known.get, found))  # each root's count; function words count as None
        counted.pop(None, None)
        counts: dict[str, int] = counted  # type: ignore[assignment]
        for stem in in_title:
            counts.setdefault(stem, 0)
        weights = bytes(
            (IN_TITLE if stem in in_title else 0) | (OFTEN if n >= OFTEN_COUNT else 0) for stem, n in counts.items()
        )
        fragment = {"u": _address(directory), "t": " ".join(title.split()), "d": date_text, "x": _cut(text)}
        if not date_text:  # a standing page (result_date): no date in its file, none shown
            del fragment["d"]
        return Extracted(met, stems, list(counts), weights, _compact(fragment).encode())


class SearchIndex:
    """The index being built: ``add`` each publication as it is rendered, then ``write`` it into the site.

    Memory: the postings (one 32-bit number per publication and root) and the word → root map; each
    publication's snippet file goes to one spool file in `work` at once (its place and length kept).

    Speed (bench/search.py): a publication's words are found by one regular expression over its whole
    folded text, counted and mapped to their roots by C loops (``Counter``, ``map`` of the map's look-up);
    only the words not seen before go through :class:`Roots`. The snippet files are written once, at
    their final names, from the spool; shard entries are built as text (keys and forms are letters and
    digits: their JSON is themselves in quotes). The bytes are those of the plain way of doing each step
    (tests/site/test_search.py::test_the_fast_indexer_writes_the_plain_indexers_bytes)."""

    def __init__(self, work: pathlib.Path, roots: Roots | None = None):
        self.work = work
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        self.roots = roots or Roots()
        self.postings: dict[str, array.array[int]] = {}
        self._order: list[tuple[datetime.date, float, str]] = []
        self._spool = (work / "fragments").open("wb")
        self._fragments: array.array[int] = array.array("q")  # offset, length of each snippet file

    def close(self) -> None:
        """Close the spool of snippets (a build that stops half-way leaves no open file; write() closes it too)."""
        self._spool.close()

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
        found = Extractor(self.roots)(body_html, (directory, title, date_text, summary))
        self.add_extracted(directory, day, published, found)

    def add_extracted(
        self, directory: str, day: datetime.date, published: datetime.datetime | None, found: Extracted
    ) -> None:
        """Index one publication from what an :class:`Extractor` found in it (in this process or in a render
        worker); publications are added in the order the extractors saw them."""
        number = len(self._order)
        self._order.append((day, published.timestamp() if published is not None else float("-inf"), directory))
        self.roots.learn(found.words, found.roots)
        postings = self.postings
        shifted = number << 2
        for stem, weight in zip(found.stems, found.weights, strict=True):
            entry = postings.get(stem)
            if entry is None:
                entry = postings[stem] = array.array("I")
            entry.append(shifted | weight)
        self._fragments.append(self._spool.tell())
        self._fragments.append(len(found.fragment))
        self._spool.write(found.fragment)

    def write(self, site_dir: pathlib.Path) -> IndexFigures:
        """Write ``cari/`` into the built site (after the engine, which empties `site_dir`)."""
        count = len(self._order)
        final = self._final_numbers()
        target = site_dir / DIRECTORY
        if target.exists():
            shutil.rmtree(target)
        (target / "k").mkdir(parents=True)
        (target / "d").mkdir()
        shards = _Shards(target / "k", IndexFigures(documents=count, roots=len(self.postings)))
        self._write_keys(shards, final)
        figures = shards.close()
        manifest = _compact({"v": VERSION, "n": count, "k": shards.firsts})
        (target / MANIFEST).write_text(manifest, encoding="utf-8")
        figures.shard_bytes += len(manifest.encode())
        self._spool.close()
        with (self.work / "fragments").open("rb") as spool:
            places = self._fragments
            for number in range(count):
                offset, length = places[2 * number], places[2 * number + 1]
                spool.seek(offset)
                (target / "d" / f"{final[number]}.json").write_bytes(spool.read(length))
                figures.fragment_bytes += length
        (self.work / "fragments").unlink()
        self.roots.save()
        return figures

    def _final_numbers(self) -> list[int]:
        """Each publication's number in the site: its rank in newest_first (ties in id order)."""
        count = len(self._order)
        by_id = sorted(range(count), key=lambda n: self._order[n][2])
        newest = sorted(by_id, key=lambda n: self._order[n][:2], reverse=True)
        final = [0] * count
        for rank, number in enumerate(newest):
            final[number] = rank
        return final

    def _write_keys(self, shards: _Shards, final: list[int]) -> None:
        """Every key (root or word) in key order, each entry made, written and dropped in turn (no second
        copy of the postings as Python objects)."""
        postings, known = self.postings, self.roots.known
        forms: dict[str, list[str]] = {}
        for word, stem in known.items():
            if word != stem:
                forms.setdefault(stem, []).append(word)
        keys = sorted(set(postings).union(word for words in forms.values() for word in words))
        shards.figures.words = len(keys) - shards.figures.roots
        shifted = array.array("I", (number << 2 for number in final))
        for key in keys:
            parts: list[str] = []
            found = postings.pop(key, None)
            if found is not None:
                parts.append('"p":[' + ",".join(map(str, _encoded(found, shifted))) + "]")
                if key in forms:
                    parts.append('"f":["' + '","'.join(forms[key]) + '"]')
            stem = known.get(key, key)
            if stem != key:
                parts.append(f'"a":"{stem}"')
            shards.add(key, f'"{key}":{{{",".join(parts)}}}')


class _Shards:
    """The index's keys cut into files of about SHARD_BYTES (``k/<n>.json``), as they come, in key order."""

    def __init__(self, directory: pathlib.Path, figures: IndexFigures):
        self.directory, self.figures = directory, figures
        self.firsts: list[str] = []  # each shard's first key (the manifest)
        self._part: list[str] = []
        self._size = 0

    def add(self, key: str, item: str) -> None:
        if self._part and self._size + len(item) > SHARD_BYTES:
            self._flush()
        if not self._part:
            self.firsts.append(key)
        self._part.append(item)
        self._size += len(item) + 1

    def close(self) -> IndexFigures:
        if self._part:
            self._flush()
        self.figures.shards = len(self.firsts)
        return self.figures

    def _flush(self) -> None:
        data = ("{" + ",".join(self._part) + "}").encode()
        (self.directory / f"{len(self.firsts) - 1}.json").write_bytes(data)
        self.figures.shard_bytes += len(data)
        self.figures.largest_shard = max(self.figures.largest_shard, len(data))
        self._part, self._size = [], 0


def _encoded(found: array.array[int], shifted: array.array[int]) -> list[int]:
    """Postings as the browser reads them: ascending publication numbers, each as (gap << 2 | weight).
    `shifted`: each publication's final number << 2."""
    codes = sorted([shifted[code >> 2] | (code & 3) for code in found])
    previous = [4 * -1, *codes[:-1]]  # the previous publication's number << 2 (-1 before the first)
    return [((code >> 2) - (before >> 2)) << 2 | (code & 3) for code, before in zip(codes, previous, strict=True)]


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
        answer.results.append(Result(fragment["u"], fragment["t"], fragment.get("d", ""), snippet, marked))
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
