-- Small helpers shared by the decision nodes (not a node itself).
local M = {}

-- How much a task counts, by priority (the quality gate's and the cases' weights).
M.PRIORITY_WEIGHT = { critical = 3, high = 2, medium = 1, low = 0.5 }

-- A result whose `role` is "risk" measures risk rather than direction (high correlation = little
-- diversification): it feeds the risk node, never the bull or bear case. Any other role (or none) is direction.
function M.directional(result) return result.role ~= "risk" end

-- A node setting: declared with g:setting in agents/graph.lua (kind, default), set in config/planning.yaml or the
-- agent's config; ctx.config always holds it.
function M.setting(ctx, key)
  local v = ctx.config and ctx.config[key]
  if v == nil then error("no setting " .. key .. " in ctx.config (declare it with g:setting in graph.lua)", 2) end
  return v
end

-- Numbers: the research handlers' helpers (finite, clamp, round).
local U = require "handlers.common"
M.finite, M.clamp, M.round = U.ok, U.clamp, U.round

-- The planned tasks in plan order (the plan's tasks, `research_plan.tasks`), each with its result (nil when it
-- did not complete): { task = { id, priority, name }, result }.
function M.tasks(state)
  local out = {}
  local results = state.task_execution_results or {}
  local plan = state.research_plan
  for i, task in ipairs(plan and plan.tasks or {}) do
    out[i] = { task = { id = task.task_id, priority = task.priority, name = task.name }, result = results[task.task_id] }
  end
  return out
end

-- True when a table has no entries (the state is a read-only view: use pairs, not next, on it).
function M.empty(t)
  for _ in pairs(t) do return false end
  return true
end

-- True when a result rests on synthetic sample data.
function M.synthetic(result)
  return result ~= nil and (result.synthetic == true or result.source == "synthetic-sample")
end

-- Sorts evidence items by weight (largest first), then task id and claim, so output never depends on table order.
function M.sort_evidence(items)
  table.sort(items, function(a, b)
    if a.weight ~= b.weight then return a.weight > b.weight end
    if a.task ~= b.task then return a.task < b.task end
    return a.claim < b.claim
  end)
  return items
end

-- 1 - e^(-x): a sum of weights as a strength in 0..1.
function M.saturate(x) return 1 - math.exp(-math.max(0, x)) end

-- "YYYY-MM-DDTHH:MM:SSZ" (or "YYYY-MM-DD") to epoch seconds, or nil.
function M.epoch(text)
  if type(text) ~= "string" then return nil end
  local y, m, d = text:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if not y then return nil end
  local H, Mi, S = text:match("T(%d%d):(%d%d):(%d%d)")
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  -- days from civil (Howard Hinnant's algorithm)
  y = m <= 2 and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (m + (m > 2 and -3 or 9)) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  local days = era * 146097 + doe - 719468
  return days * 86400 + (tonumber(H) or 0) * 3600 + (tonumber(Mi) or 0) * 60 + (tonumber(S) or 0)
end

-- True when the validator found something wrong with a completed task's result (stale, out of range...).
function M.suspect(state, id)
  local v = state.validation and state.validation[id]
  return v ~= nil and v.suspect == true
end

-- The evidence items of one side: the tasks whose signal points that way (side 1 bullish, -1 bearish), then the
-- facts in their metrics that do. Weight = |signal| x confidence x priority weight, halved on synthetic data and
-- halved again on a result the validator marked suspect (kept when the research went on degraded).
function M.evidence(state, side, facts)
  local items = {}
  for _, entry in ipairs(M.tasks(state)) do
    local task, r = entry.task, entry.result
    if r and M.directional(r) and M.finite(r.signal) and M.finite(r.confidence) and r.signal * side > 0.02 then
      local synthetic = M.synthetic(r)
      local w = math.abs(r.signal) * r.confidence * (M.PRIORITY_WEIGHT[task.priority] or 1) * (synthetic and 0.5 or 1)
      items[#items + 1] = {
        task = task.id, weight = M.round(w, 4), signal = M.round(r.signal, 4), confidence = M.round(r.confidence, 4),
        synthetic = synthetic,
        claim = string.format("%s %+.2f (conf %.2f)%s: %s", task.id, r.signal, r.confidence,
                              synthetic and " [synthetic]" or "", r.summary or ""),
      }
    end
  end
  for _, fact in ipairs(facts(state, side)) do items[#items + 1] = fact end
  for _, item in ipairs(items) do
    if M.suspect(state, item.task) then
      item.weight, item.suspect = M.round(item.weight * 0.5, 4), true
      item.claim = item.claim:gsub("^([^:]+)", "%1 [suspect]", 1)
    end
  end
  return M.sort_evidence(items)
end

-- What rebuts an opponent's item, and the share of its weight that goes: a result that failed validation (0.5),
-- synthetic data (0.5), low confidence (0.5), or a stronger item of ours from another task (0.25).
function M.rebut(item, own, state)
  if item.suspect then
    local v = state and state.validation and state.validation[item.task]
    return "failed validation: " .. (v and v.issues and v.issues[1] or "suspect result"), 0.5
  end
  if item.synthetic then
    return "rests on synthetic sample data, not a real series", 0.5
  end
  if M.finite(item.confidence) and item.confidence < 0.3 then
    return string.format("low confidence %.2f", item.confidence), 0.5
  end
  for _, mine in ipairs(own) do
    if mine.task ~= item.task and mine.weight > item.weight then
      return string.format("contradicted by %s (weight %.2f vs %.2f)", mine.claim:match("^[^:]+") or mine.task,
                           mine.weight, item.weight), 0.25
    end
  end
  return nil
end

-- Facts in the task metrics that point one way (side 1 bullish, -1 bearish). A fact counts as a signal of +/-0.25
-- from its task (a quarter of a full-strength task), so its weight follows the same formula as a task's.
local FACT_SIGNAL = 0.25
local function fact(list, side, want, task, r, claim)
  if want ~= side or not M.finite(r.confidence) then return end
  local w = FACT_SIGNAL * r.confidence * (M.PRIORITY_WEIGHT[task.priority] or 1) * (M.synthetic(r) and 0.5 or 1)
  if w <= 0 then return end
  list[#list + 1] = { task = task.id, weight = M.round(w, 4), signal = want * FACT_SIGNAL, fact = true,
                      confidence = M.round(r.confidence, 4), synthetic = M.synthetic(r), claim = task.id .. " " .. claim }
end

-- The facts the results declare (`facts = { { side = 1 or -1, claim = "RSI 14 at 28.0: oversold" }, ... }`), for
-- one side (1 bullish, -1 bearish): a new task enters the debate by returning facts, with no change here.
function M.facts(state, side)
  local list = {}
  for _, entry in ipairs(M.tasks(state)) do
    local task, r = entry.task, entry.result
    if r and M.directional(r) and type(r.facts) == "table" then
      for _, f in ipairs(r.facts) do
        if (f.side == 1 or f.side == -1) and type(f.claim) == "string" then fact(list, side, f.side, task, r, f.claim) end
      end
    end
  end
  return list
end

-- A side's case: its evidence and, from the second round on, its answers to the other side's strongest items.
function M.build_case(state, ctx, side, facts)
  local name = side > 0 and "bull" or "bear"
  local opponent = side > 0 and state.bear_case or state.bull_case
  local evidence = M.evidence(state, side, facts)
  local rebuttals = {}
  if opponent and opponent.evidence then
    for i = 1, math.min(3, #opponent.evidence) do
      local item = opponent.evidence[i]
      local reason, discount = M.rebut(item, evidence, state)
      if reason then
        rebuttals[#rebuttals + 1] = { target = item.task, claim = item.claim, discount = discount,
                                      text = string.format("%s: %s", item.claim:match("^[^:]+") or item.task, reason) }
      end
    end
  end
  local total = 0
  for _, item in ipairs(evidence) do total = total + item.weight end
  local round = (state.debate_round or 0) + 1
  local top = evidence[1]
  return {
    strength = M.round(M.saturate(total), 4), evidence = evidence, rebuttals = rebuttals, round = round,
    summary = string.format("%s case, round %d: %d item%s, strength %.2f%s%s", name, round, #evidence,
      #evidence == 1 and "" or "s", M.saturate(total), top and ("; strongest " .. (top.claim:match("^[^:]+") or top.task)) or "",
      #rebuttals > 0 and string.format("; answers %d of the %s's points", #rebuttals, side > 0 and "bear" or "bull") or ""),
  }
end

return M
