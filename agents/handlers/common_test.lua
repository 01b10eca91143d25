-- The handlers' shared helpers (handlers/common.lua), on plain numbers and on candles made with desk.test.candles.
local U = require "handlers.common"

test("ok accepts finite numbers only", function()
  assert(U.ok(1) and U.ok(-0.5) and U.ok(0))
  assert(not U.ok(0 / 0) and not U.ok(math.huge) and not U.ok(-math.huge) and not U.ok("1") and not U.ok(nil))
end)

test("clamp, squash, round", function()
  assert(U.clamp(2) == 1 and U.clamp(-2) == -1 and U.clamp(0.3) == 0.3 and U.clamp(5, 0, 10) == 5)
  assert(U.squash(0) == 0 and U.squash(1) == 0.5 and U.squash(-3) == -0.75)
  assert(U.round(1.23456, 2) == 1.23 and U.round(2.5, 0) == 3)
  assert(U.round(0 / 0) ~= U.round(0 / 0), "NaN passes through")
end)

test("combine: weighted mean of the available parts, coverage and agreement", function()
  local s, avail, agree = U.combine{ { signal = 1, weight = 1 }, { signal = -1, weight = 1 }, { weight = 2 } }
  assert(s == 0 and avail == 0.5 and agree == 0)
  s, avail, agree = U.combine{ { signal = 0.5, weight = 3 }, { signal = 0.1, weight = 1 } }
  assert(math.abs(s - 0.4) < 1e-12 and avail == 1 and agree == 1)
  assert(U.combine{ { weight = 1 } } == nil)
end)

local function bars(n, last_volume)
  local rows = {}
  for i = 1, n do
    rows[i] = { time = 1546300800 + (i - 1) * 86400, open = 100 + i, high = 102 + i, low = 99 + i, close = 101 + i,
                volume = i == n and last_volume or 1000 }
  end
  return desk.test.candles(rows)
end

test("at reads back from the last bar of a series", function()
  local c = bars(5, 1000)
  assert(U.at(c.close) == 106 and U.at(c.close, 2) == 104)
  assert(U.at(c.close, 10) == nil)
end)

test("partial_last_bar flags a last bar with under a quarter of the usual volume", function()
  assert(U.partial_last_bar(bars(30, 100)) == 0.1)
  assert(U.partial_last_bar(bars(30, 900)) == nil)
  assert(U.partial_last_bar(bars(10, 1)) == nil, "too few bars to judge")
end)

test("require_bars fails clearly with too few bars", function()
  local ok, err = pcall(U.require_bars, { candles = bars(3, 1000), as_of_date = "2019-01-03" }, 10, "technical")
  assert(not ok and err:find("technical: 3 bar%(s%)") and err:find("at least 10"), err)
end)

test("a real handler at an as-of sees the bars up to that day only", function()
  local early = desk.test.handler("handlers.technical", { as_of = "2018-06-01" })
  local late = desk.test.handler("handlers.technical", { as_of = "2019-06-01" })
  assert(early.sources[1].as_of < late.sources[1].as_of, early.sources[1].as_of .. " vs " .. late.sources[1].as_of)
  assert(early.sources[1].bars < late.sources[1].bars)
end)
