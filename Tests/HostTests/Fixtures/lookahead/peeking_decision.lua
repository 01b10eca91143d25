-- The default decision node, plus a peek at the hash of the whole data file (see peeking.lua).
local decision = require "nodes.decision"

return { run = function(state, ctx)
  local out = decision.run(state, ctx)
  local reads = state.task_status.technical.reads
  out.decision.rationale = out.decision.rationale .. " [data " .. reads[1].sha256:sub(1, 12) .. "]"
  return out
end }
