"""Training: corpora are read honestly, and retraining from the shared data
rebuilds the shipped model exactly."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from credscore.dataset import read_corpora, read_jsonl
from credscore.train import MODEL_FEATURES, NOT_IN_MODEL, featurised, train

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "train"
needs_data = pytest.mark.skipif(not TRAIN.exists(), reason=f"training data not found at {TRAIN} (../shared is absent)")


def _shipped() -> dict:
    return json.loads((files("credscore") / "data" / "model.json").read_text(encoding="utf-8"))


@pytest.mark.slow
@needs_data
def test_retraining_on_the_shared_corpora_rebuilds_the_shipped_model():
    shipped = _shipped()
    provenance = shipped["provenance"]
    paths = [TRAIN / name for name in provenance["training_data"]]
    data = read_corpora(paths, cap_per_label=provenance["cap_per_label"])
    assert data.sources == provenance["training_data"], "the shared corpora changed since the model was trained"
    spec, _ = train(featurised(data, n_jobs=2), recipe=provenance["recipe"], n_jobs=2, in_domain=False)
    # Everything that decides a score must be identical; provenance carries
    # the date and the in-domain report, which this rebuild skips.
    for key in ("format", "kind", "feature_names", "preprocess", "logistic", "calibration", "bands", "vocabulary",
                "model_id"):
        assert spec.get(key) == shipped.get(key), key


def test_read_jsonl_refuses_bad_labels(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "a", "label": 2, "publisher": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="label must be 0 or 1"):
        read_jsonl(path)


def test_read_jsonl_refuses_a_file_without_the_group_field(tmp_path):
    # With a mistyped group field every row became its own group and the
    # in-domain ROC-AUC rose from 0.51 to 0.74 with no warning.
    path = tmp_path / "nogroup.jsonl"
    path.write_text('{"text": "a", "label": 1, "outlet": "x"}\n{"text": "b", "label": 0, "outlet": "y"}\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"no record has a 'publisher' field.*'outlet'"):
        read_jsonl(path)


def test_null_groups_are_their_own_groups_with_a_warning(tmp_path, caplog):
    path = tmp_path / "somegroups.jsonl"
    path.write_text('{"id": "a", "text": "a", "label": 1, "publisher": "x"}\n'
                    '{"id": "b", "text": "b", "label": 0, "publisher": null}\n'
                    '{"id": "c", "text": "c", "label": 0, "publisher": ""}\n', encoding="utf-8")
    data = read_jsonl(path)
    # Not merged into one "None" group: that would pretend they share a publisher.
    assert len(set(data.groups)) == 3
    assert "2 of 3 records have no 'publisher'" in caplog.text


def test_cap_per_label_keeps_the_same_records_whatever_the_file_order(tmp_path):
    lines = [json.dumps({"id": f"d{i}", "text": f"text {i}", "label": i % 2, "publisher": f"p{i % 7}"})
             for i in range(40)]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(lines) + "\n", encoding="utf-8")
    b.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    kept_a, kept_b = read_jsonl(a, cap_per_label=5), read_jsonl(b, cap_per_label=5)
    assert sorted(kept_a.ids) == sorted(kept_b.ids)
    assert len(kept_a.ids) == 10 and int(kept_a.labels.sum()) == 5


def test_corpus_name_defaults_to_the_file_name(tmp_path):
    path = tmp_path / "mycorpus.jsonl"
    path.write_text('{"text": "a", "label": 1, "publisher": "x"}\n', encoding="utf-8")
    assert list(read_corpora([path]).corpora) == ["mycorpus"]


def test_every_model_feature_is_computed_and_no_feature_is_both_in_and_out():
    from credscore.extraction import feature_names

    computed = set(feature_names())
    assert set(MODEL_FEATURES) <= computed
    assert not set(MODEL_FEATURES) & set(NOT_IN_MODEL)


@needs_data
def test_the_shipped_vocabulary_weighs_no_outlet_name():
    """No publisher fingerprints: no outlet name or domain label of any
    training corpus is among the weighted terms."""
    shipped = _shipped()
    if "vocabulary" not in shipped:
        pytest.skip("the shipped model has no vocabulary part")
    weighted = set(shipped["vocabulary"]["terms"])
    names = set()
    for path in sorted(TRAIN.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                names.add(str(record.get("publisher", "")).lower().removeprefix("the ").strip())
                host = str(record.get("domain") or "").lower().removeprefix("www.")
                names.add(host.split(".")[0])
    from credscore.lexicon import load_words

    common = load_words("style_common_lowercase") | load_words("stopwords_en")
    # An outlet whose whole name is an ordinary word ("people.com", "vox",
    # "time") cannot be told from that word; those names stay usable.
    named = {n for n in names if n and n not in common}
    assert not (weighted & named), sorted(weighted & named)[:20]


def test_featurised_rows_follow_the_data(tmp_path):
    path = tmp_path / "tiny.jsonl"
    texts = ["The mayor said the bridge would reopen on Monday after repairs to its supports were finished.",
             "SHOCKING!!! You won't believe what they are hiding from you about the bridge!!!"]
    path.write_text("\n".join(json.dumps({"text": t, "label": 1 - i, "publisher": f"p{i}"})
                              for i, t in enumerate(texts)) + "\n", encoding="utf-8")
    F = featurised(read_jsonl(path))
    assert F.X.shape == (2, len(F.names))
    assert F.counts.shape[0] == 2 and "bridge" in F.terms
    bridge = F.terms.index("bridge")
    assert np.all(F.counts[:, bridge].toarray().ravel() == [1, 1])
