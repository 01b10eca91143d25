-- The validator: checks every planned task's result — present, signal in [-1, 1], confidence in [0, 1], finite
-- metrics, sources named, sources not stale against the as-of time — and marks the suspect ones.
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

local function source_issues(result, ctx, issues)
  local sources = result.sources
  if type(sources) ~= "table" or N.empty(sources) then
    -- A result that measured nothing (confidence 0) has nothing to source; a figure without a source is suspect.
    if result.confidence ~= 0 then issues[#issues + 1] = "no sources: where the figures came from is unknown" end
    return
  end
  local limit = N.synthetic(result) and STALE_DAYS.synthetic or STALE_DAYS.candles
  for _, source in ipairs(sources) do
    local at = N.epoch(source.as_of)
    if at and ctx.as_of - at > limit * 86400 then
      issues[#issues + 1] = string.format("stale: %s is %.0f days older than the as-of date (limit %d)",
        source.file or source.name or "a source", (ctx.as_of - at) / 86400, limit)
    end
  end
  local stale = result.metrics and result.metrics.stale_days
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
      #suspect > 0 and ("; suspect: " .. table.concat(suspect, ", ")) or "",
      #missing > 0 and ("; missing: " .. table.concat(missing, ", ")) or ""),
  }
end }
