"""The linkage API the review queue is built on: these names and parameters, no more, no fewer."""

from __future__ import annotations

import dataclasses
import inspect

import homeward_core.linkage as linkage


def test_the_public_names_are_the_promised_ones() -> None:
    assert sorted(linkage.__all__) == ["Candidate", "Cluster", "Contribution", "LinkageError", "Record", "dedupe",
                                       "link"]
    assert issubclass(linkage.LinkageError, ValueError)


def test_the_values_have_the_promised_fields() -> None:
    fields = {cls.__name__: [f.name for f in dataclasses.fields(cls)]
              for cls in (linkage.Record, linkage.Contribution, linkage.Candidate, linkage.Cluster)}
    assert fields == {
        "Record": ["record_id", "surname", "given_name", "patronymic", "date_of_birth", "unit"],
        "Contribution": ["comparison", "level", "match_weight"],
        "Candidate": ["left_id", "right_id", "match_probability", "match_weight", "contributions"],
        "Cluster": ["record_ids", "candidates"],
    }


def test_the_functions_take_the_promised_keywords() -> None:
    link = inspect.signature(linkage.link).parameters
    assert list(link) == ["left", "right", "threshold", "one_to_one", "engine", "progress"]
    assert [link[name].default for name in ("threshold", "one_to_one", "engine", "progress")] == [
        0.5, True, "duckdb", None]
    assert list(inspect.signature(linkage.dedupe).parameters) == ["records", "threshold", "engine", "progress"]
