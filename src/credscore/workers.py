"""The worker pool: score a stream of records in ``jobs`` processes, in order.

:func:`score_stream` keeps at most ``jobs * IN_FLIGHT_PER_JOB`` chunks in
flight and yields their rows in submission order, so memory stays flat
however long the input is (``multiprocessing.Pool.imap`` would drain the
generator into its task queue from a feeder thread). A worker that dies is
replaced and the records it may have taken down are retried one at a time,
so a crash costs one error row, not the batch.

The model is loaded and validated once in the main process before any worker
starts (a bad file is refused before any row is written). Workers do not
receive it pickled: each task is a :class:`ChunkScorer` naming the model
file, and :func:`worker_model` loads it once per process (the worker's
initialiser warms it before the first task). A failure there means the file
changed after the main process read it; the worker's records then become
``model_error`` rows. No module state is assigned; the only state is that
per-process cache.
"""

from __future__ import annotations

import functools
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .records import Record
from .rows import error_row, one_line, score_row

#: Records per task sent to a worker: one task costs ~1 ms of pickling and
#: queueing against ~5 ms of scoring per document, so 16 documents make the
#: overhead about 1 %.
CHUNK_RECORDS = 16
#: A task is closed early past this many characters, so that a few very large
#: records are not queued together (a 50 MB record travels alone).
CHUNK_CHARS = 4_000_000
#: Tasks queued per worker: two keep it busy while the main process writes;
#: more only holds more text in memory.
IN_FLIGHT_PER_JOB = 3


def load_model(model_path: str | None) -> Any:
    """The model, loaded and validated once in the main process before any
    worker starts; raises ``credscore.model.ModelError`` for a bad file."""
    from .model import ModelError, ReliabilityModel, shipped_model

    if not model_path:
        return shipped_model()
    try:
        return ReliabilityModel.load(model_path)
    except RecursionError:  # deep nesting, until model.py refuses it itself
        raise ModelError(f"{model_path}: nested too deeply") from None


@functools.lru_cache(maxsize=4)
def worker_model(model_path: str | None) -> tuple[Any, str | None]:
    """``(model, None)``, or ``(None, error)`` when the file no longer loads:
    once per worker process and model file."""
    from .model import ModelError

    try:
        return load_model(model_path), None
    except (ModelError, OSError) as exc:
        return None, f"model_error: {one_line(exc)}"


@dataclass(frozen=True)
class ChunkScorer:
    """The task a worker runs: rows for a chunk of records."""

    model_path: str | None
    features: bool = False
    evidence: bool = False

    def __call__(self, chunk: list[Record]) -> list[dict[str, Any]]:
        model, error = worker_model(self.model_path)
        if error is not None:
            return [error_row(r.id, r.source, error, features=self.features, evidence=self.evidence)
                    for r in chunk]
        return [score_row(r, features=self.features, evidence=self.evidence, model=model) for r in chunk]


def _exit_with(main_pid: int) -> None:
    """Exit this worker as soon as the main process ``main_pid`` is gone.

    The pool's parent is the forkserver, not the main process, and every
    worker holds both ends of the task queue and the forkserver's keep-alive
    pipe: a killed main process would leave them all blocked forever, holding
    stdout open. So each worker watches the main process itself, with a pidfd
    (Linux 5.3+) that becomes readable when it exits, else by polling."""
    import select

    try:
        fd = os.pidfd_open(main_pid)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
    else:
        while True:
            time.sleep(0.5)
            try:
                os.kill(main_pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:  # alive, another user's: cannot happen for our own parent
                continue
    os._exit(1)


def _init_worker(model_path: str | None, main_pid: int) -> None:
    """Watch the main process, and load the model before the first task."""
    import threading

    threading.Thread(target=_exit_with, args=(main_pid,), name="credscore-exit-with-main", daemon=True).start()
    worker_model(model_path)


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    chars = 0
    for record in records:
        chunk.append(record)
        chars += len(record.text) if isinstance(record.text, (str, bytes)) else 0
        if len(chunk) >= CHUNK_RECORDS or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _new_pool(jobs: int, model_path: str | None) -> Any:
    # Imported here: `import credscore` stays free of multiprocessing's import cost.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers do not inherit the parent's threads (tqdm's monitor,
    # a test runner's) or its memory, and still start faster than spawn.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(model_path, os.getpid()))


def score_stream(records: Iterable[Record], *, jobs: int = 1, features: bool = False, evidence: bool = False,
                 model_path: str | None = None) -> Iterator[dict[str, Any]]:
    """Rows for ``records`` in input order, scored here (``jobs <= 1``) or in
    ``jobs`` worker processes that each load the model once. The model is
    loaded here first either way, so a bad file is refused before any
    worker starts or any row is written."""
    model = load_model(model_path)
    if jobs <= 1:
        for record in records:
            yield score_row(record, features=features, evidence=evidence, model=model)
        return
    yield from _score_parallel(_chunks(records), jobs, ChunkScorer(model_path, features, evidence))


def _score_parallel(chunks: Iterator[list[Record]], jobs: int, task: ChunkScorer) -> Iterator[dict[str, Any]]:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    pool = _new_pool(jobs, task.model_path)
    pending: deque[tuple[list[Record], Any]] = deque()
    try:
        while True:
            while len(pending) < jobs * IN_FLIGHT_PER_JOB:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                try:
                    future = pool.submit(task, chunk)
                except BrokenProcessPool as exc:  # a worker died while this process was writing
                    future = Future()
                    future.set_exception(exc)
                pending.append((chunk, future))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                rows = future.result()
            except Exception as exc:
                # A worker died (out of memory, a crash in C code) or the chunk
                # could not be sent. Retry what was in flight one record at a
                # time, so that only the culprit becomes an error row.
                suspects = list(chunk)
                if isinstance(exc, BrokenProcessPool):  # every chunk in flight is lost with it
                    suspects += [r for c, _ in pending for r in c]
                    pending.clear()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _new_pool(jobs, task.model_path)
                for record in suspects:
                    try:
                        rows = pool.submit(task, [record]).result()
                    except Exception as single:
                        if isinstance(single, BrokenProcessPool):
                            pool.shutdown(wait=False, cancel_futures=True)
                            pool = _new_pool(jobs, task.model_path)
                            reason = "worker_crashed: the worker process died scoring this record"
                        else:
                            reason = f"internal_error: {type(single).__name__}: {single}"
                        rows = [error_row(record.id, record.source, reason, features=task.features,
                                          evidence=task.evidence)]
                    yield from rows
                continue
            yield from rows
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
