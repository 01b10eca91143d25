-- The debate's arithmetic (nodes/common.lua): evidence weights, rebuttals, saturate and declared facts.
local N = require "nodes.common"

-- A state with planned tasks and their results: { {id, priority, result}, ... }.
local function state_of(entries, extra)
  local tasks, results = {}, {}
  for i, e in ipairs(entries) do
    tasks[i] = { task_id = e[1], priority = e[2], name = e[1] }
    results[e[1]] = e[3]
  end
  local s = { research_plan = { tasks = tasks }, task_execution_results = results }
  for k, v in pairs(extra or {}) do s[k] = v end
  return s
end

local function close(a, b) return math.abs(a - b) < 1e-9 end

test("saturate maps a sum of weights into 0..1", function()
  assert(N.saturate(0) == 0)
  assert(N.saturate(-3) == 0, "negative sums count as none")
  assert(close(N.saturate(1), 1 - math.exp(-1)))
  assert(N.saturate(10) < 1 and N.saturate(10) > 0.9999)
end)

test("evidence weighs |signal| x confidence x priority, largest first", function()
  local s = state_of{
    { "technical", "critical", { signal = 0.5, confidence = 0.8, summary = "up" } },
    { "macro", "high", { signal = 0.9, confidence = 0.5, summary = "up too" } },
    { "sentiment", "critical", { signal = -0.4, confidence = 0.9, summary = "down" } },
    { "flat", "medium", { signal = 0.01, confidence = 1, summary = "noise" } },
  }
  local bull = N.evidence(s, 1, N.facts)
  assert(#bull == 2, "the bearish and the flat task are not bullish evidence")
  assert(bull[1].task == "technical" and close(bull[1].weight, 1.2), "technical: 0.5 x 0.8 x 3")
  assert(bull[2].task == "macro" and close(bull[2].weight, 0.9), "macro: 0.9 x 0.5 x 2")
  local bear = N.evidence(s, -1, N.facts)
  assert(#bear == 1 and bear[1].task == "sentiment" and close(bear[1].weight, 1.08))
end)

test("synthetic and suspect results count half each", function()
  local s = state_of({
    { "onchain", "critical", { signal = 0.5, confidence = 1, synthetic = true } },
  }, { validation = { onchain = { suspect = true, issues = { "stale" } } } })
  local items = N.evidence(s, 1, N.facts)
  assert(close(items[1].weight, 0.375), "0.5 x 1 x 3 x 0.5 x 0.5, got " .. items[1].weight)
  assert(items[1].suspect and items[1].claim:find("[suspect]", 1, true))
end)

test("facts a result declares join its side's evidence at a quarter signal", function()
  local s = state_of{
    { "technical", "critical", { signal = 0, confidence = 0.8,
      facts = { { side = 1, claim = "RSI 14 at 28.0: oversold" }, { side = -1, claim = "below the 200-day mean" },
                { side = 2, claim = "ignored" } } } },
  }
  local bull = N.facts(s, 1)
  assert(#bull == 1 and bull[1].fact and bull[1].claim == "technical RSI 14 at 28.0: oversold")
  assert(close(bull[1].weight, 0.25 * 0.8 * 3))
  assert(#N.facts(s, -1) == 1)
  assert(#N.evidence(s, 1, N.facts) == 1, "a zero signal is no evidence, its facts are")
end)

test("rebuttals: validation, synthetic data, low confidence, a stronger item", function()
  local state = { validation = { macro = { suspect = true, issues = { "out of range" } } } }
  local reason, share = N.rebut({ task = "macro", suspect = true }, {}, state)
  assert(reason == "failed validation: out of range" and share == 0.5)
  reason, share = N.rebut({ task = "onchain", synthetic = true }, {}, state)
  assert(reason:find("synthetic") and share == 0.5)
  reason, share = N.rebut({ task = "x", confidence = 0.2 }, {}, state)
  assert(reason == "low confidence 0.20" and share == 0.5)
  local own = { { task = "technical", weight = 2, claim = "technical +0.50 (conf 0.80): up" } }
  reason, share = N.rebut({ task = "sentiment", weight = 1, confidence = 0.9, claim = "c" }, own, state)
  assert(reason == "contradicted by technical +0.50 (conf 0.80) (weight 2.00 vs 1.00)" and share == 0.25, reason)
  assert(N.rebut({ task = "sentiment", weight = 3, confidence = 0.9 }, own, state) == nil)
end)

test("epoch reads dates and datetimes", function()
  assert(N.epoch("1970-01-01") == 0)
  assert(N.epoch("2019-06-01T12:30:15Z") == 1559392215)
  assert(N.epoch("June") == nil and N.epoch(5) == nil)
end)
