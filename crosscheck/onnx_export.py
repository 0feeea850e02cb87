"""Export the sentence-transformers model once to ONNX, for the fast-starting query backend.

``python -m crosscheck.onnx_export [--model PATH] [--out DIR]`` traces the same weights with
``torch.onnx.export`` (mean pooling and L2 normalization included in the graph), copies the
tokenizer, then embeds probe sentences with both backends and records the lowest cosine in
``export.json``. The export is written to a temporary folder and renamed into place, so a
crash never leaves a half export that ``find_onnx_export`` would accept.

This module imports torch (it must, to trace the model); nothing on the query path imports it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from crosscheck.embed import (
    ONNX_INFO,
    ONNX_MIN_COSINE,
    ONNX_MODEL,
    ONNX_TOKENIZER,
    PACKAGED_LABEL,
    OnnxEmbedder,
    SentenceTransformerEmbedder,
    _packaged_model_path,
    onnx_folder,
    resolve_model_path,
)
from crosscheck.errors import CrosscheckError, ModelError

_OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Probe sentences of very different lengths, one longer than the 256-token limit, so that both
# padding inside a batch and truncation are compared.
PROBES = (
    "Hi.",
    "North Korea was founded on September 9, 1948.",
    "The DPRK was established on 9 September 1948, the 76th anniversary falls this year.",
    "Xi Jinping wrote to Kim Jong Un on Monday, vowing to strengthen strategic communication.",
    "Shares of Airbus rose 3.2% to €41.50 after the $35 billion tanker contract was announced.",
    "This was Putin's first visit to North Korea since 2000, his first in 24 years.",
    "The recipe needs two cups of flour, an egg and 250 ml of milk.",
    "Over eight months, some 12,000 troops were deployed; at least 3,700 were wounded.",
    " ".join(["The committee met again on Thursday (Sept. 9) to discuss the budget."] * 30),
)


def export_onnx(
    model: str | None = None,
    root: Path | None = None,
    *,
    reference: SentenceTransformerEmbedder | None = None,
    keep_existing: bool = False,
) -> Path:
    """Export the resolved model to ``root/<model name>/`` and return that folder.

    ``reference`` is the model's embedder when the caller has one (loaded, perhaps), so the
    model is not loaded twice. Each run writes its own temporary folder and renames it into
    place; with ``keep_existing`` a complete export that another run finished meanwhile is kept
    (a query may be reading it) and this run's is dropped.
    """
    if importlib.util.find_spec("onnx") is None:  # torch's exporter needs it, onnxruntime not
        raise ModelError("the ONNX export needs the onnx package: pip install onnx")
    if reference is None:
        path = resolve_model_path(model)
        label = PACKAGED_LABEL if path == _packaged_model_path() else None
        reference = SentenceTransformerEmbedder(path, label=label)
    path = reference.path
    _require_mean_pooling_and_normalize(path)
    target = onnx_folder(reference.name, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        _export_into(temp, reference)
        if keep_existing and (target / ONNX_INFO).is_file():
            return target
        shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(temp, target)
        except OSError:
            if not (target / ONNX_INFO).is_file():  # not another run's complete export
                raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return target


def _export_into(temp: Path, reference: SentenceTransformerEmbedder) -> None:
    """Trace the model, copy its tokenizer and check the result against the reference."""
    path = reference.path
    st_model = reference._load()
    _trace(st_model, temp / ONNX_MODEL)
    _save_tokenizer(path, st_model, temp / ONNX_TOKENIZER)
    info: dict[str, Any] = {
        "source": reference.name,
        "source_path": str(path),
        "dim": reference.dim,
        "max_seq_length": int(st_model.max_seq_length),
        "opset": _OPSET,
    }
    (temp / ONNX_INFO).write_text(json.dumps(info, indent=1), encoding="utf-8")
    info["min_cosine"] = min_cosine(reference, OnnxEmbedder(temp))
    (temp / ONNX_INFO).write_text(json.dumps(info, indent=1), encoding="utf-8")


def min_cosine(reference: Any, candidate: Any) -> float:
    """Lowest cosine between the two embedders' vectors of the probes, batched and one by one."""
    texts = list(PROBES)
    pairs = [(reference.embed(texts), candidate.embed(texts))]
    pairs += [(reference.embed([t]), candidate.embed([t])) for t in texts]
    return float(min(np.min(np.sum(a * b, axis=1)) for a, b in pairs))


def _require_mean_pooling_and_normalize(path: Path) -> None:
    """The graph hard-codes mean pooling and normalization: refuse models that differ."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        kinds = [str(m["type"]).rsplit(".", 1)[-1] for m in modules]
        pooling_dir = next(m["path"] for m in modules if str(m["type"]).endswith("Pooling"))
        pooling = json.loads((path / pooling_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, StopIteration) as error:
        raise ModelError(f"cannot read the module layout of {path}: {error}") from error
    other_modes = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v]
    if kinds != ["Transformer", "Pooling", "Normalize"] or other_modes != [
        "pooling_mode_mean_tokens"
    ]:
        raise ModelError(
            f"{path} is not Transformer + mean Pooling + Normalize ({kinds}, {other_modes}); "
            "the ONNX export only supports that layout"
        )


def _trace(st_model: Any, target: Path) -> None:
    """Trace transformer + mean pooling + normalization into one ONNX graph."""
    import torch

    class _Sentence(torch.nn.Module):
        def __init__(self, transformer: torch.nn.Module) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    example = torch.ones((2, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer chatter about Python booleans in attention
        torch.onnx.export(
            _Sentence(st_model[0].auto_model).eval(),
            (example, example, torch.zeros_like(example)),
            str(target),
            input_names=list(_INPUTS),
            output_names=["sentence_embedding"],
            dynamic_axes=axes | {"sentence_embedding": {0: "batch"}},
            opset_version=_OPSET,
            dynamo=False,  # the TorchScript exporter needs no onnxscript
        )


def _save_tokenizer(path: Path, st_model: Any, target: Path) -> None:
    """The fast tokenizer's own file: copied from the folder, else saved from the model."""
    if (path / ONNX_TOKENIZER).is_file():
        shutil.copyfile(path / ONNX_TOKENIZER, target)
        return
    backend = getattr(st_model.tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise ModelError(f"{path} has no tokenizer.json and no fast tokenizer to save one from")
    backend.save(str(target))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crosscheck.onnx_export", description=__doc__)
    parser.add_argument("--model", help="sentence-transformers model folder (default: resolved)")
    parser.add_argument("--out", type=Path, help="export root (default: $CROSSCHECK_ONNX_DIR)")
    args = parser.parse_args(argv)
    try:
        folder = export_onnx(args.model, args.out)
    except CrosscheckError as error:
        print(f"crosscheck: error: {error}", file=sys.stderr)
        return 2
    info = json.loads((folder / ONNX_INFO).read_text(encoding="utf-8"))
    naming = "same name" if info["min_cosine"] >= ONNX_MIN_COSINE else "own name (-onnx)"
    print(
        f"exported {info['source']} to {folder}: lowest cosine with sentence-transformers "
        f"{info['min_cosine']:.7f}, {naming}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
