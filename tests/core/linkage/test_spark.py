"""The same model on Splink's Spark backend (local PySpark; `make test-spark`)."""

from __future__ import annotations

import pytest

from homeward_core.linkage import link, synthetic
from homeward_core.linkage.evaluate import accuracy

pytestmark = pytest.mark.spark


def test_spark_links_like_duckdb() -> None:
    pytest.importorskip("pyspark")
    lists = synthetic.linked_lists(1200, 1200, 600, seed=13)
    on_spark = link(lists.left, lists.right, engine="spark")
    on_duckdb = link(lists.left, lists.right, engine="duckdb")
    spark_pairs = {(c.left_id, c.right_id) for c in on_spark}
    duckdb_pairs = {(c.left_id, c.right_id) for c in on_duckdb}
    assert accuracy(spark_pairs, lists.true_pairs)["f1"] >= 0.95
    # Same features, same model, seeded training: the engines agree on nearly every link.
    assert len(spark_pairs & duckdb_pairs) / len(duckdb_pairs) >= 0.98
    assert len({c.left_id for c in on_spark}) == len(on_spark)
