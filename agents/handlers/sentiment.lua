-- Market sentiment: the fear & greed index computed from the candles, combined (when --news gave texts) with the
-- mean VADER compound score of the texts, recent texts weighted more (half-life 7 days before the as-of time).
local U = require "handlers.common"

local HALF_LIFE_DAYS = 7

-- Fear & greed -> signal: follows the crowd between 25 and 75 ((v-50)/50), contrarian at the extremes
-- (0 at 16.7 and 83.3, +1 at 0, -1 at 100), like RSI's overbought/oversold reading.
local function fg_signal(v)
  if v > 75 then return 0.5 - 1.5 * (v - 75) / 25 end
  if v < 25 then return -0.5 + 1.5 * (25 - v) / 25 end
  return (v - 50) / 50
end

return { run = function(task, ctx)
  desk.cost(0)
  local c = ctx.candles
  local fg, reason = desk.sentiment.fear_greed(c)
  local fgSig = fg and fg_signal(fg.value) or nil
  local news = desk.news()
  local sum, weights, newest, scored = 0, 0, nil, 0
  for _, item in ipairs(news) do
    local age = math.max(0, (ctx.as_of - item.time) / 86400)
    local w = 0.5 ^ (age / HALF_LIFE_DAYS)
    local s = desk.sentiment.score(item.text)
    sum, weights, scored = sum + w * s.compound, weights + w, scored + 1
    newest = (newest == nil or age < newest) and age or newest
  end
  local newsSig = weights > 0 and sum / weights or nil
  local metrics = { texts = #news, texts_weight = weights, news_compound = newsSig, newest_text_age_days = newest,
                    fear_greed_signal = fgSig }
  if fg then
    metrics.fear_greed = fg.value; metrics.fear_greed_label = fg.label
    metrics.fg_volatility = fg.components.volatility; metrics.fg_momentum_volume = fg.components.momentum_volume
    metrics.fg_trend = fg.components.trend
  end
  local sources = { U.candle_source(ctx, c, math.min(#c, 120)) }
  if #news > 0 then sources[#sources + 1] = { name = "news texts (--news)", texts = #news, as_of = ctx.as_of_date } end

  if not fg and not newsSig then
    return { signal = 0, confidence = 0, metrics = metrics, sources = sources,
             summary = "no sentiment: no texts and no fear & greed (" .. tostring(reason) .. ")" }
  end
  -- Texts count 60 % when present; their confidence grows with their recency-weighted count (10 = full).
  local signal, coverage = U.combine{ { signal = newsSig, weight = 0.6 }, { signal = fgSig, weight = 0.4 } }
  local newsConf = math.min(1, weights / 10)
  local confidence
  if newsSig and fgSig then
    confidence = U.clamp(0.3 + 0.4 * newsConf + 0.2 * math.abs(signal), 0, 0.9)
  elseif newsSig then
    confidence = U.clamp(0.2 + 0.4 * newsConf, 0, 0.6)
  else
    confidence = U.clamp(0.25 + 0.25 * math.abs(fgSig), 0, 0.5)
  end
  local fgText = fg and string.format("fear & greed %.0f (%s)", fg.value, fg.label) or ("no fear & greed: " .. tostring(reason))
  local summary
  if newsSig then
    summary = string.format("%d texts, recency-weighted VADER compound %+.2f; %s -> signal %+.2f", #news, newsSig, fgText, signal)
  else
    summary = string.format("no texts: fear & greed alone; %s -> signal %+.2f", fgText, signal)
  end
  local facts = {}
  if fg and U.ok(fg.value) and fg.value < 25 then
    facts[1] = { side = 1, claim = string.format("fear & greed %.0f: extreme fear (contrarian buy)", fg.value) }
  elseif fg and U.ok(fg.value) and fg.value > 75 then
    facts[1] = { side = -1, claim = string.format("fear & greed %.0f: extreme greed (contrarian sell)", fg.value) }
  end
  return { signal = signal, confidence = confidence, summary = summary, metrics = metrics, sources = sources, facts = #facts > 0 and facts or nil }
end }
