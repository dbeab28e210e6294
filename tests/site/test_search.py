"""The site's search reads Indonesian (search.py, script.py): whole bodies, words found from their roots,
the index in shards fetched only once search is opened, on both engines; and in a real browser."""

from __future__ import annotations

import datetime
import functools
import json
import pathlib
import random
import string
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page

from pipeline.site import SitePublication, search
from pipeline.site.guard import CheckedConfig
from pipeline.site.render import BodyRenderer, Renderers
from pipeline.site.search import Roots, SearchIndex, engine_search_off, make_snippet, query, words
from pipeline.site.serve import QuietServer, SiteHandler
from tests.editor.browser import new_page
from tests.helpers import serving
from tests.site.support import build, parse, publication
from tests.site.test_browser import AXE, WCAG_AA

MARK = "document.body.dataset.pwned"
HOSTILE_TITLE = f"<img src=x onerror=\"{MARK}='judul'\"> Penyuluhan <b>Gizi</b>"


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("kegiatan", "giat"),
        ("berkegiatan", "giat"),
        ("pelatihan", "latih"),
        ("latihan", "latih"),
        ("dilatih", "latih"),
        ("melatih", "latih"),
        ("kesehatan", "sehat"),
        ("diwisuda", "wisuda"),
        ("wisuda", "wisuda"),
        ("menyampaikan", "sampai"),
        ("pembelajaran", "ajar"),
        ("pengabdian", "abdi"),
        ("kepulauan", "pulau"),
        ("penimbangan", "timbang"),
        ("diselenggarakan", "selenggara"),
        ("pelayanan", "layan"),
        ("berita", "berita"),  # a root that looks affixed stays whole (a rule-only stemmer gives "ita")
        ("peresmian", "resmi"),
        ("mahasiswa", "mahasiswa"),
        ("2025", "2025"),
        ("covid19", "covid19"),
    ],
)
def test_words_are_reduced_to_their_roots(word: str, root: str) -> None:
    assert Roots()(word) == root


PLAIN_SASTRAWI = """
import json, sys
from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
stem = Stemmer(ArrayDictionary(StemmerFactory().get_words())).stem_word
print(json.dumps([stem(word) or word for word in json.load(sys.stdin)]))
"""
AFFIXES = (
    "{}",
    "me{}",
    "mem{}",
    "men{}",
    "meng{}",
    "meny{}",
    "pe{}an",
    "pen{}an",
    "peng{}an",
    "ke{}an",
    "di{}kan",
    "ber{}",
    "ter{}",
    "{}an",
    "{}nya",
    "per{}an",
    "se{}nya",
    "{}lah",
    "ku{}",
    "{}isme",
    "{}isasi",
    "{}is",
    "{}kah",
    "{}pun",
    "{}mu",
)


def word_list() -> list[str]:
    """Sastrawi's roots (one in 40), each in the affixed forms above and with its first letter dropped (the
    nasal prefixes replace it); every word of two letters; random words of 3 to 9 letters."""
    rng = random.Random(17)
    roots = sorted(root for root in search.dictionary() if root.isalpha())[::40]  # words hold no hyphen
    listed = {form.format(root) for root in roots for form in AFFIXES}
    listed |= {form.format(root[1:]) for root in roots for form in AFFIXES[1:6]}
    listed |= {a + b for a in string.ascii_lowercase for b in string.ascii_lowercase}
    listed |= {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(3000)}
    return sorted(word for word in listed if search.MIN_LENGTH <= len(word) <= search.MAX_LENGTH)


def test_the_roots_are_sastrawis_own_with_its_shortcuts_and_with_the_cache(tmp_path: pathlib.Path) -> None:
    """The dictionary and affix shortcuts, the regular expressions done as string operations and the prefix
    rules skipped where they cannot match change no root: compared with plain Sastrawi (in a process of its
    own, untouched) over some 20,000 words."""
    listed = word_list()
    plain = subprocess.run(
        [sys.executable, "-c", PLAIN_SASTRAWI], input=json.dumps(listed), capture_output=True, text=True, check=True
    )
    expected = dict(zip(listed, json.loads(plain.stdout), strict=True))
    cache = tmp_path / search.ROOTS_CACHE
    first = Roots(cache)
    assert {word: first(word) for word in listed} == expected
    skipped = [word for word in listed if word in search.dictionary() or not search.affixed(word)]
    assert first.stemmed == len(listed) - len(skipped) and len(skipped) > 2000
    first.save()
    again = Roots(cache)
    assert {word: again(word) for word in listed} == expected
    assert again.stemmed == 0


def counting(calls: list[str], stem: Callable[[str], str] | None = None) -> Callable[[str], str]:
    """Sastrawi's own stemmer (or `stem`), each word it is given noted in `calls`."""
    stem = stem or search.sastrawi()

    def counted(word: str) -> str:
        calls.append(word)
        return stem(word)

    return counted


SENTENCE = "Pelatihan kader kesehatan diselenggarakan; peserta berkegiatan di kepulauan"
STEMMED = ["pelatihan", "kesehatan", "diselenggarakan", "peserta", "berkegiatan", "kepulauan"]


def test_a_rebuild_stems_only_its_new_words(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    stem = search.sastrawi()
    monkeypatch.setattr(search, "sastrawi", lambda: counting(calls, stem))
    content, cache = tmp_path / "content", tmp_path / "cache" / "images"
    first = [publication(content, "2025/pelatihan", title="Pelatihan Kader", body=f"{SENTENCE}.\n")]
    build(tmp_path, first, image_cache=cache)
    assert sorted(calls) == sorted(STEMMED)
    assert (tmp_path / "cache" / "search-roots.json").is_file()  # beside the pictures
    assert query(tmp_path / "site", "sehat").found == 1
    calls.clear()
    second = [*first, publication(content, "2025/wisuda", title="Wisuda", body="Mahasiswa diwisuda.\n")]
    build(tmp_path, second, image_cache=cache)
    assert calls == ["diwisuda"]
    assert query(tmp_path / "site", "wisuda").found == 1
    assert query(tmp_path / "site", "pelatihan").found == 1


Documents = list[tuple[str, str, datetime.date, str, str]]
"""Publications for plain_index: directory, title, day, summary, body HTML."""


def plain_index(documents: Documents, site: pathlib.Path) -> None:
    """The index written the plain way, step by step as search.py's docstring says it (no spool, no C loops,
    JSON by json.dumps): what SearchIndex must write byte for byte."""
    roots = Roots()
    postings: dict[str, list[tuple[int, int]]] = {}
    fragments = []
    for number, (directory, title, _day, summary, body) in enumerate(documents):
        text = " ".join(" ".join(part.split()) for part in (summary, search.plain_text(body)) if part)
        in_title = {roots(word) for word in words(title)}
        counts = dict.fromkeys(in_title, 0)
        for word in words(text):
            counts[roots(word)] = counts.get(roots(word), 0) + 1
        for stem, n in counts.items():
            postings.setdefault(stem, []).append((number, (2 if stem in in_title else 0) + (1 if n >= 3 else 0)))
        fragments.append({"u": f"{directory}/", "t": " ".join(title.split()), "d": "tanggal", "x": search._cut(text)})
    newest = sorted(range(len(documents)), key=lambda n: documents[n][0])  # ties in id order
    newest.sort(key=lambda n: documents[n][2], reverse=True)
    final = {number: rank for rank, number in enumerate(newest)}
    entries = plain_entries(roots.known, postings, final)
    shards: list[list[str]] = []
    size = 0
    for key, item in entries.items():
        if not shards or (shards[-1] and size + len(item) > search.SHARD_BYTES):
            shards.append([])
            size = 0
        shards[-1].append(key)
        size += len(item) + 1
    (site / "cari" / "k").mkdir(parents=True)
    (site / "cari" / "d").mkdir()
    for n, keys in enumerate(shards):
        (site / "cari" / "k" / f"{n}.json").write_text("{" + ",".join(entries[k] for k in keys) + "}")
    manifest = {"v": 1, "n": len(documents), "k": [keys[0] for keys in shards]}
    (site / "cari" / "indeks.json").write_text(json.dumps(manifest, separators=(",", ":")))
    for number, fragment in enumerate(fragments):
        text = json.dumps(fragment, ensure_ascii=False, separators=(",", ":"))
        (site / "cari" / "d" / f"{final[number]}.json").write_text(text, encoding="utf-8")


def plain_entries(
    known: dict[str, str], postings: dict[str, list[tuple[int, int]]], final: dict[int, int]
) -> dict[str, str]:
    """Each key's entry as JSON text, in key order: postings as gaps, the words reduced to it, its root."""
    forms: dict[str, list[str]] = {}
    for word, stem in known.items():
        if word != stem:
            forms.setdefault(stem, []).append(word)
    entries = {}
    for key in sorted(set(postings) | {word for listed in forms.values() for word in listed}):
        entry: dict[str, object] = {}
        if key in postings:
            numbers = sorted((final[n], w) for n, w in postings[key])
            entry["p"] = [
                (number - previous) * 4 + weight
                for (number, weight), (previous, _) in zip(numbers, [(-1, 0), *numbers], strict=False)
            ]
            if key in forms:
                entry["f"] = forms[key]
        if known.get(key, key) != key:
            entry["a"] = known[key]
        entries[key] = json.dumps(key) + ":" + json.dumps(entry, separators=(",", ":"))
    return entries


def files_of(directory: pathlib.Path) -> dict[str, bytes]:
    return {str(path.relative_to(directory)): path.read_bytes() for path in directory.rglob("*") if path.is_file()}


def test_the_fast_indexer_writes_the_plain_indexers_bytes(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """80 publications in no order (days shared, so ties go by id) of affixed words, function words, numbers,
    accents, overlong words and words repeated, their keys cut into many small shards: SearchIndex writes
    the same files as the plain way of doing each step."""
    monkeypatch.setattr(search, "SHARD_BYTES", 600)
    rng = random.Random(5)
    roots = sorted(root for root in search.dictionary() if root.isalpha())[::300]
    vocabulary = [form.format(root) for root in roots for form in AFFIXES[:12]]
    vocabulary += ["yang", "dan", "di", "2025", "covid19", "Kesehatan", "café", "x" * 41, "a", "é"]

    def text(count: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(count))

    documents: Documents = [
        (
            f"{2020 + n % 5}/berita-{rng.randrange(10**6)}-{n}",
            text(6).title(),
            datetime.date(2025, 1, 1) - datetime.timedelta(days=rng.randrange(30)),
            text(15) if n % 4 else "",
            f"<p>{text(60)}</p><ul><li>{text(8)} &amp; <b>{text(3)}</b></li></ul>",
        )
        for n in range(80)
    ]
    fast = SearchIndex(tmp_path / "work", Roots())
    for directory, title, day, summary, body in documents:
        fast.add(directory, title, day, None, "tanggal", summary or None, body)
    figures = fast.write(tmp_path / "fast")
    plain_index(documents, tmp_path / "plain")
    written = files_of(tmp_path / "fast" / "cari")
    assert written == files_of(tmp_path / "plain" / "cari")
    assert figures.shards > 20 and figures.documents == 80
    assert figures.fragment_bytes == sum(len(data) for name, data in written.items() if name.startswith("d/"))
    assert not (tmp_path / "work" / "fragments").exists()


def test_words_found_in_two_render_workers_give_the_plain_indexers_bytes(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's way: 300 bodies rendered on two forked workers, each finding its words and roots beside
    the HTML (search.Extractor, some roots read from the cache the workers inherit, each worker forgetting
    its words past 50): the plain bytes, and the words in the order one process meets them."""
    monkeypatch.setattr(search, "SHARD_BYTES", 600)
    monkeypatch.setattr(search, "WORKER_WORDS", 50)
    rng = random.Random(7)
    roots = sorted(root for root in search.dictionary() if root.isalpha())[::200]
    vocabulary = [form.format(root) for root in roots for form in AFFIXES[:12]]
    vocabulary += ["yang", "dan", "2025", "Kesehatan", "café", "x" * 41]

    def text(count: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(count))

    bodies = [f"{text(40)}\n\n- {text(6)} & **{text(3)}**\n" for _ in range(300)]
    html = [BodyRenderer([]).render(body) for body in bodies]
    documents: Documents = [
        (f"2025/berita-{n}", text(5).title(), datetime.date(2025, 1, 1) - datetime.timedelta(days=n % 40), "", html[n])
        for n in range(300)
    ]
    cache = tmp_path / "roots.json"
    warm = Roots(cache)  # a previous build's map of some of these words
    for word in words(" ".join(html[:20])):
        warm(word)
    warm.save()
    roots_map = Roots(cache)
    index = SearchIndex(tmp_path / "work", roots_map)
    with Renderers([], None, expected=300, workers=2, after=search.Extractor(roots_map)) as renderers:
        jobs = ((body, (d[0], d[1], "tanggal", None)) for body, d in zip(bodies, documents, strict=True))
        for (body_html, found), (directory, _, day, _, expected) in zip(
            renderers.render_each(jobs), documents, strict=True
        ):
            assert body_html == expected
            index.add_extracted(directory, day, None, found)
    index.write(tmp_path / "fast")
    plain_index(documents, tmp_path / "plain")
    assert files_of(tmp_path / "fast" / "cari") == files_of(tmp_path / "plain" / "cari")
    assert list(roots_map.known) == list(dict.fromkeys(plain_order(documents)))
    assert not (tmp_path / "work" / "fragments").exists()


def plain_order(documents: Documents) -> Iterator[str]:
    """Every indexed word in the order one process meets it: each title's, then its text's."""
    for _, title, _, summary, body in documents:
        yield from words(title)
        yield from words(" ".join(p for p in (summary, search.plain_text(body)) if p))


VALID = {"v": search.ROOTS_CACHE_VERSION, "stemmer": search._stemmer_version()}


@pytest.mark.parametrize(
    "content",
    [
        json.dumps({**VALID, "roots": {"pelatihan": '<img src=x onerror="alert(1)">'}}),
        json.dumps({**VALID, "roots": {"pelatihan": "latih", "<b>": "b"}}),
        json.dumps({**VALID, "roots": {"pelatihan": "Latih"}}),
        json.dumps({**VALID, "roots": {"pelatihan": ["latih"]}}),
        json.dumps({**VALID, "roots": {"pelatihan": ""}}),
        json.dumps({**VALID, "roots": {"pelatihan": "l" * 41}}),
        json.dumps({**VALID, "roots": ["pelatihan", "latih"]}),
        json.dumps({**VALID, "v": 0, "roots": {"pelatihan": "x"}}),
        json.dumps({**VALID, "stemmer": "another", "roots": {"pelatihan": "x"}}),
        json.dumps([VALID]),
        '{"v": 1, "roots": {"pelatihan": "lat',
        "[" * 100_000,
        "\udcff",
        "",
    ],
    ids=[
        "markup root",
        "markup word",
        "upper case",
        "not text",
        "empty root",
        "overlong root",
        "not a map",
        "other version",
        "other stemmer",
        "not an object",
        "cut short",
        "deep",
        "not utf-8",
        "empty",
    ],
)
def test_a_tampered_roots_cache_is_ignored_and_rebuilt(tmp_path: pathlib.Path, content: str) -> None:
    cache = tmp_path / search.ROOTS_CACHE
    cache.write_bytes(content.encode("utf-8", "surrogateescape"))
    calls: list[str] = []
    roots = Roots(cache, counting(calls))
    assert [roots(word) for word in ("pelatihan", "wisuda", "diwisuda")] == ["latih", "wisuda", "wisuda"]
    assert calls == ["pelatihan", "diwisuda"]
    roots.save()
    assert json.loads(cache.read_text(encoding="utf-8"))["roots"] == {
        "pelatihan": "latih",
        "wisuda": "wisuda",
        "diwisuda": "wisuda",
    }


def test_a_roots_cache_over_its_bounds_is_not_read(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / search.ROOTS_CACHE
    cache.write_text(json.dumps({**VALID, "roots": {"pelatihan": "latih", "diwisuda": "wisuda"}}), encoding="utf-8")
    monkeypatch.setattr(search, "ROOTS_CACHE_WORDS", 1)
    calls: list[str] = []
    roots = Roots(cache, counting(calls))
    assert roots("pelatihan") == "latih"
    assert calls == ["pelatihan"]
    monkeypatch.setattr(search, "ROOTS_CACHE_WORDS", 2)
    monkeypatch.setattr(search, "ROOTS_CACHE_BYTES", cache.stat().st_size - 1)
    assert Roots(cache, counting(calls))("diwisuda") == "wisuda"
    assert calls == ["pelatihan", "diwisuda"]


def test_the_roots_cache_keeps_this_builds_words_first_up_to_its_bound(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / search.ROOTS_CACHE
    old = Roots(cache)
    for word in ("pelatihan", "diwisuda", "kegiatan"):
        old(word)
    old.save()
    monkeypatch.setattr(search, "ROOTS_CACHE_WORDS", 3)
    new = Roots(cache)
    new("kesehatan")
    new("pelatihan")
    new.save()
    assert json.loads(cache.read_text(encoding="utf-8"))["roots"] == {
        "kesehatan": "sehat",
        "pelatihan": "latih",
        "diwisuda": "wisuda",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kegiatan Pelatihan, KESEHATAN!", ["kegiatan", "pelatihan", "kesehatan"]),
        ("yang dan di ke dari untuk kegiatan", ["kegiatan"]),  # function words are not searched
        ("Café & résumé — naïve", ["cafe", "resume", "naive"]),
        ("a b covid-19 2025", ["covid", "19", "2025"]),
        ("<script>alert(1)</script>", ["script", "alert", "script"]),
        ("", []),
    ],
)
def test_words_of_a_text(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("plugins", "expected"),
    [
        (None, [{"search": {"enabled": False}}]),
        (["search"], [{"search": {"enabled": False}}]),
        (["material/search", "tags"], ["tags", {"search": {"enabled": False}}]),
        ({"search": {"lang": "id"}, "offline": {}}, [{"offline": {}}, {"search": {"enabled": False}}]),
        ([{"search": {"separator": "x"}}, "offline"], ["offline", {"search": {"enabled": False}}]),
    ],
)
def test_the_engines_own_search_is_turned_off(plugins: object, expected: list[object]) -> None:
    data = {"site_name": "x"} | ({"plugins": plugins} if plugins is not None else {})
    checked = engine_search_off(CheckedConfig(pathlib.Path("mkdocs.yml"), data))
    assert checked.data == {"site_name": "x", "plugins": expected}


def test_a_snippet_is_cut_around_the_first_word_found() -> None:
    text = "Pembukaan acara oleh direktur. " * 5 + "Para kader mengikuti pelatihan gizi. " + "Penutup. " * 40
    snippet, marked = make_snippet(text, {"latih", "pelatihan"})
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "mengikuti pelatihan gizi" in snippet and len(snippet) <= 202
    assert marked == ("pelatihan",)
    assert make_snippet("Pendek saja.", {"latih"}) == ("Pendek saja.", ())


BODY_ONLY = """\
Pemeriksaan berkala dilakukan di lima kelurahan.

## Materi

Kader belajar penimbangan balita dan pencatatan gizi seimbang. Peserta dilatih langsung oleh bidan.
"""


def search_site(content: pathlib.Path) -> list[SitePublication]:
    start = datetime.date(2025, 3, 4)
    return [
        publication(
            content,
            "2025/pelatihan-kader",
            title="Pelatihan Kader Posyandu",
            day=start,
            bidang="umum",
            summary="Kader posyandu dari lima kelurahan mengikuti pelatihan.",
            body=BODY_ONLY,
        ),
        publication(
            content,
            "2025/wisuda",
            title="Wisuda Angkatan 2025",
            day=start - datetime.timedelta(days=10),
            body="Sebanyak 1.024 lulusan diwisuda di aula utama.\n\nKegiatan ditutup dengan doa.\n",
        ),
        publication(
            content,
            "2025/seminar",
            title="Seminar Nasional",
            day=start - datetime.timedelta(days=20),
            body="Seminar membahas kesehatan masyarakat pesisir.\n",
        ),
        publication(
            content,
            "2024/serangan",
            title=HOSTILE_TITLE,
            day=datetime.date(2024, 12, 1),
            body=f"<script>{MARK}='isi'</script>\n\nPenyuluhan gizi di sekolah. Constructor toString.\n",
        ),
    ]


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp(request.param)
    build(tmp, search_site(tmp / "content"), engine=request.param)
    return tmp / "site"


@pytest.mark.parametrize(
    ("typed", "titles"),
    [
        ("timbang", ["Pelatihan Kader Posyandu"]),  # only in the body, as "penimbangan"
        ("latih", ["Pelatihan Kader Posyandu"]),  # title "Pelatihan", body "dilatih"
        ("pelatihan", ["Pelatihan Kader Posyandu"]),  # the affixed form finds the same
        ("giat", ["Wisuda Angkatan 2025"]),  # "Kegiatan"
        ("wisuda", ["Wisuda Angkatan 2025"]),  # title, and "diwisuda"
        ("sehat", ["Seminar Nasional"]),  # "kesehatan"
        ("KESEHATAN masyarakat", ["Seminar Nasional"]),
        ("gizi", ["Penyuluhan Gizi", "Pelatihan Kader Posyandu"]),  # in the title first, then the newest
        ("kelurahan doa", ["Pelatihan Kader Posyandu", "Wisuda Angkatan 2025"]),
        ("constructor", ["Penyuluhan Gizi"]),
        ("yang", []),
        ("tidakada", []),
    ],
)
def test_the_built_index_finds_bodies_and_affixed_forms(built: pathlib.Path, typed: str, titles: list[str]) -> None:
    answer = query(built, typed)
    shown = [" ".join(r.title.replace(HOSTILE_TITLE, "Penyuluhan Gizi").split()) for r in answer.results]
    assert shown == titles
    assert answer.found == len(titles)


def test_a_result_has_its_address_title_date_and_snippet(built: pathlib.Path) -> None:
    answer = query(built, "timbang")
    [result] = answer.results
    assert (result.address, result.title, result.date) == (
        "2025/pelatihan-kader/",
        "Pelatihan Kader Posyandu",
        "4 Maret 2025",
    )
    assert "Kader belajar penimbangan balita" in result.snippet and result.marked == ("penimbangan",)
    assert (built / result.address / "index.html").is_file()
    # the manifest, one shard (penimbangan and timbang share it here) and the result's own file
    assert answer.fetched == ["indeks.json", "k/0.json", "d/0.json"]


def test_the_engines_search_index_is_gone_and_no_markup_is_indexed(built: pathlib.Path) -> None:
    assert not (built / "search/search_index.json").exists()  # mkdocs' Material search
    home = parse(built / "index.html")
    assert home.find_all("form", "md-search__form") == [] and home.find_all("div", "md-search") == []
    [result] = query(built, "penyuluhan sekolah").results
    assert result.title == " ".join(HOSTILE_TITLE.split())  # text, shown with textContent
    assert "<script" not in result.snippet and MARK not in result.snippet
    assert all(
        "<script" not in (built / "cari" / "d" / name).read_text(encoding="utf-8")
        for name in ("0.json", "1.json", "2.json", "3.json")
    )


def test_only_the_publications_built_are_in_the_index(tmp_path: pathlib.Path) -> None:
    pubs = search_site(tmp_path / "content")
    build(tmp_path, pubs[:1])
    addresses = [json.loads(p.read_text(encoding="utf-8"))["u"] for p in sorted((tmp_path / "site/cari/d").iterdir())]
    assert addresses == ["2025/pelatihan-kader/"]
    assert query(tmp_path / "site", "wisuda").results == []


# In a real browser: the search is opened, typed into, and its results followed.


@pytest.fixture(scope="module")
def served(built: pathlib.Path) -> Iterator[str]:
    handler = functools.partial(SiteHandler, directory=str(built))
    server = QuietServer(("127.0.0.1", 0), handler)
    with serving(server):
        yield f"http://127.0.0.1:{server.server_address[1]}/"


def open_page(browser: Browser, url: str, requests: list[str], quiet: bool = False) -> Page:
    """The page at `url`, loaded, its requests noted in `requests`; with `quiet`, also until the network has
    been idle for a moment (Playwright's networkidle), for a test that shows a request is never made."""
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="networkidle" if quiet else "load")
    return page


@pytest.mark.parametrize("path", ["", "2025/wisuda/", "berita/", "halaman-yang-tidak-ada/"])
def test_a_page_view_fetches_no_index(served: str, browser: Browser, path: str) -> None:
    requests: list[str] = []
    page = open_page(browser, served + path, requests, quiet=True)
    try:
        assert page.locator(".md-header").get_by_role("button", name="Cari").count() == 1
        assert [url for url in requests if "/cari/" in url or "search" in url.rsplit("/", 1)[-1]] == []
    finally:
        page.context.close()


def test_typing_latih_finds_pelatihan_with_its_date(built: pathlib.Path, served: str, browser: Browser) -> None:
    requests: list[str] = []
    page = open_page(browser, served + "2025/seminar/", requests)
    try:
        assert [url for url in requests if "/cari/" in url] == []
        page.get_by_role("button", name="Cari").click()
        dialog = page.get_by_role("dialog", name="Cari")
        dialog.get_by_role("searchbox", name="Kata yang dicari").fill("latih")
        result = dialog.locator(".humas-cari__hasil li").first
        result.wait_for()
        assert result.locator("a").inner_text() == "Pelatihan Kader Posyandu"
        assert result.locator("time").inner_text() == "4 Maret 2025"
        assert result.locator("mark").all_inner_texts() == ["pelatihan", "dilatih"]
        [expected] = query(built, "latih").results  # the browser does what search.query does
        assert result.locator("p").inner_text() == expected.snippet
        assert tuple(result.locator("mark").all_inner_texts()) == expected.marked
        assert dialog.get_by_role("status").inner_text() == "Publikasi ditemukan: 1"
        fetched = [url.removeprefix(served) for url in requests if "/cari/" in url]
        assert fetched == ["cari/indeks.json", "cari/k/0.json", "cari/d/0.json"]
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
        assert [v["id"] for v in violations["violations"]] == []  # the open dialog and its results, WCAG 2.1 AA

        dialog.get_by_role("searchbox").fill("gizi")
        dialog.locator(".humas-cari__hasil li").nth(1).wait_for()
        titles = dialog.locator(".humas-cari__hasil li a").all_inner_texts()
        assert titles == [HOSTILE_TITLE, "Pelatihan Kader Posyandu"]  # an author's markup is text
        assert page.evaluate(MARK) is None

        dialog.get_by_role("searchbox").fill("constructor")  # a word that names a property of every JS object
        page.wait_for_function("() => document.querySelector('.humas-cari__hasil').children.length === 1")
        assert dialog.locator(".humas-cari__hasil mark").all_inner_texts() == ["Constructor"]

        dialog.get_by_role("searchbox").fill("tidakada")
        page.wait_for_function("() => document.querySelector('.humas-cari__hasil').children.length === 0")
        assert dialog.get_by_role("status").inner_text() == "Tidak ada publikasi yang memuat kata tersebut"

        dialog.get_by_role("searchbox").fill("timbang")
        link = dialog.locator(".humas-cari__hasil li a").first
        link.wait_for()
        link.click()
        page.wait_for_url(served + "2025/pelatihan-kader/")
        assert page.locator("h1").first.inner_text() == "Pelatihan Kader Posyandu"
    finally:
        page.context.close()


def test_the_slash_key_opens_search(served: str, browser: Browser) -> None:
    requests: list[str] = []
    page = open_page(browser, served, requests)
    try:
        page.keyboard.press("/")
        searchbox = page.get_by_role("searchbox", name="Kata yang dicari")
        searchbox.wait_for()
        assert searchbox.evaluate("element => element === document.activeElement")
        page.wait_for_function(
            "() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/cari/indeks.json'))"
        )
        page.keyboard.press("Escape")
        page.get_by_role("dialog").wait_for(state="hidden")
    finally:
        page.context.close()
