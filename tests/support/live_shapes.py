"""Helpers for the live-data tests: a scenario whose token is in the environment, a scripted
MockTransport router and the platforms' documented response shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from mixplan.live import RetryPolicy, make_client
from mixplan.model import Scenario

TOKEN = "EAAtest-LIVE-token-7d1c9e55aa"
"""A distinctive token: tests grep every output for it."""
TOKEN_ENV = "MIXPLAN_LIVE_TEST_TOKEN"
IG_USER = "17841400000000001"
AD_ACCOUNT = "act_1234567890"
TIKTOK_BUSINESS = "bizid-000111"


def live_scenario(timezone: str = "Europe/Berlin") -> Scenario:
    """Channels on Instagram, Facebook, TikTok and LinkedIn whose token is an $env: reference."""
    credentials = {"access_token": f"$env:{TOKEN_ENV}"}
    return Scenario.model_validate(
        {
            "name": "Live shop",
            "horizon": {"start": "2025-06-16", "days": 7, "timezone": timezone},
            "channels": [
                {"id": "ig", "platform": "instagram", "account": IG_USER, "credentials": credentials},
                {"id": "fb", "platform": "facebook", "account": AD_ACCOUNT, "credentials": credentials},
                {"id": "tt", "platform": "tiktok", "account": TIKTOK_BUSINESS, "credentials": credentials},
                {"id": "li", "platform": "linkedin", "account": "urn:li:organization:1", "credentials": credentials},
                {"id": "ig_nocreds", "platform": "instagram", "account": IG_USER},
            ],
            "budget": {"total": "1000"},
        }
    )


Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Router:
    """A MockTransport handler: answers per path fragment from queues (the last answer repeats)."""

    def __init__(self, routes: dict[str, list[Answer]]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []
        self._served: dict[str, int] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for fragment, answers in self.routes.items():
            if fragment in request.url.path:
                index = self._served.get(fragment, 0)
                self._served[fragment] = index + 1
                answer = answers[min(index, len(answers) - 1)]
                if isinstance(answer, Exception):
                    raise answer
                if callable(answer) and not isinstance(answer, httpx.Response):
                    return answer(request)
                return answer
        return httpx.Response(404, json={"error": {"message": "unknown path", "code": 803}})


def client_for(router: Router, sleeps: list[float] | None = None) -> httpx.Client:
    """A real mixplan client over the router; backoff sleeps are recorded, never slept."""
    recorded = sleeps if sleeps is not None else []
    return make_client(transport=httpx.MockTransport(router), policy=RetryPolicy(sleep=recorded.append))


# -- documented response shapes -----------------------------------------------------------------


def online_followers(days: list[tuple[str, dict[str, Any]]], next_url: str | None = None) -> dict[str, Any]:
    """``/{ig-user-id}/insights?metric=online_followers&period=lifetime`` (Graph API, v21+)."""
    page: dict[str, Any] = {
        "data": [
            {
                "name": "online_followers",
                "period": "lifetime",
                "values": [{"value": value, "end_time": end_time} for end_time, value in days],
                "title": "Online Followers",
                "description": "Total number of this profile's followers that were online",
                "id": f"{IG_USER}/insights/online_followers/lifetime",
            }
        ]
    }
    if next_url is not None:
        page["paging"] = {"previous": next_url.replace("after", "before"), "next": next_url}
    return page


def graph_error(code: int, message: str, subcode: int | None = None, kind: str = "OAuthException") -> dict[str, Any]:
    """A Graph API error body."""
    error: dict[str, Any] = {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEf"}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


def publishing_limit(usage: int, total: int, duration: int = 86400) -> dict[str, Any]:
    """``/{ig-user-id}/content_publishing_limit?fields=quota_usage,config``."""
    return {"data": [{"quota_usage": usage, "config": {"quota_total": total, "quota_duration": duration}}]}


def minimum_budgets(currency: str, high_freq: int, imp: int = 100) -> dict[str, Any]:
    """``/act_{id}/minimum_budgets``."""
    return {
        "data": [
            {
                "currency": currency,
                "min_daily_budget_imp": imp,
                "min_daily_budget_video_views": high_freq,
                "min_daily_budget_high_freq": high_freq,
                "min_daily_budget_low_freq": high_freq * 8,
            }
        ]
    }


def tiktok_business(metrics: list[dict[str, Any]] | None, code: int = 0, message: str = "OK") -> dict[str, Any]:
    """``/open_api/v1.3/business/get/`` (API for Business)."""
    body: dict[str, Any] = {"code": code, "message": message, "request_id": "20250601000000ABCDEF"}
    if code == 0:
        body["data"] = {
            "is_business_account": True,
            "username": "shop",
            "display_name": "Shop",
            "profile_image": "https://example.invalid/p.jpg",
            "followers_count": 5400,
            "audience_countries": [{"country": "DE", "percentage": 0.7}],
            "audience_genders": [{"gender": "Female", "percentage": 0.6}],
            "metrics": metrics,
        }
    return body


def tiktok_video(item_id: str, create_time: int, **metrics: int | None) -> dict[str, Any]:
    """One entry of ``business/video/list`` ``data.videos``: ``create_time`` is a Unix time as a string."""
    video: dict[str, Any] = {
        "item_id": item_id,
        "create_time": str(create_time),
        "caption": f"video {item_id}",
        "share_url": f"https://www.tiktok.com/@shop/video/{item_id}",
        "video_duration": 21.5,
    }
    return {**video, **metrics}


def tiktok_videos(
    videos: list[dict[str, Any]], cursor: int | None, has_more: bool, code: int = 0, message: str = "OK"
) -> dict[str, Any]:
    """``/open_api/v1.3/business/video/list/`` (API for Business): a page of videos, newest first."""
    body: dict[str, Any] = {"code": code, "message": message, "request_id": "20250612000000FEDCBA"}
    if code == 0:
        body["data"] = {"videos": videos, "cursor": cursor, "has_more": has_more}
    return body
