-- Correlation of the symbol's returns with ETH and LTC (bundled Bitstamp daily series) over 30 and 90 bars,
-- on closes aligned at common instants up to the as-of time. A risk measure, never bullish: high correlation
-- means little diversification, so the signal is 0 at or below 0.3 and falls to -1 at 1 (see docs/HANDLERS.md).
local U = require "handlers.common"

local PEERS = { { name = "ETH", file = "ethusd_1d_bitstamp" }, { name = "LTC", file = "ltcusd_1d_bitstamp" } }

return { run = function(task, ctx)
  local c = ctx.candles:up_to(ctx.as_of)
  desk.cost(0)
  local metrics, sources, parts, notes = {}, { U.candle_source(ctx, c, #c) }, {}, {}
  for _, peer in ipairs(PEERS) do
    local other = desk.candles.bundled(peer.file):up_to(ctx.as_of)
    local x, y = desk.candles.align(c, other)
    local common = #x
    metrics[peer.name:lower() .. "_common_bars"] = common
    sources[#sources + 1] = { file = other.source, bars = math.min(common, 91), as_of = ctx.as_of_date }
    local text = {}
    for _, span in ipairs{ 30, 90 } do
      local r = common > span and U.at(desk.ta.correlation(x, y, span)) or nil
      metrics[string.format("%s_corr%d", peer.name:lower(), span)] = r
      -- 30 bars weigh 0.3 each, 90 bars 0.2 each (the recent window matters more).
      parts[#parts + 1] = { signal = r and -U.clamp((r - 0.3) / 0.7, 0, 1), weight = span == 30 and 0.3 or 0.2, r = r }
      text[#text + 1] = r and string.format("%.2f/%d", r, span) or ("n/a/" .. span)
    end
    notes[#notes + 1] = peer.name .. " " .. table.concat(text, " ")
  end
  if c.source == desk.candles.bundled("ethusd_1d_bitstamp").source or c.source == desk.candles.bundled("ltcusd_1d_bitstamp").source then
    notes[#notes + 1] = "(the symbol's own series is one of the peers)"
  end
  local signal, coverage = U.combine(parts)
  if not signal then
    return { signal = 0, confidence = 0, metrics = metrics, sources = sources,
             summary = "no correlation: fewer than 31 common bars with ETH/LTC up to " .. ctx.as_of_date ..
                       " (ETH from 2017-11-09, LTC from 2017-06-25 in the bundled data)" }
  end
  -- Confidence: coverage, and how stable the correlation is (30-bar vs 90-bar figures close together).
  local gap, k = 0, 0
  for i = 1, #parts, 2 do
    if parts[i].r and parts[i + 1].r then gap, k = gap + math.abs(parts[i].r - parts[i + 1].r), k + 1 end
  end
  local stability = k > 0 and 1 - U.clamp(gap / k, 0, 1) or 0.5
  local confidence = U.clamp(coverage * (0.3 + 0.6 * stability), 0, 1)
  metrics.stability = stability
  return {
    signal = signal, confidence = confidence, metrics = metrics, sources = sources, role = "risk",
    summary = string.format("return correlation %s -> signal %+.2f (high correlation = little diversification: risk, never bullish)",
      table.concat(notes, ", "), signal),
  }
end }
