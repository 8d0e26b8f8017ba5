"""Train the Splink model and score candidate pairs, on DuckDB or Spark.

Training is deterministic: u-probabilities come from a seeded random sample
of pairs, the prior from a deterministic rule, m-probabilities from EM over
fixed blocking rules. Splink's own logging is silenced for the run so the
CLI's output stays the CLI's.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable, Iterator
from typing import Any, Literal

import pandas as pd
from splink import DuckDBAPI, Linker, block_on

from homeward_core.linkage import model

Engine = Literal["duckdb", "spark"]
Progress = Callable[[str, float], None]

SEED = 20261207
# The prior's deterministic rule (same name keys and date) finds about this share of true pairs.
PRIOR_RULE = ("surname_key", "given_name_key", "dob")
PRIOR_RULE_RECALL = 0.6
U_SAMPLE_PAIRS = 2_000_000


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Splink's INFO/WARNING chatter and DuckDB's progress bar kept off the console."""
    logger = logging.getLogger("splink")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Splink's notices about untrained levels and defaults
            yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


def database_api(engine: Engine) -> Any:
    if engine == "duckdb":
        import duckdb

        connection = duckdb.connect(config={"threads": 2})  # the machine has two cores
        connection.execute("SET enable_progress_bar = false")
        return DuckDBAPI(connection=connection)
    if engine == "spark":
        from homeward_core.linkage.spark import spark_api

        return spark_api()
    raise ValueError(f"unknown engine {engine!r}; use 'duckdb' or 'spark'")


def _tables(frames: list[pd.DataFrame], engine: Engine, db_api: Any) -> list[Any]:
    if engine == "spark":
        session = db_api.spark
        return [session.createDataFrame(frame) for frame in frames]
    return frames


def score(frames: list[pd.DataFrame], *, link_type: str, threshold: float, engine: Engine = "duckdb",
          progress: Progress | None = None) -> pd.DataFrame:
    """Scored pairs at or above ``threshold`` (Splink's predict output, with bf_ and gamma_ columns)."""
    report = progress or (lambda stage, fraction: None)
    with quiet():
        db_api = database_api(engine)
        aliases = ["left_list", "right_list"][: len(frames)]
        linker = Linker(_tables(frames, engine, db_api), model.settings(link_type), db_api,
                        set_up_basic_logging=False, input_table_aliases=aliases)
        report("training: prior", 0.1)
        linker.training.estimate_probability_two_random_records_match(
            [block_on(*PRIOR_RULE)], recall=PRIOR_RULE_RECALL)
        report("training: u from random pairs", 0.2)
        linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
        for step, columns in enumerate(model.TRAINING_BLOCKING):
            report(f"training: EM on {' + '.join(columns)}", 0.3 + 0.1 * step)
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*columns), estimate_without_term_frequencies=True)
        report("scoring candidate pairs", 0.6)
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        scored = predictions.as_pandas_dataframe()
        scored.attrs["model"] = linker.misc.save_model_to_json()
        report("scored", 0.9)
    return scored
