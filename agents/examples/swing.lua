-- An example profile written in Lua only: builds on the balanced agent, adds a momentum task and
-- reorders priorities (technical research first, sentiment demoted). No Swift was touched to make it.
local balanced = require "balanced"

return desk.agent {
  name = "swing",
  profile = "balanced",
  config = { max_parallel_tasks = 2 },
  plan = function(plan, ctx)
    balanced.plan(plan, ctx)
    plan:add{ id = "momentum", name = "Momentum Signals", priority = "high",
              description = "Rate of change and ADX trend strength, for swing entries",
              sources = { "candles" }, depends = { "technical" }, cost = 0.02, seconds = 15,
              handler = "handlers.momentum" }
    plan:get("patterns").priority = "high"
    plan:get("sentiment").priority = "medium"
  end,
}
