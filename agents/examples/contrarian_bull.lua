-- The contrarian bull: the default bull's case, plus every bearish sentiment reading turned into a reason to buy
-- ("be greedy when others are fearful"), weighted like the evidence it inverts.
local N = require "nodes.common"

local function contrarian_facts(state, side)
  local facts = N.facts(state, side)
  if side ~= 1 then return facts end
  local r = state.task_execution_results and state.task_execution_results.sentiment
  if r and N.finite(r.signal) and r.signal < 0 then
    facts[#facts + 1] = { task = "sentiment", synthetic = N.synthetic(r), confidence = r.confidence,
                          weight = N.round(math.abs(r.signal) * r.confidence * N.PRIORITY_WEIGHT.critical, 4),
                          claim = string.format("sentiment %+.2f read contrarian: the crowd is fearful, buy", r.signal) }
  end
  return facts
end

return { run = function(state, ctx)
  local case = N.build_case(state, ctx, 1, contrarian_facts)
  case.summary = "contrarian " .. case.summary
  return { bull_case = case, summary = case.summary }
end }
