-- The quality gate: scores the research (each task weighted by priority: a valid result counts 0.5 + 0.5 x its
-- confidence, a missing or suspect one 0). When the score is under quality_threshold or critical research is missing,
-- it sends the failed and suspect tasks back to the researcher, at most max_research_rounds times; after that the
-- run goes on degraded, with a warning. Writes quality (and rerun_task_ids when it loops back).
-- Only what can change is re-run: a suspect result, a timeout, a cancellation, and a failure the executor marked
-- retryable (a transient error: desk.retryable, HTTP 5xx/429, an I/O timeout). A task that failed for good (a
-- plain Lua error in its handler, a missing API key) would fail the same way again: it is not sent back.
local N = require "nodes.common"

local RERUN_STATUSES = { timed_out = true, cancelled = true }

local function can_change(status)
  return RERUN_STATUSES[status.status] or (status.status == "failed" and status.retryable == true)
end

local function assess(state, ctx)
  local validation = state.validation or {}
  local sum, total = 0, 0
  local missing_critical, weak, rerun, unusable = {}, {}, {}, {}
  for _, entry in ipairs(N.tasks(state)) do
    local task, r = entry.task, entry.result
    local v = validation[task.id] or {}
    local w = N.PRIORITY_WEIGHT[task.priority] or 1
    total = total + w
    local valid = r ~= nil and v.suspect ~= true
    if valid then sum = sum + w * (0.5 + 0.5 * N.clamp(r.confidence, 0, 1)) end
    if not valid and task.priority == "critical" then missing_critical[#missing_critical + 1] = task.id end
    if valid and r.confidence < 0.2 then weak[#weak + 1] = task.id end
    local status = state.task_status and state.task_status[task.id]
    local failed = status and status.status ~= "completed"
    if v.suspect or failed then unusable[#unusable + 1] = task.id end
    if v.suspect or (failed and can_change(status)) then rerun[#rerun + 1] = task.id end
  end
  local score = total > 0 and sum / total or 0
  return score, missing_critical, weak, rerun, unusable
end

-- Why a task is not usable, for the warnings: "onchain (failed: the feed is down)", "macro (stale: ...)".
local function why(state, id)
  local status = state.task_status and state.task_status[id]
  local v = state.validation and state.validation[id]
  if status and status.status ~= "completed" then
    return string.format("%s (%s%s)", id, status.status, status.error and (": " .. status.error) or "")
  end
  return string.format("%s (%s)", id, v and v.issues and v.issues[1] or "no result")
end

local function list_why(state, ids)
  local out = {}
  for i, id in ipairs(ids) do out[i] = why(state, id) end
  return table.concat(out, "; ")
end

return {
  run = function(state, ctx)
    local score, missing_critical, weak, rerun, unusable = assess(state, ctx)
    local threshold = N.setting(ctx, "quality_threshold")
    local passed = score >= threshold and #missing_critical == 0
    local round = state.research_round or 1
    local rounds_left = round <= N.setting(ctx, "max_research_rounds")
    local loop = not passed and #rerun > 0 and rounds_left
    local quality = { score = N.round(score, 4), threshold = threshold, passed = passed, round = round,
                      missing_critical = missing_critical, weak = weak, rerun_task_ids = rerun, loop = loop }
    local update = { quality = quality }
    local text = string.format("quality %.2f (needs %.2f)%s", score, threshold,
      #missing_critical > 0 and ("; critical missing: " .. table.concat(missing_critical, ", ")) or "")
    if loop then
      update.rerun_task_ids = rerun
      update.messages = { "quality gate: re-running " .. table.concat(rerun, ", ") .. " (round " .. (round + 1) .. ")" }
      update.summary = text .. "; re-running " .. table.concat(rerun, ", ")
    elseif not passed then
      local failing = #missing_critical > 0 and missing_critical or unusable
      update.warnings = { string.format("degraded research after %d round%s: quality %.2f (needs %.2f)%s%s", round,
        round == 1 and "" or "s", score, threshold,
        #missing_critical > 0 and "; critical research missing" or "",
        #failing > 0 and (": " .. list_why(state, failing)) or "") }
      update.summary = text .. "; going on degraded"
    else
      update.summary = text .. "; passed"
      if #unusable > 0 then
        update.warnings = { "research incomplete, quality passed without: " .. list_why(state, unusable) }
      end
    end
    return update
  end,
  route = function(state, ctx)
    if state.quality and state.quality.loop then return "researcher" end   -- run decided: rounds left, tasks to re-run
    return "bull_bear"
  end,
}
