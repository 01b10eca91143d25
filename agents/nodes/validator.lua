-- The validator: checks every planned task's result — present, signal in [-1, 1], confidence in [0, 1], finite
-- metrics, sources named, sources neither stale nor dated after the as-of time — and marks the suspect ones.
-- Writes validation = { [id] = { ok, suspect, synthetic, issues } } and suspect_task_ids (plan order).
local N = require "nodes.common"

-- How old a source may be, in days, before the result is stale: candles are daily; samples are weekly at best.
local STALE_DAYS = { candles = 3, synthetic = 7 }

local function range_issue(name, x, lo, hi)
  if not N.finite(x) then return name .. " is not a finite number" end
  if x < lo or x > hi then return string.format("%s %.3f outside [%g, %g]", name, x, lo, hi) end
end

local function metric_issues(metrics, issues)
  local keys = {}
  for k, v in pairs(metrics or {}) do if type(v) == "number" then keys[#keys + 1] = tostring(k) end end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local v = metrics[k]
    if v ~= v or v == math.huge or v == -math.huge then issues[#issues + 1] = "metric " .. k .. " is not finite" end
  end
end

-- The staleness limit of one source, in days: synthetic samples (on-chain, macro) 7, everything else 3.
local function stale_limit(result, source)
  if N.synthetic(result) or source.source == "synthetic-sample" then return STALE_DAYS.synthetic end
  return STALE_DAYS.candles
end

-- A source dated before the as-of time by more than its limit is stale; one dated after it looked ahead.
local function dated_issue(source, result, ctx)
  local at = N.epoch(source.as_of)
  if not at or not N.finite(ctx.as_of) then return nil end
  local days, limit = (ctx.as_of - at) / 86400, stale_limit(result, source)
  local name = source.file or source.name or "a source"
  if days > limit then
    return string.format("stale: %s is %.0f days older than the as-of date (limit %d)", name, days, limit)
  elseif days < -1 then
    return string.format("look-ahead: %s is dated %.0f days after the as-of date", name, -days)
  end
end

local function source_issues(result, ctx, issues)
  local sources = result.sources
  if type(sources) ~= "table" or N.empty(sources) then
    -- A result that measured nothing (confidence 0) has nothing to source; a figure without a source is suspect.
    if result.confidence ~= 0 then issues[#issues + 1] = "no sources: where the figures came from is unknown" end
    return
  end
  for _, source in ipairs(sources) do issues[#issues + 1] = dated_issue(source, result, ctx) end
  local stale, limit = result.metrics and result.metrics.stale_days, stale_limit(result, {})
  if N.finite(stale) and stale > limit then
    issues[#issues + 1] = string.format("stale: the reading is %.0f days old (limit %d)", stale, limit)
  end
end

local function check(result, ctx)
  local issues = {}
  issues[#issues + 1] = range_issue("signal", result.signal, -1, 1)
  issues[#issues + 1] = range_issue("confidence", result.confidence, 0, 1)
  metric_issues(result.metrics, issues)
  source_issues(result, ctx, issues)
  return issues
end

-- "technical (metric rsi14 is not finite), macro (stale: ...)": each suspect task with its first issue.
local function suspect_text(ids, validation)
  local out = {}
  for i, id in ipairs(ids) do out[i] = string.format("%s (%s)", id, validation[id].issues[1]) end
  return table.concat(out, ", ")
end

return { run = function(state, ctx)
  local validation, suspect, missing = {}, {}, {}
  for _, entry in ipairs(N.tasks(state)) do
    local id, result = entry.task.id, entry.result
    if result == nil then
      local status = state.task_status and state.task_status[id]
      validation[id] = { ok = false, suspect = false, synthetic = false,
                         issues = { "no result (" .. (status and status.status or "not run") .. ")" } }
      missing[#missing + 1] = id
    else
      local issues = check(result, ctx)
      validation[id] = { ok = #issues == 0, suspect = #issues > 0, synthetic = N.synthetic(result), issues = issues }
      if #issues > 0 then suspect[#suspect + 1] = id end
    end
  end
  local total = #(state.planned_tasks or {})
  return {
    validation = validation, suspect_task_ids = suspect,
    summary = string.format("%d of %d results valid%s%s", total - #suspect - #missing, total,
      #suspect > 0 and ("; suspect: " .. suspect_text(suspect, validation)) or "",
      #missing > 0 and ("; missing: " .. table.concat(missing, ", ")) or ""),
  }
end }
