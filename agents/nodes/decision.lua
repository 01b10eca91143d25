-- The decision: BUY, SELL or HOLD with a 5-level rating from the analysis score (strong buy >= 0.5, buy >= 0.15,
-- sell <= -0.15, strong sell <= -0.5, else hold; HOLD whenever the confidence is under min_confidence or the
-- optimizer stayed flat), the position from the optimizer, and a rationale citing the evidence and the risk.
-- Writes decision = { action, rating, confidence, position_size, stop_loss, take_profit, rationale }.
local N = require "nodes.common"

local RATINGS = { { 0.5, "strong buy" }, { 0.15, "buy" }, { -0.15, "hold" }, { -0.5, "sell" } }

local function rating(score)
  for _, r in ipairs(RATINGS) do if score >= r[1] then return r[2] end end
  return "strong sell"
end

-- The n strongest items of a case as "technical +0.55 (conf 0.79), weight 1.31".
local function top(case, n)
  local out = {}
  for i = 1, math.min(n, #(case and case.evidence or {})) do
    local item = case.evidence[i]
    out[#out + 1] = string.format("%s, weight %.2f", item.claim:match("^[^:]+"), item.weight)
  end
  return out
end

local function risk_text(risk)
  local parts = {}
  if risk.atr_percent then parts[#parts + 1] = string.format("ATR %.1f%% of price", 100 * risk.atr_percent) end
  if risk.volatility_30d then parts[#parts + 1] = string.format("volatility %.0f%%", 100 * risk.volatility_30d) end
  if risk.max_drawdown_90d then parts[#parts + 1] = string.format("90-day drawdown %.0f%%", 100 * risk.max_drawdown_90d) end
  return string.format("Risk %s%s.", risk.level or "unknown", #parts > 0 and (" (" .. table.concat(parts, ", ") .. ")") or "")
end

return { run = function(state, ctx)
  local analysis, position, risk = state.analysis or {}, state.position or {}, state.risk or {}
  local score, confidence = analysis.score or 0, analysis.confidence or 0
  local rated = rating(score)
  local min_confidence = N.setting(ctx, "min_confidence")
  local action = "HOLD"
  if position.direction == "long" and rated:find("buy") then action = "BUY" end
  if position.direction == "short" and rated:find("sell") then action = "SELL" end
  -- Why a HOLD is a HOLD, in the order the rules apply.
  local why_hold
  if action == "HOLD" then
    if confidence < min_confidence then
      why_hold = string.format("Held because the confidence %.2f is under the minimum %.2f.", confidence, min_confidence)
    elseif rated == "hold" then
      why_hold = string.format("Held because the score %+.2f is between -0.15 and +0.15: neither side is strong enough.", score)
    else
      why_hold = "Rated " .. rated .. " but held: " .. (position.summary or "no position") .. "."
    end
    rated = confidence < min_confidence and "hold" or rated
  end

  -- For and Against are relative to the decision taken: for a SELL the bear argues for it.
  local bull, bear = top(state.bull_case, 2), top(state.bear_case, 2)
  local parts = { string.format("%s: score %+.2f (bull %.2f vs bear %.2f), confidence %.2f (min %.2f).", rated, score,
    analysis.bull_strength or 0, analysis.bear_strength or 0, confidence, min_confidence) }
  if action == "HOLD" then
    if #bull > 0 then parts[#parts + 1] = "For buying: " .. table.concat(bull, "; ") .. "." end
    if #bear > 0 then parts[#parts + 1] = "For selling: " .. table.concat(bear, "; ") .. "." end
  else
    local pro, con = bull, bear
    if action == "SELL" then pro, con = bear, bull end
    if #pro > 0 then parts[#parts + 1] = "For " .. action .. ": " .. table.concat(pro, "; ") .. "." end
    if #con > 0 then parts[#parts + 1] = "Against " .. action .. ": " .. table.concat(con, "; ") .. "." end
  end
  parts[#parts + 1] = risk_text(risk)
  if action ~= "HOLD" then
    parts[#parts + 1] = string.format("%s %.1f%% of equity, stop %.2f, target %.2f.", action == "BUY" and "Buy" or "Sell",
      100 * position.size, position.stop_loss, position.take_profit)
  else
    parts[#parts + 1] = why_hold
  end
  local warnings = state.warnings or {}
  if #warnings > 0 then parts[#parts + 1] = "Caveats: " .. table.concat(warnings, "; ") .. "." end

  local decision = {
    action = action, rating = rated, confidence = N.round(confidence, 4),
    position_size = action == "HOLD" and 0 or position.size,
    stop_loss = action ~= "HOLD" and position.stop_loss or nil,
    take_profit = action ~= "HOLD" and position.take_profit or nil,
    rationale = table.concat(parts, " "),
  }
  return { decision = decision, summary = string.format("%s (%s), confidence %.2f, size %.1f%%", action, rated,
    confidence, 100 * decision.position_size) }
end }
