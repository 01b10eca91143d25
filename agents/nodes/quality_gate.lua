-- The quality gate: scores the research (each task weighted by priority: a valid result counts 0.5 + 0.5 x its
-- confidence, a missing or suspect one 0). When the score is under quality_threshold or critical research is missing,
-- it sends the failed and suspect tasks back to the researcher, at most max_research_rounds times; after that the
-- run goes on degraded, with a warning. Writes quality (and rerun_task_ids when it loops back).
local N = require "nodes.common"

local RERUN_STATUSES = { failed = true, timed_out = true, cancelled = true }

local function assess(state, ctx)
  local validation = state.validation or {}
  local sum, total = 0, 0
  local missing_critical, weak, rerun = {}, {}, {}
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
    if v.suspect or (status and RERUN_STATUSES[status.status]) then rerun[#rerun + 1] = task.id end
  end
  local score = total > 0 and sum / total or 0
  return score, missing_critical, weak, rerun
end

return {
  run = function(state, ctx)
    local score, missing_critical, weak, rerun = assess(state, ctx)
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
      update.warnings = { string.format("degraded research: quality %.2f under %.2f after %d round%s%s", score, threshold,
        round, round == 1 and "" or "s",
        #missing_critical > 0 and ("; critical tasks missing: " .. table.concat(missing_critical, ", ")) or "") }
      update.summary = text .. "; going on degraded"
    else
      update.summary = text .. "; passed"
      if #rerun > 0 then
        update.warnings = { "research incomplete: " .. table.concat(rerun, ", ") .. " not usable (quality passed without them)" }
      end
    end
    return update
  end,
  route = function(state, ctx)
    if state.quality and state.quality.loop then return "researcher" end
    return "bull_bear"
  end,
}
