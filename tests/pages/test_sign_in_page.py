"""Sign-in, sign-out, and what anonymous visitors get."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import override_settings
from django.urls import reverse

from homeward.audit.models import AuditEntry
from tests.conftest import PASSWORD
from tests.pages.conftest import text

PROTECTED = ["home", "registry:list", "registry:import", "audit:log", "audit:verify"]


def test_the_sign_in_page_has_labelled_fields(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    page = text(response)
    assert '<label for="id_username"' in page and '<label for="id_password"' in page
    assert "<main" in page and 'class="skip-link"' in page


def test_signing_in_lands_on_the_overview(client, world):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_signing_in_is_stamped_on_the_account_and_logged(client, world):
    client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.actor, entry.organisation) == ("accounts.user.sign_in", world.alice, world.party_a)
    assert get_user_model().objects.get(username="alice").last_login <= entry.occurred_at


class QuickPBKDF2Hasher(PBKDF2PasswordHasher):
    algorithm = "quick_pbkdf2"
    iterations = 1000


def test_a_password_hash_made_by_an_older_hasher_is_upgraded_at_sign_in(client, world):
    hashers = [f"{__name__}.QuickPBKDF2Hasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
        alice = get_user_model().objects.get(username="alice")
        assert response.status_code == 302 and alice.password.startswith("quick_pbkdf2$")
        assert alice.check_password(PASSWORD)
    actions = list(AuditEntry.objects.order_by("-sequence").values_list("action", flat=True)[:2])
    assert actions == ["accounts.user.sign_in", "accounts.user.password_rehash"]


def test_a_wrong_password_is_refused(client, world):
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_deactivated_user_cannot_sign_in(client, world):
    response = client.post(reverse("accounts:login"), {"username": "dora", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("name", PROTECTED)
def test_anonymous_users_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_sign_out_only_accepts_post(signed_in):
    alice = signed_in("alice")
    assert alice.get(reverse("accounts:logout")).status_code == 405
    response = alice.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert alice.get(reverse("home")).status_code == 302


def test_pages_carry_no_inline_scripts_or_styles(signed_in):
    page = text(signed_in("alice").get(reverse("home")))
    assert "<script>" not in page and " style=" not in page and " onclick=" not in page
    assert "django_htmx/htmx-2.min.js" in page
