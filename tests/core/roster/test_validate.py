"""The roster row check: each problem named by field, and the per-column memo never changes an answer."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from homeward_core.roster.chunks import ChunkChecker, CleanChunk
from homeward_core.roster.columns import plan_columns
from homeward_core.roster.validate import RowChecker, check_row

TODAY = dt.date(2026, 6, 2)
HEADER = ("surname", "given name", "patronymic", "date of birth", "rank", "legal status", "date of capture",
          "homeward_id")
PLAN = plan_columns(HEADER, {"surname": "surname", "given name": "given_name", "patronymic": "patronymic",
                             "date of birth": "birth_date", "rank": "rank", "legal status": "legal_status",
                             "date of capture": "captured_on", "homeward_id": "homeward_id"})


def check(*cells: str):
    return check_row(2, cells + ("",) * (len(HEADER) - len(cells)), PLAN, today=TODAY)


def reasons(result) -> dict[str, str]:
    return {problem.field: problem.reason for problem in result.problems}


def test_a_clean_row_gives_its_values():
    result = check("Коваленко", "Олександр", "Петрович", "12.03.1999", "сержант", "військовополонений", "2024-02-29")
    assert result.problems == ()
    values = result.values
    assert (values["birth_year"], values["birth_month"], values["birth_day"]) == (1999, 3, 12)
    assert values["captured_on"] == dt.date(2024, 2, 29)
    assert (values["legal_status"], values["name_script"], values["rank"]) == ("pow", "cyrl", "сержант")


def test_partial_dates_of_birth_are_kept_as_partial():
    assert check("Коваленко", "Іван", "", "1987").values["birth_month"] is None
    assert check("Коваленко", "Іван", "", "03.1990").values["birth_month"] == 3


def test_each_problem_is_named_by_its_field():
    result = check("=HYPERLINK(\"x\")", "", "", "31.02.1990", "", "king", "2030-01-01", "not-an-id")
    assert set(reasons(result)) == {"surname", "given_name", "birth_date", "legal_status", "captured_on",
                                    "homeward_id"}
    assert "is required" in reasons(result)["given_name"]
    assert "'king' is not a legal status" in reasons(result)["legal_status"]


def test_names_are_stored_in_nfc_with_one_apostrophe():
    decomposed = unicodedata.normalize("NFD", "Йосип")
    values = check("Мар'яненко", decomposed).values
    assert values["given_name"] == "Йосип" and unicodedata.is_normalized("NFC", values["given_name"])
    assert values["surname"] == "Марʼяненко"


def test_a_name_longer_than_the_limit_is_refused():
    assert "longer than 120" in reasons(check("Я" * 121, "Іван"))["surname"]


# Cells drawn from a small alphabet of good and bad values, so that the same text
# recurs often (as in real rosters) and the memo is exercised on hits and misses.
CELLS = st.sampled_from([
    "", " ", "Коваленко", "Kovalenko", "O'Neil", "Шевченко ", "  Іван  Петро ", "Іван2", "=SUM(A1)", "Ю" * 130,
    "12.03.1999", "1987", "03.1990", "31.02.1990", "2031-01-01", "1899", "військовополонений", "civilian",
    "спорный", "king", "7b0c3a4e-0000-4000-8000-000000000000", "not-an-id", "в/ч А1234", "x" * 90,
])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=40))
def test_a_checker_reused_across_rows_answers_as_a_fresh_one_would(rows):
    reused = RowChecker(PLAN, today=TODAY)
    for number, cells in enumerate(rows, start=2):
        assert reused(number, cells) == check_row(number, cells, PLAN, today=TODAY)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.lists(CELLS, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=12),
                min_size=1, max_size=4))
def test_chunks_checked_by_column_agree_with_the_row_checker(chunks):
    for result, by_rows in _both_ways(chunks):
        if any(check.problems for check in by_rows):
            assert result.clean is None and result.rows == by_rows
        else:
            assert result.clean == CleanChunk.from_rows(by_rows)


def _both_ways(chunks):
    """Each chunk through one reused chunk checker (its memo carries over) and row by row."""
    checker = ChunkChecker(PLAN, today=TODAY)
    number = 2
    for rows in chunks:
        chunk = [(number + i, row) for i, row in enumerate(rows)]
        number += len(chunk)
        yield checker(chunk), tuple(check_row(n, row, PLAN, today=TODAY) for n, row in chunk)


def test_a_clean_chunk_takes_the_column_path():
    checker = ChunkChecker(PLAN, today=TODAY)
    row = ("Коваленко", "Іван", "", "1987", "", "", "", "")
    result = checker([(2, row), (3, row)])
    assert result.rows == () and result.clean.columns["birth_year"] == [1987, 1987]
    assert result.clean.columns["captured_on"] == [None, None]


def test_the_memo_stops_growing_at_its_limit(monkeypatch):
    from homeward_core.roster import chunks

    monkeypatch.setattr(chunks, "MEMO_LIMIT", 5)
    checker = ChunkChecker(PLAN, today=TODAY)
    result = checker([(n + 2, (f"Коваленко{chr(0x430 + n)}", "Іван", "", "", "", "", "", "")) for n in range(9)])
    assert result.clean is not None and len(result.clean.rows) == 9
    assert max(len(column.memo) for column in checker.columns) == 5


GOOD_BY_COLUMN = (
    st.sampled_from(["Коваленко", "Kovalenko", "O'Neil", "Шевченко ", " Мар’яна ", "Ёлкин"]),
    st.sampled_from(["Іван", "Ivan", "Петро  Іван", unicodedata.normalize("NFD", "Йосип")]),
    st.sampled_from(["", "Петрович", "Petrovych"]),
    st.sampled_from(["", "12.03.1999", "1987", "03.1990", "1999-03-12"]),
    st.sampled_from(["", "сержант", "  старший  солдат "]),
    st.sampled_from(["", "військовополонений", "civilian", "спорный"]),
    st.sampled_from(["", "2024-02-29", "01.01.2023"]),
    st.sampled_from(["", "7b0c3a4e-0000-4000-8000-000000000000"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(*GOOD_BY_COLUMN), min_size=1, max_size=12), min_size=1, max_size=4))
def test_clean_chunks_checked_by_column_give_the_row_checkers_values(chunks):
    for result, by_rows in _both_ways(chunks):
        assert result.rows == () and result.clean == CleanChunk.from_rows(by_rows)


def test_the_tidy_text_shortcut_knows_every_whitespace_that_split_knows():
    import re
    import sys

    from homeward_core.roster.chunks import _tidy_texts

    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert all(re.fullmatch(r"\s", space) for space in spaces)
    for space in spaces:
        cell = f"в/ч{space}А1234"
        assert (_tidy_texts([cell], 120) is None) == (" ".join(cell.split()) != cell)
