"""The worker pool gets the model through a per-process cache keyed by the
model file, not through module globals: a task carries only the file name."""

from __future__ import annotations

import pickle

from credscore import workers
from credscore.records import Record


def test_a_task_is_small_and_names_the_model_file_only(tmp_path):
    task = workers.ChunkScorer(str(tmp_path / "m.json"), features=True, evidence=False)
    assert pickle.loads(pickle.dumps(task)) == task
    assert len(pickle.dumps(task)) < 300  # no model inside: workers load it themselves


def test_a_model_file_that_no_longer_loads_makes_error_rows_not_a_crash(tmp_path):
    # The main process validated the file; if it changes before a worker
    # loads it, that worker's records become model_error rows.
    path = tmp_path / "model.json"
    path.write_text("{ not json", encoding="utf-8")
    workers.worker_model.cache_clear()
    try:
        rows = workers.ChunkScorer(str(path), features=True)([Record("a", "mem", "Officials said it."),
                                                              Record("b", "mem", "Another.")])
        assert [r["id"] for r in rows] == ["a", "b"]
        assert all(r["error"].startswith("model_error") and r["features"] is None for r in rows)
        # Loaded (and failed) once per process and file, not once per chunk.
        assert workers.worker_model.cache_info().misses == 1
        workers.ChunkScorer(str(path))([Record("c", "mem", "x")])
        assert workers.worker_model.cache_info().misses == 1
    finally:
        workers.worker_model.cache_clear()


def test_the_shipped_model_is_loaded_once_and_scores_like_the_main_process():
    workers.worker_model.cache_clear()
    try:
        record = Record("a", "mem", "Officials said the bridge would reopen on Monday after repairs.")
        [row] = workers.ChunkScorer(None)([record])
        [alone] = workers.score_stream([record], jobs=1)
        assert row == alone
        model, error = workers.worker_model(None)
        assert error is None and workers.worker_model(None)[0] is model
    finally:
        workers.worker_model.cache_clear()
