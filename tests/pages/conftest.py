"""Helpers shared by the page tests: a signed-in client per persona, and HTMX requests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(world: Any) -> Any:
    """signed_in("alice") -> a test client with alice's session."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(world, name))
        return client

    return make


def text(response: Any) -> str:
    return response.content.decode("utf-8")
