-- The shared planning rules (the Python Phase 2 planner's, as data). Agents call these from their `plan`.
--   planner.base(plan, ctx)          every profile: sentiment, on-chain, technical, macro (+ keywords if optional tasks are on)
--   planner.balanced(plan, ctx)      historical pattern matching
--   planner.conservative(plan, ctx)  liquidity and correlation analysis
--   planner.aggressive(plan, ctx)    momentum signals and breakout detection
local planner = {}

-- Assets with a chain of their own; anything else (an equity, a forex pair) gets no on-chain task.
planner.chains = { BTC = true, XBT = true, ETH = true, LTC = true, SOL = true, ADA = true, XRP = true,
                   DOGE = true, DOT = true, AVAX = true, BNB = true, TRX = true, LINK = true, MATIC = true }

function planner.base_asset(symbol)
  return (symbol:match("^([%w]+)[/%-]") or symbol):upper()
end

-- With --live, sentiment, on-chain and macro use the live providers (handlers/live/*.lua).
local live_handlers = { sentiment = true, onchain = true, macro = true }
function planner.handler(name, ctx)
  if ctx.config.live and live_handlers[name] then return "handlers.live." .. name end
  return "handlers." .. name
end

function planner.base(plan, ctx)
  plan:add{ id = "sentiment", name = "Market Sentiment Analysis", priority = "critical",
            description = "News, social media, fear/greed index",
            sources = { "news", "social", "fear_greed" }, cost = 0.05, seconds = 30, timeout = 60,
            handler = planner.handler("sentiment", ctx) }
  local asset = planner.base_asset(ctx.symbol)
  if planner.chains[asset] then
    plan:add{ id = "onchain", name = "On-Chain Metrics", priority = "critical",
              description = "Whale activity, exchange flows, active addresses",
              sources = { "whales", "exchange_flows", "active_addresses" }, cost = 0.03, seconds = 20, timeout = 45,
              handler = planner.handler("onchain", ctx) }
  else
    plan:note("no on-chain task: " .. ctx.symbol .. " has no chain of its own (" .. asset .. ")")
  end
  plan:add{ id = "technical", name = "Technical Analysis", priority = "critical",
            description = "RSI, MACD, Bollinger Bands, patterns",
            sources = { "candles", "rsi", "macd", "bollinger", "trend" }, cost = 0.02, seconds = 15, timeout = 30,
            handler = "handlers.technical" }
  plan:add{ id = "macro", name = "Macroeconomic Factors", priority = "high",
            description = "Fed policy, DXY, risk sentiment",
            sources = { "fed_policy", "dxy", "risk_sentiment" }, cost = 0.03, seconds = 20, timeout = 45,
            handler = planner.handler("macro", ctx) }
  plan:add{ id = "keywords", name = "Keyword Extraction", priority = "low", optional = true,
            description = "Most frequent content words and phrases in the news, with their polarity",
            sources = { "news" }, depends = { "sentiment" }, cost = 0.01, seconds = 10, timeout = 30,
            handler = "handlers.keywords" }
end

function planner.balanced(plan, ctx)
  plan:add{ id = "patterns", name = "Historical Pattern Matching", priority = "medium",
            description = "Nearest-neighbour matches of recent returns and their forward returns",
            sources = { "candles" }, depends = { "technical" }, cost = 0.02, seconds = 25, timeout = 45,
            handler = "handlers.patterns" }
end

function planner.conservative(plan, ctx)
  plan:add{ id = "liquidity", name = "Liquidity Analysis", priority = "high",
            description = "Volume trend, Amihud illiquidity, high-low spread",
            sources = { "candles", "volume" }, cost = 0.02, seconds = 20, timeout = 45,
            handler = "handlers.liquidity" }
  plan:add{ id = "correlation", name = "Correlation Analysis", priority = "medium",
            description = "Correlation of returns with ETH and LTC over 30 and 90 bars",
            sources = { "candles", "ethusd_1d_bitstamp", "ltcusd_1d_bitstamp" }, depends = { "technical" },
            cost = 0.02, seconds = 20, timeout = 45, handler = "handlers.correlation" }
end

function planner.aggressive(plan, ctx)
  plan:add{ id = "momentum", name = "Momentum Signals", priority = "high",
            description = "Rate of change and ADX trend strength",
            sources = { "candles", "roc", "adx" }, depends = { "technical" }, cost = 0.02, seconds = 15, timeout = 30,
            handler = "handlers.momentum" }
  plan:add{ id = "breakout", name = "Breakout Detection", priority = "high",
            description = "Close above the N-bar high with volume confirmation, ATR-scaled distance",
            sources = { "candles", "volume", "atr" }, cost = 0.02, seconds = 15, timeout = 30,
            handler = "handlers.breakout" }
end

return planner
