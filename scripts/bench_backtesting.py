#!/usr/bin/env python3
"""The reference for `bench backtest`: backtesting.py 0.6's SMA crossover over the bundled daily bars (the strategy
of agents/examples/sma_cross.lua, as scripts/backtesting_reference.py builds it). Prints "<ms> ms (best of 5)"."""
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtesting_reference as R  # noqa: E402

t, o, h, l, c = R.bundled("data/candles/btcusd_1d_coinbase.csv")
df = R.frame(t, o, h, l, c)
best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    R.FractionalBacktest(df, R.SmaCross, cash=10_000, commission=0.001, fractional_unit=R.UNIT).run()
    best = min(best, time.perf_counter() - start)
print(f"{best * 1e3:.1f} ms (best of 5)")
