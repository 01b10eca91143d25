-- The analyzer: weighs the bull and bear cases into one score and a confidence. Each item counts its weight, less
-- the discount of the other side's answer to it (a rebutted point loses half or a quarter of its weight).
--   score      = (bull - bear) / (bull + bear + 1)               in (-1, 1); thin evidence stays near 0
--   confidence = coverage x (0.5 + 0.5 x agreement) x quality   coverage: share of planned tasks with a valid result
-- Writes analysis = { score, confidence, bull_strength, bear_strength, agreement, coverage, drivers, summary }.
local N = require "nodes.common"

-- How much each side's evidence counts: change these to lean a strategy (the README's watch walkthrough does).
local BULL_WEIGHT = 1.0
local BEAR_WEIGHT = 1.0

-- The weight of a side's evidence after the other side's rebuttals, and the items with their effective weight.
local function effective(case, answers)
  local discount = {}
  for _, r in ipairs(answers and answers.rebuttals or {}) do
    discount[r.target .. "\0" .. r.claim] = r.discount or 0.5
  end
  local total, items = 0, {}
  for _, item in ipairs(case and case.evidence or {}) do
    local w = item.weight * (1 - (discount[item.task .. "\0" .. item.claim] or 0))
    total = total + w
    items[#items + 1] = { task = item.task, claim = item.claim, weight = N.round(w, 4), rebutted = w < item.weight }
  end
  return total, items
end

local function coverage(state)
  local valid, total = 0, 0
  for _, entry in ipairs(N.tasks(state)) do
    total = total + 1
    local v = state.validation and state.validation[entry.task.id]
    if entry.result and not (v and v.suspect) then valid = valid + 1 end
  end
  return total > 0 and valid / total or 0
end

return { run = function(state, ctx)
  local bull, bullItems = effective(state.bull_case, state.bear_case)
  local bear, bearItems = effective(state.bear_case, state.bull_case)
  bull, bear = bull * BULL_WEIGHT, bear * BEAR_WEIGHT
  local score = (bull - bear) / (bull + bear + 1)
  local agreement = (bull + bear) > 0 and math.abs(bull - bear) / (bull + bear) or 0
  local quality = state.quality and state.quality.score or 0.5
  local cover = coverage(state)
  local confidence = N.clamp(cover * (0.5 + 0.5 * agreement) * quality, 0, 1)

  local drivers = {}
  for _, item in ipairs(bullItems) do drivers[#drivers + 1] = { side = "bull", task = item.task, claim = item.claim, weight = item.weight } end
  for _, item in ipairs(bearItems) do drivers[#drivers + 1] = { side = "bear", task = item.task, claim = item.claim, weight = -item.weight } end
  table.sort(drivers, function(a, b)
    if math.abs(a.weight) ~= math.abs(b.weight) then return math.abs(a.weight) > math.abs(b.weight) end
    return a.claim < b.claim
  end)
  while #drivers > 3 do table.remove(drivers) end

  local summary = string.format("bull %.2f vs bear %.2f -> score %+.2f, confidence %.2f (coverage %.0f%%, agreement %.2f, quality %.2f)",
    bull, bear, score, confidence, 100 * cover, agreement, quality)
  return {
    analysis = { score = N.round(score, 4), confidence = N.round(confidence, 4), bull_strength = N.round(bull, 4),
                 bear_strength = N.round(bear, 4), agreement = N.round(agreement, 4), coverage = N.round(cover, 4),
                 drivers = drivers, summary = summary },
    summary = summary,
  }
end }
