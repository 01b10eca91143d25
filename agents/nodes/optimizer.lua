-- The optimizer: sizes the position with fixed-fractional risk and an ATR stop.
--   direction      long when the analysis score is positive, short when negative; flat when |score| < 0.15 or the
--                  confidence is under min_confidence
--   stop distance  stop_atr_multiple x ATR 14 (from the risk node)
--   size           risk_per_trade / (stop distance / entry) x confidence, capped at max_position (risk limits)
--   take-profit    reward_risk x the stop distance beyond the entry
--   sanity caps    the stop at most 20 % from the entry, the target at most 50 % (in a crash ATR stops explode)
-- Writes position = { direction, size, entry, stop_loss, take_profit, stop_distance, risk_per_trade, reward_risk,
-- atr, method, capped, summary }.
local N = require "nodes.common"

local MIN_SCORE = 0.15
local MAX_STOP_FRACTION, MAX_TARGET_FRACTION = 0.20, 0.50

return { run = function(state, ctx)
  local analysis, risk = state.analysis or {}, state.risk or {}
  local limits = risk.limits or {}
  local riskPerTrade = limits.risk_per_trade or N.setting(ctx, "risk_per_trade")
  local maxPosition = limits.max_position or N.setting(ctx, "max_position")
  local stopATR = limits.stop_atr_multiple or N.setting(ctx, "stop_atr_multiple")
  local rewardRisk = limits.reward_risk or N.setting(ctx, "reward_risk")
  local score, confidence = analysis.score or 0, analysis.confidence or 0
  local entry = risk.price or ctx.candles.close:last()
  local atr = risk.atr
  local position = { method = "fixed-fractional", entry = N.round(entry, 2), atr = N.round(atr, 2), risk_per_trade = riskPerTrade,
                     reward_risk = rewardRisk, stop_atr_multiple = stopATR, max_position = maxPosition }

  local direction = "flat"
  if math.abs(score) >= MIN_SCORE and confidence >= N.setting(ctx, "min_confidence") and N.finite(atr) and atr > 0 then
    direction = score > 0 and "long" or "short"
  end
  position.direction = direction
  if direction == "flat" then
    position.size, position.capped = 0, false
    position.summary = string.format("flat: score %+.2f, confidence %.2f (needs |score| >= %.2f and confidence >= %.2f)",
      score, confidence, MIN_SCORE, N.setting(ctx, "min_confidence"))
    return { position = position, summary = position.summary }
  end

  local sign = direction == "long" and 1 or -1
  local stopDistance = math.min(stopATR * atr, MAX_STOP_FRACTION * entry)
  local targetDistance = math.min(rewardRisk * stopDistance, MAX_TARGET_FRACTION * entry)
  local raw = riskPerTrade / (stopDistance / entry) * confidence
  local size = math.min(raw, maxPosition)
  position.stop_distance = N.round(stopDistance, 2)
  position.stop_loss = N.round(entry - sign * stopDistance, 2)
  position.take_profit = N.round(entry + sign * targetDistance, 2)
  position.levels_capped = stopDistance < stopATR * atr or targetDistance < rewardRisk * stopDistance
  position.size = N.round(size, 4)
  position.capped = raw > maxPosition
  position.summary = string.format("%s %.1f%% of equity at %.2f: stop %.2f (%.1f x ATR %.2f), target %.2f (%.1f R); "
    .. "risking %.2f%% x confidence %.2f%s%s", direction, 100 * position.size, entry, position.stop_loss, stopATR, atr,
    position.take_profit, targetDistance / stopDistance, 100 * riskPerTrade, confidence,
    position.capped and string.format(", capped at %.0f%%", 100 * maxPosition) or "",
    position.levels_capped and "; levels capped (stop <= 20%, target <= 50% of the price)" or "")
  return { position = position, summary = position.summary }
end }
