"""A published publication corrected, then withdrawn, end to end with the real ``humas`` command only: merged
and posted by ``humas publish`` to the local platform servers; a correction signed by the chain and merged,
carried out by the next ``humas publish`` (edits where the platform can, outbox packages and
``humas ralat selesai`` where it cannot) and shown by ``humas build``; a withdrawal signed by pengendalian and
pengesahan and merged, carried out once (deletions counted at the servers); the Lembar lists both acts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pipeline.amend.platforms import FORCE_SSL
from tests.helpers import Repo, publikasi, rewrite_arsip
from tests.platforms.fleet import CHANNELS, FOLDER, environment, merged, platforms
from tests.platforms.server import FakeServer
from tests.ralat.test_flow import REREN, SPI, lembar, life, merge, sign

__all__ = ["merged", "platforms"]  # the module's fixtures

DRAFT = f"{FOLDER}/index.md"
NOTE = "Tempat wisuda diralat menjadi Depok."
FACEBOOK = "Wisuda Angkatan 2025 telah dilaksanakan di Depok."
TITLE = "Wisuda Angkatan 2025 di Depok"
DESCRIPTION = "Upacara wisuda Poltekkes Kemenkes Jakarta II di Depok."
CAPTION = "Selamat kepada 1.024 wisudawan di Depok! #Wisuda2025"
CORRECTED = (
    CHANNELS.replace("Selamat kepada 1.024 wisudawan! #Wisuda2025", CAPTION)
    .replace("Wisuda Angkatan 2025 telah dilaksanakan di Jakarta.", FACEBOOK)
    .replace("title: Wisuda Angkatan 2025", f"title: {TITLE}")
    .replace("Upacara wisuda Poltekkes Kemenkes Jakarta II.", DESCRIPTION)
)
REASON = "Acara dibatalkan"
SOCIAL = ("instagram", "tiktok", "facebook", "youtube", "threads")


def publish(repo: Repo, servers: dict[str, FakeServer]) -> list[str]:
    """``humas publish`` with the channels pointed at the local servers: its lines (stdout)."""
    for server in servers.values():
        server.seen.clear()
    done = repo.humas("publish", env=environment(servers))
    assert done.code == 0, done.out + done.err
    return done.out.splitlines()


def writes(servers: dict[str, FakeServer]) -> dict[str, list[str]]:
    """What each server was asked to change since the last ``publish``: method and path."""
    return {
        name: [f"{s.method} {s.path}" for s in server.seen if s.method != "GET"]
        for name, server in servers.items()
        if any(s.method != "GET" for s in server.seen)
    }


def post_ids(repo: Repo) -> dict[str, str]:
    paths = [p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if "/receipts/2025/wisuda/" in p]
    return {Path(p).stem: str(json.loads(repo.git("show", f"arsip:{p}"))["post_id"]) for p in paths}


def post_urls(repo: Repo) -> dict[str, str]:
    paths = [p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if "/receipts/2025/wisuda/" in p]
    return {Path(p).stem: str(json.loads(repo.git("show", f"arsip:{p}"))["url"]) for p in paths}


def act_receipt(repo: Repo, channel: str, act: str) -> dict[str, Any]:
    [path] = [
        p
        for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split()
        if p.endswith(f"/acts/2025/wisuda/{channel}.{act}.json")
    ]
    return dict(json.loads(repo.git("show", f"arsip:{path}")))


def act_details(repo: Repo, channel: str, act: str) -> dict[str, Any]:
    return dict(act_receipt(repo, channel, act)["details"])


def act_at(repo: Repo, channel: str, ralat: str) -> str:
    return str(act_receipt(repo, channel, f"{ralat}.edit")["at"])


BUILT: dict[str, str] = {}
"""The summary line of the last ``humas build`` (its count of publications)."""


def site(repo: Repo, out: Path) -> Path:
    built = repo.humas("build", "--out", str(out))
    assert built.code == 0, built.out + built.err
    BUILT["line"] = next(line for line in built.out.splitlines() if line.startswith("Situs web dengan "))
    return out


def built_count() -> tuple[int, str]:
    """The publications the last build counts, and what it says of the withdrawn ones."""
    found = re.fullmatch(
        r"Situs web dengan (\d+) publikasi( \(\d+ ditarik\))? dibuat di .+ dalam [\d.]+ detik", BUILT["line"]
    )
    assert found, BUILT["line"]
    return int(found[1]), (found[2] or "").strip()


def already(ids: dict[str, str]) -> list[str]:
    """``humas publish``'s first lines once every channel has its post."""
    return [f"sudah-diunggah    2025/wisuda → {channel}: {ids[channel]}" for channel in SOCIAL]


def corrected(repo: Repo, servers: dict[str, FakeServer], ids: dict[str, str], urls: dict[str, str]) -> str:
    """The correction merged and carried out; its act id."""
    # a correction: the captions and the YouTube title and description, with its note, signed by the chain
    repo.branch("ralat/wisuda")
    repo.write(DRAFT, publikasi(channels=CORRECTED, extra=f"ralat: {NOTE}\n"))
    repo.commit("Ralat wisuda: tempat")
    repo.sign_all("ralat/wisuda")
    merge(repo, "ralat/wisuda")
    [correction] = life(repo).corrections
    assert correction.note == NOTE
    ralat = correction.record
    lines = publish(repo, servers)
    package = f"outbox/{{channel}}/2025-wisuda.{ralat}"
    waiting = [
        f"2025/wisuda → {{channel}}: menunggu dikerjakan petugas: {package}",
        f"  yang perlu dilakukan: humas ralat selesai 2025/wisuda {{channel}} {ralat}",
    ]
    same = "tidak berubah oleh ralat ini (teksnya sama); tidak ada yang dilakukan"
    assert lines == already(ids) + [
        *(line.format(channel="instagram") for line in waiting),
        f"2025/wisuda → facebook: unggahan {urls['facebook']} diralat",
        f"2025/wisuda → tiktok: unggahan {post_urls(repo)['tiktok']} {same}",  # its caption did not change
        f"2025/wisuda → youtube: unggahan {urls['youtube']} diralat",
        f"2025/wisuda → threads: unggahan {urls['threads']} {same}",
    ]
    assert writes(servers) == {
        "facebook": [f"POST /v25.0/{ids['facebook']}"],
        "youtube": ["POST /token", "PUT /youtube/v3/videos"],
    }
    assert [p.message for p in servers["facebook"].feed if p.id == ids["facebook"]] == [FACEBOOK]  # type: ignore[attr-defined]
    snippet = servers["youtube"].videos[ids["youtube"]]["snippet"]  # type: ignore[attr-defined]
    assert (snippet["title"], snippet["description"]) == (TITLE, DESCRIPTION)
    instagram = repo.root / package.format(channel="instagram")
    assert (instagram / "teks.txt").read_text(encoding="utf-8") == f"{CAPTION}\n"
    assert (
        (instagram / "README.txt")
        .read_text(encoding="utf-8")
        .startswith(f"instagram: ralat unggahan ini secara manual: {urls['instagram']}\n")
    )
    for channel in ("tiktok", "threads"):  # no package, nothing for a person; the act's receipt says why
        assert not (repo.root / package.format(channel=channel)).exists()
        assert act_details(repo, channel, f"{ralat}.edit")["how"] == "unchanged"
        done = repo.humas("ralat", "selesai", "2025/wisuda", channel)
        assert (done.code, done.err) == (
            1,
            f"humas: 2025/wisuda → {channel}: ralat {ralat} sudah tercatat ({act_at(repo, channel, ralat)})\n",
        )
    done = repo.humas("ralat", "selesai", "2025/wisuda", "instagram")
    assert done.code == 0, done.err
    assert done.out == f"tercatat: 2025/wisuda → instagram: ralat {ralat} dilakukan secara manual\n"
    # a second publish sends nothing: every act is done
    lines = publish(repo, servers)
    assert lines[:5] == already(ids)
    assert [re.sub(r"\(\w+, [^)]+\)", "(…)", line) for line in lines[5:]] == [
        f"2025/wisuda → {channel}: ralat {ralat} sudah dilakukan (…)"
        for channel in ("instagram", "facebook", "tiktok", "youtube", "threads")
    ]
    assert writes(servers) == {}
    return ralat


def corrected_site(repo: Repo, out: Path) -> None:
    # the page shows the corrected publication with its dated note and dateModified
    built = site(repo, out)
    BUILT["corrected"] = str(built_count()[0])
    html = (built / "2025/wisuda/index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<aside class="humas-ralat" role="note" aria-label="Ralat"><p class="humas-ralat__catatan">Ralat, '
        rf"\d+ \w+ \d{{4}} pukul \d\d\.\d\d WIB: {re.escape(NOTE)}</p></aside>",
        html,
    ), html
    at = life(repo).corrections[0].at.astimezone(ZoneInfo("Asia/Jakarta")).isoformat(timespec="seconds")
    assert f'"dateModified":"{at}"' in html  # the merge of the correction
    assert f'<meta property="article:modified_time" content="{at}">' in html
    assert '"datePublished":"2025-02-10T00:00:00+07:00"' in html
    for listing in ("index.html", "berita/index.html", "feed.xml", "atom.xml", "feed.json", "sitemap.xml"):
        assert "2025/wisuda" in (built / listing).read_text(encoding="utf-8"), listing
    searched = "".join(p.read_text(encoding="utf-8") for p in (built / "cari").rglob("*") if p.is_file())
    assert "Wisuda Angkatan 2025" in searched


def withdrawn(repo: Repo, servers: dict[str, FakeServer], ids: dict[str, str], urls: dict[str, str]) -> None:
    # a withdrawal: only ditarik added, signed by pengendalian and pengesahan
    repo.branch("tarik/wisuda")
    repo.write(DRAFT, publikasi(channels=CORRECTED, extra=f"ralat: {NOTE}\nditarik: {{alasan: {REASON}}}\n"))
    repo.commit("Tarik wisuda")
    sign(repo, "tarik/wisuda", ("spi", "pengendali"), ("reni", "pengarah"))
    merge(repo, "tarik/wisuda")
    withdrawal = life(repo).withdrawal
    assert withdrawal is not None
    tarik = withdrawal.record
    lines = publish(repo, servers)
    assert lines == [  # the withdrawn publication's posts: only their deletion, never "sudah-diunggah"
        f"2025/wisuda → instagram: unggahan {urls['instagram']} dihapus",
        f"2025/wisuda → facebook: unggahan {urls['facebook']} dihapus",
        f"2025/wisuda → tiktok: menunggu dikerjakan petugas: outbox/tiktok/2025-wisuda.{tarik}",
        f"  yang perlu dilakukan: humas ralat selesai 2025/wisuda tiktok {tarik}",
        f"2025/wisuda → youtube: unggahan {urls['youtube']} dihapus",
        f"2025/wisuda → threads: unggahan {urls['threads']} dihapus",
    ]
    assert writes(servers) == {
        "instagram": [f"DELETE /v25.0/{ids['instagram']}"],
        "facebook": [f"DELETE /v25.0/{ids['facebook']}"],
        "youtube": ["POST /token", "DELETE /youtube/v3/videos"],
        "threads": [f"DELETE /v1.0/{ids['threads']}"],
    }
    assert ids["facebook"] not in {p.id for p in servers["facebook"].feed}  # type: ignore[attr-defined]
    assert ids["youtube"] not in servers["youtube"].videos  # type: ignore[attr-defined]
    assert ids["instagram"] not in servers["instagram"].media  # type: ignore[attr-defined]
    # a re-run deletes nothing again; TikTok waits for its person until recorded
    lines = publish(repo, servers)
    assert [re.sub(r"\(\w+, [^)]+\)", "(…)", line) for line in lines] == [
        f"2025/wisuda → instagram: penarikan {tarik} sudah dilakukan (…)",
        f"2025/wisuda → facebook: penarikan {tarik} sudah dilakukan (…)",
        f"2025/wisuda → tiktok: menunggu dikerjakan petugas: outbox/tiktok/2025-wisuda.{tarik}",
        f"  yang perlu dilakukan: humas ralat selesai 2025/wisuda tiktok {tarik}",
        f"2025/wisuda → youtube: penarikan {tarik} sudah dilakukan (…)",
        f"2025/wisuda → threads: penarikan {tarik} sudah dilakukan (…)",
    ]
    assert writes(servers) == {}
    done = repo.humas("ralat", "selesai", "2025/wisuda", "tiktok")
    assert done.code == 0, done.out + done.err
    assert done.out == f"tercatat: 2025/wisuda → tiktok: penarikan {tarik} dilakukan secara manual\n"


def withdrawn_site(repo: Repo, out: Path) -> None:
    # the site: the page is the notice, gone from the listings, feeds, sitemaps and search
    built = site(repo, out)
    assert built_count() == (int(BUILT["corrected"]) - 1, "(1 ditarik)")  # counted apart, not among those built
    page = (built / "2025/wisuda/index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<article class="humas-publikasi humas-penarikan"><h1>Wisuda Angkatan 2025</h1>'
        r'<p class="humas-penarikan__pemberitahuan" role="note">Publikasi ini ditarik pada \d+ \w+ \d{4}\. '
        rf"Alasan: {REASON}</p></article>",
        page,
    ), page
    assert NOTE not in page and "Isi berita" not in page and '<meta name="robots" content="noindex">' in page
    assert sorted(p.name for p in (built / "2025/wisuda").iterdir()) == ["index.html"]  # no photo, no video
    for listing in ("index.html", "berita/index.html", "feed.xml", "atom.xml", "feed.json", "sitemap.xml"):
        text = (built / listing).read_text(encoding="utf-8")
        assert "2025/wisuda" not in text and "Wisuda Angkatan 2025" not in text, listing
    searched = "".join(p.read_text(encoding="utf-8") for p in (built / "cari").rglob("*") if p.is_file())
    assert "wisuda" not in searched.lower()
    assert "RewriteRule ^2025/wisuda(?:/|$) - [G]" in (built / ".htaccess").read_text(encoding="utf-8")


def test_published_corrected_then_withdrawn(merged: Path, platforms: dict[str, FakeServer], tmp_path: Path) -> None:
    repo = Repo(merged)
    youtube = platforms["youtube"]
    youtube.scopes = set(youtube.scopes) | {FORCE_SSL}  # type: ignore[attr-defined]  # the token may edit videos

    # merged, then posted once to every platform
    lines = publish(repo, platforms)
    ids = post_ids(repo)
    assert lines == [f"diterbitkan       2025/wisuda → {channel}: {ids[channel]}" for channel in SOCIAL]
    urls = {
        "instagram": f"https://www.instagram.com/p/{ids['instagram']}/",
        "facebook": f"https://www.facebook.com/{ids['facebook']}",
        "youtube": f"https://www.youtube.com/watch?v={ids['youtube']}",
        "threads": f"https://www.threads.net/@poltekkesjkt2/post/{ids['threads']}",
    }

    corrected(repo, platforms, ids, urls)
    corrected_site(repo, tmp_path / "site-ralat")
    withdrawn(repo, platforms, ids, urls)
    withdrawn_site(repo, tmp_path / "site-tarik")

    # the Lembar of the publication lists both acts with their signers, and what each did to each post: the
    # correction left the TikTok and Threads texts as they were ("tidak berubah")
    sheet = lembar(repo, "publikasi/wisuda", tmp_path / "lembar.pdf", pages=2)
    ralat_posts = (
        "Instagram: diralat; TikTok: tidak berubah; Facebook: diralat; YouTube: diralat; Threads: tidak berubah"
    )
    assert (
        "Setelah publikasi: ralat dan penarikan Tindakan Catatan Penanda tangan Waktu "
        f"Ralat “{NOTE}” {ralat_posts} Kasubbag Akademik (Verifikator (Kasubbag), <waktu>); {SPI}; "
        f"Wakil Direktur I (Penanggung Jawab (Wakil Direktur), <waktu>); {REREN} <waktu> "
        f"Penarikan “{REASON}” Instagram: dihapus; TikTok: dihapus; Facebook: dihapus; YouTube: dihapus; "
        f"Threads: dihapus {SPI}; {REREN} <waktu>"
    ) in sheet

    # an act receipt rewritten on arsip proves nothing: the Lembar leaves it out rather than show it
    [path] = [
        p
        for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split()
        if p.endswith(".delete.json") and "/acts/2025/wisuda/facebook." in p
    ]
    forged = json.loads(repo.git("show", f"arsip:{path}"))
    forged["details"]["how"] = "gone"
    rewrite_arsip(repo, path, json.dumps(forged))
    sheet = lembar(repo, "publikasi/wisuda", tmp_path / "lembar-palsu.pdf", pages=2)
    assert (
        f"Penarikan “{REASON}” Instagram: dihapus; TikTok: dihapus; YouTube: dihapus; Threads: dihapus {SPI}" in sheet
    )
