-- Momentum: rate of change over 10 and 30 bars (scaled by the 30-bar volatility of per-bar returns) and
-- ADX 14 as trend strength.
local U = require "handlers.common"

return { run = function(task, ctx)
  local c = ctx.candles
  local n = U.require_bars(ctx, 3, "momentum")
  desk.cost(0)
  local roc10, roc30 = U.at(desk.ta.roc(c.close, 10)), U.at(desk.ta.roc(c.close, 30))
  local adx = U.at(desk.ta.adx(c.high, c.low, c.close, 14))
  local sd = U.at(desk.ta.stddev(desk.ta.returns(c.close), math.min(30, n - 2)))
  local sdBars = math.min(30, n - 2)

  -- ROC in units of what the recent volatility would move the price over the same span (a z-like score).
  local function z(roc, bars) return (roc and sd and sd > 0) and roc / (100 * sd * math.sqrt(bars)) or nil end
  local z10, z30 = z(roc10, 10), z(roc30, 30)
  local dir, coverage, agreement = U.combine{
    { signal = z10 and U.squash(z10), weight = 0.6 }, { signal = z30 and U.squash(z30), weight = 0.4 } }
  if not dir then
    return { signal = 0, confidence = 0, summary = string.format("momentum: %d bars, not enough for ROC 10", n),
             metrics = { bars = n }, sources = { U.candle_source(ctx, c, n) } }
  end
  -- ADX below 15: no trend, momentum counts 40 %; at 40 or more it counts fully. Unknown ADX counts as 15.
  local strength = adx and U.clamp((adx - 15) / 25, 0, 1) or 0
  local signal = U.clamp(dir * (0.4 + 0.6 * strength))
  local confidence = U.clamp(coverage * (0.2 + 0.5 * strength + 0.2 * math.abs(dir)) * (0.5 + 0.5 * agreement) * (adx and 1 or 0.6), 0, 0.9)
  return {
    signal = signal, confidence = confidence,
    summary = string.format("ROC10 %s, ROC30 %s (sd per bar of " .. (ctx.bar_interval or "1 day") .. " %.2f%%), ADX14 %s -> signal %+.2f",
      roc10 and string.format("%+.1f%%", roc10) or "n/a", roc30 and string.format("%+.1f%%", roc30) or "n/a",
      100 * (sd or 0), adx and string.format("%.1f (%s)", adx, adx >= 25 and "trending" or adx < 15 and "no trend" or "weak trend") or "n/a",
      signal),
    metrics = { roc10 = roc10, roc30 = roc30, adx14 = adx, return_sd = sd, return_sd_bars = sdBars, z10 = z10, z30 = z30,
                trend_strength = strength, direction = dir },
    sources = { U.candle_source(ctx, c, n) },
  }
end }
