"""Pennylane external API v2: session, errors and pagination."""
import requests
from django.conf import settings


class PennylaneUnavailable(Exception):
    """5xx, 429 or a network error: the call can be retried."""


class PennylaneDataError(Exception):
    """Pennylane rejected or returned a record we cannot use: retrying will not help."""


def auth_headers():
    return {"Authorization": f"Bearer {settings.PENNYLANE_API_TOKEN}", "Accept": "application/json"}


def api_session():
    session = requests.Session()
    session.headers.update(auth_headers())
    return session


def get(path, **params):
    try:
        response = requests.get(f"{settings.PENNYLANE_API_URL}{path}", params=params, headers=auth_headers(), timeout=30)
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise PennylaneUnavailable(str(exc)) from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise PennylaneUnavailable(f"{path}: HTTP {response.status_code}")
    response.raise_for_status()
    return response.json()


def iter_pages(path, **params):
    cursor = None
    while True:
        data = get(path, cursor=cursor, limit=100, **params) if cursor else get(path, limit=100, **params)
        yield data["items"]
        if not data.get("has_more"):
            return
        cursor = data["next_cursor"]
