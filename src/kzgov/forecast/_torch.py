"""The forecaster's network: Lightning data module and model (imports torch and lightning).

Imported only when a network is built or loaded (by :func:`kzgov.forecast._core.fit_neural`,
:func:`kzgov.forecast._core.load_module` and the trained forecaster's ``predict``), so that
``import kzgov`` and ``import kzgov.forecast`` stay free of torch.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import os
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import lightning as L
import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from kzgov.forecast._features import UNKNOWN_INDEX, TabularEncoder, TextEncoder

__all__ = [
    "ForecastDataModule",
    "ForecastModule",
    "encode",
    "fit",
    "load_module",
    "quiet_lightning",
    "state_dict_bytes",
    "torch_setup",
]

N_TASKS = 5  # CORAL tasks "rating > k", k = 0..4
SUCCESS_TASK = 2  # success is "rating > 2"
MAX_TOKENS = 256


def embedding_dim(cardinality: int, *, max_dim: int = 8) -> int:
    """Embedding width for a column with ``cardinality`` codes: ``min(max_dim, round(1.6 n^0.56))``."""
    return max(1, min(max_dim, round(1.6 * cardinality**0.56)))


def encode(
    frame: pd.DataFrame, encoder: TabularEncoder, text: TextEncoder | None, text_col: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(codes, numerics, tokens)``; tokens padded with 0 to at most :data:`MAX_TOKENS`."""
    codes, nums = encoder.transform(frame)
    n = len(frame)
    if text is None or text_col is None:
        return codes, nums, np.zeros((n, 1), dtype=np.int64)
    idx, offsets = text.transform(frame[text_col])
    ends = np.append(offsets[1:], idx.size) if n else offsets
    lengths = np.minimum(ends - offsets, MAX_TOKENS)
    width = max(1, int(lengths.max()) if n else 1)
    tokens = np.zeros((n, width), dtype=np.int64)
    for i in range(n):
        tokens[i, : lengths[i]] = idx[offsets[i] : offsets[i] + lengths[i]]
    return codes, nums, tokens


class ForecastDataModule(L.LightningDataModule):
    """Encoded training and validation rows; the encoders are fitted on ``train`` only.

    Parameters
    ----------
    train, val
        Prepared frames: the training rows and the early-stopping validation rows.
    columns
        :func:`kzgov.forecast._features.feature_columns` output: categorical, numeric, text.
    target
        ``binary`` (``success``) or ``ordinal`` (``rating``).
    batch_size, min_count, seed, clip_numeric, text_ngram, text_min_count
        Mini-batch size, rarity threshold, shuffling seed, numeric clipping, and the text
        vocabulary's n-gram length and minimum document count.
    """

    def __init__(
        self,
        train: pd.DataFrame,
        val: pd.DataFrame | None,
        *,
        columns: Mapping[str, Any],
        target: str = "binary",
        batch_size: int = 512,
        min_count: int = 5,
        clip_numeric: bool = True,
        text_ngram: int = 2,
        text_min_count: int = 3,
        seed: int = 0,
    ) -> None:
        super().__init__()
        self.train_frame, self.val_frame = train, val
        self.columns = dict(columns)
        self.target = target
        self.batch_size = batch_size
        self.seed = seed
        self.encoder = TabularEncoder.fit(
            train, categorical=self.columns["categorical"], numeric=self.columns["numeric"],
            min_count=min_count, clip=clip_numeric,
        )
        self.text = (
            TextEncoder.fit(train[self.columns["text"]], ngram=text_ngram, min_count=text_min_count)
            if self.columns.get("text")
            else None
        )
        self._train = self.dataset(train)
        self._val = None if val is None else self.dataset(val)

    def dataset(self, frame: pd.DataFrame) -> TensorDataset:
        """``(codes, numerics, tokens, target)`` tensors of ``frame``."""
        codes, nums, toks = encode(frame, self.encoder, self.text, self.columns.get("text"))
        col = "success" if self.target == "binary" else "rating"
        y = frame[col].to_numpy(dtype=np.int64)
        return TensorDataset(*(torch.from_numpy(a) for a in (codes, nums, toks, y)))

    def model_kwargs(self) -> dict[str, Any]:
        """The data-dependent arguments of :class:`ForecastModule`."""
        return {
            "cardinalities": list(self.encoder.cardinalities),
            "n_numeric": len(self.encoder.numeric),
            "vocab_size": 0 if self.text is None else len(self.text.vocabulary),
        }

    def train_dataloader(self) -> DataLoader:
        gen = torch.Generator().manual_seed(self.seed)
        return DataLoader(self._train, batch_size=self.batch_size, shuffle=True, generator=gen)

    def val_dataloader(self) -> DataLoader:
        return DataLoader(self._val, batch_size=max(len(self._val), 1), shuffle=False)


class ForecastModule(L.LightningModule):
    """An MLP over entity embeddings, the numeric block and a text embedding bag.

    Index 0 of each categorical embedding is the unknown category. The text tower is an
    ``nn.EmbeddingBag`` (mean) over the word n-grams of the project name and PDO, trained
    from scratch; index 0 is padding (excluded from the mean). With ``target="binary"``
    the head is one logit of success; with ``target="ordinal"`` a CORAL head (Cao et al.,
    2020): one shared logit plus five biases, task *k* predicting ``rating > k``.

    Parameters
    ----------
    cardinalities
        Codes per categorical column, unknown included.
    n_numeric
        Number of numeric inputs.
    vocab_size
        Known n-grams (0: no text tower).
    target, hidden, max_embedding_dim, text_dim, dropout, learning_rate, weight_decay
        Architecture and optimiser (AdamW).
    unknown_dropout
        Probability that a categorical cell is replaced by the unknown index in training.
    """

    def __init__(
        self,
        cardinalities: Sequence[int],
        n_numeric: int,
        vocab_size: int = 0,
        *,
        target: str = "binary",
        hidden: Sequence[int] = (64, 32),
        max_embedding_dim: int = 8,
        text_dim: int = 16,
        dropout: float = 0.1,
        learning_rate: float = 3e-3,
        weight_decay: float = 1e-4,
        unknown_dropout: float = 0.05,
    ) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.target = target
        self.embeddings = nn.ModuleList(
            nn.Embedding(int(c), embedding_dim(int(c), max_dim=max_embedding_dim))
            for c in cardinalities
        )
        self.text = (
            nn.EmbeddingBag(int(vocab_size) + 1, int(text_dim), mode="mean", padding_idx=0)
            if vocab_size > 0
            else None
        )
        width = sum(e.embedding_dim for e in self.embeddings) + int(n_numeric)
        width += int(text_dim) if self.text is not None else 0
        layers: list[nn.Module] = []
        for h in hidden:
            layers += [nn.Linear(width, int(h)), nn.ReLU(), nn.Dropout(dropout)]
            width = int(h)
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(width, 1)
        if target == "ordinal":
            self.thresholds = nn.Parameter(torch.zeros(N_TASKS))
        else:
            self.register_parameter("thresholds", None)
        self._best_val = math.inf
        self._best_state: dict[str, Any] | None = None
        self.best_epoch = -1

    def forward(self, codes: torch.Tensor, nums: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        """Logits: shape ``(n,)`` for binary, ``(n, 5)`` for ordinal."""
        parts = [emb(codes[:, j]) for j, emb in enumerate(self.embeddings)]
        parts.append(nums)
        if self.text is not None:
            parts.append(self.text(tokens))
        logit = self.head(self.body(torch.cat(parts, dim=1)))
        if self.target == "binary":
            return logit.squeeze(1)
        return logit + self.thresholds

    def success_logit(self, codes: torch.Tensor, nums: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        """Logit of P(outcome >= Moderately Satisfactory)."""
        out = self(codes, nums, tokens)
        return out if self.target == "binary" else out[:, SUCCESS_TASK]

    def loss(self, logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Binary cross-entropy, or the CORAL loss (mean BCE over the five tasks)."""
        fn = nn.functional.binary_cross_entropy_with_logits
        if self.target == "binary":
            return fn(logits, y.to(logits.dtype))
        tasks = torch.arange(logits.shape[1], device=y.device)
        return fn(logits, (y.unsqueeze(1) > tasks).to(logits.dtype))

    def training_step(self, batch: Any, batch_idx: int) -> torch.Tensor:
        codes, nums, toks, y = batch
        p = self.hparams.unknown_dropout
        if p > 0 and codes.shape[1]:
            mask = torch.rand(codes.shape, device=codes.device) < p
            codes = codes.masked_fill(mask, UNKNOWN_INDEX)
        return self.loss(self(codes, nums, toks), y)

    def validation_step(self, batch: Any, batch_idx: int) -> None:
        codes, nums, toks, y = batch
        self.log("val_loss", self.loss(self(codes, nums, toks), y), batch_size=len(y), sync_dist=True)

    def on_validation_epoch_end(self) -> None:
        if self.trainer.sanity_checking:
            return
        val = float(self.trainer.callback_metrics["val_loss"])
        if val < self._best_val:
            self._best_val = val
            self.best_epoch = int(self.current_epoch)
            self._best_state = {k: v.detach().clone() for k, v in self.state_dict().items()}

    def restore_best(self) -> None:
        """Load the weights of the epoch with the lowest validation loss."""
        if self._best_state is not None:
            self.load_state_dict(self._best_state)

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.AdamW(
            self.parameters(), lr=self.hparams.learning_rate, weight_decay=self.hparams.weight_decay
        )

    @torch.no_grad()
    def predict_proba(self, codes: np.ndarray, nums: np.ndarray, tokens: np.ndarray) -> np.ndarray:
        """P(success) for encoded rows, on the CPU, as float64."""
        was_training = self.training
        self.eval()
        model = self.to("cpu")
        logit = model.success_logit(*(torch.from_numpy(a) for a in (codes, nums, tokens)))
        self.train(was_training)
        return torch.sigmoid(logit.double()).numpy()


@contextlib.contextmanager
def quiet_lightning() -> Iterator[None]:
    """Silence Lightning's info logs and its data-loader hints."""
    names = ("lightning", "lightning.pytorch", "lightning.fabric", "pytorch_lightning")
    old = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*does not have many workers.*")
            warnings.filterwarnings("ignore", message=".*num_workers.*")
            warnings.filterwarnings("ignore", message=".*LeafSpec.*")
            warnings.filterwarnings("ignore", category=UserWarning, module="lightning")
            yield
    finally:
        for n, level in old.items():
            logging.getLogger(n).setLevel(level)


def torch_setup() -> None:
    """One CPU thread; deterministic cuBLAS workspace on a GPU."""
    torch.set_num_threads(1)
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")


def state_dict_bytes(module: nn.Module) -> bytes:
    """Serialise ``module.state_dict()`` with ``torch.save`` (tensors only)."""
    buf = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in module.state_dict().items()}, buf)
    return buf.getvalue()


def load_module(hparams: Mapping[str, Any], state: bytes | str | Path) -> ForecastModule:
    """Rebuild a :class:`ForecastModule` and load weights with ``torch.load(weights_only=True)``."""
    kwargs = dict(hparams)
    module = ForecastModule(
        kwargs.pop("cardinalities"), kwargs.pop("n_numeric"), kwargs.pop("vocab_size", 0), **kwargs
    )
    source = io.BytesIO(state) if isinstance(state, bytes) else state
    module.load_state_dict(torch.load(source, map_location="cpu", weights_only=True))
    module.eval()
    return module


def fit(
    train: pd.DataFrame,
    val: pd.DataFrame,
    *,
    columns: Mapping[str, Any],
    config: Any,
    seed: int,
    predict: Mapping[str, pd.DataFrame],
    accelerator: str,
) -> dict[str, Any]:
    """Train one network; returns the pieces of a :class:`kzgov.forecast.NeuralFit`."""
    from lightning.pytorch.callbacks import EarlyStopping

    torch_setup()
    start = time.perf_counter()
    with quiet_lightning():
        L.seed_everything(seed, workers=True, verbose=False)
        dm = ForecastDataModule(
            train, val, columns=columns, target=config.target, batch_size=config.batch_size,
            min_count=config.min_count, clip_numeric=config.clip_numeric,
            text_ngram=config.text_ngram, text_min_count=config.text_min_count, seed=seed,
        )
        hparams = {**dm.model_kwargs(), **config.module_kwargs()}
        module = ForecastModule(**hparams)
        trainer = L.Trainer(
            max_epochs=config.max_epochs, accelerator=accelerator, devices=1, deterministic=True,
            enable_progress_bar=False, enable_model_summary=False, enable_checkpointing=False,
            logger=False, num_sanity_val_steps=0,
            callbacks=[EarlyStopping(monitor="val_loss", patience=config.patience, mode="min")],
        )
        trainer.fit(module, datamodule=dm)
        epochs = int(trainer.current_epoch)
        module.restore_best()
        module.to("cpu")
        preds = {
            name: module.predict_proba(*encode(frame, dm.encoder, dm.text, columns.get("text")))
            for name, frame in predict.items()
        }
    return {
        "encoder": dm.encoder,
        "text": dm.text,
        "hparams": {**hparams, "hidden": list(hparams["hidden"])},
        "state_dict": state_dict_bytes(module),
        "epochs": epochs,
        "best_epoch": int(module.best_epoch),
        "best_val_loss": float(module._best_val),
        "predictions": preds,
        "seconds": time.perf_counter() - start,
    }
