-- The balanced agent: the Python Phase 2 planner's base research plus historical pattern matching.
local planner = require "planner"

return desk.agent {
  name = "balanced",
  profile = "balanced",
  plan = function(plan, ctx)
    planner.base(plan, ctx)
    planner.balanced(plan, ctx)
  end,
}
