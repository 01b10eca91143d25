-- Breakout detection: the last close against the previous 20 bars' high and low, the distance in ATR 14 units,
-- and volume confirmation against the previous 20 bars' average volume.
local U = require "handlers.common"

local N = 20

return { run = function(task, ctx)
  local c = ctx.candles
  local n = U.require_bars(ctx, 3, "breakout")
  desk.cost(0)
  local close = c.close:last()
  -- Channel and volume average of the N bars before the last one (the last bar is what is being tested).
  local hi, lo = U.at(desk.ta.rolling_max(c.high, N), 1), U.at(desk.ta.rolling_min(c.low, N), 1)
  local volAvg = U.at(desk.ta.sma(c.volume, N), 1)
  local atr = U.at(desk.ta.atr(c.high, c.low, c.close, 14))
  if not (hi and lo and atr and atr > 0) then
    return { signal = 0, confidence = 0,
             summary = string.format("breakout: %d bars, need %d for the %d-bar channel and ATR 14", n, math.max(N, 14) + 2, N),
             metrics = { bars = n }, sources = { U.candle_source(ctx, c, n) } }
  end
  local vol = c.volume:last()
  local volRatio = (volAvg and volAvg > 0) and vol / volAvg or nil
  local confirmed = volRatio ~= nil and volRatio >= 1.5
  local partial = U.partial_last_bar(c)
  local state, dist, signal, confidence
  if close > hi then
    dist = (close - hi) / atr
    state = string.format("above the 20-bar high by %.2f ATR", dist)
    signal = U.clamp(0.5 + 0.25 * dist) * (confirmed and 1 or 0.6)
    confidence = confirmed and U.clamp(0.5 + 0.2 * (volRatio - 1.5) + 0.1 * dist, 0, 0.9) or 0.35
  elseif close < lo then
    dist = (close - lo) / atr
    state = string.format("below the 20-bar low by %.2f ATR", -dist)
    signal = -U.clamp(0.5 - 0.25 * dist) * (confirmed and 1 or 0.6)
    confidence = confirmed and U.clamp(0.5 + 0.2 * (volRatio - 1.5) - 0.1 * dist, 0, 0.9) or 0.35
  else
    -- Inside the channel: lean towards the nearer edge, weakly; the nearer the edge (in ATRs) the more it counts.
    local toHigh, toLow = (hi - close) / atr, (close - lo) / atr
    dist = toHigh < toLow and -toHigh or toLow
    state = string.format("inside the channel, %.1f ATR below the high, %.1f ATR above the low", toHigh, toLow)
    local pos = (close - lo) / (hi - lo)
    signal = 0.3 * (2 * pos - 1)
    confidence = U.clamp(0.15 + 0.1 / (1 + math.min(toHigh, toLow)), 0, 0.25)
  end
  return {
    signal = signal, confidence = confidence,
    summary = string.format("close %.2f %s (high %.2f, low %.2f, ATR %.2f), volume %s the 20-bar average -> signal %+.2f",
      close, state, hi, lo, atr, volRatio and string.format("%.2fx", volRatio) or "n/a", signal) ..
      (partial and " (last bar's volume looks partial: volume confirmation unreliable)" or ""),
    metrics = { close = close, channel_high = hi, channel_low = lo, atr14 = atr, distance_atr = dist, volume = vol,
                volume_avg20 = volAvg, volume_ratio = volRatio, volume_confirmed = confirmed and "yes" or "no",
                state = state, partial_last_bar = partial and "yes" or "no" },
    sources = { U.candle_source(ctx, c, n) },
  }
end }
