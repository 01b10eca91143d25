-- Historical pattern matching: the last 20 returns against every earlier 20-return window (25 nearest
-- neighbours), and how the market moved in the 10 bars after each match.
local U = require "handlers.common"

local WINDOW, HORIZON, NEIGHBOURS = 20, 10, 25

return { run = function(task, ctx)
  local c = ctx.candles
  local n = U.require_bars(ctx, 2, "patterns")
  desk.cost(0)
  local ok, m = pcall(desk.patterns.match, c.close, { window = WINDOW, horizon = HORIZON, neighbours = NEIGHBOURS })
  if not ok then
    return { signal = 0, confidence = 0,
             summary = string.format("no pattern match on %d bars: %s", n, tostring(m)),
             metrics = { bars = n, needed = WINDOW + HORIZON + 1 }, sources = { U.candle_source(ctx, c, n) } }
  end
  -- Base rate: the share of all 10-bar forward returns in the history that were positive, to compare with.
  local closes, ups, total = c.close:to_table(), 0, 0
  for i = WINDOW + 1, n - HORIZON do
    total = total + 1
    if closes[i + HORIZON] > closes[i] then ups = ups + 1 end
  end
  local base = total > 0 and ups / total or 0.5
  -- Signal: expected move in units of the neighbours' dispersion (a t-like ratio), squashed into (-1, 1).
  local ratio = m.dispersion > 0 and m.expected_move / m.dispersion or 0
  local signal = U.squash(2 * ratio)
  -- Confidence: how lopsided the neighbours' outcomes are beyond the base rate, times how many neighbours there
  -- were (out of 25), halved when the mean and the median move disagree in sign.
  local edge = math.abs(m.hit_rate - base)
  local size = math.min(1, m.sample_size / NEIGHBOURS) * math.min(1, m.candidates / (5 * NEIGHBOURS))
  local confidence = size * U.clamp(0.2 + 2 * edge + 0.3 * math.min(1, math.abs(ratio)), 0, 1)
  if (m.expected_move > 0) ~= (m.median_move > 0) then confidence = confidence / 2 end
  local tech = ctx.inputs and ctx.inputs.technical
  local facts = {}
  if U.ok(m.hit_rate) and U.ok(base) and math.abs(m.hit_rate - base) >= 0.05 then
    facts[1] = { side = m.hit_rate > base and 1 or -1, claim = string.format(
                 "similar past windows rose %.0f%% of the time vs %.0f%% base rate", 100 * m.hit_rate, 100 * base) }
  end
  return {
    signal = signal, confidence = confidence, facts = #facts > 0 and facts or nil,
    summary = string.format("%d nearest of %d past %d-bar windows: mean %d-bar move %+.1f%% (median %+.1f%%, sd %.1f%%), " ..
                            "up in %.0f%% vs %.0f%% base rate -> signal %+.2f",
      m.sample_size, m.candidates, WINDOW, HORIZON, 100 * m.expected_move, 100 * m.median_move, 100 * m.dispersion,
      100 * m.hit_rate, 100 * base, signal),
    metrics = { expected_move = m.expected_move, median_move = m.median_move, hit_rate = m.hit_rate,
                base_rate = base, sample_size = m.sample_size, candidates = m.candidates, dispersion = m.dispersion,
                window = WINDOW, horizon = HORIZON, nearest_distance = m.neighbours[1] and m.neighbours[1].distance,
                nearest_end_time = m.neighbours[1] and c.time[m.neighbours[1].end_index],
                technical_signal = tech and tech.signal },
    sources = { U.candle_source(ctx, c, n) },
  }
end }
