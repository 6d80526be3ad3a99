"""Train the forecaster's LightningModule with distributed data parallel (DDP) on several devices.

The same :class:`kzgov.forecast._torch.ForecastDataModule` and
:class:`kzgov.forecast._torch.ForecastModule` as in notebook 05 (every feature group, text
tower included), trained with ``lightning.Trainer(strategy="ddp", devices=N)``. Lightning
starts one process per device by re-running this script; every process builds the same
data module (the encoder is fitted on the training rows only, deterministically, so all
ranks agree), Lightning gives each rank a disjoint shard of every epoch through a
``DistributedSampler``, and gradients are averaged across ranks after each step. The
effective batch is ``devices x --batch-size``. Early stopping reads the validation loss
averaged over ranks (``sync_dist=True``), so all ranks stop at the same epoch.

Rank 0 saves the weights as a state_dict (``weights.pt``) with the encoder and the
module's arguments (``model.json``), reloads them with ``torch.load(weights_only=True)``
and prints ROC AUC and Brier score on the temporal test split (approval FY >= --split-year).

Examples
--------
On a machine with 4 GPUs::

    python scripts/train_ddp.py --devices 4 --accelerator gpu --output models/ddp

Smoke test on the CPU, two processes (gloo backend)::

    OMP_NUM_THREADS=1 python scripts/train_ddp.py --devices 2 --accelerator cpu --max-epochs 3
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from pathlib import Path

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devices", type=int, default=2, help="processes / GPUs (default 2)")
    ap.add_argument("--accelerator", default="auto", help="gpu, cpu or auto (default)")
    ap.add_argument("--num-nodes", type=int, default=1)
    ap.add_argument("--target", choices=["binary", "ordinal"], default="binary")
    ap.add_argument("--max-epochs", type=int, default=30)
    ap.add_argument("--batch-size", type=int, default=512, help="per process")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--split-year", type=int, default=2010)
    ap.add_argument("--output", type=Path, default=None, help="folder for weights.pt and model.json")
    ap.add_argument("--progress", action="store_true", help="show Lightning's progress bar")
    args = ap.parse_args()

    import lightning as L
    import torch
    from lightning.pytorch.callbacks import EarlyStopping

    from kzgov import data, paths
    from kzgov.forecast import _core as forecast
    from kzgov.forecast import _features as features
    from kzgov.forecast import _torch

    torch.set_num_threads(1)
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    L.seed_everything(args.seed, workers=True, verbose=False)

    frame = forecast.prepare(data.load("ieg_ratings"))
    (fold,) = forecast.temporal_folds(frame, split_year=args.split_year)
    config = dataclasses.replace(
        forecast.NeuralConfig(), target=args.target, max_epochs=args.max_epochs,
        batch_size=args.batch_size,
    )
    columns = features.feature_columns(frame)
    dm = _torch.ForecastDataModule(
        frame.iloc[fold.network],
        frame.iloc[fold.validation],
        columns=columns,
        target=config.target,
        batch_size=config.batch_size,
        min_count=config.min_count,
        clip_numeric=config.clip_numeric,
        text_ngram=config.text_ngram,
        text_min_count=config.text_min_count,
        seed=args.seed,
    )
    hparams = {**dm.model_kwargs(), **config.module_kwargs()}
    module = _torch.ForecastModule(**hparams)
    trainer = L.Trainer(
        accelerator=args.accelerator,
        devices=args.devices,
        num_nodes=args.num_nodes,
        strategy="ddp",
        max_epochs=config.max_epochs,
        deterministic=True,
        enable_progress_bar=args.progress,
        enable_model_summary=False,
        enable_checkpointing=False,
        logger=False,
        num_sanity_val_steps=0,
        callbacks=[EarlyStopping(monitor="val_loss", patience=config.patience, mode="min")],
    )
    trainer.fit(module, datamodule=dm)
    if trainer.global_rank != 0:
        return

    module.restore_best()
    state = _torch.state_dict_bytes(module)
    out = args.output or (paths.cache_dir() / "ddp")
    out.mkdir(parents=True, exist_ok=True)
    (out / "weights.pt").write_bytes(state)
    meta = {
        "hparams": {**hparams, "hidden": list(hparams["hidden"])},
        "encoder": dm.encoder.to_dict(),
        "text": None if dm.text is None else dm.text.to_dict(),
        "devices": args.devices,
        "world_size": trainer.world_size,
        "epochs": int(trainer.current_epoch),
        "best_epoch": int(module.best_epoch),
    }
    (out / "model.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")

    reloaded = _torch.load_module(meta["hparams"], out / "weights.pt")
    test = frame.iloc[fold.test]
    p = reloaded.predict_proba(*_torch.encode(test, dm.encoder, dm.text, columns["text"]))
    y = test["success"].to_numpy()
    print(
        f"world size {trainer.world_size} ({args.accelerator}); {meta['epochs']} epochs, "
        f"best epoch {meta['best_epoch']}; temporal test n = {len(y)}: "
        f"ROC AUC {forecast.roc_auc(y, p):.4f}, Brier {forecast.brier(y, p):.4f}; "
        f"mean P(success) {np.mean(p):.4f}; saved {paths.display_path(out)}"
    )


if __name__ == "__main__":
    main()
