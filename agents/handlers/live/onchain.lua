-- On-chain metrics from blockchain.com (a --live run): transaction count and unique addresses, their last week
-- against the weeks before. Rising activity reads mildly bullish. A provider failure fails this task (retried).
local function window_mean(values, from, to)
  local sum, n = 0, 0
  for i = math.max(1, from), math.min(#values, to) do sum, n = sum + values[i], n + 1 end
  return n > 0 and sum / n or nil
end

local function growth(series)
  local v, n = series.values, series.count
  local recent, before = window_mean(v, n - 6, n), window_mean(v, n - 60, n - 7)
  if not recent or not before or before == 0 then return nil end
  return recent / before - 1
end

return { run = function(task, ctx)
  desk.cost(0)
  local tx = desk.live.chart("n-transactions", "3months")
  local addresses = desk.live.chart("n-unique-addresses", "3months")
  local g_tx, g_addr = growth(tx), growth(addresses)
  if not g_tx or not g_addr then error("blockchain.com: too few points to compare (" .. tx.count .. ", " .. addresses.count .. ")") end
  local signal = math.max(-1, math.min(1, (g_tx + g_addr) * 2.5))
  return {
    signal = signal, confidence = 0.4, source = "blockchain.com",
    summary = string.format("transactions %+.1f%%, unique addresses %+.1f%% (last 7 days vs the 8 weeks before) -> signal %+.2f",
                            g_tx * 100, g_addr * 100, signal),
    metrics = { transactions_growth = g_tx, addresses_growth = g_addr, transactions_points = tx.count, addresses_points = addresses.count },
    sources = { { name = "blockchain.com n-transactions", points = tx.count }, { name = "blockchain.com n-unique-addresses", points = addresses.count } },
  }
end }
