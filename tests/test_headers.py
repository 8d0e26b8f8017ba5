"""What every response tells the browser: one origin, no inline code, no caching of personal data, no framing."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import World

PAGES = ["/", "/registry/", "/agreements/", "/planning/", "/operations/", "/operations/aftercare/", "/remains/",
         "/api/docs", "/api/openapi.json"]


def _directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.parametrize("path", PAGES)
def test_signed_in_pages_allow_only_their_own_origin_and_are_never_cached(world: World, path: str) -> None:
    client = Client()
    client.force_login(world.mara)
    response = client.get(path)
    assert response.status_code == 200, path
    policy = _directives(response["Content-Security-Policy"])
    for directive in ("default-src", "script-src", "style-src", "connect-src"):
        assert policy[directive] == ["'self'"], (path, directive, policy)
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in value or "://" in value for values in policy.values() for value in values)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_load_nothing_from_another_origin(world: World) -> None:
    client = Client()
    client.force_login(world.mara)
    for path in PAGES[:-1]:
        html = client.get(path).content.decode()
        assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html), path
        assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", html), path
        assert " style=" not in html, path


def test_the_sign_in_page_carries_the_policy_too(db) -> None:  # noqa: ANN001
    response = Client().get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_production_settings_pass_djangos_deployment_checks(tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("HOMEWARD_", "DJANGO_"))}
    env.update(HOMEWARD_ENV="production", HOMEWARD_SECRET_KEY=secrets.token_urlsafe(48),
               HOMEWARD_IMPORT_STAGING_KEY=secrets.token_urlsafe(48),
               HOMEWARD_ALLOWED_HOSTS="homeward.example", HOMEWARD_DATA_DIR=str(tmp_path / "data"),
               DJANGO_SETTINGS_MODULE="homeward.settings")
    checked = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                             env=env, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout
