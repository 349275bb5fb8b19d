"""Scoring reads only what it ships and writes nothing; model files are data.

- ``extract`` and ``score`` run in a fresh process whose working directory
  and HOME are empty temporary directories: both must still be empty after,
  and no file of the installed package may change (no caches written beside
  the code).
- A model file is JSON checked field by field, never unpickled: the shipped
  one is refused if one byte differs from its recorded SHA-256, and a user's
  file (``ReliabilityModel.load``) goes through the same validation.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

import credscore
from credscore.model import ModelError, ReliabilityModel, shipped_model

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PACKAGE = Path(credscore.__file__).resolve().parent
SHIPPED = files("credscore") / "data" / "model.json"
SHIPPED_SHA256 = (files("credscore") / "data" / "model.json.sha256").read_text(encoding="utf-8").split()[0]

_SCORE_EVERYTHING = """
import sys
from pathlib import Path
import credscore
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
texts += [
    "The zorbulating committee met on Tuesday and agreed to review the budget.",  # pyphen fallback
    "Президент России Владимир Путин провёл переговоры с лидером КНДР.",  # langdetect
    "Breaking: Putin meets Kim in Vladivostok",
]
for text in texts:
    credscore.score(text, url="https://www.bbc.co.uk/news/world", published="2019-04-25")
    credscore.score(text.encode("cp1252", "replace"))
print(len(texts))
"""


def _package_files() -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(PACKAGE)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(PACKAGE.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_scoring_writes_nothing_to_cwd_home_or_the_package(tmp_path):
    cwd, home = tmp_path / "cwd", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), USERPROFILE=str(home), PYTHONDONTWRITEBYTECODE="1")
    before = _package_files()
    done = subprocess.run([sys.executable, "-c", _SCORE_EVERYTHING, str(SEEDS)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) >= 8  # it really scored
    assert list(cwd.rglob("*")) == []
    assert list(home.rglob("*")) == []
    assert _package_files() == before


# -- model files ---------------------------------------------------------------


@pytest.fixture
def shipped_spec() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def _write(tmp_path: Path, spec_or_bytes) -> Path:
    path = tmp_path / "model.json"
    data = spec_or_bytes if isinstance(spec_or_bytes, bytes) else json.dumps(spec_or_bytes).encode("utf-8")
    path.write_bytes(data)
    return path


def test_shipped_model_matches_its_recorded_hash():
    assert hashlib.sha256(SHIPPED.read_bytes()).hexdigest() == SHIPPED_SHA256
    assert shipped_model().model_id


def test_a_changed_coefficient_is_refused_under_the_shipped_hash(tmp_path, shipped_spec):
    shipped_spec["logistic"]["coef"][0] += 0.001
    path = _write(tmp_path, shipped_spec)
    with pytest.raises(ModelError, match="SHA-256"):
        ReliabilityModel.load(path, sha256=SHIPPED_SHA256)
    # Without the hash it is a valid user model, and it is read as written.
    assert ReliabilityModel.load(path).coef[0] == pytest.approx(shipped_spec["logistic"]["coef"][0])


def test_one_changed_byte_is_refused_under_the_shipped_hash(tmp_path):
    raw = bytearray(SHIPPED.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    with pytest.raises(ModelError, match="SHA-256"):
        ReliabilityModel.load(_write(tmp_path, bytes(raw)), sha256=SHIPPED_SHA256)


@pytest.mark.parametrize("cut", [0, 1, 100, -1], ids=["empty", "one_byte", "100_bytes", "last_byte_missing"])
def test_a_truncated_file_is_refused_with_and_without_the_hash(tmp_path, cut):
    raw = SHIPPED.read_bytes()
    path = _write(tmp_path, raw[:cut] if cut >= 0 else raw[:-2])
    with pytest.raises(ModelError, match="SHA-256"):
        ReliabilityModel.load(path, sha256=SHIPPED_SHA256)
    with pytest.raises(ModelError, match=r"not valid JSON|expected a JSON object|missing|must be"):
        ReliabilityModel.load(path)


@pytest.mark.parametrize("mutate, message", [
    (lambda s: s["logistic"]["coef"].pop(), "logistic.coef: expected a list of"),
    (lambda s: s["preprocess"]["mean"].append(0.0), "preprocess.mean: expected a list of"),
    (lambda s: s["feature_names"].append("extra_feature"), "does not compute: extra_feature|expected a list of"),
    (lambda s: s["logistic"].__setitem__("coef", [[c] for c in s["logistic"]["coef"]]), "expected numbers"),
    (lambda s: s["preprocess"]["scale"].__setitem__(0, 0.0), "scale: must be positive"),
    (lambda s: s["calibration"].__setitem__("a", "1.0"), "calibration.a: expected a finite number"),
    (lambda s: s.__setitem__("format", "pickle"), "format must be"),
    (lambda s: s.__setitem__("kind", "trees"), "missing trees"),
], ids=["coef_short", "mean_long", "names_long", "coef_nested", "zero_scale", "string_number", "format", "kind"])
def test_a_wrong_shape_is_refused_for_a_users_model_file(tmp_path, shipped_spec, mutate, message):
    mutate(shipped_spec)
    path = _write(tmp_path, shipped_spec)
    with pytest.raises(ModelError, match=message):
        ReliabilityModel.load(path)
    with pytest.raises(ModelError, match="SHA-256"):
        ReliabilityModel.load(path, sha256=SHIPPED_SHA256)


def test_non_finite_numbers_are_refused(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8")
    spec = json.loads(text)
    first = repr(spec["logistic"]["intercept"])
    for constant in ("NaN", "Infinity", "-Infinity"):
        path = _write(tmp_path, text.replace(first, constant, 1).encode("utf-8"))
        with pytest.raises(ModelError):
            ReliabilityModel.load(path)


def test_a_missing_model_file_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="cannot read model file"):
        ReliabilityModel.load(tmp_path / "absent.json")


def test_loading_and_scoring_never_unpickle(monkeypatch, tmp_path, shipped_spec):
    def refuse(*args, **kwargs):
        raise AssertionError("pickle used while loading or scoring a model")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    shipped_model.cache_clear()  # so the shipped model is read again, under the block
    try:
        users = ReliabilityModel.load(_write(tmp_path, shipped_spec))
        text = SEEDS.joinpath("000_9d56d869819059ef.txt").read_text(encoding="utf-8")
        from_shipped = credscore.score(text)
        from_users = credscore.score(text, model=users)
    finally:
        shipped_model.cache_clear()
    assert from_users.reliability == from_shipped.reliability  # the same numbers, read as JSON
