-- Keyword extraction: the 10 most frequent content words and two-word phrases of the news texts, each with
-- the mean VADER compound of the texts it appears in. Signal: the count-weighted mean of those polarities.
local U = require "handlers.common"

return { run = function(task, ctx)
  desk.cost(0)
  local sentiment = ctx.inputs and ctx.inputs.sentiment
  local news = desk.news()
  if #news == 0 then
    return { signal = 0, confidence = 0, metrics = { texts = 0, keywords = 0 }, sources = {},
             summary = "no texts (run with --news FILE): no keywords to extract" }
  end
  local top = desk.keywords.extract(10)
  local sum, weight, list, words = 0, 0, {}, {}
  for i, k in ipairs(top) do
    sum, weight = sum + k.count * k.polarity, weight + k.count
    list[i] = { text = k.text, kind = k.kind, count = k.count, documents = k.documents, polarity = k.polarity }
    words[i] = string.format("%s (%d, %+.2f)", k.text, k.count, k.polarity)
  end
  if weight == 0 then
    return { signal = 0, confidence = 0, metrics = { texts = #news, keywords = 0 },
             sources = { { name = "news texts (--news)", texts = #news, as_of = ctx.as_of_date } },
             summary = string.format("%d texts but no content words survived the stop-word filter", #news) }
  end
  local signal = sum / weight
  -- Keywords echo the same texts as sentiment, so confidence stays low: up to 0.4 with many distinct texts,
  -- halved when the keyword polarity disagrees in sign with the sentiment task's signal.
  local confidence = 0.1 + 0.3 * math.min(1, #news / 20)
  local sentSig = sentiment and sentiment.signal
  if U.ok(sentSig) and sentSig * signal < 0 then confidence = confidence / 2 end
  return {
    signal = signal, confidence = confidence,
    summary = string.format("top of %d texts: %s -> signal %+.2f", #news, table.concat(words, ", ", 1, math.min(5, #words)), signal),
    metrics = { texts = #news, keywords = #top, keyword_polarity = signal, sentiment_signal = sentSig,
                top_keywords = table.concat(words, ", ") },
    keywords = list,
    sources = { { name = "news texts (--news)", texts = #news, as_of = ctx.as_of_date } },
  }
end }
