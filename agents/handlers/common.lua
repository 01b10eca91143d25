-- Small helpers shared by the research handlers (not a handler itself).
local M = {}

-- A usable number: not nil, not NaN, not infinite.
function M.ok(x)
  return type(x) == "number" and x == x and x ~= math.huge and x ~= -math.huge
end

function M.clamp(x, lo, hi)
  lo, hi = lo or -1, hi or 1
  if x < lo then return lo elseif x > hi then return hi end
  return x
end

-- The value `back` bars before the last of a series (0 = last), or nil while it is warm-up NaN / missing.
function M.at(series, back)
  local v = series[#series - (back or 0)]
  if M.ok(v) then return v end
  return nil
end

-- x / (1 + |x|): squashes any real number into (-1, 1), keeping its sign.
function M.squash(x) return x / (1 + math.abs(x)) end

-- The candle file entry for `sources`.
function M.candle_source(ctx, candles, bars)
  candles = candles or ctx.candles
  return { file = candles.source or ctx.data_path, bars = bars or #candles, as_of = ctx.as_of_date }
end

-- Weighted mean of the available components {signal=, weight=} (nil signals skipped), how much weight was
-- available (0..1 of the total) and how much the available components agree (|Σ w s| / Σ w |s|, 1 = all same sign).
function M.combine(parts)
  local total, avail, sum, abs = 0, 0, 0, 0
  for _, p in ipairs(parts) do
    total = total + p.weight
    if M.ok(p.signal) then
      avail = avail + p.weight; sum = sum + p.weight * p.signal; abs = abs + p.weight * math.abs(p.signal)
    end
  end
  if avail == 0 then return nil, 0, 0 end
  return sum / avail, avail / total, abs > 0 and math.abs(sum) / abs or 0
end

-- The last bar's volume against the mean of the 20 before it, when it is below a quarter of it (the bundled
-- exports end with a partial day, docs/DATA.md): nil when the last bar looks complete.
function M.partial_last_bar(c)
  local n = #c
  if n < 21 then return nil end
  local v, sum = c.volume:slice(n - 20, n):to_table(), 0
  for i = 1, 20 do sum = sum + v[i] end
  local ratio = sum > 0 and v[21] / (sum / 20) or nil
  if ratio and ratio < 0.25 then return ratio end
  return nil
end

function M.round(x, digits)
  if not M.ok(x) then return x end
  local m = 10 ^ (digits or 4)
  return math.floor(x * m + 0.5) / m
end

-- Fails clearly when the candles cannot be used at all.
function M.require_bars(ctx, minimum, what)
  local n = #ctx.candles
  if n < minimum then
    error(string.format("%s: %d bar(s) of %s up to %s; at least %d are needed", what, n,
                        tostring(ctx.candles.source), ctx.as_of_date, minimum), 0)
  end
  return n
end

-- A synthetic summary at the as-of time and the same field of up to `count` earlier readings, one every `step`
-- seconds back (on-chain and macro judge today's figure against its own history). Returns the summary and the
-- earlier values, or nil and a zero-confidence result saying why there is no reading.
function M.synthetic_history(ctx, summarize, what, file, step, count, field)
  local ok, s = pcall(summarize, ctx.as_of)
  if not ok then
    return nil, { signal = 0, confidence = 0, source = "synthetic-sample", synthetic = true, metrics = {},
                  sources = { { name = "synthetic " .. what .. " sample", file = file } },
                  summary = "no " .. what .. " reading at " .. ctx.as_of_date .. ": " .. tostring(s) }
  end
  local values = {}
  for i = 1, count do
    local okp, past = pcall(summarize, s.as_of - i * step)
    if okp and past.as_of < s.as_of then values[#values + 1] = field(past) end
  end
  return s, values
end

return M
