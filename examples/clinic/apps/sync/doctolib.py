"""Thin client for the Doctolib partner API (read-only apart from the token refresh)."""
import hashlib
import hmac

import requests
from django.conf import settings


class DoctolibUnavailable(Exception):
    """Doctolib answered 5xx or 429, or did not answer: worth retrying later."""


class DoctolibClient:
    page_size = 200

    def __init__(self, token):
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def _get(self, path, **params):
        try:
            response = self.session.get(f"{settings.DOCTOLIB_API_URL}{path}", params=params, timeout=20)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise DoctolibUnavailable(str(exc)) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise DoctolibUnavailable(f"{path}: HTTP {response.status_code}")
        response.raise_for_status()
        return response.json()

    def iter_appointments(self, agenda_id, start, end):
        page = 1
        while True:
            data = self._get(
                f"/agendas/{agenda_id}/appointments",
                start=start.isoformat(),
                end=end.isoformat(),
                page=page,
                per_page=self.page_size,
            )
            yield from data["appointments"]
            if not data.get("next_page"):
                return
            page = data["next_page"]

    def cancellations(self, agenda_id, since):
        return self._get(f"/agendas/{agenda_id}/cancellations", since=since.isoformat())["items"]

    def profile(self, agenda_id):
        return self._get(f"/agendas/{agenda_id}/profile")

    def open_slots(self, agenda_id, days=14):
        return self._get(f"/agendas/{agenda_id}/slots", days=days)["slots"]


def verify_signature(body, signature):
    expected = hmac.new(settings.DOCTOLIB_WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")
