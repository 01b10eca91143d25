-- Macro factors from the SYNTHETIC sample (data/synthetic/macro_daily.csv; the Fed funds steps follow the real
-- FOMC decisions, the DXY path is simulated): DXY 30-day change against its last 12 monthly readings, and the
-- Fed funds change over 90 days. A rising dollar and rate hikes are read as risk-off (bearish for crypto).
local U = require "handlers.common"

local MONTH = 30 * 86400

return { run = function(task, ctx)
  desk.cost(0)
  -- Typical size of a 30-day DXY move: sample sd of the previous 12 monthly readings (in %).
  local s, moves = U.synthetic_history(ctx, desk.macro.summary, "macro", "data/synthetic/macro_daily.csv", MONTH, 12,
                                       function(past) return past.dxy_change_30d_percent end)
  if not s then return moves end
  local sd = 0
  for _, v in ipairs(moves) do sd = sd + v * v / #moves end   -- root mean square around zero change
  sd = math.sqrt(sd)
  local dxyZ = (#moves >= 4 and sd > 0) and s.dxy_change_30d_percent / sd or nil
  -- Fed: a 0.5 point hike within 90 days reads -1, a 0.5 point cut +1.
  local fedSig = U.clamp(-s.fed_funds_change_90d / 0.5)
  local signal, coverage, agreement = U.combine{
    { signal = dxyZ and -U.squash(dxyZ), weight = 0.5 }, { signal = fedSig, weight = 0.5 } }
  signal = signal or 0
  local staleDays = (ctx.as_of - s.as_of) / 86400
  -- Synthetic data: confidence capped at 0.3.
  local confidence = U.clamp((0.1 + 0.2 * agreement) * coverage * (staleDays > 2 and 0.3 or 1), 0, 0.3)
  return {
    signal = signal, confidence = confidence, source = "synthetic-sample", synthetic = true,
    summary = string.format("SYNTHETIC: DXY %.2f (%+.2f%% in 30d, z %s vs 12 months), Fed funds %.3f%% (%+.2f pt in 90d) -> signal %+.2f%s",
      s.dxy, s.dxy_change_30d_percent, dxyZ and string.format("%+.2f", dxyZ) or "n/a", s.fed_funds,
      s.fed_funds_change_90d, signal, staleDays > 2 and string.format(" (sample ends %.0f days before as-of)", staleDays) or ""),
    metrics = { dxy = s.dxy, dxy_change_30d = s.dxy_change_30d, dxy_change_30d_percent = s.dxy_change_30d_percent,
                dxy_move_rms_12m = sd, dxy_z = dxyZ, fed_funds = s.fed_funds, fed_funds_change_90d = s.fed_funds_change_90d,
                fed_signal = fedSig, sample_as_of = s.as_of, stale_days = staleDays },
    sources = { { name = "synthetic macro sample", file = s.file, source = s.source, as_of = ctx.as_of_date } },
  }
end }
