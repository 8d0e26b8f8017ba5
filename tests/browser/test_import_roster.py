"""Party A's operator imports a roster in the browser: upload, map a column, check, commit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from homeward.accounts.scoping import declarations_for
from homeward.registry.models import ImportBatch
from tests.browser.conftest import Browser

pytestmark = pytest.mark.browser

# Two headers homeward does not know, one of them a required field: the operator says what they are.
ROSTER = (
    "Прізвище,Позивний,Ім'я (за документом),Дата народження\r\n"
    "Коваленко,Грім,Олександр,12.03.1999\r\n"
    "Шевченко,Сокіл,Андрій,1985\r\n"
)


def test_an_operator_uploads_maps_checks_and_commits_a_roster(browser: Browser, world: Any, tmp_path: Path) -> None:
    roster = tmp_path / "roster-june.csv"
    roster.write_bytes(ROSTER.encode("utf-8"))
    browser.sign_in(world.alice)
    browser.go(reverse("registry:import"))
    browser.step("imports page")
    browser.assert_accessible("imports (operator)")

    browser.find("input[type=file][name=file]").send_keys(str(roster))
    browser.choose("select[name=kind]", "held")
    browser.step("file chosen")
    browser.press("form[enctype='multipart/form-data'] button[type=submit]")
    browser.until_path(r"/registry/imports/[0-9a-f-]+/")
    batch = ImportBatch.objects.get()
    browser.step("checked: a column is not known")
    assert batch.state == "rejected" and not browser.has("form[action$='/commit/'] button")
    browser.assert_accessible("import detail, rejected (operator)")

    columns = browser.find("details.disclosure")
    if columns.get_attribute("open") is None:
        browser.press("details.disclosure > summary")
    browser.choose("select[name=column_0]", "surname")
    browser.choose("select[name=column_1]", "unit")
    browser.choose("select[name=column_2]", "given_name")
    browser.choose("select[name=column_3]", "birth_date")
    browser.step("columns mapped")
    browser.press(f"form[action='{reverse('registry:import_mapping', args=[batch.public_id])}'] button[type=submit]")
    commit = f"form[action='{reverse('registry:import_commit', args=[batch.public_id])}'] button[type=submit]"
    browser.find(commit)
    batch.refresh_from_db()
    assert batch.state == "validated" and batch.row_count == 2
    browser.step("ready to commit")
    browser.assert_accessible("import detail, ready (operator)")

    browser.press(commit)
    browser.until(lambda _d: ImportBatch.objects.get().state == "committed", message="the batch was not committed")
    browser.go(reverse("registry:import_detail", args=[batch.public_id]))
    browser.step("committed")
    assert not browser.has(commit)
    names = set(declarations_for(world.alice).values_list("surname", "given_name", "unit"))
    assert names == {("Коваленко", "Олександр", "Грім"), ("Шевченко", "Андрій", "Сокіл")}
    assert not declarations_for(world.bob).filter(surname="Коваленко").exists()
