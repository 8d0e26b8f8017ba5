"""The language switch in the page header, and whose language a page is in.

A member's choice is kept on their membership (an audited write) and follows them to every browser; anyone
else's in a cookie; with no choice, the browser's Accept-Language decides.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from homeward.accounts import services as accounts
from homeward.accounts.models import Membership
from homeward.audit.models import AuditEntry
from tests.conftest import PASSWORD

SWITCH = reverse("accounts:language")
LOGIN = reverse("accounts:login")


def _lang(response: Any) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_anonymous_visitors_get_the_browsers_language(db: Any) -> None:
    assert _lang(Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="uk,en;q=0.5")) == "uk"
    assert "Вхід до homeward" in Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert _lang(Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="de")) == "en"


def test_an_anonymous_choice_is_kept_in_a_cookie_and_beats_the_browser(db: Any) -> None:
    client = Client()
    response = client.post(SWITCH, {"language": "uk", "next": LOGIN}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert response.cookies["django_language"].value == "uk"
    assert response.cookies["django_language"]["httponly"]
    assert _lang(client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")) == "uk"
    assert not AuditEntry.objects.filter(action="accounts.user.language").exists()


def test_the_header_offers_each_language_in_itself(db: Any) -> None:
    page = Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert f'action="{SWITCH}"' in page
    for code, name in (("en", "English"), ("uk", "Українська"), ("ru", "Русский")):
        assert f'value="{code}" lang="{code}"' in page and f">{name}</button>" in page
    assert 'value="uk" lang="uk" class="language-switch__option" aria-pressed="true"' in page
    assert 'value="en" lang="en" class="language-switch__option" aria-pressed="false"' in page


def test_a_members_choice_is_kept_audited_and_follows_them(world: Any) -> None:
    client = Client()
    client.force_login(world.alice)
    response = client.post(SWITCH, {"language": "uk", "next": reverse("registry:list")}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == reverse("registry:list")
    assert Membership.objects.get(user=world.alice).language == "uk"
    entry = AuditEntry.objects.filter(action="accounts.user.language").get()
    assert entry.actor_id == world.alice.pk
    page = client.get(reverse("registry:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert _lang(page) == "uk" and "<h1>Реєстр</h1>" in page.content.decode()
    # Another browser, English by its own account: the member's choice still wins once they sign in.
    other = Client()
    assert other.login(username="alice", password=PASSWORD)
    assert _lang(other.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")) == "uk"
    # Choosing the same language again writes nothing.
    client.post(SWITCH, {"language": "uk"})
    assert AuditEntry.objects.filter(action="accounts.user.language").count() == 1


def test_a_member_with_no_choice_follows_the_browser(world: Any) -> None:
    client = Client()
    client.force_login(world.bob)
    assert Membership.objects.get(user=world.bob).language == ""
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ru")) == "ru"
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_an_unknown_language_is_refused_and_nothing_is_written(world: Any) -> None:
    client = Client()
    client.force_login(world.alice)
    for bad in ({"language": "de"}, {}, {"language": ""}):
        response = client.post(SWITCH, bad)
        assert response.status_code == 400
        assert "en, uk, ru" in response.content.decode()
        assert "django_language" not in response.cookies
    assert Membership.objects.get(user=world.alice).language == ""
    assert not AuditEntry.objects.filter(action="accounts.user.language").exists()


def test_it_only_allows_post(db: Any) -> None:
    assert Client().get(SWITCH).status_code == 405


def test_it_never_sends_anyone_off_site(world: Any) -> None:
    client = Client()
    client.force_login(world.alice)
    for away in ("https://elsewhere.example/", "//elsewhere.example/x", "javascript:alert(1)"):
        response = client.post(SWITCH, {"language": "ru", "next": away}, HTTP_REFERER=away)
        assert response.status_code == 302 and response["Location"] == reverse("home")


def test_new_users_of_the_demo_and_the_command_read_their_organisations_language(db: Any) -> None:
    call_command("demo", "--size", "40", verbosity=0)
    languages = dict(Membership.objects.values_list("user__username", "language"))
    assert languages["a.operator"] == "uk" and languages["b.operator"] == "ru" and languages["mediator"] == "en"
    organisation = Membership.objects.get(user__username="b.operator").organisation
    accounts.user_create(username="irina", password=None, organisation=organisation, role="operator",
                         acting_user=None)
    assert Membership.objects.get(user__username="irina").language == ""  # the service itself asks for nothing
    assert accounts.organisation_language(organisation) == "ru"


def test_the_language_set_by_the_service_is_checked(world: Any) -> None:
    import pytest

    with pytest.raises(ValueError, match="'xx' is not a language of homeward"):
        accounts.user_set_language(language="xx", acting_user=world.alice)
