-- A contrarian variant of the balanced agent: the same research, but its bull reads fear as an opportunity
-- (agents/examples/contrarian_bull.lua replaces the bull node; every other node is the default graph's).
--   host graph agents/examples/contrarian.lua     shows "bull (contrarian_bull)"
--   host agents/examples/contrarian.lua           decides with it
local balanced = require "balanced"

return desk.agent {
  name = "contrarian",
  profile = "balanced",
  plan = balanced.plan,
  graph = function(g, ctx)
    g:replace("bull", "contrarian_bull")
  end,
}
