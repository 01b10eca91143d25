-- The validator: checks every planned task's result — present, signal in [-1, 1], confidence in [0, 1], finite
-- metrics, sources named — and the data the task read, from the runtime's own record (task_status[id].reads,
-- written by the bindings, not by the handler): nothing read past the as-of, nothing stale. Marks the suspect ones.
-- (A read past the as-of already failed the task in Swift; the check here keeps the report complete.)
-- Writes validation = { [id] = { ok, suspect, synthetic, issues } } and suspect_task_ids (plan order).
local N = require "nodes.common"

-- How old data may be before the result is stale: candles 3 bars of the run's interval; samples 7 days.
local STALE_BARS, STALE_SAMPLE_DAYS = 3, 7

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

-- The staleness limit of one read, in seconds: synthetic samples and live readings 7 days, candles 3 bars of
-- their own file's interval (a daily file read beside hourly data may end a day before the as-of).
local function stale_limit(read, ctx)
  local file = read.file
  if file:find("/synthetic/", 1, true) or file:sub(1, 5) == "live:" then return STALE_SAMPLE_DAYS * 86400 end
  return STALE_BARS * (read.interval or ctx.bar_seconds or 86400)
end

local function describe(seconds)
  if seconds >= 86400 then return string.format("%.0f days", seconds / 86400) end
  return string.format("%.0f hours", seconds / 3600)
end

-- The runtime's record of what the task read: data past the as-of looked ahead; data older than its limit is stale.
local function read_issues(id, state, ctx, issues)
  local status = state.task_status and state.task_status[id]
  local cutoff = ctx.cutoff or ctx.as_of
  for _, read in ipairs(status and status.reads or {}) do
    local latest = read.latest
    if N.finite(latest) and N.finite(cutoff) and latest > cutoff then
      issues[#issues + 1] = string.format("look-ahead: %s was read up to %s, after the as-of", read.file, read.latest_date or tostring(latest))
    elseif N.finite(latest) and N.finite(ctx.as_of) then
      local age, limit = ctx.as_of - latest, stale_limit(read, ctx)
      if age > limit then
        issues[#issues + 1] = string.format("stale: %s ends %s before the as-of (limit %s)", read.file, describe(age), describe(limit))
      end
    end
  end
end

local function source_issues(result, ctx, issues)
  local sources = result.sources
  if type(sources) ~= "table" or N.empty(sources) then
    -- A result that measured nothing (confidence 0) has nothing to source; a figure without a source is suspect.
    if result.confidence ~= 0 then issues[#issues + 1] = "no sources: where the figures came from is unknown" end
    return
  end
  local stale, limit = result.metrics and result.metrics.stale_days, N.synthetic(result) and STALE_SAMPLE_DAYS or STALE_BARS
  if N.finite(stale) and stale > limit then
    issues[#issues + 1] = string.format("stale: the reading is %.0f days old (limit %d)", stale, limit)
  end
end

local function check(id, result, state, ctx)
  local issues = {}
  read_issues(id, state, ctx, issues)
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
      local issues = check(id, result, state, ctx)
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
