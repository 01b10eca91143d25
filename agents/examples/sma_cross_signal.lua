-- The research task of agents/examples/sma_cross.lua: the fast and slow SMAs of the closes at the bar.
return { run = function(task, ctx)
  local close = ctx.candles.close
  local fast, slow = ctx.config.sma_fast or 10, ctx.config.sma_slow or 30
  local f = desk.ta.sma(close, fast)
  local s = desk.ta.sma(close, slow)
  local a, b = f[#f], s[#s]
  if not (a == a and b == b) then error(string.format("%d bars: the %d-bar average needs more", #close, slow)) end
  return {
    signal = a > b and 1 or a < b and -1 or 0,
    confidence = 1,
    summary = string.format("SMA %d %.2f vs SMA %d %.2f", fast, a, slow, b),
    metrics = { fast = a, slow = b, close = close[#close] },
    sources = { { file = ctx.data_path, bars = #close, as_of = ctx.as_of_date } },
  }
end }
