"""An experiment for the speed issue: the default model as ONNX, fp32 and int8 (the int8 one became
``--backend onnx``, claimcheck/onnx_encoder.py).

Exports the cached BertModel of the default model with ``torch.onnx.export``
(``dynamo=False``, eager attention, dynamic batch and length), quantizes it
with ONNX Runtime's ``quantize_dynamic`` (int8 weights), and compares, in one
run on the same texts: encoding throughput (the first 1,000 CLEF-2020
verified claims with their titles, batch 32, claimcheck's OnnxEncoder with 2 threads)
as a ratio to claimcheck's torch encoder, the cosine between each backend's
vector and torch's, and Tatoeba Hindi-English accuracy both ways.

Usage: python benchmarks/experiment_onnx.py --data-dir ../shared/datasets [--out benchmarks/results/onnx-experiment.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def export(model_dir: Path, folder: Path) -> dict[str, Path]:
    """The fp32 export and its int8 quantization, with claimcheck's own build steps."""
    import shutil

    from claimcheck.onnx_encoder import export_onnx, quantize

    fp32, int8 = folder / "model.onnx", folder / "model.int8.onnx"
    export_onnx(model_dir, fp32)
    quantize(fp32, int8)
    shutil.copy(model_dir / "tokenizer.json", folder / "tokenizer.json")
    return {"onnx fp32": fp32, "onnx int8": int8}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "onnx-experiment.json")
    args = parser.parse_args()
    import claimcheck
    from claimcheck.onnx_encoder import OnnxEncoder

    torch_encoder = claimcheck.load_encoder()
    model_dir = Path(torch_encoder.model.tokenizer.name_or_path)

    root = args.data_dir
    rows = list(csv.reader(open(root / "clef2020_checkthat_task2_en" / "verified_claims.docs.tsv", encoding="utf-8"),
                           delimiter="\t"))[1:1001]
    texts = [f"{r[1]} {r[2]}".strip() for r in rows]
    hindi = (root / "tatoeba_hin_eng" / "tatoeba.hin-eng.hin").read_text(encoding="utf-8").splitlines()
    english = (root / "tatoeba_hin_eng" / "tatoeba.hin-eng.eng").read_text(encoding="utf-8").splitlines()

    def tatoeba(encode) -> dict[str, float]:
        h, e = encode(hindi), encode(english)
        truth = np.arange(len(hindi))
        return {"hin-eng": round(float((np.argmax(h @ e.T, 1) == truth).mean()), 4),
                "eng-hin": round(float((np.argmax(e @ h.T, 1) == truth).mean()), 4)}

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        files = export(model_dir, Path(tmp))
        export_seconds = time.perf_counter() - started
        report: dict = {"texts": len(texts), "export_and_quantize_seconds": round(export_seconds, 1),
                        "int8_file_mb": round(files["onnx int8"].stat().st_size / 1e6, 1), "backends": {}}
        started = time.perf_counter()
        reference = torch_encoder.encode(texts)
        torch_rate = len(texts) / (time.perf_counter() - started)
        report["backends"]["torch fp32"] = {"sentences_per_second": round(torch_rate, 1), "ratio": 1.0,
                                            "tatoeba": tatoeba(lambda t: torch_encoder.encode(t))}
        for name, path in files.items():
            started = time.perf_counter()
            onnx = OnnxEncoder(path.parent, name, threads=2, file=path.name)
            load_seconds = time.perf_counter() - started
            started = time.perf_counter()
            vectors = onnx.encode(texts)
            rate = len(texts) / (time.perf_counter() - started)
            cosine = (vectors * reference).sum(1)
            report["backends"][name] = {
                "sentences_per_second": round(rate, 1), "ratio": round(rate / torch_rate, 2),
                "session_load_seconds": round(load_seconds, 2),
                "cosine_to_torch": {"min": round(float(cosine.min()), 4), "mean": round(float(cosine.mean()), 4)},
                "tatoeba": tatoeba(onnx.encode)}
            print(name, report["backends"][name], flush=True)
    print("torch fp32", report["backends"]["torch fp32"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
