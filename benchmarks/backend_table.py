"""The table of every accuracy figure for the torch and the ONNX backend side by side (speed issue).

Reads the saved results of ``claimcheck bench`` (``results/retrieval`` and
``results/retrieval-onnx``), ``bench_crosslingual.py --half tune``
(``crosslingual-tune.json`` and ``crosslingual-tune-onnx.json``) and
``bench_verdicts.py`` (``verdicts.json`` and ``verdicts-onnx.json``); run
those first (commands in benchmarks/README.md).

Usage: python benchmarks/backend_table.py
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
CLAIMNORM = ("ara", "deu", "fra", "hi", "mr", "msa", "pa", "pol", "por", "ta", "tha")


def _retrieval(folder: Path, name: str, metric: str) -> float:
    return json.loads((folder / f"{name}-hybrid.json").read_text())["metrics"][metric]


def figures(suffix: str) -> dict[str, float]:
    folder = RESULTS / f"retrieval{suffix}"
    out = {
        "CLEF-2020 dev MAP@5": _retrieval(folder, "clef2020_checkthat_task2_en-en-dev", "map@5"),
        "CLEF-2020 train MAP@5": _retrieval(folder, "clef2020_checkthat_task2_en-en-train", "map@5"),
        "debates dev MAP@5": _retrieval(folder, "checkthat2021_2b_debates-en-dev", "map@5"),
        "debates train MAP@5": _retrieval(folder, "checkthat2021_2b_debates-en-train", "map@5"),
        "claim normalization, mean Success@1": sum(
            _retrieval(folder, f"checkthat2025_claimnorm-{lang}-train", "success@1") for lang in CLAIMNORM)
        / len(CLAIMNORM),
        "Tatoeba hi->en": _retrieval(folder, "tatoeba_hin_eng-hin-eng-all", "accuracy"),
        "Tatoeba en->hi": _retrieval(folder, "tatoeba_hin_eng-eng-hin-all", "accuracy"),
    }
    tune = json.loads((RESULTS / f"crosslingual-tune{suffix}.json").read_text())
    out["cross-lingual tune top-1"] = tune["rankings"]["hybrid+none"]["all"]["top1"]
    out["cross-lingual tune verdict accuracy"] = tune["verdicts"]["all"]["accuracy"]
    out["verdict pairs accuracy"] = json.loads((RESULTS / f"verdicts{suffix}.json").read_text())["accuracy"]
    return out


def main() -> None:
    torch, onnx = figures(""), figures("-onnx")
    print("| figure | torch fp32 | ONNX int8 | difference |\n|---|---|---|---|")
    for name, value in torch.items():
        diff = onnx[name] - value
        print(f"| {name} | {value:.3f} | {onnx[name]:.3f} | {diff:+.3f}{' **' if abs(diff) > 0.005 else ''} |")


if __name__ == "__main__":
    main()
