"""Run the Spark and Ray recipes of docs/scale.md on a JSONL file and compare
their output with :func:`credscore.score_frame` in this process.

    python scripts/try_recipes.py corpus.jsonl

Records are objects with ``text`` and a unique string ``id``; ``url`` and
``date`` are optional. Each of pyspark and ray that can be imported is run in
local mode on 2 cores, and one verdict line is printed for each. Exit status 1
if any recipe that ran gave a different result.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import credscore
from credscore.batch import frame_columns

TOLERANCE = 1e-12


# --------------------------------------------------------------------------- the recipes, as in docs/scale.md


def spark_recipe(spark, source: str, target: str) -> None:
    spark_type = {"float64": "double", "object": "string"}
    schema = "id string, " + ", ".join(f"{name} {spark_type[dtype]}" for name, dtype in frame_columns().items())

    def score_batches(frames):
        for frame in frames:
            scored = credscore.score_frame(frame, text_col="text")
            scored.insert(0, "id", frame["id"].astype("string"))
            yield scored

    df = spark.read.schema("id string, text string, url string, date string").json(source)
    df.mapInPandas(score_batches, schema=schema).write.parquet(target)


def ray_recipe(source: str, target: str) -> None:
    import pyarrow as pa
    import pyarrow.json
    import ray

    arrow_type = {"float64": pa.float64(), "object": pa.string()}
    schema = pa.schema([("id", pa.string())] + [(name, arrow_type[dtype]) for name, dtype in frame_columns().items()])

    def score_batch(frame):
        scored = frame[["id"]].join(credscore.score_frame(frame, text_col="text"))
        return pa.Table.from_pandas(scored, schema=schema, preserve_index=False)

    fields = pa.schema([(name, pa.string()) for name in ("id", "text", "url", "date")])
    ds = ray.data.read_json(source, parse_options=pyarrow.json.ParseOptions(
        explicit_schema=fields, unexpected_field_behavior="ignore"))
    ds.map_batches(score_batch, batch_format="pandas", batch_size=256).write_parquet(target)


# --------------------------------------------------------------------------- running and checking


def run_spark(source: str, target: str) -> str:
    import pyspark
    from pyspark.sql import SparkSession

    # Local workers must run this interpreter, which has credscore, pandas and pyarrow.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        spark_recipe(spark, source, target)
    finally:
        spark.stop()
    return f"pyspark {pyspark.__version__}"


def run_ray(source: str, target: str) -> str:
    import ray

    ray.init(num_cpus=2, log_to_driver=False, include_dashboard=False)
    try:
        ray_recipe(source, target)
    finally:
        ray.shutdown()
    return f"ray {ray.__version__}"


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return abs(a - b) <= TOLERANCE
    return a == b


def compare(expected, target: str) -> str | None:
    """None when the Parquet output in ``target`` equals ``expected``, else why not."""
    import pandas as pd

    got = pd.read_parquet(target)
    if len(got) != len(expected):
        return f"{len(got)} rows for {len(expected)} records"
    if sorted(got["id"].tolist()) != sorted(expected.index.tolist()):
        return "the ids differ from the input's"
    got = got.set_index("id").loc[expected.index]
    clean = lambda frame: frame.astype(object).where(frame.notna(), None)  # noqa: E731
    got, expected = clean(got[list(expected.columns)]), clean(expected)
    for name in expected.columns:
        bad = [i for i, (a, b) in enumerate(zip(got[name], expected[name])) if not same(a, b)]
        if bad:
            return f"column {name} differs in {len(bad)} rows, first for id {expected.index[bad[0]]!r}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", help="input records, one JSON object per line")
    args = parser.parse_args(argv)
    try:
        import pandas as pd
    except ImportError:
        parser.error("pandas is needed: pip install 'credscore[pandas]' pyarrow")

    source = os.path.abspath(args.jsonl)
    with open(source, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    if not records:
        parser.error(f"no records in {args.jsonl}")
    ids = [r.get("id") for r in records]
    if not all(isinstance(i, str) for i in ids) or len(set(ids)) != len(ids):
        parser.error("every record needs a unique string id for the comparison")
    frame = pd.DataFrame({name: [r.get(name) for r in records] for name in ("id", "text", "url", "date")})
    expected = credscore.score_frame(frame, text_col="text").set_axis(pd.Index(ids, name="id"))

    failed = False
    for name, module, run in (("spark", "pyspark", run_spark), ("ray", "ray", run_ray)):
        try:
            __import__(module)
        except ImportError as exc:
            print(f"{name}: skipped ({module} is not importable: {exc})")
            continue
        with tempfile.TemporaryDirectory(prefix=f"credscore-{name}-") as tmp:
            target = os.path.join(tmp, "scored")
            try:
                version = run(source, target)
                problem = compare(expected, target)
            except Exception as exc:  # report and go on to the other recipe
                version, problem = module, f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        failed |= problem is not None
        verdict = (f"FAIL: {problem}" if problem else
                   f"OK, {len(records)} rows, every column equal to score_frame in one process")
        print(f"{name} ({version}, local mode, 2 cores): {verdict}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
