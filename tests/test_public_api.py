import claimcheck


def test_all_is_sorted_and_complete():
    public = {name for name in dir(claimcheck) if not name.startswith("_")} | {"__version__"}
    modules = {"check", "checkworthy", "cli", "corpus", "encoder", "index", "lexical", "quantities", "report", "text",
               "sentences", "testing", "verdicts", "evaluation", "bench", "adapter", "rerank", "limits", "store", "vocabulary", "onnx_encoder",
               "ann", "claimreview", "web", "report_html", "batch", "ray_index"}
    assert claimcheck.__all__ == sorted(claimcheck.__all__)
    assert set(claimcheck.__all__) == public - modules


def test_error_tree():
    assert issubclass(claimcheck.CorpusError, claimcheck.InputError)
    assert issubclass(claimcheck.InputError, ValueError)
    assert issubclass(claimcheck.InputNotFoundError, FileNotFoundError)
    assert issubclass(claimcheck.IndexBusyError, TimeoutError)
    for cls in (claimcheck.IndexFormatError, claimcheck.ModelMismatchError, claimcheck.ModelError,
                claimcheck.IndexBusyError):
        assert issubclass(cls, claimcheck.ClaimcheckError)
