"""The registry list: scoped, searchable, filterable, paginated; HTMX gets only the results."""

from django.urls import resolve, reverse

from homeward.reports import export_views
from tests.conftest import declare
from tests.pages.conftest import HTMX, text

LIST = reverse("registry:list")


def test_it_lists_own_people_with_the_romanised_name_beside(world, signed_in):
    declare(world.alice, world.party_a, surname="Коваленко", given_name="Олександр",
            surname_latin="Kovalenko", given_name_latin="Oleksandr", rank="солдат", unit="в/ч А0001",
            birth_year=1999, birth_month=4)
    response = signed_in("alice").get(LIST)
    assert response.status_code == 200
    page = text(response)
    assert "Коваленко Олександр" in page and "Kovalenko Oleksandr" in page
    assert "1999-04" in page and "в/ч А0001" in page
    assert "<html" in page and 'hx-trigger="submit, input changed delay:300ms' in page


def test_the_other_party_never_sees_a_partys_names(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    declare(world.bob, world.party_b, surname="Иванов")
    bob = signed_in("bob")
    # Search by a prefix, so the search box echoing the query cannot hide a leak.
    for response in (bob.get(LIST), bob.get(LIST, {"q": "Шевч"}), bob.get(LIST, {"q": "Шевч"}, **HTMX)):
        assert response.status_code == 200
        assert "Шевченко" not in text(response)
    assert "Иванов" in text(bob.get(LIST))


def test_an_htmx_search_returns_only_the_results_fragment(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    declare(world.alice, world.party_a, surname="Бондаренко")
    response = signed_in("alice").get(LIST, {"q": "шевченко"}, **HTMX)
    page = text(response)
    assert "<html" not in page and "<table" in page
    assert "Шевченко" in page and "Бондаренко" not in page
    assert "data-announce" in page and "1 person found" in page
    assert "HX-Request" in response["Vary"]


def test_filters_narrow_the_list(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко", birth_year=1980)
    declare(world.alice, world.party_a, kind="sought", surname="Бондаренко", birth_year=2003)
    alice = signed_in("alice")
    assert "Шевченко" not in text(alice.get(LIST, {"kind": "sought"}))
    assert "Бондаренко" in text(alice.get(LIST, {"kind": "sought"}))
    assert "Шевченко" not in text(alice.get(LIST, {"born_after_year": "2000"}))
    assert "Шевченко" in text(alice.get(LIST, {"kind": "nonsense"}))  # malformed values are ignored


def test_only_the_mediator_sees_the_party_column_and_filter(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    declare(world.bob, world.party_b, surname="Иванов")
    mara = signed_in("mara")
    page = text(mara.get(LIST))
    assert 'name="party"' in page and "NCO" in page and "SCO" in page
    only_b = text(mara.get(LIST, {"party": str(world.party_b.public_id)}))
    assert "Иванов" in only_b and "Шевченко" not in only_b
    assert 'name="party"' not in text(signed_in("alice").get(LIST))


def test_it_shows_fifty_people_a_page(world, signed_in):
    for number in range(55):
        declare(world.alice, world.party_a, surname=f"Коваль{chr(0x430 + number % 32)}", external_ref=f"R{number}")
    alice = signed_in("alice")
    first = alice.get(LIST)
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 2" in text(first)
    assert len(alice.get(LIST, {"page": "2"}).context["page"].object_list) == 5


def test_the_number_of_queries_does_not_grow_with_the_page(world, signed_in, max_page_queries):
    for number in range(60):
        declare(world.alice if number % 2 else world.bob, world.party_a if number % 2 else world.party_b,
                surname=f"Коваль{number}", external_ref=f"R{number}")
    # session, user, membership, the audit head and the count (kept until the next write), the page's keys, its
    # rows, the header's role (+ the mediator's party choices)
    for name in ("alice", "mara"):
        client = signed_in(name)
        with max_page_queries(9):
            client.get(LIST)
        with max_page_queries(7):
            client.get(LIST, {"q": "коваль"}, **HTMX)


def test_the_export_form_posts_the_filters_with_a_csrf_token(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    for response in (signed_in("alice").get(LIST, {"kind": "held"}),
                     signed_in("alice").get(LIST, {"kind": "held"}, **HTMX)):
        page = text(response)
        assert f'<form class="results__export" method="post" action="{reverse("reports:export_declarations")}">' in page
        assert 'name="csrfmiddlewaretoken"' in page and '<input type="hidden" name="kind" value="held">' in page
        assert 'name="format" value="csv"' in page and 'name="format" value="xlsx"' in page
    assert resolve(reverse("reports:export_declarations")).func is export_views.export


def test_members_without_records_see_an_empty_list(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    for name in ("medic", "otto"):
        response = signed_in(name).get(LIST)
        assert response.status_code == 200 and "Шевченко" not in text(response)


def test_non_members_get_no_access(world, signed_in):
    declare(world.alice, world.party_a, surname="Шевченко")
    for response in (signed_in("outsider").get(LIST), signed_in("outsider").get(LIST, {"q": "ш"}, **HTMX)):
        assert response.status_code == 403 and "Шевченко" not in text(response)


def test_the_count_is_kept_until_the_next_write_and_never_another_organisations(world, signed_in):
    for name in ("Шевченко", "Коваль", "Бондар"):
        declare(world.alice, world.party_a, surname=name)
    declare(world.bob, world.party_b, surname="Иванов")
    alice, bob = signed_in("alice"), signed_in("bob")  # signing in is an audited write: both before reading
    assert alice.get(LIST).context["page"].paginator.count == 3
    assert bob.get(LIST).context["page"].paginator.count == 1  # the same head and filters, party B's own count
    assert alice.get(LIST, {"q": "коваль"}).context["page"].paginator.count == 1  # another filter, its own count
    declare(world.alice, world.party_a, surname="Ткаченко")
    page = alice.get(LIST)
    assert page.context["page"].paginator.count == 4 and "4 people" in text(page)
    assert [p.surname for p in page.context["page"].object_list] == ["Бондар", "Коваль", "Ткаченко", "Шевченко"]


def test_browsing_in_name_order_and_searching_list_exactly_the_visible_records(world, signed_in):
    from homeward.registry.services import declaration_share

    for name in ("Шевченко", "Коваль"):
        declare(world.alice, world.party_a, surname=name)
    shared = declare(world.bob, world.party_b, surname="Корнієнко")
    declaration_share(declaration=shared, organisation=world.party_a, purpose="exchange", acting_user=world.bob)
    declaration_share(declaration=shared, organisation=world.medical, purpose="care", acting_user=world.bob)
    declare(world.bob, world.party_b, surname="Кравець")  # party B's own, shared with nobody
    alice = signed_in("alice")
    browsed = [p.surname for p in alice.get(LIST).context["page"].object_list]
    assert browsed == ["Коваль", "Корнієнко", "Шевченко"]
    searched = [p.surname for p in alice.get(LIST, {"q": "к"}).context["page"].object_list]  # all four have a к
    assert searched == ["Коваль", "Корнієнко", "Шевченко"]
    assert [p.surname for p in signed_in("medic").get(LIST).context["page"].object_list] == ["Корнієнко"]
