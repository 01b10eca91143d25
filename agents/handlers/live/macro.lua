-- Macro factors from FRED (a --live run, API key in FRED_API_KEY): the effective Fed funds rate (DFF) and the
-- broad dollar index (DTWEXBGS, FRED's stand-in for DXY). A rising dollar and rising rates read bearish for crypto.
local function change(series, back)
  local v, n = series.values, series.count
  if n <= back then return nil end
  return v[n] - v[n - back], v[n]
end

return { run = function(task, ctx)
  desk.cost(0)
  local rate = desk.live.fred("DFF")
  local dollar = desk.live.fred("DTWEXBGS")
  local d_rate, last_rate = change(rate, 90)
  local d_dollar, last_dollar = change(dollar, 21)
  if not d_rate or not d_dollar then error("fred: too few observations (" .. rate.count .. ", " .. dollar.count .. ")") end
  local dollar_pct = d_dollar / (last_dollar - d_dollar) * 100
  local signal = math.max(-1, math.min(1, -dollar_pct / 3 - d_rate / 0.75))
  return {
    signal = signal, confidence = 0.4, source = "fred",
    summary = string.format("Fed funds %.2f%% (%+.2f pt in 90 days), dollar index %.2f (%+.2f%% in 21 days) -> signal %+.2f",
                            last_rate, d_rate, last_dollar, dollar_pct, signal),
    metrics = { fed_funds = last_rate, fed_funds_change = d_rate, dollar_index = last_dollar, dollar_change_percent = dollar_pct },
    sources = { { name = "FRED DFF", points = rate.count }, { name = "FRED DTWEXBGS", points = dollar.count } },
  }
end }
