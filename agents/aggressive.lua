-- The aggressive agent: base research (no optional tasks) plus momentum and breakout detection.
local planner = require "planner"

return desk.agent {
  name = "aggressive",
  profile = "aggressive",
  plan = function(plan, ctx)
    planner.base(plan, ctx)
    planner.aggressive(plan, ctx)
  end,
}
