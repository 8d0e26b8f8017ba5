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
from splink.internals.exceptions import EMTrainingException

from homeward_core.linkage import model

Engine = Literal["duckdb", "spark"]
Progress = Callable[[str, float], None]

SEED = 20261207
U_SAMPLE_PAIRS = 400_000
TRAINING_ROWS = 50_000


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
          progress: Progress | None = None, spec: model.Model = model.PEOPLE) -> pd.DataFrame:
    """Scored pairs at or above ``threshold`` (Splink's predict output, with bf_ and gamma_ columns).

    The model is trained on a seeded sample of at most ``TRAINING_ROWS`` rows
    per list (m- and u-probabilities do not depend on list size; the cost of
    EM grows with its square), then scores every candidate pair of the full lists.
    """
    report = progress or (lambda stage, fraction: None)
    with quiet():
        db_api = database_api(engine)
        aliases = ["left_list", "right_list"][: len(frames)]
        report("training: u from random pairs", 0.1)
        samples = [_sample(frame) for frame in frames]
        trainer = Linker(_tables(samples, engine, db_api), spec.settings(link_type), db_api,
                         set_up_basic_logging=False, input_table_aliases=[f"{name}_sample" for name in aliases])
        trainer.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=SEED)
        for step, alternatives in enumerate(spec.training_blocking):
            report(f"training: EM on {' + '.join(alternatives[0])}", 0.3 + 0.1 * step)
            _expectation_maximisation(trainer, alternatives)
        trained = trainer.misc.save_model_to_json()
        report("training: prior", 0.5)
        db_api = database_api(engine)  # a fresh one: Splink caches intermediate tables per connection
        linker = Linker(_tables(frames, engine, db_api), trained, db_api,
                        set_up_basic_logging=False, input_table_aliases=aliases)
        linker.training.estimate_probability_two_random_records_match(
            [block_on(*spec.prior_rule)], recall=spec.prior_rule_recall)
        report("scoring candidate pairs", 0.6)
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        scored = _scores_only(linker, predictions)
        scored.attrs["model"] = linker.misc.save_model_to_json()
        report("scored", 0.9)
    return scored


def _expectation_maximisation(trainer: Linker, alternatives: tuple[tuple[str, ...], ...]) -> None:
    """EM on the first blocking rule that yields pairs (a list may share no date of birth at all).

    When none does, the levels these would train keep Splink's default
    m-probabilities; the other rule trains the rest.
    """
    for columns in alternatives:
        try:
            trainer.training.estimate_parameters_using_expectation_maximisation(
                block_on(*columns), estimate_without_term_frequencies=True)
            return
        except EMTrainingException:
            continue


def _sample(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) <= TRAINING_ROWS:
        return frame
    return frame.sample(n=TRAINING_ROWS, random_state=SEED)


def _scores_only(linker: Linker, predictions: Any) -> pd.DataFrame:
    """The predictions without the compared feature columns: ids, scores, gamma_ and bf_ (a tenth the memory)."""
    names = [column.unquote().name.strip("\"`") for column in predictions.columns]
    wanted = [name for name in names
              if name.startswith(("unique_id_", "source_dataset_", "match_", "gamma_", "bf_"))]
    columns = ", ".join(wanted)  # plain identifiers: no quoting, which differs between DuckDB and Spark
    return linker.misc.query_sql(f"select {columns} from {predictions.physical_name}", output_type="pandas")  # nosec B608
