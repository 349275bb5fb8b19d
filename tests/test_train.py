"""``credscore train`` rebuilds the shipped model exactly from the shared data."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from credscore.train import read_jsonl, train

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "train" / "recovery.jsonl"


@pytest.mark.skipif(not DATA.exists(), reason=f"training data not found at {DATA} (../shared/data is absent)")
def test_retraining_on_the_shared_corpus_rebuilds_the_shipped_model():
    shipped = json.loads((files("credscore") / "data" / "model.json").read_text(encoding="utf-8"))
    data = read_jsonl(DATA)
    assert data.sha256 == shipped["provenance"]["training_data_sha256"]
    spec, report = train(data, n_jobs=2, with_baselines=False)
    # Everything that decides a score must be identical; provenance carries
    # the date and the baselines, which this quick rebuild skips.
    for key in ("format", "kind", "feature_names", "preprocess", "logistic", "trees", "calibration", "bands", "model_id"):
        assert spec.get(key) == shipped.get(key), key
    assert report["candidates"] == shipped["provenance"]["grouped_cv"]["candidates"]


def test_read_jsonl_refuses_bad_labels(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "a", "label": 2, "publisher": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="label must be 0 or 1"):
        read_jsonl(path)
