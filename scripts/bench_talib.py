#!/usr/bin/env python3
"""Times TA-Lib's C implementation (through its Python wrapper) on the hourly closes, for comparison with
Moondesk's Swift indicators (Sources/bench/MarketDataBench.swift runs this side by side).

Prints one JSON line: {"talib": version, "bars": n, "best_of": N, "rsi_us": ..., "macd_us": ...,
"bbands_us": ..., "atr_us": ...} -- best-of-N wall time per call in microseconds (the numpy call overhead of
a few hundred nanoseconds is included). With TA-Lib missing it prints {"error": "..."} and exits 0.

Usage: python3 scripts/bench_talib.py [path/to/candles.csv] [N]
"""
import csv
import json
import os
import sys
import time


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "data", "candles", "btcusd_1h_coinbase.csv")
    best_of = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    try:
        import numpy as np
        import talib
    except ImportError as e:
        print(json.dumps({"error": f"TA-Lib unavailable: {e} (pip install TA-Lib numpy)"}))
        return 0
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [r for r in reader]
    high = np.array([float(r[2]) for r in rows])
    low = np.array([float(r[3]) for r in rows])
    close = np.array([float(r[4]) for r in rows])
    cases = {
        "rsi": lambda: talib.RSI(close, timeperiod=14),
        "macd": lambda: talib.MACD(close, fastperiod=12, slowperiod=26, signalperiod=9),
        "bbands": lambda: talib.BBANDS(close, timeperiod=20, nbdevup=2.0, nbdevdn=2.0, matype=0),
        "atr": lambda: talib.ATR(high, low, close, timeperiod=14),
    }
    out = {"talib": talib.__version__, "bars": len(close), "best_of": best_of}
    for name, fn in cases.items():
        fn()
        best = float("inf")
        for _ in range(best_of):
            t0 = time.perf_counter_ns()
            fn()
            best = min(best, time.perf_counter_ns() - t0)
        out[f"{name}_us"] = round(best / 1000.0, 2)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
