#!/usr/bin/env python3
"""Writes the TA-Lib reference fixtures that Tests/MarketDataTests compare Moondesk's indicators against.

Reads data/candles/btcusd_1d_coinbase.csv (and data/candles/btcusd_1d_bitstamp.csv for the cross-exchange
correlation), builds three datasets -- the daily series, its calendar-month resample (first open, max high,
min low, last close, summed volume; ~58 bars) and its first 30 bars (where warm-up conventions show) --
computes each indicator with TA-Lib's C library (pip install TA-Lib numpy) and writes one JSON file per
dataset to Tests/MarketDataTests/Fixtures/talib/, NaN written as null.

Correlation is TA-Lib CORREL applied to the simple returns r[i] = x[i]/x[i-1] - 1 (i >= 1) of both series;
the result is re-aligned with the price series, so index i is the correlation of the n returns ending at
bar i (first value at bar n, NaN before).

Usage: python3 scripts/talib_reference.py   (from the repository root)
"""
import csv
import json
import math
import os
import sys

import numpy as np
import talib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Tests", "MarketDataTests", "Fixtures", "talib")


def read_candles(rel):
    rows = []
    with open(os.path.join(ROOT, rel), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        assert header == ["time", "open", "high", "low", "close", "volume"], header
        for r in reader:
            rows.append((r[0], float(r[1]), float(r[2]), float(r[3]), float(r[4]), float(r[5])))
    return rows


def columns(rows):
    return {
        "time": [r[0] for r in rows],
        "open": [r[1] for r in rows],
        "high": [r[2] for r in rows],
        "low": [r[3] for r in rows],
        "close": [r[4] for r in rows],
        "volume": [r[5] for r in rows],
    }


def monthly(rows):
    out = []
    for r in rows:
        month = r[0][:7]
        if out and out[-1][0] == month:
            m = out[-1]
            out[-1] = (month, m[1], max(m[2], r[2]), min(m[3], r[3]), r[4], m[5] + r[5])
        else:
            out.append((month, r[1], r[2], r[3], r[4], r[5]))
    return [(m[0] + "-01",) + m[1:] for m in out]


def listify(a):
    return [None if (isinstance(v, float) and math.isnan(v)) else float(v) for v in a]


def simple_returns(x):
    x = np.asarray(x, dtype=float)
    return x[1:] / x[:-1] - 1.0


def correl_of_returns(x, y, n):
    c = talib.CORREL(simple_returns(x), simple_returns(y), timeperiod=n)
    return [math.nan] + list(c)


def cases_for(cols, correl_pair, correl_n):
    o, h, l, c, v = (np.asarray(cols[k], dtype=float) for k in ("open", "high", "low", "close", "volume"))
    cases = []

    def add(ind, params, **outs):
        cases.append({"indicator": ind, "params": params, "outputs": {k: listify(a) for k, a in outs.items()}})

    for n in (5, 20):
        add("sma", {"n": n}, value=talib.SMA(c, timeperiod=n))
    for n in (12, 26):
        add("ema", {"n": n}, value=talib.EMA(c, timeperiod=n))
    for n in (14, 6):
        add("rsi", {"n": n}, value=talib.RSI(c, timeperiod=n))
    for fast, slow, sig in ((12, 26, 9), (5, 13, 4)):
        m, s, hist = talib.MACD(c, fastperiod=fast, slowperiod=slow, signalperiod=sig)
        add("macd", {"fast": fast, "slow": slow, "signal": sig}, macd=m, signal=s, hist=hist)
    for n, k in ((20, 2.0), (10, 1.5), (5, 1.0)):
        up, mid, lo = talib.BBANDS(c, timeperiod=n, nbdevup=k, nbdevdn=k, matype=0)
        add("bbands", {"n": n, "k": k}, upper=up, middle=mid, lower=lo)
    for n in (14, 5):
        add("atr", {"n": n}, value=talib.ATR(h, l, c, timeperiod=n))
    for fk, sk, sd in ((5, 3, 3), (14, 3, 3)):
        kk, dd = talib.STOCH(h, l, c, fastk_period=fk, slowk_period=sk, slowk_matype=0, slowd_period=sd, slowd_matype=0)
        add("stoch", {"fastK": fk, "slowK": sk, "slowD": sd}, k=kk, d=dd)
    add("obv", {}, value=talib.OBV(c, v))
    for n in (10, 1):
        add("roc", {"n": n}, value=talib.ROC(c, timeperiod=n))
    for n in (20, 5):
        add("stddev", {"n": n}, value=talib.STDDEV(c, timeperiod=n, nbdev=1))
    for n in (14, 7):
        add("adx", {"n": n}, value=talib.ADX(h, l, c, timeperiod=n))
    x, y = correl_pair
    cases.append({
        "indicator": "correlation", "params": {"n": correl_n},
        "inputs": {"x": listify(x), "y": listify(y)},
        "outputs": {"value": listify(correl_of_returns(x, y, correl_n))},
    })
    return cases


def write(name, description, cols, correl_pair, correl_n):
    doc = {
        "dataset": name,
        "description": description,
        "talib_version": talib.__version__,
        "talib_c_version": talib.__ta_version__.decode() if isinstance(talib.__ta_version__, bytes) else str(talib.__ta_version__),
        "inputs": cols,
        "cases": cases_for(cols, correl_pair, correl_n),
    }
    path = os.path.join(OUT_DIR, f"{name}.json")
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)}: {len(cols['close'])} bars, {len(doc['cases'])} cases")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    daily = read_candles("data/candles/btcusd_1d_coinbase.csv")
    bitstamp = {r[0]: r for r in read_candles("data/candles/btcusd_1d_bitstamp.csv")}
    common = [r for r in daily if r[0] in bitstamp]
    pair = ([r[4] for r in common], [bitstamp[r[0]][4] for r in common])
    write("btcusd_1d_coinbase", "data/candles/btcusd_1d_coinbase.csv as is; correlation: Coinbase vs Bitstamp "
          "BTC closes on their common dates", columns(daily), pair, 30)

    m = columns(monthly(daily))
    write("btcusd_1M_coinbase", "calendar-month resample of data/candles/btcusd_1d_coinbase.csv (first open, max "
          "high, min low, last close, summed volume); correlation: close vs volume", m, (m["close"], m["volume"]), 12)

    short = columns(daily[:30])
    write("btcusd_1d_coinbase_first30", "the first 30 bars of data/candles/btcusd_1d_coinbase.csv (warm-up edges); "
          "correlation: close vs open", short, (short["close"], short["open"]), 10)


if __name__ == "__main__":
    sys.exit(main())
