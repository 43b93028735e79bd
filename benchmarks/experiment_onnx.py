"""The speed experiment behind ``--backend onnx``: each step from torch fp32 to the shipped int8 ONNX file, side by side.

Exports the cached BertModel of the default model with claimcheck's own
build step (``torch.onnx.export``, ``dynamo=False``, eager attention, dynamic
batch and length), then builds each variant below from that one fp32 file,
and measures all of them in one run on the same texts: encoding throughput
(the first 800 CLEF-2020 verified claims with their titles, claimcheck's
OnnxEncoder with 2 threads, one warm-up batch first) as a ratio to
claimcheck's torch encoder measured in the same run, the cosine between each
variant's vector and torch's (on those claims and on the tune half of the
cross-lingual set), Tatoeba Hindi-English accuracy both ways, and the file size.

Variants (``--variants`` picks some):

- ``onnx-fp32``: the export itself;
- ``int8-tensor``: ``quantize_dynamic``, one weight scale per tensor (build 1 of ``--backend onnx``);
- ``int8-channel``: one scale per output channel (build 2);
- ``int8-token-elementwise``: claimcheck's own quantizer, int8 weights with one scale per output channel and int8
  activations with one scale per token, so that a text's vector does not depend on its batch, spelt out in
  element-wise operators (build 3, ``claimcheck.onnx_encoder.quantize_per_token(rows=False)``);
- ``int8-token``: the same with one ``QuantizeLinear`` per input, one scale per row (build 4, shipped);
- ``int8-channel-matmul``: the same, the embedding table left in fp32;
- ``fused-int8-channel``: ONNX Runtime's BERT optimizer (fused attention, skip layer norm, bias GELU) first;
- ``fused-noattn-int8-channel``: the optimizer without attention fusion first;
- ``static-int8``: static (calibrated) int8 weights and activations, QOperator format, 200 calibration claims;
- ``int4-blocks``: 4-bit weights in blocks of 32 (``MatMulNBits``, int8 compute), the layout the embedded
  weights come in.

For each variant, "batch invariance" is the lowest cosine between a text's vector encoded alone and in a batch
of 32 (the first 200 texts). The shipped variant is also run at batch sizes 8, 16 and 64 and with 1 thread.

Usage: python benchmarks/experiment_onnx.py --data-dir ../shared/datasets [--out benchmarks/results/onnx-experiment.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import platform
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = "int8-token"
VARIANTS = ["onnx-fp32", "int8-tensor", "int8-channel", "int8-token-elementwise", "int8-token", "int8-channel-matmul",
            "fused-int8-channel", "fused-noattn-int8-channel", "static-int8", "int4-blocks"]


def build_variant(name: str, fp32: Path, folder: Path, calibration: list[str]) -> Path:
    """One variant's ONNX file in ``folder``, made from the fp32 export."""
    import onnx
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_dynamic, quantize_static

    out = folder / f"{name}.onnx"
    loose = {"DefaultTensorType": onnx.TensorProto.FLOAT}  # fused graphs have ops shape inference can't type
    if name == "onnx-fp32":
        return fp32
    if name == "int8-tensor":
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
    elif name == "int8-channel":
        from claimcheck.onnx_encoder import quantize

        quantize(fp32, out)
    elif name.startswith("int8-token"):
        from claimcheck.onnx_encoder import quantize_per_token

        quantize_per_token(fp32, out, rows=name == "int8-token")
    elif name == "int8-channel-matmul":
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"])
    elif name.startswith("fused"):
        from onnxruntime.transformers import optimizer
        from onnxruntime.transformers.fusion_options import FusionOptions

        options = FusionOptions("bert")
        options.enable_attention = name != "fused-noattn-int8-channel"
        fused = optimizer.optimize_model(str(fp32), model_type="bert", num_heads=12, hidden_size=384,
                                         optimization_options=options, opt_level=1)
        print(f"  {name}: fused {dict((k, v) for k, v in fused.get_fused_operator_statistics().items() if v)}")
        fused.save_model_to_file(str(folder / f"{name}.fp32.onnx"))
        quantize_dynamic(str(folder / f"{name}.fp32.onnx"), str(out), weight_type=QuantType.QInt8,
                         per_channel=True, extra_options=loose)
    elif name == "static-int8":
        from onnxruntime.quantization import CalibrationDataReader
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))

        class Reader(CalibrationDataReader):
            def __init__(self) -> None:
                self.texts = iter(calibration)

            def get_next(self):
                text = next(self.texts, None)
                if text is None:
                    return None
                ids = np.array([tokenizer.encode("query: " + text).ids], dtype=np.int64)
                return {"input_ids": ids, "attention_mask": np.ones_like(ids)}

        quantize_static(str(fp32), str(out), Reader(), quant_format=QuantFormat.QOperator, per_channel=True,
                        weight_type=QuantType.QInt8, activation_type=QuantType.QUInt8,
                        op_types_to_quantize=["MatMul"], extra_options=loose)
    elif name == "int4-blocks":
        from onnxruntime.quantization.matmul_nbits_quantizer import (DefaultWeightOnlyQuantConfig,
                                                                      MatMulNBitsQuantizer)

        config = DefaultWeightOnlyQuantConfig(block_size=32, is_symmetric=True, accuracy_level=4)
        quantizer = MatMulNBitsQuantizer(onnx.load(str(fp32)), algo_config=config)
        quantizer.process()
        quantizer.model.save_model_to_file(str(out), use_external_data_format=False)
    else:
        raise ValueError(name)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "onnx-experiment.json")
    parser.add_argument("--variants", nargs="+", default=VARIANTS, choices=VARIANTS)
    parser.add_argument("--texts", type=int, default=800)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)  # the quantizer's advice to pre-process
    import claimcheck
    from claimcheck.onnx_encoder import OnnxEncoder, export_onnx

    torch_encoder = claimcheck.load_encoder(backend="torch")
    model_dir = Path(torch_encoder.model.tokenizer.name_or_path)
    root = args.data_dir
    with open(root / "clef2020_checkthat_task2_en" / "verified_claims.docs.tsv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    texts = [f"{r[1]} {r[2]}".strip() for r in rows[: args.texts]]
    calibration = [r[1] for r in rows[5000:5200]]  # other claims than the measured ones
    crosslingual = []
    for file in sorted((ROOT / "benchmarks" / "data" / "crosslingual").glob("*.json")):
        for topic in json.loads(file.read_text(encoding="utf-8"))["topics"]:
            if topic["half"] == "tune":
                crosslingual += [s["text"] for s in topic["sentences"]] + [s["text"] for s in topic["statements"]]
    hindi = (root / "tatoeba_hin_eng" / "tatoeba.hin-eng.hin").read_text(encoding="utf-8").splitlines()
    english = (root / "tatoeba_hin_eng" / "tatoeba.hin-eng.eng").read_text(encoding="utf-8").splitlines()

    def tatoeba(encode) -> dict[str, float]:
        h, e = encode(hindi), encode(english)
        truth = np.arange(len(hindi))
        return {"hin-eng": round(float((np.argmax(h @ e.T, 1) == truth).mean()), 4),
                "eng-hin": round(float((np.argmax(e @ h.T, 1) == truth).mean()), 4)}

    def throughput(encode, batch_size: int = 32) -> tuple[float, np.ndarray]:
        encode(texts[:batch_size], batch_size=batch_size)  # warm-up
        started = time.perf_counter()
        vectors = encode(texts, batch_size=batch_size)
        return len(texts) / (time.perf_counter() - started), vectors

    report: dict = {"machine": {"cpu_count": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                                "platform": platform.platform()},
                    "texts": len(texts), "batch_size": 32, "threads": 2, "variants": {}}
    torch_rate, reference = throughput(torch_encoder.encode)
    reference_xl = torch_encoder.encode(crosslingual)
    report["variants"]["torch fp32"] = {"sentences_per_second": round(torch_rate, 1), "ratio": 1.0,
                                        "tatoeba": tatoeba(torch_encoder.encode)}
    print("torch fp32", report["variants"]["torch fp32"], flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(model_dir / "tokenizer.json", folder / "tokenizer.json")
        started = time.perf_counter()
        export_onnx(model_dir, folder / "model.onnx")
        report["export_seconds"] = round(time.perf_counter() - started, 1)
        for name in args.variants:
            started = time.perf_counter()
            path = build_variant(name, folder / "model.onnx", folder, calibration)
            build_seconds = time.perf_counter() - started
            started = time.perf_counter()
            onnx = OnnxEncoder(folder, name, threads=2, file=path.name)
            load_seconds = time.perf_counter() - started
            rate, vectors = throughput(onnx.encode)
            cosine = (vectors * reference).sum(1)
            cosine_xl = (onnx.encode(crosslingual) * reference_xl).sum(1)
            alone = np.vstack([onnx.encode([t]) for t in texts[:200]])
            invariance = float((alone * vectors[:200]).sum(1).min())
            report["variants"][name] = {
                "sentences_per_second": round(rate, 1), "ratio": round(rate / torch_rate, 2),
                "build_seconds": round(build_seconds, 1), "session_load_seconds": round(load_seconds, 2),
                "file_mb": round(path.stat().st_size / 1e6, 1),
                "cosine_to_torch": {"min": round(float(cosine.min()), 4), "mean": round(float(cosine.mean()), 4)},
                "cosine_to_torch_crosslingual": {"min": round(float(cosine_xl.min()), 4),
                                                 "mean": round(float(cosine_xl.mean()), 4)},
                "batch_invariance_min_cosine": round(invariance, 6),
                "tatoeba": tatoeba(onnx.encode)}
            print(name, report["variants"][name], flush=True)
            if name == SHIPPED:
                shipped = report["variants"][name]["settings"] = {}
                for batch_size in (8, 16, 64):
                    shipped[f"batch {batch_size}"] = round(throughput(onnx.encode, batch_size)[0] / torch_rate, 2)
                single = OnnxEncoder(folder, name, threads=1, file=path.name)
                shipped["1 thread"] = round(throughput(single.encode)[0] / torch_rate, 2)
                print(f"  {SHIPPED} settings (ratio to torch):", shipped, flush=True)
            if path.name != "model.onnx":
                path.unlink()
    torch_again, _ = throughput(torch_encoder.encode)
    report["variants"]["torch fp32"]["sentences_per_second_at_end"] = round(torch_again, 1)
    print(f"torch fp32 again at the end: {torch_again:.1f} sentences/s (the ratios use the first run)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
