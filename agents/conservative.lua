-- The conservative agent: base research plus liquidity and correlation analysis.
local planner = require "planner"

return desk.agent {
  name = "conservative",
  profile = "conservative",
  plan = function(plan, ctx)
    planner.base(plan, ctx)
    planner.conservative(plan, ctx)
  end,
}
