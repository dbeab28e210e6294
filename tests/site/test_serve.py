"""``humas serve``: the built website on this computer, navigable as a web server serves it."""

from __future__ import annotations

import pathlib
import re
import subprocess

import httpx

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


def test_serving_a_site_not_built_is_a_usage_error(tmp_path: pathlib.Path) -> None:
    done = subprocess.run(
        [HUMAS, "serve", "--dir", "kosong"], cwd=tmp_path, env=base_env(), capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "Kesalahan: kosong/index.html tidak ditemukan: bangun situs web terlebih dahulu (humas build --out kosong)"
    )
    english = {**base_env(), "HUMAS_LANGUAGE": "en"}
    done = subprocess.run(
        [HUMAS, "serve", "--dir", "kosong"], cwd=tmp_path, env=english, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "Error: kosong/index.html not found: build the website first (humas build --out kosong)"
    )
