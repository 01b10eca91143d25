-- The default decision graph (the seed's workflow). Every agent starts from it; an agent changes it in its own
-- `graph = function(g, ctx) ... end` (g:replace("bull", "my_bull"), g:node, g:unwire + g:edge...).
--   planner -> researcher -> validator -> quality_gate -+-> bull_bear [bull | bear] -> debate -+-> analyzer -> risk
--                   ^                                   |                ^                     |     -> privacy
--                   +------- retry failed/suspect ------+                +------ answer -------+     -> optimizer
--                                                                                                    -> decision
-- "desk.planner" and "desk.researcher" are built into the host (the agent's plan, the Swift executor); every
-- other node is a Lua module under agents/nodes/ returning { run = function(state, ctx) ... end [, route = ...] }.
return function(g, ctx)
  g:node("planner", "desk.planner")
  g:node("researcher", "desk.researcher", { timeout = 600 })
  g:node("validator", "nodes.validator")
  g:node("quality_gate", "nodes.quality_gate")
  g:node("bull", "nodes.bull")
  g:node("bear", "nodes.bear")
  g:node("debate", "nodes.debate")
  g:node("analyzer", "nodes.analyzer")
  g:node("risk", "nodes.risk")
  g:node("privacy", "nodes.privacy")
  g:node("optimizer", "nodes.optimizer")
  g:node("decision", "nodes.decision")

  g:entry("planner")
  g:edge("planner", "researcher")
  g:edge("researcher", "validator")
  g:edge("validator", "quality_gate")
  g:route("quality_gate", { researcher = "retry failed or suspect tasks", bull_bear = "research good enough" })
  g:parallel("bull_bear", { "bull", "bear" }, "debate")
  g:route("debate", { bull_bear = "answer each other", analyzer = "debate over" })
  g:edge("analyzer", "risk")
  g:edge("risk", "privacy")
  g:edge("privacy", "optimizer")
  g:edge("optimizer", "decision")
  g:edge("decision", "END")

  g:limit(25)
  g:timeout(10)
  g:reducer("task_execution_results", "merge")
  g:reducer("task_status", "merge")
end
