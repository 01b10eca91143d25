-- The decision node of agents/examples/sma_cross.lua: BUY while the fast SMA is above the slow one, SELL while it
-- is below, HOLD when they are equal; the stop and the target at fixed distances from the close.
return { run = function(state, ctx)
  local m = state.task_execution_results.sma.metrics
  local size, stop, target = ctx.config.sma_size, ctx.config.sma_stop, ctx.config.sma_target
  local decision
  if m.fast > m.slow then
    decision = { action = "BUY", rating = "buy", confidence = 1, position_size = size,
                 stop_loss = m.close * (1 - stop), take_profit = m.close * (1 + target) }
  elseif m.fast < m.slow then
    decision = { action = "SELL", rating = "sell", confidence = 1, position_size = size,
                 stop_loss = m.close * (1 + stop), take_profit = m.close * (1 - target) }
  else
    decision = { action = "HOLD", rating = "hold", confidence = 1, position_size = 0 }
  end
  decision.rationale = string.format("%s: SMA %d at %.2f, SMA %d at %.2f", decision.action, ctx.config.sma_fast, m.fast,
                                     ctx.config.sma_slow, m.slow)
  return { decision = decision }
end }
