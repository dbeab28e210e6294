"""A hostile mkdocs.yml: refused before mkdocs or Zensical reads it, or its HTML made harmless (guard.py).

mkdocs.yml on main is one approved change away from anyone; ``humas build`` runs where secrets are. Each
case writes a file that would run code, leak the environment or put a script on every page, and checks
the one-line refusal (naming mkdocs.yml, the line and the key) and that nothing of it ran.
"""

from __future__ import annotations

import pathlib

import pytest

from pipeline.site import SiteError
from pipeline.site.guard import EXTENSIONS
from tests.helpers import Repo, through_the_sop
from tests.site.support import build, content, parse, publication

HEAD = "site_name: Poltekkes Kemenkes Jakarta II\ntheme:\n  name: material\n"
HOOK = "import pathlib\npathlib.Path({marker!r}).write_text('hook ran')\n"
ALLOWED_EXTENSIONS = ", ".join(EXTENSIONS)
TAG_TAIL = (
    "tidak diizinkan: tag itu dapat menjalankan kode atau membaca lingkungan mesin build "
    "(yang boleh: nilai biasa, daftar dan pemetaan)"
)
MARKUP = (
    'karakter < > " dan karakter kontrol tidak diizinkan di sini: karakter itu akan menjadi HTML di setiap '
    "halaman (yang boleh: teks biasa; hanya copyright yang boleh berisi HTML, dan HTML itu dibersihkan)"
)
CODE_OPTION = (
    "opsi ini menunjuk kode Python untuk dijalankan dan tidak diizinkan (yang boleh: opsi lain dari ekstensi itu)"
)
LINK = "tidak diizinkan (yang boleh: alamat http, https atau mailto, atau path di situs ini)"
TEMPLATES = (
    "templat dari repositori tidak diizinkan: mkdocs menjalankannya tanpa sandbox, sehingga templat dapat "
    "menjalankan kode saat build (yang boleh: tidak ada; untuk mengubah sebuah halaman, salin templat humas ke "
    'overrides/humas/NAMA.html.j2, lihat bagian README "Mengubah tampilan halaman"; ubah tampilan dengan warna, '
    "logo dan extra_css)"
)

CASES = [
    (
        "hooks",
        HEAD + "hooks:\n  - docs/hook.py\n",
        "mkdocs.yml:4: hooks: hooks mkdocs menjalankan kode Python saat build dan tidak diizinkan "
        "(yang boleh: tidak ada; plugin dan ekstensi Markdown yang diizinkan humas)",
    ),
    (
        "plugin",
        HEAD + "plugins:\n  - search\n  - macros:\n      module_name: docs/hook\n",
        "mkdocs.yml:6: plugins[1]: plugin 'macros' tidak diizinkan (yang boleh: search, tags, offline)",
    ),
    (
        "plugins as a mapping",
        HEAD + "plugins:\n  search: {}\n  material/privacy: {}\n",
        "mkdocs.yml:6: plugins.material/privacy: plugin 'material/privacy' tidak diizinkan "
        "(yang boleh: search, tags, offline)",
    ),
    (
        "extension importing the repository's module",
        HEAD + "markdown_extensions:\n  - admonition\n  - docs.hook\n",
        f"mkdocs.yml:6: markdown_extensions[1]: ekstensi Markdown 'docs.hook' tidak diizinkan "
        f"(yang boleh: {ALLOWED_EXTENSIONS})",
    ),
    (
        "extension reading files",
        HEAD + "markdown_extensions:\n  - pymdownx.b64:\n      base_path: /\n",
        f"mkdocs.yml:5: markdown_extensions[0]: ekstensi Markdown 'pymdownx.b64' tidak diizinkan "
        f"(yang boleh: {ALLOWED_EXTENSIONS})",
    ),
    (
        "python object",
        HEAD + "copyright: !!python/object/apply:os.system ['touch {marker}']\n",
        f"mkdocs.yml:4: copyright: tag YAML !!python/object/apply:os.system {TAG_TAIL}",
    ),
    (
        "python name in a custom fence",
        HEAD + "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
        "        - name: x\n          class: x\n          format: !!python/name:os.system\n",
        "mkdocs.yml:9: markdown_extensions[0].pymdownx.superfences.custom_fences[0].format: "
        f"tag YAML !!python/name:os.system {TAG_TAIL}",
    ),
    (
        "callable named by a plain string (Zensical imports and calls it)",
        HEAD
        + "markdown_extensions:\n  - toc:\n      slugify: {object: os.system, kwds: {command: 'touch {marker}'}}\n",
        f"mkdocs.yml:6: markdown_extensions[0].toc.slugify: {CODE_OPTION}",
    ),
    (
        "custom fence named by a plain string",
        HEAD + "markdown_extensions:\n  pymdownx.superfences:\n    custom_fences:\n"
        "      - {name: x, class: x, format: docs.hook.run}\n",
        f"mkdocs.yml:6: markdown_extensions.pymdownx.superfences.custom_fences: {CODE_OPTION}",
    ),
    (
        "environment variable",
        HEAD + "copyright: !ENV HUMAS_RECORD_KEY\n",
        f"mkdocs.yml:4: copyright: tag YAML !ENV {TAG_TAIL}",
    ),
    (
        "another file",
        "INHERIT: ../lain.yml\n" + HEAD,
        "mkdocs.yml:1: INHERIT: berkas konfigurasi lain tidak diizinkan (tulis pengaturannya di berkas ini)",
    ),
    ("custom_dir", HEAD + "  custom_dir: overrides\n", f"mkdocs.yml:4: theme.custom_dir: {TEMPLATES}"),
    ("extra_templates", HEAD + "extra_templates: [x.html]\n", f"mkdocs.yml:4: extra_templates: {TEMPLATES}"),
    (
        "script in a text",
        HEAD + "site_description: Berita <script>alert(1)</script>\n",
        f"mkdocs.yml:4: site_description: {MARKUP}",
    ),
    (
        "attribute break-out in the name",
        'site_name: Poltekkes" onmouseover="alert(1)\ntheme:\n  name: material\n',
        f"mkdocs.yml:1: site_name: {MARKUP}",
    ),
    (
        "script in the footer's address",
        HEAD + "extra:\n  address: <img src=x onerror=alert(1)>\n",
        f"mkdocs.yml:5: extra.address: {MARKUP}",
    ),
    (
        "javascript link",
        HEAD + "extra:\n  social:\n    - icon: fontawesome/brands/instagram\n      link: javascript:alert(1)\n"
        "      name: Instagram\n",
        f"mkdocs.yml:7: extra.social[0].link: 'javascript:alert(1)' {LINK}",
    ),
    (
        "javascript link hidden by a tab",
        HEAD + 'extra:\n  homepage: "java\\tscript:alert(1)"\n',
        f"mkdocs.yml:5: extra.homepage: 'java\\tscript:alert(1)' {LINK}",
    ),
    (
        "data address anywhere",
        HEAD + "extra:\n  analytics:\n    feedback:\n      ratings:\n        - note: 'data:text/html,x'\n",
        f"mkdocs.yml:8: extra.analytics.feedback.ratings[0].note: 'data:text/html,x' {LINK}",
    ),
    (
        "docs_dir outside the repository",
        HEAD + "docs_dir: /etc\nextra_css: [passwd]\n",
        "mkdocs.yml:4: docs_dir: '/etc' tidak diizinkan (yang boleh: folder di dalam repositori, misalnya docs)",
    ),
]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("text,message", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_hostile_mkdocs_yml_is_refused_and_nothing_of_it_runs(
    tmp_path: pathlib.Path, engine: str, text: str, message: str
) -> None:
    marker = tmp_path / "ran"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/hook.py").write_text(HOOK.format(marker=str(marker)))
    (tmp_path / "mkdocs.yml").write_text(text.replace("{marker}", str(marker)))
    pub = publication(tmp_path / "content", "2025/a")
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [pub], mkdocs_yml=tmp_path / "mkdocs.yml", engine=engine)
    assert str(refused.value) == message
    assert not marker.exists()
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_copyright_is_sanitised_on_every_page(tmp_path: pathlib.Path, engine: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        HEAD + "copyright: >-\n  Hak cipta &copy; <a href='https://poltekkesjkt2.ac.id/'>Poltekkes</a>"
        "<script>alert(1)</script><img src=x onerror=alert(2)><a href='javascript:alert(3)'>klik</a>\n"
    )
    build(tmp_path, [publication(tmp_path / "content", "2025/a")], mkdocs_yml=tmp_path / "mkdocs.yml", engine=engine)
    for page in ("index.html", "2025/a/index.html", "404.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        footer = parse(tmp_path / "site" / page).find("div", "md-copyright__highlight")
        assert footer.text() == "Hak cipta © Poltekkesklik"
        assert [a.attrs.get("href") for a in footer.find_all("a")] == ["https://poltekkesjkt2.ac.id/", None]
        assert "alert(" not in html and "onerror" not in html, page


def test_without_mkdocs_yml_the_institution_names_the_site_as_plain_text(tmp_path: pathlib.Path) -> None:
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [], institution='Poltekkes"><script>alert(1)</script>')
    assert str(refused.value) == f"sop.yml: institution: {MARKUP}"


def test_the_shipped_mkdocs_yml_passes_and_keeps_its_footer(tmp_path: pathlib.Path) -> None:
    shipped = pathlib.Path(__file__).resolve().parents[2] / "mkdocs.yml"
    build(tmp_path, [publication(tmp_path / "content", "2025/a")], mkdocs_yml=shipped)
    footer = parse(tmp_path / "site/index.html").find("footer")
    assert (
        footer.find("div", "md-copyright__highlight").text() == "Hak cipta © Politeknik Kesehatan Kemenkes Jakarta II"
    )
    assert [a.attrs["href"] for a in footer.find_all("a", "md-social__link")] == [
        "https://www.instagram.com/poltekkesjakarta2/",
        "https://www.facebook.com/poltekkesjakarta2/",
        "https://www.youtube.com/@poltekkesjakarta2",
        "https://www.tiktok.com/@poltekkesjakarta2",
    ]
    assert content(parse(tmp_path / "site/404.html")).find("h1").text() == "Halaman tidak ditemukan"


def test_humas_build_refuses_mains_hook_with_exit_2_and_runs_nothing(merged_repo: Repo) -> None:
    repo = merged_repo  # main holds one approved publication
    marker = repo.root.parent / "hook-ran"
    repo.write("mkdocs.yml", (repo.root / "mkdocs.yml").read_text() + "\nhooks:\n  - docs/hook.py\n")
    repo.write("docs/hook.py", HOOK.format(marker=str(marker)))
    through_the_sop(repo, "konfigurasi/hook", "hook")  # the full chain: what refuses it is the guard, not provenance
    line = (repo.root / "mkdocs.yml").read_text().splitlines().index("hooks:") + 1
    run = repo.humas("build", "--out", "site")
    assert (run.code, run.err) == (
        2,
        f"humas: mkdocs.yml:{line}: hooks: hooks mkdocs menjalankan kode Python saat build dan tidak diizinkan "
        "(yang boleh: tidak ada; plugin dan ekstensi Markdown yang diizinkan humas)\n",
    )
    assert not marker.exists() and not (repo.root / "site").exists()
