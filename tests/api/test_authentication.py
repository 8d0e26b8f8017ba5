"""API authentication: a bearer token needs no CSRF token; a browser session does."""

import json

import pytest
from django.test import Client

from homeward.accounts.services import api_token_create
from homeward.registry.models import Declaration

NEW_PERSON = json.dumps({"kind": "held", "surname": "Коваленко", "given_name": "Олександр"})


@pytest.fixture
def strict_client():
    """A client that checks CSRF as a browser's requests are checked in production."""
    return Client(enforce_csrf_checks=True)


def _bearer(user):
    return f"Bearer {api_token_create(user=user, name='test', acting_user=user)[1]}"


def test_a_token_post_works_without_a_csrf_token(strict_client, world):
    response = strict_client.post("/api/declarations", NEW_PERSON, content_type="application/json",
                                  HTTP_AUTHORIZATION=_bearer(world.alice))
    assert response.status_code == 201


def test_a_token_post_works_beside_a_session_cookie(strict_client, world):
    strict_client.force_login(world.carol)
    response = strict_client.post("/api/declarations", NEW_PERSON, content_type="application/json",
                                  HTTP_AUTHORIZATION=_bearer(world.alice))
    assert response.status_code == 201
    assert Declaration.objects.get().created_by == world.alice


def test_a_session_post_without_a_csrf_token_is_refused(strict_client, world):
    strict_client.force_login(world.alice)
    response = strict_client.post("/api/declarations", NEW_PERSON, content_type="application/json")
    assert response.status_code == 403
    assert not Declaration.objects.exists()


def test_a_session_post_with_its_csrf_token_works(strict_client, world):
    strict_client.force_login(world.alice)
    strict_client.get("/")  # the page sets the CSRF cookie, as a browser's first visit does
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post("/api/declarations", NEW_PERSON, content_type="application/json",
                                  HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
