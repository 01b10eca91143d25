-- A test agent that PEEKS (kept under Tests/, never under agents/): its decision node writes into the rationale
-- the start of the SHA-256 of the data file the technical task read. The hash covers the whole file, bars after
-- the as-of included, so the decision depends on data after its as-of; `host lookahead` must catch it.
local balanced = require "balanced"

return desk.agent {
  name = "peeking",
  profile = "balanced",
  plan = balanced.plan,
  graph = function(g, ctx)
    g:replace("decision", "peeking_decision")
  end,
}
