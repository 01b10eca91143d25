-- Technical analysis: RSI 14, MACD 12/26/9, Bollinger %B, trend (swing highs/lows, SMA 50/200) -> one signal.
local U = require "handlers.common"

-- Swing highs/lows: a bar whose high (low) is the extreme of the 3 bars either side, over the last `span` bars.
local function swings(c, span)
  local n = #c
  local first = math.max(1, n - span + 1)
  local h, l = c.high:slice(first, n):to_table(), c.low:slice(first, n):to_table()
  local highs, lows, k = {}, {}, 3
  for i = 1 + k, #h - k do
    local isHigh, isLow = true, true
    for j = i - k, i + k do
      if h[j] > h[i] then isHigh = false end
      if l[j] < l[i] then isLow = false end
    end
    if isHigh then highs[#highs + 1] = h[i] end
    if isLow then lows[#lows + 1] = l[i] end
  end
  if #highs < 2 or #lows < 2 then return nil, #highs, #lows end
  local hh = highs[#highs] > highs[#highs - 1] and 1 or -1
  local hl = lows[#lows] > lows[#lows - 1] and 1 or -1
  return (hh + hl) / 2, #highs, #lows
end

return { run = function(task, ctx)
  local c = ctx.candles
  local n = U.require_bars(ctx, 2, "technical")
  local close = c.close
  local price = close:last()
  local rsi = U.at(desk.ta.rsi(close, 14))
  local _, _, hist = desk.ta.macd(close, 12, 26, 9)
  local h = U.at(hist)
  local upper, middle, lower = desk.ta.bbands(close, 20, 2)
  local up, lo = U.at(upper), U.at(lower)
  local pb = (up and lo and up > lo) and (price - lo) / (up - lo) or nil
  local sd20 = (up and lo) and (up - lo) / 4 or nil
  local sma50, sma200 = U.at(desk.ta.sma(close, 50)), U.at(desk.ta.sma(close, 200))
  local swing, nh, nl = swings(c, 90)

  -- RSI: momentum inside 30..70 ((r-50)/40), fading to contrarian beyond (0 at 80/20, -1 at 100, +1 at 0).
  local rsiSig
  if rsi then
    if rsi > 70 then rsiSig = 0.5 - 1.5 * (rsi - 70) / 30
    elseif rsi < 30 then rsiSig = -0.5 + 1.5 * (30 - rsi) / 30
    else rsiSig = (rsi - 50) / 40 end
  end
  local macdSig = (h and sd20 and sd20 > 0) and U.clamp(2 * h / sd20) or nil
  local bbSig = pb and U.clamp(1 - 2 * pb) or nil                     -- contrarian: upper band = stretched
  local crossSig = (sma50 and sma200) and U.clamp((sma50 / sma200 - 1) / 0.05) or nil
  local signal, coverage, agreement = U.combine{
    { signal = rsiSig, weight = 0.20 }, { signal = macdSig, weight = 0.25 }, { signal = bbSig, weight = 0.15 },
    { signal = swing, weight = 0.20 }, { signal = crossSig, weight = 0.20 } }
  if not signal then
    return { signal = 0, confidence = 0, metrics = { bars = n }, sources = { U.candle_source(ctx, c, n) },
             summary = string.format("technical: %d bars, no indicator has data yet (RSI 14 needs 15, Bollinger 20, MACD 34)", n) }
  end
  local confidence = U.clamp(coverage * (0.25 + 0.5 * agreement + 0.25 * math.abs(signal)), 0, 1)

  local missing = {}
  if not sma200 then missing[#missing + 1] = "SMA 200" end
  if not swing then missing[#missing + 1] = "swings" end
  if not h then missing[#missing + 1] = "MACD" end
  -- Facts for the debate: each a side (1 bullish, -1 bearish) and the claim with its figure.
  local facts = {}
  if U.ok(rsi) and rsi < 30 then facts[#facts + 1] = { side = 1, claim = string.format("RSI 14 at %.1f: oversold", rsi) } end
  if U.ok(rsi) and rsi > 70 then facts[#facts + 1] = { side = -1, claim = string.format("RSI 14 at %.1f: overbought", rsi) } end
  if U.ok(price) and U.ok(sma200) then
    facts[#facts + 1] = { side = price >= sma200 and 1 or -1, claim = string.format("close %.2f %s SMA 200 %.2f",
                          price, price >= sma200 and "above" or "below", sma200) }
  end
  if U.ok(sma50) and U.ok(sma200) and sma200 > 0 then
    facts[#facts + 1] = { side = sma50 >= sma200 and 1 or -1, claim = string.format("SMA 50/200 at %.3f: %s",
                          sma50 / sma200, sma50 >= sma200 and "uptrend regime" or "downtrend regime") }
  end
  desk.cost(0)
  return {
    signal = signal, confidence = confidence, facts = #facts > 0 and facts or nil,
    summary = string.format("RSI %s, MACD hist %s, %%B %s, swings %s, SMA50/200 %s -> signal %+.2f%s",
      rsi and string.format("%.1f", rsi) or "n/a", h and string.format("%+.1f", h) or "n/a",
      pb and string.format("%.2f", pb) or "n/a",
      swing == nil and "n/a" or (swing > 0 and "higher highs/lows" or swing < 0 and "lower highs/lows" or "mixed"),
      crossSig == nil and "n/a" or string.format("%.3f", sma50 / sma200), signal,
      #missing > 0 and (" (missing: " .. table.concat(missing, ", ") .. ")") or ""),
    metrics = { close = price, rsi14 = rsi, macd_hist = h, percent_b = pb, sma50 = sma50, sma200 = sma200,
                swing_trend = swing, swing_highs = nh, swing_lows = nl, rsi_signal = rsiSig, macd_signal = macdSig,
                bollinger_signal = bbSig, cross_signal = crossSig, coverage = coverage, agreement = agreement },
    sources = { U.candle_source(ctx, c, n) },
  }
end }
