-- Liquidity: volume trend (least-squares slope of the last 30 volumes), Amihud illiquidity over 30 bars
-- against 90, and the Corwin-Schultz high-low spread over 20 bars against its own 90-bar average.
local U = require "handlers.common"

local function mean_last(series, count)
  local sum, k = 0, 0
  for i = math.max(1, #series - count + 1), #series do
    local v = series[i]
    if U.ok(v) then sum, k = sum + v, k + 1 end
  end
  return k > 0 and sum / k or nil, k
end

return { run = function(task, ctx)
  local c = ctx.candles
  local n = U.require_bars(ctx, 3, "liquidity")
  desk.cost(0)
  -- A partial last bar (volume < 1/4 of the 20 before) would fake a falling volume trend: end the window before it.
  local partial = U.partial_last_bar(c)
  local skip = partial and 1 or 0
  local span = math.min(30, n - skip)
  local slope = span >= 10 and U.at(desk.ta.linear_slope(c.volume, span), skip) or nil
  local volMean = U.at(desk.ta.sma(c.volume, span), skip)
  -- Relative volume change over the window implied by the slope (slope per bar × bars / mean volume).
  local volTrend = (slope and volMean and volMean > 0) and slope * span / volMean or nil
  local a30, a90 = U.at(desk.ta.amihud(c.close, c.volume, 30)), U.at(desk.ta.amihud(c.close, c.volume, 90))
  local amihudRatio = (a30 and a90 and a90 > 0) and a30 / a90 or nil
  local spreadSeries = desk.ta.high_low_spread(c.high, c.low, 20)
  local spread = U.at(spreadSeries)
  local spreadAvg, spreadBars = mean_last(spreadSeries, 90)
  local spreadRatio = (spread and spreadAvg and spreadAvg > 0 and spreadBars >= 20) and spread / spreadAvg or nil

  -- Rising volume, falling price impact, narrowing spreads = improving liquidity (positive); the reverse negative.
  local signal, coverage, agreement = U.combine{
    { signal = volTrend and U.squash(volTrend), weight = 0.3 },
    { signal = amihudRatio and -U.squash(2 * math.log(amihudRatio)), weight = 0.4 },
    { signal = spreadRatio and -U.squash(2 * (spreadRatio - 1)), weight = 0.3 } }
  if not signal then
    return { signal = 0, confidence = 0, summary = string.format("liquidity: %d bars, not enough for any measure", n),
             metrics = { bars = n }, sources = { U.candle_source(ctx, c, n) } }
  end
  local confidence = U.clamp(coverage * (0.3 + 0.5 * agreement + 0.2 * math.abs(signal)), 0, 1)
  return {
    signal = signal, confidence = confidence,
    summary = string.format("volume trend %s over %d bars%s, Amihud 30/90 %s, spread %s (%s of its 90-bar mean) -> signal %+.2f",
      volTrend and string.format("%+.0f%%", 100 * volTrend) or "n/a", span, partial and " (partial last bar left out)" or "",
      amihudRatio and string.format("%.2f", amihudRatio) or "n/a",
      spread and string.format("%.2f%%", 100 * spread) or "n/a",
      spreadRatio and string.format("%.2fx", spreadRatio) or "n/a", signal),
    metrics = { volume_slope = slope, volume_mean = volMean, volume_trend = volTrend, volume_bars = span, partial_last_bar = partial and "yes" or "no",
                amihud30 = a30, amihud90 = a90, amihud_ratio = amihudRatio, spread20 = spread,
                spread20_mean90 = spreadAvg, spread_ratio = spreadRatio, coverage = coverage },
    sources = { U.candle_source(ctx, c, math.min(n, 110)) },
  }
end }
