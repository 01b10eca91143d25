-- Risk: volatility (ATR 14 bars and its share of the price, annualised volatility of log returns over 30 and 90
-- days), drawdown over 90 and 365 days, correlation (from the correlation task, when planned), data quality and
-- synthetic-data flags -> a level (low, moderate, high, extreme) and the profile's limits, tightened at high levels.
-- Windows are durations turned into bars with ctx.bar_seconds (30 days = 30 daily bars = 720 hourly bars), and
-- volatility is annualised with ctx.bars_per_year (crypto trades 24/7: 365 days, 8,760 hours), so the figures
-- mean the same on any bar interval. ATR's thresholds are for daily bars, scaled by sqrt(bar / 1 day).
-- Writes risk = { level, points, atr, atr_percent, volatility_30d, volatility_90d, max_drawdown_90d,
-- max_drawdown_365d, windows, bar_seconds, bars_per_year, correlation, data_quality, synthetic_tasks, notes, limits }.
local N = require "nodes.common"
local U = require "handlers.common"

local LEVELS = { "low", "low", "moderate", "moderate", "high", "high" }   -- by points; 6 and more: extreme
local TIGHTEN = { high = { max_position = 0.5, risk_per_trade = 0.75 }, extreme = { max_position = 0.25, risk_per_trade = 0.5 } }

local DAY = 86400

-- The bars in `days` days of this data (at least 2).
local function bars_in(ctx, days) return math.max(2, math.floor(days * DAY / (ctx.bar_seconds or DAY) + 0.5)) end

local function volatility(close, bars, skip, perYear)
  if #close < bars + 2 + skip then return nil end
  local sd = U.at(desk.ta.stddev(desk.ta.log_returns(close), bars), skip)
  return sd and sd * math.sqrt(perYear) or nil
end

local function drawdown(close, bars, skip)
  local last = #close - skip
  if last < 2 then return nil end
  return desk.ta.max_drawdown(close:slice(math.max(1, last - bars + 1), last)).fraction
end

-- Points for one measure: 2 above `high`, 1 above `mid`.
local function points(x, mid, high) if not x then return 0 elseif x > high then return 2 elseif x > mid then return 1 end return 0 end

return { run = function(state, ctx)
  local c = ctx.candles
  local skip = U.partial_last_bar(c) and 1 or 0      -- the bundled exports end with a partial day
  local close = c.close
  local atr = #c > 15 + skip and U.at(desk.ta.atr(c.high, c.low, close, 14), skip) or nil
  local price = close:last()                        -- the latest price, partial bar or not
  local atrPct = atr and price and price > 0 and atr / price or nil
  local perYear = ctx.bars_per_year or 365
  local b30, b90, b365 = bars_in(ctx, 30), bars_in(ctx, 90), bars_in(ctx, 365)
  local vol30, vol90 = volatility(close, b30, skip, perYear), volatility(close, b90, skip, perYear)
  local dd90, dd365 = drawdown(close, b90, skip), drawdown(close, b365, skip)
  local atrScale = math.sqrt((ctx.bar_seconds or DAY) / DAY)
  local interval = ctx.bar_interval or "1 day"
  local corr = state.task_execution_results and state.task_execution_results.correlation
  local correlation = corr and corr.metrics and (corr.metrics.eth_corr90 or corr.metrics.eth_corr30) or nil
  local quality = state.quality and state.quality.score or 0.5

  local notes, synthetic = {}, {}
  for _, entry in ipairs(N.tasks(state)) do if N.synthetic(entry.result) then synthetic[#synthetic + 1] = entry.task.id end end
  local score = points(atrPct, 0.04 * atrScale, 0.06 * atrScale) + points(vol30, 0.6, 1.0) + points(dd90, 0.25, 0.4) + (quality < 0.5 and 1 or 0)
  if atrPct then notes[#notes + 1] = string.format("ATR 14 bars of %s %.2f = %.1f%% of the price %.2f", interval, atr, 100 * atrPct, price) end
  if vol30 then notes[#notes + 1] = string.format("annualised volatility %.0f%% (30 days, %d bars), %.0f%% (90 days, %d bars)", 100 * vol30, b30, 100 * (vol90 or 0), b90) end
  if dd90 then notes[#notes + 1] = string.format("max drawdown %.0f%% over 90 days (%d bars), %.0f%% over 365 days (%d bars)", 100 * dd90, b90, 100 * (dd365 or 0), b365) end
  if correlation then notes[#notes + 1] = string.format("correlation with ETH %.2f: little diversification inside crypto", correlation) end
  if quality < 0.5 then notes[#notes + 1] = string.format("research quality %.2f: decisions rest on thin data", quality) end
  if #synthetic > 0 then notes[#notes + 1] = "synthetic samples behind " .. table.concat(synthetic, ", ") .. ": not real data" end

  local level = LEVELS[score + 1] or "extreme"
  local limits = {}
  for _, key in ipairs({ "risk_per_trade", "max_position", "stop_atr_multiple", "reward_risk" }) do limits[key] = N.setting(ctx, key) end
  local tighten = TIGHTEN[level]
  if tighten then
    limits.max_position = N.round(limits.max_position * tighten.max_position, 4)
    limits.risk_per_trade = N.round(limits.risk_per_trade * tighten.risk_per_trade, 4)
    notes[#notes + 1] = string.format("%s risk: position cap cut to %.1f%%, risk per trade to %.2f%%", level,
                                      100 * limits.max_position, 100 * limits.risk_per_trade)
  end
  return {
    risk = { level = level, points = score, atr = N.round(atr, 4), atr_percent = N.round(atrPct, 6),
             volatility_30d = N.round(vol30, 4), volatility_90d = N.round(vol90, 4), max_drawdown_90d = N.round(dd90, 4),
             max_drawdown_365d = N.round(dd365, 4),
             windows = { volatility_30d = b30, volatility_90d = b90, max_drawdown_90d = b90, max_drawdown_365d = b365, atr = 14 },
             bar_seconds = ctx.bar_seconds, bars_per_year = perYear, correlation = N.round(correlation, 4), data_quality = quality,
             synthetic_tasks = synthetic, notes = notes, limits = limits, price = price },
    summary = string.format("%s risk (%d points): ATR %.1f%%, volatility %.0f%% (30 days), 90-day drawdown %.0f%%", level, score,
      100 * (atrPct or 0), 100 * (vol30 or 0), 100 * (dd90 or 0)),
  }
end }
