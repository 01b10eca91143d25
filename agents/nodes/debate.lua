-- The debate: counts rounds of bull and bear; sends them back to answer each other `debate_rounds` times after
-- their opening cases, then on to the analyzer. Writes debate_round and one message per round.
local N = require "nodes.common"

return {
  run = function(state, ctx)
    local round = (state.debate_round or 0) + 1
    local bull, bear = state.bull_case or {}, state.bear_case or {}
    local line = string.format("debate round %d: bull %.2f (%d answers), bear %.2f (%d answers)", round,
      bull.strength or 0, #(bull.rebuttals or {}), bear.strength or 0, #(bear.rebuttals or {}))
    return { debate_round = round, messages = { line }, summary = line }
  end,
  route = function(state, ctx)
    if (state.debate_round or 0) <= N.setting(ctx, "debate_rounds") then return "bull_bear" end
    return "analyzer"
  end,
}
