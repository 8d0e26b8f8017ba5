"""The names module's public API, which the linkage engine and the review queue build on."""

import tomllib
from importlib import resources
from pathlib import Path
from typing import get_args

import pytest

import homeward_core.names as names
from homeward_core.names.table import given_names, parse_given_names


def test_the_public_api_is_exactly_what_other_areas_use() -> None:
    assert sorted(names.__all__) == sorted([
        "STANDARDS", "Part", "Standard", "detect_language", "equivalents", "match_key", "match_keys",
        "normalise", "phonetic_key", "phonetic_keys", "romanisations", "similarity", "to_cyrillic",
        "transliterate",
    ])  # fmt: skip
    assert get_args(names.Part) == ("surname", "given", "patronymic")


def test_the_name_table_ships_with_the_package() -> None:
    config = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text("utf-8"))
    assert "data/*.tsv" in config["tool"]["setuptools"]["package-data"]["homeward_core.names"]
    text = resources.files("homeward_core.names").joinpath("data/given_names.tsv").read_text("utf-8")
    assert text.startswith("# ") and "Provenance" in text


def test_every_row_of_the_table_is_a_pair_with_a_source() -> None:
    rows = given_names()
    assert len(rows) >= 290
    assert {row.sex for row in rows} == {"m", "f"}
    for row in rows:
        assert row.uk and row.ru and row.source in ("faker", "faker-uk", "faker-ru", "homeward"), row
    assert len({(row.uk, row.ru) for row in rows}) == len(rows)


def test_a_malformed_table_is_refused_by_its_line() -> None:
    header = "\t".join(["sex", "uk", "ru", "variants", "latin", "source"])
    assert parse_given_names(f"# a comment\n{header}\nm\tІван\tИван\t\tIvan\thomeward\n")[0].ru == "Иван"
    with pytest.raises(ValueError, match="line 3: 5 fields"):
        parse_given_names(f"# a comment\n{header}\nm\tІван\tИван\t\tIvan\n")
    with pytest.raises(ValueError, match="line 2: sex must be m or f"):
        parse_given_names(f"{header}\nx\tІван\tИван\t\t\thomeward\n")
    with pytest.raises(ValueError, match="header"):
        parse_given_names("sex,uk,ru\n")
