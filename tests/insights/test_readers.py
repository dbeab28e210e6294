"""Each platform's reader against its local server, which follows the platform's documented contract
(tests/platforms/*): the metrics named today (never a deprecated one), figures absent rather than 0, the
permission a refusal names exactly, 429 with Retry-After, 5xx, a timeout, and an answer about another
post that is never taken for the one asked about."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pipeline.archive.models import ReceiptEntry, parse_receipt
from pipeline.channels.base import PermanentError, RetryableError
from pipeline.channels.facebook import FacebookChannel
from pipeline.channels.instagram import InstagramChannel
from pipeline.channels.threads import ThreadsChannel
from pipeline.channels.tiktok import TikTokChannel
from pipeline.channels.youtube import YouTubeChannel
from pipeline.insights.base import Figures, MissingPermission
from pipeline.insights.facebook import FacebookReader
from pipeline.insights.instagram import InstagramReader
from pipeline.insights.threads import ThreadsReader
from pipeline.insights.tiktok import TikTokReader
from pipeline.insights.youtube import YouTubeReader
from pipeline.messages import speaking
from tests.channels.support import TOKENS, Sleeps
from tests.platforms.facebook import FacebookServer, PagePost, Video
from tests.platforms.instagram import InstagramServer, Media
from tests.platforms.threads import Thread, ThreadsServer
from tests.platforms.tiktok import TikTokServer, Upload
from tests.platforms.youtube import YouTubeServer

THREADS_TOKEN = "THAA-threads-secret-token-0007"
RECEIPT = parse_receipt({"state": "done"}, "2025/wisuda", "x")


def receipt(**fields: Any) -> ReceiptEntry:
    return parse_receipt({"state": "done", **fields}, "2025/wisuda", "x")


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def ig() -> Iterator[InstagramServer]:
    with InstagramServer(TOKENS["instagram"]) as server:
        server.media["1801"] = Media("1801", "Wisuda", "c1", "IMAGE")
        server.media["1802"] = Media("1802", "Dies natalis", "c2", "REELS")
        yield server


def instagram(server: InstagramServer, sleeps: Sleeps) -> InstagramReader:
    return InstagramReader(
        InstagramChannel(TOKENS["instagram"], server.user_id, base_url=f"{server.url}/v25.0", sleep=sleeps)
    )


def test_instagram_reads_views_and_reach_and_never_asks_a_deprecated_metric(
    ig: InstagramServer, sleeps: Sleeps
) -> None:
    ig.insights.values = {"1801": {"views": 1234, "reach": 987, "likes": 55, "comments": 4, "saved": 3}}
    found = instagram(ig, sleeps).read({"1801": RECEIPT, "1802": RECEIPT})
    assert found["1801"] == Figures(
        views=1234,
        reach=987,
        likes=55,
        comments=4,
        metrics={"views": 1234, "reach": 987, "likes": 55, "comments": 4, "saved": 3},
    )
    # an empty data set, not 0 (Instagram Media Insights, Limitations)
    assert found["1802"] == Figures(note="platform belum memiliki angka untuk unggahan ini")
    assert {metric for _id, metrics in ig.insights.asked for metric in metrics}.isdisjoint(
        {"impressions", "plays", "video_views", "clips_replays_count", "ig_reels_aggregated_all_plays_count"}
    )
    assert [(s.method, s.path) for s in ig.requests()] == [
        ("GET", "/v25.0/1801/insights"),
        ("GET", "/v25.0/1802/insights"),
    ]


def test_too_few_viewers_is_no_refusal(ig: InstagramServer, sleeps: Sleeps) -> None:
    ig.insights.too_few = {"1801"}
    found = instagram(ig, sleeps).read({"1801": RECEIPT})
    assert found == {"1801": Figures(note="penonton belum cukup banyak bagi platform untuk menampilkan angka")}


def test_a_missing_instagram_permission_is_named_exactly(ig: InstagramServer, sleeps: Sleeps) -> None:
    ig.insights.granted = False
    with pytest.raises(MissingPermission) as refused:
        instagram(ig, sleeps).read({"1801": RECEIPT})
    assert refused.value.permission == "instagram_manage_insights"
    assert refused.value.message == (
        "instagram: membaca jangkauan unggahan memerlukan izin instagram_manage_insights, yang tidak dimiliki token"
    )
    assert refused.value.action == (
        "Berikan izin instagram_manage_insights kepada aplikasi, lalu buat token baru dan setel sebagai "
        "HUMAS_INSTAGRAM_TOKEN (docs/channels/instagram.md)."
    )
    assert TOKENS["instagram"] not in refused.value.message + refused.value.platform_message


def test_instagram_login_needs_the_business_permission(ig: InstagramServer, sleeps: Sleeps) -> None:
    channel = InstagramChannel(TOKENS["instagram"], ig.user_id, base_url="https://graph.instagram.com/v25.0")
    assert InstagramReader(channel).permission == "instagram_business_manage_insights"
    assert instagram(ig, sleeps).permission == "instagram_manage_insights"


def test_429_with_retry_after_then_5xx_are_waited_out(ig: InstagramServer, sleeps: Sleeps) -> None:
    ig.insights.values = {"1801": {"views": 10, "reach": 8}}
    ig.fail("GET", r"/insights$", 429, {"error": {"message": "busy", "code": 4}}, {"Retry-After": "7"})
    ig.fail("GET", r"/insights$", 503, "unavailable")
    found = instagram(ig, sleeps).read({"1801": RECEIPT})
    assert (found["1801"].views, found["1801"].reach) == (10, 8)
    assert sleeps == [7.0, 2.0]  # the platform's Retry-After, then the client's backoff


def test_a_platform_that_keeps_failing_is_a_retryable_error(ig: InstagramServer, sleeps: Sleeps) -> None:
    ig.fail("GET", r"/insights$", 500, "down", times=4)
    with pytest.raises(RetryableError):
        instagram(ig, sleeps).read({"1801": RECEIPT})


def test_a_timeout_is_retried(ig: InstagramServer, sleeps: Sleeps) -> None:
    ig.insights.values = {"1801": {"views": 3}}
    reader = instagram(ig, sleeps)
    reader.api.session.client.timeout = httpx.Timeout(0.3)
    ig.hold("GET", r"/insights$")  # answered only once the reader has given up on it
    assert reader.read({"1801": RECEIPT})["1801"].views == 3
    assert len(ig.requests("GET", r"/insights$")) == 2


def test_a_metric_the_media_type_lacks_is_left_out_and_a_deleted_post_stops_no_other(
    ig: InstagramServer, sleeps: Sleeps
) -> None:
    ig.insights.values = {"1801": {"views": 7, "reach": 6}, "1802": {"views": 70, "reach": 60, "saved": 1}}
    ig.insights.unsupported = {"1802": {"saved"}}
    reader = instagram(ig, sleeps)
    found = reader.read({"1899": RECEIPT, "1801": RECEIPT, "1802": RECEIPT})
    assert (found["1802"].views, found["1802"].reach) == (70, 60)
    assert ig.insights.asked[-1] == ("1802", ("views", "reach"))
    assert set(found) == {"1801", "1802"} and list(reader.refused) == ["1899"]
    assert "1899" in reader.refused["1899"].message and reader.refused["1899"].message.startswith("instagram: ")


def test_a_refused_token_stops_the_platform_not_one_post(ig: InstagramServer, sleeps: Sleeps) -> None:
    reader = InstagramReader(InstagramChannel("another-token", ig.user_id, base_url=f"{ig.url}/v25.0", sleep=sleeps))
    with pytest.raises(PermanentError) as refused:
        reader.read({"1801": RECEIPT, "1802": RECEIPT})
    assert "token" in refused.value.message and len(ig.requests("GET", r"/insights$")) == 1


def test_a_connection_dropped_without_an_answer_is_asked_again(ig: InstagramServer, sleeps: Sleeps) -> None:
    ig.insights.values = {"1801": {"views": 5}}
    ig.drop("GET", r"/insights$")
    assert instagram(ig, sleeps).read({"1801": RECEIPT})["1801"].views == 5  # reading is idempotent
    assert len(ig.requests("GET", r"/insights$")) == 2


def test_a_figure_named_for_another_post_is_never_taken(ig: InstagramServer, sleeps: Sleeps) -> None:
    other = {"name": "views", "period": "lifetime", "values": [{"value": 999}], "id": "1802/insights/views/lifetime"}
    ig.fail("GET", r"/1801/insights$", 200, {"data": [other]})
    found = instagram(ig, sleeps).read({"1801": RECEIPT})
    assert found["1801"].views is None and found["1801"].metrics == {}


@pytest.fixture
def fb() -> Iterator[FacebookServer]:
    with FacebookServer(TOKENS["facebook"]) as server:
        server.feed.append(PagePost(f"{server.page_id}_1", "Wisuda"))
        server.videos.append(Video("771", "Wisuda", "Video", "0" * 64))
        yield server


def facebook(server: FacebookServer, sleeps: Sleeps) -> FacebookReader:
    return FacebookReader(
        FacebookChannel(TOKENS["facebook"], server.page_id, base_url=f"{server.url}/v25.0", sleep=sleeps)
    )


def test_facebook_reads_post_media_views_and_video_views(fb: FacebookServer, sleeps: Sleeps) -> None:
    post = f"{fb.page_id}_1"
    fb.insights.values = {post: {"post_media_view": 4500, "post_total_media_view_unique": 3200}}
    fb.video_insights.values = {"771": {"total_video_views": 89, "total_video_views_unique": 56}}
    found = facebook(fb, sleeps).read(
        {
            post: receipt(url=f"https://www.facebook.com/{post}"),
            "771": receipt(url=f"https://www.facebook.com/{fb.page_id}/videos/771"),
        }
    )
    assert (found[post].views, found[post].reach) == (4500, 3200)
    assert (found["771"].views, found["771"].reach) == (89, None)
    assert found["771"].metrics == {"total_video_views": 89, "total_video_views_unique": 56}
    assert fb.insights.asked == [(post, ("post_media_view", "post_total_media_view_unique"))]


def test_a_missing_facebook_permission_is_named(fb: FacebookServer, sleeps: Sleeps) -> None:
    fb.insights.granted = False
    post = f"{fb.page_id}_1"
    with pytest.raises(MissingPermission) as refused:
        facebook(fb, sleeps).read({post: receipt(url=f"https://www.facebook.com/{post}")})
    assert refused.value.permission == "read_insights"
    assert "izin read_insights" in refused.value.message


def test_threads_reads_views_and_replies(sleeps: Sleeps) -> None:
    with ThreadsServer(THREADS_TOKEN) as th:
        th.threads["3101"] = Thread("3101", "Wisuda", "c1", "TEXT")
        th.insights.values = {"3101": {"views": 4523, "likes": 12, "replies": 3, "reposts": 2, "quotes": 1}}
        reader = ThreadsReader(ThreadsChannel(THREADS_TOKEN, th.user_id, base_url=f"{th.url}/v1.0", sleep=sleeps))
        found = reader.read({"3101": RECEIPT})
        assert (found["3101"].views, found["3101"].reach, found["3101"].comments, found["3101"].shares) == (
            4523,
            None,
            3,
            2,
        )
        th.insights.granted = False
        with pytest.raises(MissingPermission) as refused:
            reader.read({"3101": RECEIPT})
        assert refused.value.permission == "threads_manage_insights"


@pytest.fixture
def yt() -> Iterator[YouTubeServer]:
    with YouTubeServer(access_token=TOKENS["youtube"]) as server:
        for vid in ("vid00000001", "vid00000002"):
            server.videos[vid] = {"id": vid, "snippet": {"title": vid}}
        yield server


def youtube(server: YouTubeServer, sleeps: Sleeps) -> YouTubeReader:
    return YouTubeReader(YouTubeChannel(token=TOKENS["youtube"], base_url=server.url, sleep=sleeps))


def test_youtube_reads_statistics_of_up_to_50_videos_a_call(yt: YouTubeServer, sleeps: Sleeps) -> None:
    yt.statistics["vid00000001"] = {"viewCount": "48", "likeCount": "5", "favoriteCount": "0", "commentCount": "2"}
    asked = {"vid00000001": RECEIPT, "vid00000002": RECEIPT, "vidGONE": RECEIPT}
    found = youtube(yt, sleeps).read(asked)
    assert (found["vid00000001"].views, found["vid00000001"].likes, found["vid00000001"].comments) == (48, 5, 2)
    assert found["vid00000002"].views == 0
    assert "vidGONE" not in found  # left out of items: deleted, or not this channel's
    [call] = yt.requests("GET", "/youtube/v3/videos")
    assert call.query == {"part": "statistics", "id": "vid00000001,vid00000002,vidGONE"}
    assert yt.violations == []


def test_an_upload_only_youtube_token_is_told_to_grant_readonly(yt: YouTubeServer, sleeps: Sleeps) -> None:
    yt.scopes = {"https://www.googleapis.com/auth/youtube.upload"}
    with pytest.raises(MissingPermission) as refused:
        youtube(yt, sleeps).read({"vid00000001": RECEIPT})
    assert refused.value.permission == "https://www.googleapis.com/auth/youtube.readonly"


def test_a_used_up_youtube_quota_is_not_taken_for_a_permission(yt: YouTubeServer, sleeps: Sleeps) -> None:
    quota = {"error": {"code": 403, "message": "quota", "errors": [{"reason": "quotaExceeded", "message": "quota"}]}}
    yt.fail("GET", "/youtube/v3/videos", 403, quota)
    with pytest.raises(RetryableError) as later:
        youtube(yt, sleeps).read({"vid00000001": RECEIPT})
    assert not isinstance(later.value, PermanentError)


@pytest.fixture
def tt() -> Iterator[TikTokServer]:
    with TikTokServer(TOKENS["tiktok"]) as server:
        for n in range(1, 23):
            upload = Upload(f"v_pub_file~v2.{n}", "", 1, 1, 1, "PUBLIC_TO_EVERYONE", f"post {n}", received=1)
            upload.status, upload.post_id = "PUBLISH_COMPLETE", f"73000000000000000{n:02d}"
            server.uploads[upload.publish_id] = upload
        yield server


def tiktok(server: TikTokServer, sleeps: Sleeps) -> TikTokReader:
    return TikTokReader(TikTokChannel(TOKENS["tiktok"], base_url=server.url, sleep=sleeps))


def test_tiktok_queries_20_ids_a_call_and_only_its_own_videos(tt: TikTokServer, sleeps: Sleeps) -> None:
    tt.counters["7300000000000000001"] = {"view_count": 321, "like_count": 20, "comment_count": 1, "share_count": 4}
    asked = {f"73000000000000000{n:02d}": RECEIPT for n in range(1, 23)} | {"7399999999999999999": RECEIPT}
    found = tiktok(tt, sleeps).read(asked)
    first = found["7300000000000000001"]
    assert (first.views, first.likes, first.comments, first.shares, first.reach) == (321, 20, 1, 4, None)
    assert len(found) == 22 and "7399999999999999999" not in found
    calls = tt.requests("POST", "/v2/video/query/")
    assert [len(json.loads(c.body)["filters"]["video_ids"]) for c in calls] == [20, 3]
    assert calls[0].query == {"fields": "id,view_count,like_count,comment_count,share_count"}


def test_tiktok_without_video_list_scope_is_told_exactly(tt: TikTokServer, sleeps: Sleeps) -> None:
    tt.scopes = {"video.publish"}
    with pytest.raises(MissingPermission) as refused, speaking("en"):
        tiktok(tt, sleeps).read({"7300000000000000001": RECEIPT})
    assert refused.value.permission == "video.list"


def test_a_tiktok_post_without_public_id_is_not_asked_about(tt: TikTokServer, sleeps: Sleeps) -> None:
    reader = tiktok(tt, sleeps)
    private = receipt(details={"publish_id": "v_pub_file~v2.1"})
    assert reader.unreadable("v_pub_file~v2.1", private) == (
        "TikTok hanya memberi angka unggahan publik, dan unggahan ini tidak memiliki id publik"
    )
    assert reader.unreadable("7300000000000000001", private) is None


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_every_passing_failure_of_tiktok_is_retried(tt: TikTokServer, sleeps: Sleeps, status: int) -> None:
    code = "rate_limit_exceeded" if status == 429 else "internal_error"
    tt.fail("POST", "/v2/video/query/", status, {"error": {"code": code, "message": "x"}})
    found = tiktok(tt, sleeps).read({"7300000000000000001": RECEIPT})
    assert found["7300000000000000001"].views == 0 and len(sleeps) == 1
