"""Time one fit of the forecaster's network (one ensemble member), on the CPU and on a GPU.

One fit = ``kzgov.forecast.fit_neural`` on the temporal split's training rows (approval
FY < 2010 minus calibration and validation rows, about 7,300 projects), with early stopping,
the default :class:`kzgov.forecast.NeuralConfig` and no cache. The first fit in a process
also pays Lightning's one-off set-up, so it is reported separately from the median of the
following fits. Baseline fits are timed for comparison. On a machine with a CUDA GPU the
same fits run again with ``accelerator="gpu"`` (what ``accelerator="auto"`` picks there).

Goal (issue 6): one fit <= 6 s on the CPU, so that notebook 05's 30 fits finish cold in
under 4 minutes on 2 cores. Times are printed, not asserted.

    OMP_NUM_THREADS=1 python benchmarks/forecaster.py            # 1 + 3 fits per device
    OMP_NUM_THREADS=1 python benchmarks/forecaster.py --repeat 5
    OMP_NUM_THREADS=1 python benchmarks/forecaster.py --evaluate # + a cold evaluate() (30 fits)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from kzgov import data, forecast


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
    verdict = "meets" if med <= 6 else "MISSES"
    print(f"  goal one fit <= 6 s: {verdict}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--evaluate", action="store_true", help="also time a cold evaluate()")
    args = ap.parse_args()

    t0 = time.perf_counter()
    frame = forecast.prepare(data.load("ieg_ratings"))
    (fold,) = forecast.temporal_folds(frame)
    print(f"data: {len(frame)} rated projects; network fit on {fold.network.size} rows, "
          f"early stopping on {fold.validation.size} ({time.perf_counter() - t0:.1f} s to load)")
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
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

    if args.evaluate:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["KZGOV_CACHE_DIR"] = tmp
            start = time.perf_counter()
            forecast.evaluate()
            print(f"\ncold evaluate() with defaults (30 fits + baselines, accelerator auto): "
                  f"{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
