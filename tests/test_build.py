"""``humas build``: only content whose bytes carry a verified chain reaches the website."""

from __future__ import annotations

from tests.helpers import Repo, publikasi, through_the_sop
from tests.test_publish import merged_publication


def test_the_website_holds_approved_content_only_and_says_what_it_left_out(repo: Repo) -> None:
    merged_publication(repo, "wisuda", "Wisuda Angkatan 2025")
    merged_publication(repo, "diubah", "Versi Disahkan")
    repo.write("content/publikasi/2025/diubah/index.md", publikasi(title="Versi Diubah Diam-diam"))
    repo.write("content/publikasi/2025/langsung/index.md", publikasi(title="Langsung ke Main"))
    repo.commit("straight to main", who="humas1")
    run = repo.humas("build", "--out", "site")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].startswith("dikecualikan: 2025/diubah: diubah setelah disahkan (disahkan dalam records/")
    assert lines[1] == "dikecualikan: 2025/langsung: tidak ada catatan pengesahan (di-commit ke main tanpa rantai SOP)"
    assert lines[2].startswith("Situs web dengan 1 publikasi dibuat di site/ dalam ")
    site = repo.root / "site"
    assert (site / "2025/wisuda/index.html").is_file()
    assert not (site / "2025/diubah").exists() and not (site / "2025/langsung").exists()
    html = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Wisuda Angkatan 2025" in html
    assert "Diam-diam" not in html and "Langsung ke Main" not in html and "Versi Disahkan" not in html


def test_the_work_tree_is_never_what_gets_built(repo: Repo) -> None:
    merged_publication(repo, "wisuda", "Wisuda Angkatan 2025")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(title="Belum Di-commit"))
    run = repo.humas("build", "--out", "site")
    assert run.code == 0, run.err
    html = (repo.root / "site/2025/wisuda/index.html").read_text(encoding="utf-8")
    assert "Wisuda Angkatan 2025" in html and "Belum Di-commit" not in html


def test_the_sites_own_css_from_main_is_published(repo: Repo) -> None:
    merged_publication(repo, "wisuda", "Wisuda Angkatan 2025")
    mkdocs = (repo.root / "mkdocs.yml").read_text() + "\nextra_css:\n  - css/kustom.css\n"
    repo.write("mkdocs.yml", mkdocs)
    repo.write("docs/css/kustom.css", ".md-header { background: #0c4a8c; }\n")
    through_the_sop(repo, "konfigurasi/warna", "the institution's colours")
    run = repo.humas("build", "--out", "site")
    assert run.code == 0, run.err
    assert "warning:" not in run.out
    assert (repo.root / "site/css/kustom.css").read_text() == ".md-header { background: #0c4a8c; }\n"
    assert 'href="../../css/kustom.css"' in (repo.root / "site/2025/wisuda/index.html").read_text()


def test_a_rebuild_resizes_nothing_it_resized_before(repo: Repo, tmp_path) -> None:  # noqa: ANN001
    """``humas build`` keeps the smaller copies of the pictures in HUMAS_CACHE_DIR, by content hash."""
    merged_publication(repo)  # a 1080 px photo
    cache = tmp_path / "cache"
    assert repo.humas("build", "--out", "site", env={"HUMAS_CACHE_DIR": str(cache)}).code == 0
    copies = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert sorted(p.name.rsplit("-", 1)[-1] for p in copies if p.suffix == ".jpg") == ["480.jpg", "960.jpg"]
    assert repo.humas("build", "--out", "site2", env={"HUMAS_CACHE_DIR": str(cache)}).code == 0
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()} == copies
    assert sorted(p.name for p in (repo.root / "site2/2025/wisuda/_ukuran").iterdir()) == sorted(
        p.name for p in (repo.root / "site/2025/wisuda/_ukuran").iterdir()
    )
