"""Client for the INPI company register (RNE) API, used to check SIREN numbers."""
import requests
from django.conf import settings
from django.core.cache import cache

TOKEN_CACHE_KEY = "inpi-token"


class InpiRateLimited(Exception):
    pass


class InpiNotFound(Exception):
    pass


def _token():
    token = cache.get(TOKEN_CACHE_KEY)
    if token:
        return token
    response = requests.post(
        f"{settings.INPI_API_URL}/sso/login",
        json={"username": settings.INPI_USERNAME, "password": settings.INPI_PASSWORD},
        timeout=15,
    )
    response.raise_for_status()
    token = response.json()["token"]
    cache.set(TOKEN_CACHE_KEY, token, timeout=50 * 60)
    return token


def fetch_company(siren):
    response = requests.get(
        f"{settings.INPI_API_URL}/companies/{siren}",
        headers={"Authorization": f"Bearer {_token()}"},
        timeout=15,
    )
    if response.status_code == 429:
        raise InpiRateLimited(siren)
    if response.status_code == 404:
        raise InpiNotFound(siren)
    response.raise_for_status()
    identity = response.json()["formality"]["content"]["personneMorale"]["identite"]
    return {
        "legal_name": identity["entreprise"]["denomination"],
        "naf_code": identity["entreprise"].get("codeApe", ""),
    }
