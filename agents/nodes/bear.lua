-- The bear: the case against buying, from every result and metric that points down; from the second round on it
-- answers the bull's strongest points. Writes bear_case.
local N = require "nodes.common"

return { run = function(state, ctx)
  local case = N.build_case(state, ctx, -1, N.facts)
  return { bear_case = case, summary = case.summary }
end }
