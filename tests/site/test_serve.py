"""``humas serve``: the built website on this computer, navigable as a web server serves it."""

from __future__ import annotations

import dataclasses
import datetime
import pathlib
import re
import subprocess

import httpx

from pipeline.content.life import Life, Withdrawal
from tests.helpers import HUMAS, base_env
from tests.site.support import build, publication


def test_the_built_site_is_served_with_its_404_page(tmp_path: pathlib.Path) -> None:
    build(tmp_path, [publication(tmp_path / "content", "2025/wisuda", title="Wisuda Angkatan 2025")])
    command = [HUMAS, "serve", "--dir", "site", "--port", "0"]
    with subprocess.Popen(
        command, cwd=tmp_path, env=base_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as server:
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            found = re.fullmatch(
                r"Menyajikan site/ di (http://127\.0\.0\.1:\d+/) \(tekan Ctrl\+C untuk berhenti\)\n", line
            )
            assert found, line
            with httpx.Client(base_url=found.group(1)) as client:
                home = client.get("/")
                assert home.status_code == 200 and "<title>Poltekkes Kemenkes Jakarta II</title>" in home.text
                news = client.get("/berita/")
                assert news.status_code == 200 and "Wisuda Angkatan 2025" in news.text
                missing = client.get("/tidak-ada/")
                assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.text
        finally:
            server.terminate()


def test_a_withdrawn_publication_is_served_410_with_its_notice_as_apache_would(tmp_path: pathlib.Path) -> None:
    """humas serve answers what the built .htaccess asks of Apache (pipeline/site/gone.py)."""
    withdrawal = Withdrawal(datetime.datetime(2026, 3, 14, 2, 30, tzinfo=datetime.UTC), "Data <b>salah</b>")
    content = tmp_path / "content"
    gone = publication(content, "2026/keliru.v2", title="Pengumuman Keliru")
    kept = publication(content, "2026/keliru", title="Pengumuman Benar")  # a neighbour whose id is a prefix
    build(tmp_path, [dataclasses.replace(gone, life=Life(withdrawal=withdrawal)), kept])
    with subprocess.Popen(
        [HUMAS, "serve", "--dir", "site", "--port", "0"],
        cwd=tmp_path,
        env=base_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", server.stdout.readline())
            assert found
            with httpx.Client(base_url=found.group(1)) as client:
                for address in ("/2026/keliru.v2/", "/2026/keliru.v2", "/2026/keliru.v2/index.html"):
                    answer = client.get(address)
                    assert answer.status_code == 410, address
                    assert "Publikasi ini ditarik pada 14 Maret 2026. Alasan: Data &lt;b&gt;salah&lt;/b&gt;" in (
                        answer.text
                    )
                assert client.get("/2026/keliru.v2/foto.jpg").status_code == 410
                assert client.get("/2026/keliruxv2/").status_code == 404  # the dot is not any character
                assert client.get("/2026/keliru/").status_code == 200
        finally:
            server.terminate()


def test_serving_a_site_not_built_is_a_usage_error(tmp_path: pathlib.Path) -> None:
    done = subprocess.run(
        [HUMAS, "serve", "--dir", "kosong"], cwd=tmp_path, env=base_env(), capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "Galat: kosong/index.html tidak ditemukan: bangun situs web terlebih dahulu (humas build --out kosong)"
    )
    english = {**base_env(), "HUMAS_LANGUAGE": "en"}
    done = subprocess.run(
        [HUMAS, "serve", "--dir", "kosong"], cwd=tmp_path, env=english, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "Error: kosong/index.html not found: build the website first (humas build --out kosong)"
    )
