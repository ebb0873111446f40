"""How long each explorer takes to redraw its figure when a slider moves (a benchmark, not a test).

Run ``.venv/bin/python benchmarks/bench_explorers.py``. Each explorer is built on
the data of the lesson that shows it; for several slider settings (the starting
values, and the slowest the sliders reach) it redraws the figure as a moved
slider does, ``explorer.png(**values)``: run the optimiser, draw the figure,
encode the PNG. It prints the best and the median of ``--repeat`` redraws per
setting, after one untimed redraw that warms fonts and caches.

Target on this 2-core machine: every median at most 0.5 s, "well under a
second", so that a student dragging a slider sees the figure follow.
``--check`` exits 1 when a setting misses it. Timings shift with the machine's
load: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

from sgd_lesson import make_linear_data  # noqa: E402
from sgd_lesson.widgets import batch_size_explorer, learning_rate_explorer  # noqa: E402

MAX_MEDIAN = 0.5  # seconds


def explorers():
    """(name, explorer, settings): each explorer on its lesson's data, and the settings to time."""
    x2, y2 = make_linear_data(50, seed=0)
    yield ("learning_rate_explorer (lesson 2)", learning_rate_explorer(x2, y2), [
        {},
        {"learning_rate": 0.02},
        {"learning_rate": 0.76, "n_steps": 300},
        {"learning_rate": 0.8, "n_steps": 300},  # diverges
    ])
    x3, y3 = make_linear_data(10_000, seed=0)
    yield ("batch_size_explorer (lesson 3)", batch_size_explorer(x3, y3, params0=(10.0, 5.0)), [
        {},
        {"batch_size": 1, "learning_rate": 0.01},  # 10,000 updates: the slowest setting
        {"batch_size": 1, "learning_rate": 1.0},  # blows up
        {"batch_size": 1000, "learning_rate": 0.5},
    ])
    try:
        from sgd_lesson.widgets import momentum_explorer
    except ImportError:
        print("momentum_explorer: not in sgd_lesson.widgets, skipped\n")
        return
    x4, y4 = make_linear_data(100, x_range=(2.0, 3.0), seed=0)
    explorer = momentum_explorer(x4, y4, n_updates=2000)
    top_rate = 10 ** explorer.controls["learning_rate"]().max
    yield ("momentum_explorer (lesson 4)", explorer, [
        {},
        {"beta": 0.0},
        {"beta": 0.99},
        {"learning_rate": top_rate},  # plain gradient descent diverges
    ])


def describe(values):
    return ", ".join(f"{name}={value:g}" for name, value in values.items()) or "starting values"


def redraw_times(explorer, values, repeat):
    explorer.png(**values)  # warm up: fonts, caches, the first run
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        explorer.png(**values)
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed redraws per setting (default 5)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if a median is over {MAX_MEDIAN} s")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    medians = []
    print(f"{'explorer / setting':<58}{'best':>9}{'median':>9}")
    for name, explorer, settings in explorers():
        print(name)
        for values in settings:
            best, median = redraw_times(explorer, values, args.repeat)
            medians.append((median, name, values))
            print(f"  {describe(values):<56}{best * 1000:>6.0f} ms{median * 1000:>6.0f} ms")
    slowest, name, values = max(medians, key=lambda item: item[0])
    met = slowest <= MAX_MEDIAN
    print(f"\nTarget (2-core machine): every median redraw at most {MAX_MEDIAN:g} s, well under a second")
    print(f"  {'met    ' if met else 'MISSED '} slowest median {slowest * 1000:.0f} ms: "
          f"{name.split()[0]}, {describe(values)}")
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
