-- The planning rules (planner.lua): which tasks each profile adds, through a recording plan.
local planner = require "planner"

-- A plan that records what the rules add and note.
local function recorder()
  local plan = { ids = {}, tasks = {}, notes = {} }
  function plan:add(t) self.ids[#self.ids + 1] = t.id; self.tasks[t.id] = t end
  function plan:note(text) self.notes[#self.notes + 1] = text end
  return plan
end

local function ctx(symbol, live) return { symbol = symbol, config = { live = live or false } } end

test("base plans sentiment, on-chain, technical, macro and keywords", function()
  local plan = recorder()
  planner.base(plan, ctx("BTC/USDT"))
  assert(table.concat(plan.ids, ",") == "sentiment,onchain,technical,macro,keywords", table.concat(plan.ids, ","))
  assert(plan.tasks.keywords.optional and plan.tasks.keywords.depends[1] == "sentiment")
  assert(plan.tasks.sentiment.handler == "handlers.sentiment")
end)

test("an asset with no chain gets no on-chain task, and a note saying why", function()
  local plan = recorder()
  planner.base(plan, ctx("AAPL/USD"))
  assert(plan.tasks.onchain == nil)
  assert(plan.notes[1] == "no on-chain task: AAPL/USD has no chain of its own (AAPL)", plan.notes[1])
end)

test("live runs use the live handlers for sentiment, on-chain and macro", function()
  local plan = recorder()
  planner.base(plan, ctx("eth-usd", true))
  assert(plan.tasks.sentiment.handler == "handlers.live.sentiment" and plan.tasks.onchain.handler == "handlers.live.onchain")
  assert(plan.tasks.technical.handler == "handlers.technical")
  assert(planner.base_asset("eth-usd") == "ETH")
end)

test("each profile adds its own tasks", function()
  for profile, want in pairs{ balanced = "patterns", conservative = "liquidity,correlation", aggressive = "momentum,breakout" } do
    local plan = recorder()
    planner[profile](plan, ctx("BTC/USDT"))
    assert(table.concat(plan.ids, ",") == want, profile .. ": " .. table.concat(plan.ids, ","))
  end
end)
