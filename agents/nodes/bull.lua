-- The bull: the case for buying, from every result and metric that points up; from the second round on it answers
-- the bear's strongest points (failed validation, synthetic data, low confidence, contradicted). Writes bull_case.
local N = require "nodes.common"

return { run = function(state, ctx)
  local case = N.build_case(state, ctx, 1, N.facts)
  return { bull_case = case, summary = case.summary }
end }
