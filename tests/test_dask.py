"""credscore.dask on a real two-process ``distributed.LocalCluster``: the
results must equal the single-process ones exactly (scoring is deterministic,
so any difference is a bug in how partitions are scored or reassembled)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

import credscore

dd = pytest.importorskip("dask.dataframe", reason="credscore[dask] is not installed")
db = pytest.importorskip("dask.bag", reason="credscore[dask] is not installed")
distributed = pytest.importorskip("distributed", reason="credscore[dask] is not installed")
pd = pytest.importorskip("pandas")

import credscore.dask as cdask  # noqa: E402

#: A two-process cluster takes most of a minute to start and score: CI's long job runs it.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
RECOVERY = ROOT.parent / "shared" / "data" / "train" / "recovery.jsonl"
#: Real documents beside the seeds: enough for several partitions per worker,
#: few enough that the test takes seconds.
N_REAL = 300


@pytest.fixture(scope="module")
def records() -> list[dict]:
    if not RECOVERY.exists():
        pytest.skip(f"the ReCOVery documents are not at {RECOVERY} (shared data absent)")
    seeds = [{"id": p.name, "text": p.read_text(encoding="utf-8"), "url": None, "date": None}
             for p in sorted((ROOT / "seeds").glob("*.txt"))]
    with open(RECOVERY, encoding="utf-8") as handle:
        # Every seventh document, so many publishers are in the sample, not only the first.
        real = [json.loads(line) for line in itertools.islice(handle, 0, 7 * N_REAL, 7)]
    real = [{k: r[k] for k in ("id", "text", "url", "date")} for r in real]
    # A record that cannot be scored travels through Dask as an error row too.
    return seeds + real + [{"id": "no-text", "text": None, "url": None, "date": None}]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


def test_dataframe_on_a_local_cluster_equals_one_process(records, client):
    frame = pd.DataFrame(records)
    ddf = dd.from_pandas(frame, npartitions=6)
    lazy = cdask.score_dataframe(ddf, features=True)
    assert list(lazy.columns) == list(credscore.score_frame(frame.head(1), features=True).columns)
    got = lazy.compute()
    expected = credscore.score_frame(frame, features=True)
    pd.testing.assert_frame_equal(got, expected)  # dtypes, index and every value
    # Every record but the broken one is scored: quality is given on every
    # scored row (reliability is null on the few that are unscorable).
    assert got["error"].notna().sum() == 1 and got["quality"].notna().sum() == len(records) - 1
    # The cluster really had two worker processes.
    assert len(client.scheduler_info()["workers"]) == 2


def test_bag_on_a_local_cluster_equals_one_process(records, client):
    rows = cdask.score_bag(db.from_sequence(records, npartitions=6), evidence=True).compute()
    assert rows == list(credscore.score_records(records, evidence=True))
    assert [r["id"] for r in rows] == [r["id"] for r in records]
