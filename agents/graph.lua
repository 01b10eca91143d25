-- The default decision graph (the Python Phase 2 design's workflow). Every agent starts from it; an agent changes it in its own
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

  -- The nodes' settings (ctx.config), set per profile in config/planning.yaml or in an agent's config.
  g:setting("max_research_rounds", { kind = "integer", default = 2, min = 0,
            doc = "quality gate: re-runs of failed or suspect tasks before going on degraded" })
  g:setting("quality_threshold", { kind = "fraction", default = 0.5, doc = "quality gate: the research score needed" })
  g:setting("debate_rounds", { kind = "integer", default = 1, min = 0, doc = "times bull and bear answer each other" })
  g:setting("min_confidence", { kind = "fraction", default = 0.35, doc = "below this analysis confidence: HOLD" })
  g:setting("risk_per_trade", { kind = "fraction", default = 0.01, doc = "equity lost if the stop is hit" })
  g:setting("max_position", { kind = "fraction", default = 0.25, doc = "cap on a position, as a fraction of equity" })
  g:setting("stop_atr_multiple", { kind = "number", default = 2.0, min = 0, doc = "stop-loss distance in ATR(14)" })
  g:setting("reward_risk", { kind = "number", default = 2.0, min = 0, doc = "take-profit distance in stop distances" })

  g:limit(25)
  g:timeout(10)
  g:reducer("task_execution_results", "merge")
  g:reducer("task_status", "merge")
end
