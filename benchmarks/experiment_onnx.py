"""An experiment for the speed issue: the default model as ONNX, fp32 and int8 (the int8 one became
``--backend onnx``, claimcheck/onnx_encoder.py).

Exports the cached BertModel of the default model with ``torch.onnx.export``
(``dynamo=False``, eager attention, dynamic batch and length), quantizes it
with ONNX Runtime's ``quantize_dynamic`` (int8 weights), and compares, in one
run on the same texts: encoding throughput (the first 1,000 CLEF-2020
verified claims with their titles, batch 32, length-sorted batches, 2 threads)
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
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    fp32, int8 = folder / "model.onnx", folder / "model.int8.onnx"
    example = (torch.ones((2, 8), dtype=torch.long), torch.ones((2, 8), dtype=torch.long))
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "hidden": {0: "batch", 1: "tokens"}}
    torch.onnx.export(Hidden(model), example, str(fp32), input_names=["input_ids", "attention_mask"],
                      output_names=["hidden"], dynamic_axes=axes, opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return {"onnx fp32": fp32, "onnx int8": int8}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "onnx-experiment.json")
    args = parser.parse_args()
    import onnxruntime as ort
    from tokenizers import Tokenizer

    import claimcheck

    torch_encoder = claimcheck.load_encoder()
    model_dir = Path(torch_encoder.model.tokenizer.name_or_path)
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_padding(pad_id=1, pad_token="<pad>")
    tokenizer.enable_truncation(512)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2

    def encoder(session):
        def encode(texts: list[str], batch: int = 32) -> np.ndarray:
            out = np.zeros((len(texts), torch_encoder.dimension), dtype=np.float32)
            order = np.argsort([len(t) for t in texts])
            for start in range(0, len(texts), batch):
                rows = order[start : start + batch]
                encoded = tokenizer.encode_batch([torch_encoder.prompt + texts[j] for j in rows])
                ids = np.array([e.ids for e in encoded], dtype=np.int64)
                mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
                hidden = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
                vectors = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
                out[rows] = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
            return out
        return encode

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
            session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            load_seconds = time.perf_counter() - started
            encode = encoder(session)
            started = time.perf_counter()
            vectors = encode(texts)
            rate = len(texts) / (time.perf_counter() - started)
            cosine = (vectors * reference).sum(1)
            report["backends"][name] = {
                "sentences_per_second": round(rate, 1), "ratio": round(rate / torch_rate, 2),
                "session_load_seconds": round(load_seconds, 2),
                "cosine_to_torch": {"min": round(float(cosine.min()), 4), "mean": round(float(cosine.mean()), 4)},
                "tatoeba": tatoeba(encode)}
            print(name, report["backends"][name], flush=True)
    print("torch fp32", report["backends"]["torch fp32"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
