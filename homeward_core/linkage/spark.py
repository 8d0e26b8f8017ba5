"""Splink's Spark backend for national-scale lists: the same model, features and assignment.

Locally (`homeward link --engine spark`, the integration test) a
``local[2]`` session is started. On a cluster, start the job with
``spark-submit`` (or set ``HOMEWARD_SPARK_MASTER``): an active session is
used as it is, with Splink's string-similarity UDF jar added. See
docs/linkage.md for the cluster how-to.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any


def spark_api() -> Any:
    """A Splink SparkAPI over the active session, or a new local one."""
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import SparkAPI, similarity_jar_location
    except ImportError as error:  # the extra is optional: say how to get it
        raise RuntimeError("the Spark engine needs the spark extra: pip install 'homeward[spark]'") from error
    session = SparkSession.getActiveSession()
    if session is None:
        session = (
            SparkSession.builder.master(os.environ.get("HOMEWARD_SPARK_MASTER", "local[2]"))
            .appName("homeward-linkage")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", os.environ.get("HOMEWARD_SPARK_PARTITIONS", "8"))
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", os.environ.get("HOMEWARD_SPARK_DRIVER_MEMORY", "2g"))
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
    if session.sparkContext.getCheckpointDir() is None:
        session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="homeward-spark-"))
    return SparkAPI(spark_session=session, num_partitions_on_repartition=int(
        os.environ.get("HOMEWARD_SPARK_PARTITIONS", "8")))
