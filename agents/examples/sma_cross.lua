-- A moving-average crossover as a Moondesk agent: one research task reads the fast and slow SMAs of the closes as
-- of the bar, one node turns them into the decision: BUY while the fast average is above the slow one, SELL when
-- it is below (flat, or short with `host backtest --allow-short`), with a stop-loss and a take-profit around
-- the close. It is the classic example of backtesting.py, and what `host backtest` is checked against
-- (scripts/backtesting_reference.py builds the same strategy there).
--   host backtest agents/examples/sma_cross.lua
return desk.agent {
  name = "sma_cross",
  profile = "balanced",
  warmup = 30,   -- bars before the first decision: the slow average needs them
  config = { sma_fast = 10, sma_slow = 30, sma_size = 0.95, sma_stop = 0.08, sma_target = 0.25 },
  plan = function(plan, ctx)
    plan:add{ id = "sma", name = "SMA crossover", priority = "critical",
              description = "The fast and slow simple moving averages of the closes, as of the bar",
              sources = { "candles" }, cost = 0, seconds = 0.01, handler = "sma_cross_signal" }
  end,
  graph = function(g, ctx)
    for _, node in ipairs { "validator", "quality_gate", "bull", "bear", "debate", "analyzer", "risk", "privacy",
                            "optimizer" } do
      g:remove(node)
    end
    g:unfork("bull_bear")
    g:unwire("researcher")
    g:edge("researcher", "decision")
    g:replace("decision", "sma_cross_decision")
    g:setting("sma_fast", { kind = "integer", default = 10, min = 1, doc = "bars of the fast average" })
    g:setting("sma_slow", { kind = "integer", default = 30, min = 2, doc = "bars of the slow average" })
    g:setting("sma_size", { kind = "fraction", default = 0.95, doc = "position, as a fraction of equity" })
    g:setting("sma_stop", { kind = "fraction", default = 0.08, doc = "stop-loss distance from the close" })
    g:setting("sma_target", { kind = "number", default = 0.25, min = 0, doc = "take-profit distance from the close" })
  end,
}
