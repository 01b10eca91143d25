-- Market sentiment in a --live run: alternative.me's published Fear & Greed index (the last 7 days), and the
-- news feeds named in the agent's config.news_feeds scored with VADER. Contrarian at the extremes, like the
-- offline handler (handlers/sentiment.lua).
local function fg_signal(v)
  if v > 75 then return 0.5 - 1.5 * (v - 75) / 25 end
  if v < 25 then return -0.5 + 1.5 * (25 - v) / 25 end
  return (v - 50) / 50
end

return { run = function(task, ctx)
  desk.cost(0)
  local readings = desk.live.fear_greed(7)
  local latest = readings[#readings]
  if not latest then error("alternative.me: no readings") end
  local feeds = ctx.config.news_feeds or {}
  local items = #feeds > 0 and desk.live.news(feeds) or {}
  local sum = 0
  for _, item in ipairs(items) do sum = sum + desk.sentiment.score(item.text).compound end
  local news = #items > 0 and sum / #items or nil
  local signal = fg_signal(latest.value)
  if news then signal = 0.5 * signal + 0.5 * news end
  return {
    signal = signal, confidence = news and 0.5 or 0.35, source = "alternative.me",
    summary = string.format("fear & greed %d (%s)%s -> signal %+.2f", latest.value, latest.classification,
                            news and string.format(", %d feed items, mean compound %+.2f", #items, news) or ", no feeds configured", signal),
    metrics = { fear_greed = latest.value, classification = latest.classification, feed_items = #items, news_compound = news },
    sources = { { name = "alternative.me fear and greed", readings = #readings } },
  }
end }
