"""admin/ of the built site: the pinned bundle (checked by sha256), index.html and the generated config.yml."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.channels.facebook import FacebookLimits as Facebook
from pipeline.channels.instagram import InstagramLimits as Instagram
from pipeline.channels.tiktok import TikTokLimits as TikTok
from pipeline.channels.youtube import YouTubeLimits as YouTube
from pipeline.editor import vendor
from pipeline.editor.admin import github_backend, github_backend_from_env, write_admin
from pipeline.editor.config import editor_config
from pipeline.git import GitRepo
from pipeline.problems import ConfigError
from pipeline.sop.config import Sop
from pipeline.trusted import TrustedMain
from tests.helpers import Repo


@pytest.fixture
def sop(repo: Repo) -> Sop:
    return TrustedMain(GitRepo(repo.root)).sop()


def test_the_vendored_bundle_is_decap_cms_3_16_3_file_by_file() -> None:
    manifest = json.loads(vendor.MANIFEST.read_text())
    assert (manifest["package"], manifest["version"]) == ("decap-cms", "3.16.3")
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in vendor.BUNDLE_DIR.iterdir()}
    assert on_disk == manifest["files"]
    assert {"decap-cms.js", "LICENSE", "decap-cms.js.LICENSE.txt"} <= set(on_disk)
    assert [p.name for p in vendor.vendored_files()] == sorted(manifest["files"])
    assert sum(p.stat().st_size for p in vendor.BUNDLE_DIR.iterdir()) < 7 * 1024 * 1024


def test_a_changed_or_unexpected_file_in_the_bundle_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original, copy = vendor.BUNDLE_DIR, tmp_path / "decap-cms"
    shutil.copytree(original, copy)
    monkeypatch.setattr(vendor, "BUNDLE_DIR", copy)
    (copy / "103.decap-cms.js").write_text("alert(1)")
    with pytest.raises(
        ConfigError,
        match=r"^paket editor decap-cms@3\.16\.3: 103\.decap-cms\.js tidak cocok dengan sha256-nya "
        r"di vendor/decap-cms\.json$",
    ):
        vendor.vendored_files()
    shutil.copy(original / "103.decap-cms.js", copy / "103.decap-cms.js")
    (copy / "extra.js").write_text("")
    with pytest.raises(
        ConfigError, match=r"ada berkas tak terduga extra\.js \(tidak tercantum di vendor/decap-cms\.json\)$"
    ):
        vendor.vendored_files()


def test_write_admin_for_github_pages(tmp_path: Path, sop: Sop) -> None:
    backend = github_backend_from_env(
        {"GITHUB_REPOSITORY": "poltekkesjkt2/humas", "HUMAS_EDITOR_OAUTH_URL": "https://oauth.poltekkesjkt2.ac.id/"}
    )
    assert backend == github_backend("poltekkesjkt2/humas", oauth_base_url="https://oauth.poltekkesjkt2.ac.id")
    admin = write_admin(tmp_path, sop, backend)

    assert admin == tmp_path / "admin"
    assert sorted(p.name for p in admin.iterdir()) == [
        "config.yml",
        "decap-cms",
        "humas-editor.css",
        "humas-editor.js",
        "humas-init.js",
        "humas-locale.js",
        "index.html",
    ]
    config = yaml.safe_load((admin / "config.yml").read_text())
    assert config["backend"] == {
        "name": "github",
        "repo": "poltekkesjkt2/humas",
        "branch": "main",
        "squash_merges": False,
        "cms_label_prefix": "humas/",
        "base_url": "https://oauth.poltekkesjkt2.ac.id",
        "auth_endpoint": "auth",
        "commit_messages": {
            "create": "Buat {{collection}} “{{slug}}”",
            "update": "Perbarui {{collection}} “{{slug}}”",
            "delete": "Hapus {{collection}} “{{slug}}”",
            "uploadMedia": "Unggah “{{path}}”",
            "deleteMedia": "Hapus “{{path}}”",
        },
    }
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "id"
    page = html.unescape((admin / "index.html").read_text())
    assert re.findall(r'<script src="([^"]+)"', page) == [
        "humas-init.js",
        "decap-cms/decap-cms.js?v=3.16.3",
        "humas-locale.js",
        "humas-editor.js",
    ]
    texts = json.loads(re.findall(r'<script type="application/json" id="humas-texts">(.*?)</script>', page)[0])
    assert (texts["backend"], texts["whoTitle"], texts["writingAs"]) == (
        "github",
        "Siapa yang menulis?",
        "Menulis sebagai {name}",
    )
    assert "connect-src 'self' blob: data: https://api.github.com https://oauth.poltekkesjkt2.ac.id;" in page
    assert "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval';" in page
    assert github_backend_from_env({}) is None


def _field(fields: list[dict], *path: str) -> dict:
    for name in path:
        found = next(f for f in fields if f["name"] == name)
        fields = found.get("fields", [])
    return found


def _editor_gaps(model: type, fields: list[dict], where: str, *, optional_group: bool = False) -> list[str]:
    """The values the check requires (a required field of the model, or image_alt, required with image) that
    the editor has no field for, or leaves optional. Inside a channel's group every field is optional in the
    editor (Decap would otherwise demand them of a channel nobody uses): there only the field must exist."""
    from pydantic import BaseModel

    gaps = []
    for name, info in model.model_fields.items():
        field = next((f for f in fields if f["name"] == name), None)
        if field is None:
            if info.is_required() or name == "image_alt":
                gaps.append(f"{where}{name}: no editor field")
            continue
        if info.is_required() and not optional_group and field.get("required", True) is False:
            gaps.append(f"{where}{name}: required by the check, optional in the editor")
        args = (info.annotation, *getattr(info.annotation, "__args__", ()))
        nested = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is not None and "fields" in field:
            group = optional_group or name == "channels"
            gaps += _editor_gaps(nested, field["fields"], f"{where}{name}.", optional_group=group)
        elif "fields" in field:
            item = getattr(info.annotation, "__args__", (None,))[0]
            if isinstance(item, type) and issubclass(item, BaseModel):
                gaps += _editor_gaps(item, field["fields"], f"{where}{name}[].", optional_group=optional_group)
    return gaps


def test_the_editor_has_a_field_for_every_value_the_check_requires(sop: Sop) -> None:
    """What the check requires, the editor asks for: a draft made in the editor can pass humas check."""
    from pipeline.content.model import MODELS

    config = editor_config(sop, {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"})
    gaps = []
    names = [collection["name"] for collection in config["collections"]]
    assert names == ["publikasi", "pengumuman", "agenda", "halaman", "arahan", "rencana"]
    for collection in config["collections"]:
        gaps += _editor_gaps(MODELS[collection["name"]], collection["fields"], f"{collection['name']}.")
    assert gaps == []
    agenda = config["collections"][2]["fields"]
    without_place = [
        {**f, "fields": [g for g in f["fields"] if g["name"] != "tempat"]} if f["name"] == "acara" else f
        for f in agenda
    ]
    assert _editor_gaps(MODELS["agenda"], without_place, "agenda.") == ["agenda.acara.tempat: no editor field"]
    publikasi = config["collections"][0]["fields"]
    without = [f for f in publikasi if f["name"] != "image_alt"]  # today's editor: the check finds the gap
    assert _editor_gaps(MODELS["publikasi"], without, "publikasi.") == ["publikasi.image_alt: no editor field"]
    # The cover's alternative text: Decap cannot make a field required only when another is set, so the
    # field says when it is needed, and the check's message names the field.
    alt = _field(publikasi, "image_alt")
    assert (alt["label"], alt["widget"], alt["required"]) == (
        "Deskripsi gambar sampul (wajib bila ada gambar sampul)",
        "string",
        False,
    )
    assert alt["hint"] == (
        "Satu kalimat tentang isi gambar sampul, bagi pembaca yang tidak dapat melihatnya (mis. Wisudawan berfoto "
        "bersama Direktur). Gambar sampul tanpa deskripsi ditolak oleh humas check."
    )
    assert re.fullmatch(alt["pattern"][0], "a" * 300) and not re.fullmatch(alt["pattern"][0], "a" * 301)


def test_the_configuration_carries_the_models_fields_and_the_platforms_limits(sop: Sop) -> None:
    config = editor_config(sop, {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"})
    publikasi, pengumuman, agenda, halaman, arahan, rencana = config["collections"]
    assert [(c["name"], c["folder"], c["path"]) for c in (pengumuman, agenda, halaman)] == [
        ("pengumuman", "content/pengumuman", "{{year}}/{{slug}}/index"),
        ("agenda", "content/agenda", "{{year}}/{{slug}}/index"),
        ("halaman", "content/halaman", "{{slug}}/index"),
    ]
    assert _field(pengumuman["fields"], "berlaku_sampai")["format"] == "YYYY-MM-DD"
    assert [f["name"] for f in _field(agenda["fields"], "acara")["fields"]] == ["mulai", "selesai", "tempat"]
    assert _field(agenda["fields"], "acara", "mulai")["format"] == "YYYY-MM-DDTHH:mm:ssZ"
    assert [f["name"] for f in halaman["fields"]] == [
        "title",
        "date",
        "summary",
        "urutan",
        "image",
        "image_alt",
        "channels",
        "body",
    ]
    assert [f["name"] for f in _field(halaman["fields"], "channels")["fields"]] == ["website"]
    assert (publikasi["name"], publikasi["folder"], publikasi["path"]) == (
        "publikasi",
        "content/publikasi",
        "{{year}}/{{slug}}/index",
    )
    assert (publikasi["media_folder"], publikasi["public_folder"]) == ("", "")
    fields = publikasi["fields"]
    assert [f["name"] for f in fields] == [
        "title",
        "date",
        "bidang",
        "summary",
        "image",
        "image_alt",
        "tags",
        "rencana",
        "publish_at",
        "channels",
        "body",
    ]
    assert _field(fields, "bidang")["options"] == ["akademik", "umum", "kemahasiswaan"]
    assert _field(fields, "publish_at")["format"] == "YYYY-MM-DDTHH:mm:ssZ"
    assert [f["name"] for f in _field(fields, "channels")["fields"]] == [
        "website",
        "instagram",
        "tiktok",
        "facebook",
        "youtube",
        "threads",
    ]
    ig_caption = _field(fields, "channels", "instagram", "caption")["pattern"][0]
    assert re.fullmatch(ig_caption, "a" * Instagram.caption_max)
    assert not re.fullmatch(ig_caption, "a" * (Instagram.caption_max + 1))
    assert not re.fullmatch(ig_caption, "#a " * (Instagram.hashtags_max + 1))
    assert re.fullmatch(ig_caption, "#a " * Instagram.hashtags_max + "@b " * Instagram.mentions_max)
    assert not re.fullmatch(ig_caption, "@b " * (Instagram.mentions_max + 1))
    assert _field(fields, "channels", "instagram", "media")["max"] == Instagram.media_max
    assert _field(fields, "channels", "facebook", "media")["max"] == Facebook.photos_max
    assert _field(fields, "channels", "tiktok", "photos")["max"] == TikTok.photos_max
    yt_title = _field(fields, "channels", "youtube", "title")["pattern"]
    assert yt_title == [f"^[^<>]{{0,{YouTube.title_max}}}$", "paling banyak 100 karakter, tanpa < atau >"]
    assert (arahan["folder"], rencana["folder"]) == ("content/arahan", "content/rencana")
    assert _field(rencana["fields"], "items", "bidang")["options"] == ["akademik", "umum", "kemahasiswaan"]
    english = editor_config(sop.model_copy(update={"language": "en"}), {"name": "proxy"})
    assert english["collections"][0]["fields"][0]["label"] == "Title"
    assert english["locale"] == "en"
    assert english["backend"]["commit_messages"] == {  # Decap's own defaults, word for word
        "create": "Create {{collection}} “{{slug}}”",
        "update": "Update {{collection}} “{{slug}}”",
        "delete": "Delete {{collection}} “{{slug}}”",
        "uploadMedia": "Upload “{{path}}”",
        "deleteMedia": "Delete “{{path}}”",
    }
