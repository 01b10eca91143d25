#!/usr/bin/env python3
"""Writes the backtest fixtures of Tests/BacktestTests/Fixtures/ with backtesting.py 0.6 (pip install backtesting==0.6.6),
so Moondesk's fills and statistics are checked against the library traders know. Run once; commit the output.

  python3 scripts/backtesting_reference.py

Each fixture holds the bars (or names the bundled file), the decisions, and what backtesting.py made of them: the
trades, the equity at every bar and every statistic. The strategies follow Moondesk's rules (docs/BACKTEST.md):
BUY goes long `size` of equity when not long, SELL goes flat (short with shorting) when long, HOLD keeps; a signal
exit cancels the position's stop and target first, so it fills at the next open as Moondesk's does. Prices are
traded in satoshi units (FractionalBacktest) so positions are fractional, as Moondesk's are.
"""
import json
import math
import os
import random
import warnings

import numpy as np
import pandas as pd
from backtesting import Strategy
from backtesting.lib import FractionalBacktest

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Tests", "BacktestTests", "Fixtures")
UNIT = 1e-8


class Scripted(Strategy):
    """Follows `decisions` {bar: (action, size, stop, target)} from bar `first` on."""
    decisions = {}
    first = 1
    allow_short = False

    def init(self):
        w = self.first - 1
        # an attribute, so the library counts its warm-up (its first value at bar first - 1)
        self.warm = self.I(lambda c: np.r_[np.full(w, np.nan), np.asarray(c)[w:]], self.data.Close, name="warmup",
                           overlay=False)

    def exit(self):
        for t in self.trades:
            t.sl = None
            t.tp = None
        self.position.close()

    def act(self, action, size, stop, target):
        scaled = lambda x: None if x is None else x * UNIT
        if action == "BUY":
            if self.position.is_long:
                return
            if self.position.is_short:
                self.exit()
            self.buy(size=size, sl=scaled(stop), tp=scaled(target))
        elif action == "SELL":
            if self.position.is_long:
                self.exit()
            if self.allow_short and not self.position.is_short:
                self.sell(size=size, sl=scaled(stop), tp=scaled(target))

    def next(self):
        d = self.decisions.get(len(self.data) - 1)
        if d is not None:
            self.act(*d)


class SmaCross(Scripted):
    """agents/examples/sma_cross.lua in Python: its rules, its own averages (pandas), decided every bar."""
    fast, slow, size, stop, target = 10, 30, 0.95, 0.08, 0.25

    def init(self):
        close = pd.Series(self.data.Close)
        self.f = self.I(lambda: close.rolling(self.fast).mean().values, name="fast")
        self.s = self.I(lambda: close.rolling(self.slow).mean().values, name="slow")

    def next(self):
        f, s, c = self.f[-1], self.s[-1], self.data.Close[-1] / UNIT
        if f > s:
            self.act("BUY", self.size, c * (1 - self.stop), c * (1 + self.target))
        elif f < s:
            self.act("SELL", self.size, c * (1 + self.stop), c * (1 - self.target))


def value(v):
    if isinstance(v, pd.Timestamp):
        return int(v.timestamp())
    if isinstance(v, pd.Timedelta):
        return v.total_seconds()
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(v) else float(v) if math.isfinite(v) else ("inf" if v > 0 else "-inf")
    return v


def run(df, strategy, cash=10_000, commission=0.001, **params):
    bt = FractionalBacktest(df, strategy, cash=cash, commission=commission, fractional_unit=UNIT,
                            finalize_trades=False, exclusive_orders=False)
    stats = bt.run(**params)
    trades = stats["_trades"]
    return {
        "stats": {k: value(v) for k, v in stats.items() if not k.startswith("_")},
        "equity": [float(x) for x in stats["_equity_curve"]["Equity"].values],
        "trades": [{"size": float(t.Size), "entry_bar": int(t.EntryBar), "exit_bar": int(t.ExitBar),
                    "entry_price": float(t.EntryPrice), "exit_price": float(t.ExitPrice),
                    "pnl": float(t.PnL), "return_pct": float(t.ReturnPct) * 100, "commission": float(t.Commission)}
                   for t in trades.itertuples()],
    }


def frame(time, o, h, l, c):
    return pd.DataFrame({"Open": o, "High": h, "Low": l, "Close": c, "Volume": np.ones(len(c))},
                        index=pd.to_datetime(time, unit="s"))


def bars_json(time, o, h, l, c):
    return {"time": [int(t) for t in time], "open": list(map(float, o)), "high": list(map(float, h)),
            "low": list(map(float, l)), "close": list(map(float, c))}


def write(name, doc):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", name, len(doc["expected"]["trades"]), "trades")


def scripted(name, time, o, h, l, c, decisions, first, allow_short, commission):
    Scripted.decisions, Scripted.first, Scripted.allow_short = decisions, first, allow_short
    expected = run(frame(time, o, h, l, c), Scripted, commission=commission)
    write(name, {"bars": bars_json(time, o, h, l, c), "first_decision": first, "allow_short": allow_short,
                 "fee": commission, "capital": 10_000,
                 "decisions": [{"bar": b, "action": a, "size": s, "stop": st, "target": tp}
                               for b, (a, s, st, tp) in sorted(decisions.items())],
                 "expected": expected})


def hand():
    # 20 daily bars, every rule once: next-open fill, a HOLD keeping, a stop, a gap through a stop, a target, a stop
    # and a target in one bar (the stop counts), a signal exit, a reversal to short, a short's stop, the last bar's order.
    day = 86_400
    t0 = 1_609_459_200  # 2021-01-01
    c = [100, 102, 104, 103, 99, 96, 97, 101, 108, 112, 111, 109, 104, 100, 95, 97, 93, 90, 94, 92]
    o = [100, 101, 103, 104, 100, 97, 96, 98, 103, 110, 112, 110, 108, 103, 99, 95, 98, 92, 91, 93]
    h = [max(a, b) + 1.5 for a, b in zip(o, c)]
    l = [min(a, b) - 1.5 for a, b in zip(o, c)]
    o[5], l[5] = 91, 89.5     # bar 5 gaps through the stop (92) of the long opened at bar 2: filled at the open
    o[8], l[8] = 103, 101     # re-entered at bar 7's open... bar 8 rallies
    h[9] = 121                # bar 9: the long's target 120 is hit
    h[12], l[12] = 113, 98    # bar 12 touches both the stop 99 and the target 112: the stop counts
    o[16], h[16] = 98, 101.5  # bar 16: the short's stop 101 is touched
    time = [t0 + i * day for i in range(20)]
    decisions = {
        1: ("BUY", 0.5, 92.0, 130.0),    # fills at bar 2's open
        3: ("HOLD", 0, None, None),
        4: ("BUY", 0.5, 92.0, 130.0),    # already long: kept
        6: ("BUY", 0.8, 90.0, 120.0),    # after the stop at bar 5: a new long at bar 7's open
        10: ("BUY", 0.6, 99.0, 112.0),   # after the target at bar 9: a new long at bar 11
        13: ("SELL", 0.5, 101.0, 80.0),  # flat, then short from bar 14 (shorting on)
        17: ("BUY", 0.4, 80.0, 120.0),   # reversal: short closed, long opened at bar 18
        18: ("SELL", 0.5, 100.0, 70.0),  # long closed, short opened at bar 19 (the last bar)
        19: ("BUY", 0.5, 80.0, 120.0),   # the last bar's order never fills
    }
    scripted("hand_daily.json", time, o, h, l, c, decisions, first=1, allow_short=True, commission=0.001)


def random_decisions(name, time, o, h, l, c, first, allow_short, seed, commission, every=1):
    rng = random.Random(seed)
    decisions = {}
    for i in range(first, len(c), every):
        r = rng.random()
        if r < 0.15:
            size = round(rng.uniform(0.1, 0.99), 3)
            decisions[i] = ("BUY", size, c[i] * (1 - rng.uniform(0.01, 0.15)), c[i] * (1 + rng.uniform(0.01, 0.3)))
        elif r < 0.3:
            size = round(rng.uniform(0.1, 0.99), 3)
            decisions[i] = ("SELL", size, c[i] * (1 + rng.uniform(0.01, 0.15)), c[i] * (1 - rng.uniform(0.01, 0.3)))
        else:
            decisions[i] = ("HOLD", 0, None, None)
    scripted(name, time, o, h, l, c, decisions, first, allow_short, commission)


def bundled(path):
    df = pd.read_csv(os.path.join(ROOT, path))
    return (df["time"].map(lambda s: int(pd.Timestamp(s, tz="UTC").timestamp())).tolist(), df["open"].tolist(),
            df["high"].tolist(), df["low"].tolist(), df["close"].tolist())


def sma(name, path, allow_short, first):
    time, o, h, l, c = bundled(path)
    SmaCross.allow_short = allow_short
    expected = run(frame(time, o, h, l, c), SmaCross)
    write(name, {"data": path, "allow_short": allow_short, "fee": 0.001, "capital": 10_000, "first_decision": first,
                 "expected": expected})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    hand()
    time, o, h, l, c = bundled("data/candles/btcusd_1d_coinbase.csv")
    random_decisions("random_daily.json", time[:400], o[:400], h[:400], l[:400], c[:400], first=50,
                     allow_short=True, seed=7, commission=0.001)
    time, o, h, l, c = bundled("data/candles/btcusd_1h_coinbase.csv")
    random_decisions("random_hourly.json", time[:1500], o[:1500], h[:1500], l[:1500], c[:1500], first=100,
                     allow_short=True, seed=11, commission=0.002, every=3)
    # The slow average's first value is at bar 29; backtesting.py then decides from bar 30, as warmup = 30 does.
    sma("sma_cross_daily.json", "data/candles/btcusd_1d_coinbase.csv", allow_short=False, first=30)
    sma("sma_cross_daily_short.json", "data/candles/btcusd_1d_coinbase.csv", allow_short=True, first=30)
