"""The import wizard: upload, check, map columns, commit; each party sees only its own batches."""

import html

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from homeward.accounts.scoping import declarations_for
from homeward.registry.models import ImportBatch
from tests.pages.conftest import HTMX, text

IMPORT = reverse("registry:import")
ROSTER = (
    "Прізвище,Ім'я,По батькові,Дата народження,Звання\r\n"
    "Коваленко,Олександр,Петрович,12.03.1999,солдат\r\n"
    "Шевченко,Андрій,Іванович,1985,сержант\r\n"
)


def upload(client, content, name="roster.csv", kind="held", encoding="", capture=None):
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv"), "kind": kind, "encoding": encoding}
    if capture is None:
        return client.post(IMPORT, data)
    with capture(execute=True):
        return client.post(IMPORT, data)


def detail(batch):
    return reverse("registry:import_detail", kwargs={"public_id": batch.public_id})


def test_a_cp1251_roster_is_uploaded_checked_and_committed(world, signed_in, django_capture_on_commit_callbacks):
    alice = signed_in("alice")
    response = upload(alice, ROSTER.encode("cp1251"), capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(batch)
    page = text(alice.get(detail(batch)))
    batch.refresh_from_db()
    assert (batch.state, batch.row_count, batch.encoding) == ("validated", 2, "cp1251")
    assert "Ready to commit" in page and "cp1251" in page
    assert batch.sha256[:16] in page
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(reverse("registry:import_commit", kwargs={"public_id": batch.public_id}))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == "committed" and batch.new_count == 2
    names = set(declarations_for(world.alice).values_list("surname", "given_name", "patronymic"))
    assert names == {("Коваленко", "Олександр", "Петрович"), ("Шевченко", "Андрій", "Іванович")}
    assert "Committed" in text(alice.get(detail(batch)))


def test_a_broken_file_shows_the_reason(world, signed_in, django_capture_on_commit_callbacks):
    alice = signed_in("alice")
    upload(alice, "Колір,Розмір\r\nсиній,5\r\n".encode(), capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    page = text(alice.get(detail(batch)))
    assert batch.state == "rejected" and batch.file_error
    assert "The file cannot be read" in page and "required column missing" in page
    assert "Commit to the registry" not in page


def test_rows_with_problems_are_listed_by_row_and_field(world, signed_in, django_capture_on_commit_callbacks):
    alice = signed_in("alice")
    roster = "Прізвище,Ім'я\r\nКоваленко,Олександр\r\n,Андрій\r\n"
    upload(alice, roster.encode("utf-8"), capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    response = alice.get(detail(batch))
    assert batch.state == "rejected" and batch.error_count == 1
    problem = batch.report[0]
    assert (problem["row"], problem["field"]) == (3, "surname")
    assert problem["reason"] in text(response)


def test_the_column_mapping_can_be_changed_and_remembered(world, signed_in, django_capture_on_commit_callbacks):
    alice = signed_in("alice")
    roster = "Фамилия,Позывной,Имя\r\nИванов,Гром,Иван\r\n"
    upload(alice, roster.encode("utf-8"), capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    form = alice.get(detail(batch)).context["mapping_form"]
    assert form.headers == ["Фамилия", "Позывной", "Имя"]
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(reverse("registry:import_mapping", kwargs={"public_id": batch.public_id}),
                              {"column_0": "surname", "column_1": "unit", "column_2": "given_name", "remember": "on"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping == {"Фамилия": "surname", "Позывной": "unit", "Имя": "given_name"}
    assert batch.state == "validated"


def test_the_progress_fragment_polls_while_a_check_is_pending(world, signed_in):
    alice = signed_in("alice")
    upload(alice, ROSTER.encode("utf-8"))  # no on-commit callbacks run: the check stays queued
    batch = ImportBatch.objects.get()
    page = text(alice.get(detail(batch)))
    assert 'hx-trigger="every 1s"' in page and "Checking the file" in page
    fragment = alice.get(detail(batch), {"fragment": "progress"}, **HTMX)
    assert "<html" not in text(fragment) and 'hx-trigger="every 1s"' in text(fragment)
    assert "HX-Refresh" not in fragment


def test_the_progress_fragment_reloads_the_page_when_the_step_is_done(
    world, signed_in, django_capture_on_commit_callbacks
):
    alice = signed_in("alice")
    upload(alice, ROSTER.encode("utf-8"), capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    fragment = alice.get(detail(batch), {"fragment": "progress"}, **HTMX)
    assert fragment["HX-Refresh"] == "true" and "every 1s" not in text(fragment)


def test_the_same_file_twice_is_the_same_batch(world, signed_in, django_capture_on_commit_callbacks):
    alice = signed_in("alice")
    first = upload(alice, ROSTER.encode("utf-8"), capture=django_capture_on_commit_callbacks)
    second = upload(alice, ROSTER.encode("utf-8"), name="again.csv", capture=django_capture_on_commit_callbacks)
    assert first["Location"] == second["Location"] and ImportBatch.objects.count() == 1


def test_the_other_party_cannot_see_a_batch(world, signed_in, django_capture_on_commit_callbacks):
    upload(signed_in("alice"), ROSTER.encode("utf-8"), name="north.csv", capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    bob = signed_in("bob")
    assert bob.get(detail(batch)).status_code == 404
    assert bob.get(detail(batch), {"fragment": "progress"}, **HTMX).status_code == 404
    assert bob.post(reverse("registry:import_commit", kwargs={"public_id": batch.public_id})).status_code == 404
    assert bob.post(reverse("registry:import_recheck", kwargs={"public_id": batch.public_id})).status_code == 404
    assert "north.csv" not in text(bob.get(IMPORT))
    assert "north.csv" in text(signed_in("alice").get(IMPORT))


def test_the_mediator_sees_batches_but_cannot_upload(world, signed_in, django_capture_on_commit_callbacks):
    upload(signed_in("alice"), ROSTER.encode("utf-8"), name="north.csv", capture=django_capture_on_commit_callbacks)
    mara = signed_in("mara")
    response = mara.get(IMPORT)
    assert response.context["form"] is None and "north.csv" in text(response)
    batch = ImportBatch.objects.get()
    assert mara.get(detail(batch)).context["mapping_form"] is None
    assert mara.post(reverse("registry:import_commit", kwargs={"public_id": batch.public_id})).status_code == 403
    assert mara.post(reverse("registry:import_recheck", kwargs={"public_id": batch.public_id})).status_code == 403
    assert upload(mara, ROSTER.encode("utf-8")).status_code == 403


def test_an_oversized_file_is_refused_on_the_form(world, signed_in, settings):
    settings.HOMEWARD_IMPORT_MAX_BYTES = 10
    response = upload(signed_in("alice"), ROSTER.encode("utf-8"))
    assert response.status_code == 400 and "larger than the limit" in text(response)
    assert not ImportBatch.objects.exists()


def test_non_members_get_no_access(world, signed_in):
    for response in (signed_in("outsider").get(IMPORT), upload(signed_in("outsider"), ROSTER.encode("utf-8"))):
        assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_a_refused_commit_says_why_and_the_file_can_be_checked_again(
    world, signed_in, django_capture_on_commit_callbacks
):
    from homeward.registry.services import declaration_create

    alice = signed_in("alice")
    roster = "Номер запису,Прізвище,Ім'я\r\nA-1,Коваленко,Олександр\r\nA-2,Шевченко,Андрій\r\n"
    upload(alice, roster.encode(), capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert batch.state == "validated"
    declaration_create(party=world.party_a, kind="held", values={"surname": "Мельник", "given_name": "Іван",
                       "external_ref": "A-1"}, acting_user=world.carol)  # takes the file's reference meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        alice.post(reverse("registry:import_commit", kwargs={"public_id": batch.public_id}))
    page = text(alice.get(detail(batch)))
    assert "The last step was refused" in page and "Nothing was written" in page
    assert "row 2: 'A-1' has been added to your registry since the check" in html.unescape(page)
    # The refusal is stored with its wording id: each reader sees it in their own language.
    for language, words in (("uk", "Нічого не записано: рядок 2: «A-1» додано до вашого реєстру після перевірки"),
                            ("ru", "Ничего не записано: строка 2: «A-1» добавлен в ваш реестр после проверки")):
        alice.cookies["django_language"] = language
        worded = html.unescape(text(alice.get(detail(batch), HTTP_ACCEPT_LANGUAGE=language)))
        assert words in worded and "since the check" not in worded, worded
    alice.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(reverse("registry:import_recheck", kwargs={"public_id": batch.public_id}))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == "rejected" and not batch.refusal
    assert batch.report[0]["field"] == "external_ref"


def test_row_problems_are_worded_in_the_readers_language(world, signed_in, django_capture_on_commit_callbacks):
    alice = signed_in("alice")
    roster = "Прізвище,Ім'я,Дата народження\r\nКоваленко,Олександр,31.02.1999\r\n,Андрій,1999\r\n"
    upload(alice, roster.encode("utf-8"), capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert [(p["row"], p["field"], p["said"]["code"]) for p in batch.report] == [
        (2, "birth_date", "date.not_in_calendar"), (3, "surname", "roster.required")]
    alice.cookies["django_language"] = "uk"
    page = html.unescape(text(alice.get(detail(batch), HTTP_ACCEPT_LANGUAGE="uk")))
    assert "1999-02-31 — такої дати немає в календарі" in page and "обов'язкове поле" in page
    assert "is not a calendar date" not in page and "is required" not in page
    alice.cookies["django_language"] = "ru"
    page = html.unescape(text(alice.get(detail(batch), HTTP_ACCEPT_LANGUAGE="ru")))
    assert "1999-02-31 — такой даты нет в календаре" in page and "обязательное поле" in page


def test_a_file_that_cannot_be_read_is_explained_in_the_readers_language(world, signed_in,
                                                                         django_capture_on_commit_callbacks):
    alice = signed_in("alice")
    upload(alice, "Колір,Розмір\r\nсиній,5\r\n".encode(), capture=django_capture_on_commit_callbacks)
    upload(alice, b"%PDF-1.7\n", name="roster.pdf", capture=django_capture_on_commit_callbacks)
    columns, pdf = ImportBatch.objects.order_by("created_at")
    assert (columns.file_problem["code"], pdf.file_problem["params"]["code"]) == ("import.columns",
                                                                                  "file.unsupported_format")
    alice.cookies["django_language"] = "uk"
    page = html.unescape(text(alice.get(detail(columns), HTTP_ACCEPT_LANGUAGE="uk")))
    assert "Стовпці неможливо використати: бракує обов'язкового стовпця: surname, given_name." in page
    assert "required column missing" not in page
    alice.cookies["django_language"] = "ru"
    page = html.unescape(text(alice.get(detail(pdf), HTTP_ACCEPT_LANGUAGE="ru")))
    assert "Файл не является таблицей" in page and "not a table" not in page
    alice.cookies["django_language"] = "en"
    assert pdf.file_error in html.unescape(text(alice.get(detail(pdf), HTTP_ACCEPT_LANGUAGE="en")))
