"""Time the forecaster: the join, one network fit, the baselines; peak memory of the joined frame.

One fit = ``kzgov.forecast.fit_neural`` with every feature group on the temporal split's
training rows (approval FY < 2010 minus calibration and validation rows, about 7,300
projects), with early stopping, the recorded :class:`kzgov.forecast.NeuralConfig` and no
cache. The first fit in a process also pays Lightning's one-off set-up, so it is reported
separately from the median of the following fits. On a machine with a CUDA GPU the same fits
run again with ``accelerator="gpu"``.

Goals (issue 14): one fit <= 6 s on the CPU; notebook 05 cold <= 4 min on 2 cores, the
ablation included. Times are printed, not asserted; the load average is printed beside
them because the machine may be shared.

    OMP_NUM_THREADS=1 python benchmarks/forecaster.py            # 1 + 3 fits per device
    OMP_NUM_THREADS=1 python benchmarks/forecaster.py --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import tracemalloc

from kzgov import data
from kzgov.forecast import _core as forecast


def time_fits(frame, fold, *, accelerator: str, repeat: int) -> None:
    train, val = frame.iloc[fold.network], frame.iloc[fold.validation]
    test = {"test": frame.iloc[fold.test]}
    times, epochs = [], []
    for i in range(repeat + 1):
        start = time.perf_counter()
        fit = forecast.fit_neural(train, val, seed=i, predict=test, accelerator=accelerator)
        elapsed = time.perf_counter() - start
        if i == 0:
            print(f"  first fit (incl. Lightning set-up): {elapsed:6.2f} s, {fit.epochs} epochs")
            continue
        times.append(elapsed)
        epochs.append(fit.epochs)
    med = statistics.median(times)
    per_epoch = statistics.median(t / e for t, e in zip(times, epochs, strict=True))
    print(
        f"  median of {repeat} fits:              {med:6.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}; epochs {epochs}; {per_epoch:.3f} s/epoch)"
    )
    print(f"  goal one fit <= 6 s: {'meets' if med <= 6 else 'MISSES'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    ieg = data.load("ieg_ratings")
    tracemalloc.start()
    t0 = time.perf_counter()
    frame = forecast.prepare(ieg)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"join (prepare): {elapsed:.1f} s; joined frame {frame.shape[0]} rows x "
          f"{frame.shape[1]} columns, {frame.memory_usage(deep=True).sum() / 2**20:.1f} MiB; "
          f"peak Python allocation while joining {peak / 2**20:.1f} MiB (tracemalloc)")
    (fold,) = forecast.temporal_folds(frame)
    print(f"network fit on {fold.network.size} rows, early stopping on {fold.validation.size}")
    for name in forecast.BASELINES[1:]:
        start = time.perf_counter()
        forecast.fit_baseline(name, frame.iloc[fold.fit], {"test": frame.iloc[fold.test]})
        print(f"baseline {name}: {time.perf_counter() - start:.2f} s")

    import torch

    print(f"\nCPU (accelerator='cpu', torch {torch.__version__}, 1 thread):")
    time_fits(frame, fold, accelerator="cpu", repeat=args.repeat)
    if torch.cuda.is_available():
        print(f"\nGPU (accelerator='gpu': {torch.cuda.get_device_name(0)}):")
        time_fits(frame, fold, accelerator="gpu", repeat=args.repeat)
    else:
        print("\nGPU: none present (accelerator='auto' uses the CPU here)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
