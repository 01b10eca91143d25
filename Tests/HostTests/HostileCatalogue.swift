import Foundation

/// The hostile catalogue (issue 15): what a hostile but realistic strategy author or user tries, by class, each
/// run through the real `host script` or `host run`. HostileCatalogueTests runs every case and checks the exit
/// code, one clear line naming the file, line and kind, the time to stop (≤ 1.5× the limit), that no file outside
/// the project was read, and (for `host run`) that the other tasks' results and the decision are kept.
enum HostileClass: String, CaseIterable, Sendable {
    case paths, deadlines, privacy, numbers, data, blame, smaller
}

/// A script run as `host script --timeout LIMIT agents/<name>.lua` from the project's root.
/// In `source`: `{SECRET_CSV}`, `{SECRET_LUA}` (absolute paths outside the project) and `{OUTNAME}` (the name of
/// the outside folder, a sibling of the project's root) are filled in.
struct ScriptCase: Sendable {
    var name: String
    var kind: HostileClass
    var source: String
    var limit: Double = 4
    var exit: Int32 = 1
    /// The line the one message names (nil: the case succeeds).
    var line: Int?
    /// Words the message holds (the kind, the argument...); for a success, what stdout holds.
    var says: [String]
    /// Run from `agents/sub`, naming the script `../<name>.lua` (a script whose folder is `..`).
    var fromSubfolder = false
}

/// A decision run as `host run agents/hostile_agent.lua --json` in a copy of the project, with a hostile task
/// added to the base plan (its handler `handlers.hostile` runs `handler`), a graph change or a bad file.
struct RunCase: Sendable {
    var name: String
    var kind: HostileClass
    /// The body of handlers/hostile.lua's run(task, ctx); nil: no hostile task.
    var handler: String?
    /// Extra fields of the hostile task's plan:add, e.g. `timeout = 2`.
    var task = "timeout = 3"
    /// Lua added to the agent's plan function (after planner.base).
    var plan = ""
    /// The agent's graph function body, if any.
    var graph: String?
    /// Files written into the project (path → text; `{ROOT}` is the project's root).
    var files: [String: String] = [:]
    var args: [String] = []
    var exit: Int32 = 0
    /// Words the hostile task's error (exit 0) or the one line on stderr (exit ≠ 0) holds.
    var says: [String] = []
    /// The hostile task's status when it runs ("failed", "timed_out").
    var status: String?
    /// The run must end within this many seconds (a node's or task's limit × 1.5, plus the rest of the run).
    var within: Double = 60
    /// For a hostile task stopped at its deadline: its limit, and its recorded time must be ≤ 1.5× it.
    var taskLimit: Double?
    /// Words one of the run's warnings holds.
    var warns: String?
}

enum HostileCatalogue {
    static let marker = "MOONDESK-SECRET-7f3a"

    static let scripts: [ScriptCase] = [
        // ---- paths: one rule (no control bytes; the real path, links followed, under the roots) ----
        ScriptCase(name: "candles_nul", kind: .paths,
                   source: "local c = desk.candles.load(\"{SECRET_CSV}\\0/../data/candles/btcusd_1d_coinbase.csv\")",
                   line: 1, says: ["sandbox refusal", "control byte (NUL)"]),
        ScriptCase(name: "candles_dotdot", kind: .paths,
                   source: "local c = desk.candles.load(\"data/../../{OUTNAME}/secret.csv\")", line: 1,
                   says: ["sandbox refusal", "only files under"]),
        ScriptCase(name: "candles_absolute", kind: .paths,
                   source: "local c = desk.candles.load(\"{SECRET_CSV}\")", line: 1, says: ["sandbox refusal", "only files under"]),
        ScriptCase(name: "candles_symlink", kind: .paths,
                   source: "local c = desk.candles.load(\"data/candles/link.csv\")", line: 1,
                   says: ["sandbox refusal", "links are followed"]),
        ScriptCase(name: "candles_inside", kind: .paths,
                   source: "print(#desk.candles.load(\"data/candles/../candles/btcusd_1d_coinbase.csv\") > 100)",
                   exit: 0, line: nil, says: ["true"]),
        ScriptCase(name: "loadfile_absolute", kind: .paths,
                   source: "local f = loadfile(\"{SECRET_LUA}\")", line: 1, says: ["sandbox refusal", "loadfile"]),
        ScriptCase(name: "loadfile_parent_root", kind: .paths,
                   source: "local x = 1\nlocal f = loadfile(\"../../{OUTNAME}/secret.lua\")", line: 2,
                   says: ["sandbox refusal", "loadfile"], fromSubfolder: true),
        ScriptCase(name: "dofile_symlink", kind: .paths,
                   source: "dofile(\"evil.lua\")", line: 1, says: ["sandbox refusal", "links are followed"]),
        ScriptCase(name: "require_symlink", kind: .paths,
                   source: "local m = require \"evil\"", line: 1, says: ["sandbox refusal", "require \"evil\""]),
        ScriptCase(name: "loadfile_newline", kind: .paths,
                   source: "local f = loadfile(\"agents/a\\nb.lua\")", line: 1, says: ["sandbox refusal", "control byte"]),

        // ---- deadlines: C work a script starts, code Lua runs with hooks off, what the host calls ----
        ScriptCase(name: "pattern_find", kind: .deadlines,
                   source: "local s = (\"a\"):rep(3000)\nlocal i = s:find((\"a-\"):rep(4) .. \"b\")", limit: 2, line: 2, says: ["timeout"]),
        ScriptCase(name: "pattern_gsub", kind: .deadlines,
                   source: "local s = (\"a\"):rep(5000)\nlocal r = s:gsub((\"a*\"):rep(8) .. \"b\", \"\")", limit: 2, line: 2, says: ["timeout"]),
        ScriptCase(name: "pattern_gmatch", kind: .deadlines,
                   source: "local s = (\"a\"):rep(4000)\nfor w in s:gmatch((\"a-\"):rep(5) .. \"c\") do end", limit: 2, line: 2, says: ["timeout"]),
        ScriptCase(name: "pattern_match_pcall", kind: .deadlines,
                   source: "local s = (\"x\"):rep(30000)\nwhile true do pcall(string.match, s, \"(.-)(.-)(.-)y\") end", limit: 2, line: 2, says: ["timeout"]),
        ScriptCase(name: "gc_loop", kind: .deadlines,
                   source: "setmetatable({}, { __gc = function() while true do end end })", line: 1,
                   says: ["sandbox refusal", "__gc"]),
        ScriptCase(name: "gc_placeholder", kind: .deadlines,
                   source: "local mt = { __gc = true }\nsetmetatable({}, mt)\nmt.__gc = function() while true do end end", line: 2,
                   says: ["sandbox refusal", "__gc"]),
        ScriptCase(name: "xpcall_handler_loop", kind: .deadlines,
                   source: "xpcall(function() error(\"x\") end, function(e) while true do end end)", limit: 2, line: 1, says: ["timeout"]),
        ScriptCase(name: "xpcall_handler_again", kind: .deadlines,
                   source: "while true do xpcall(error, function() while true do end end) end", limit: 1,
                   line: 1, says: ["timeout"]),
        ScriptCase(name: "error_tostring_loop", kind: .deadlines,
                   source: "error(setmetatable({}, { __tostring = function() while true do end end }))", limit: 2, line: 1,
                   says: ["timeout"]),
        ScriptCase(name: "close_loop", kind: .deadlines,
                   source: "do\n  local x <close> = setmetatable({}, { __close = function() while true do end end })\nend", limit: 1,
                   line: 2, says: ["timeout"]),
        ScriptCase(name: "sort_comparator_loop", kind: .deadlines,
                   source: "table.sort({ 3, 2, 1 }, function(a, b) while true do end end)", limit: 2, line: 1, says: ["timeout"]),
        ScriptCase(name: "rep_empty_forever", kind: .deadlines,
                   source: "local s = (\"\"):rep(math.maxinteger)\nprint(#s)", limit: 2, exit: 0, line: nil, says: ["0"]),
        ScriptCase(name: "table_move_forever", kind: .deadlines,
                   source: "table.move({}, 1, math.maxinteger - 1, 1, {})", limit: 2, line: 1, says: ["timeout"]),
        ScriptCase(name: "json_decode_huge", kind: .deadlines,
                   source: "local s = '\"' .. (\"a\"):rep(20 * 1024 * 1024) .. '\"'\nwhile true do local v = desk.json.decode(s) end",
                   limit: 3, line: 2, says: ["timeout"]),

        // ---- numbers: NaN, ±inf and huge values where Swift makes an Int or a Duration ----
        ScriptCase(name: "up_to_nan", kind: .numbers,
                   source: "local c = desk.candles.bundled(\"btcusd_1d_coinbase\")\nlocal d = c:up_to(0/0)", line: 2,
                   says: ["c:up_to", "epoch", "nan"]),
        ScriptCase(name: "up_to_huge", kind: .numbers,
                   source: "local c = desk.candles.bundled(\"btcusd_1d_coinbase\")\nlocal d = c:up_to(1e300)", line: 2,
                   says: ["c:up_to", "epoch"]),
        ScriptCase(name: "onchain_huge", kind: .numbers,
                   source: "local s = desk.onchain.summary(1e300)", line: 1, says: ["desk.onchain.summary", "time"]),
        ScriptCase(name: "sleep_huge", kind: .numbers, source: "desk.sleep(1e20)", line: 1, says: ["desk.sleep", "seconds", "1e+20"]),
        ScriptCase(name: "sleep_nan", kind: .numbers, source: "desk.sleep(0/0)", line: 1, says: ["desk.sleep", "nan"]),
        ScriptCase(name: "macd_ones", kind: .numbers,
                   source: "local c = desk.candles.bundled(\"btcusd_1d_coinbase\")\nlocal m = desk.ta.macd(c.close, 1, 1, 1)",
                   line: 2, says: ["desk.ta.macd", "argument 2 (fast) must be a whole number from 2", "got 1"]),
        ScriptCase(name: "rsi_one", kind: .numbers,
                   source: "local c = desk.candles.bundled(\"btcusd_1d_coinbase\")\nlocal r = desk.ta.rsi(c.close, 1)",
                   line: 2, says: ["desk.ta.rsi", "argument 2 (bars) must be a whole number from 2", "got 1"]),
        ScriptCase(name: "bbands_zero", kind: .numbers,
                   source: "local c = desk.candles.bundled(\"btcusd_1d_coinbase\")\nlocal b = desk.ta.bbands(c.close, 0)", line: 2,
                   says: ["desk.ta.bbands", "argument 2 (period)", "got 0"]),
        ScriptCase(name: "stoch_negative", kind: .numbers,
                   source: "local c = desk.candles.bundled(\"btcusd_1d_coinbase\")\nlocal k = desk.ta.stoch(c.high, c.low, c.close, -1, 3)",
                   line: 2, says: ["desk.ta.stoch", "fast_k", "got -1"]),
        ScriptCase(name: "sma_inf", kind: .numbers,
                   source: "local c = desk.candles.bundled(\"btcusd_1d_coinbase\")\nlocal s = desk.ta.sma(c.close, 1/0)", line: 2,
                   says: ["desk.ta.sma", "inf"]),
        ScriptCase(name: "patterns_window_huge", kind: .numbers,
                   source: "local c = desk.candles.bundled(\"btcusd_1d_coinbase\")\nlocal m = desk.patterns.match(c.close, { window = 1e300 })",
                   line: 2, says: ["desk.patterns.match", "window"]),

        ScriptCase(name: "fear_greed_no_bars", kind: .numbers,
                   source: "local c = desk.candles.bundled(\"btcusd_1d_coinbase\")\nprint(desk.sentiment.fear_greed(c:slice(5, 1)))",
                   exit: 0, line: nil, says: ["not enough history (0 bars"]),

        // ---- smaller ----
        ScriptCase(name: "dump_via_metatable", kind: .smaller,
                   source: "local f = function() end\nlocal b = (\"\").dump(f)", line: 2, says: ["sandbox refusal", "string.dump"]),
        ScriptCase(name: "string_metatable", kind: .smaller,
                   source: "local mt = getmetatable(\"\")\nprint(mt)", exit: 0, line: nil, says: ["false"]),
        ScriptCase(name: "json_error_position", kind: .smaller,
                   source: "local v = desk.json.decode('{\\n  \"a\": ]')", line: 1, says: ["desk.json.decode", "line 2, column 8"]),
        ScriptCase(name: "json_deep", kind: .smaller,
                   source: "local v = desk.json.decode(('['):rep(100000))", line: 1, says: ["desk.json.decode", "nested deeper than"]),
    ]

    static let runs: [RunCase] = [
        // ---- deadlines in a decision: the hostile task stops at its deadline, the rest is kept ----
        RunCase(name: "task_pattern", kind: .deadlines,
                handler: "local s = (\"a\"):rep(3000); return { signal = 0, confidence = 0, summary = tostring(s:find((\"a-\"):rep(4) .. \"b\")) }",
                task: "timeout = 2", status: "timed_out", taskLimit: 2),
        RunCase(name: "task_tostring_loop", kind: .deadlines,
                handler: "error(setmetatable({}, { __tostring = function() while true do end end }))",
                task: "timeout = 2", status: "timed_out", taskLimit: 2),
        RunCase(name: "task_xpcall_loop", kind: .deadlines,
                handler: "xpcall(error, function() while true do end end); return { signal = 0, confidence = 0 }",
                task: "timeout = 2", status: "timed_out", taskLimit: 2),

        // ---- privacy: long texts cost linear time and never stop a decision ----
        RunCase(name: "long_summary", kind: .privacy,
                handler: "return { signal = 0.1, confidence = 0.5, summary = (\"a\"):rep(100000), sources = { \"x\" } }",
                status: "completed", within: 60),
        RunCase(name: "long_task_name", kind: .privacy, plan: "plan:add{ id = \"named\", name = (\"b\"):rep(100000), handler = \"handlers.technical\", timeout = 30 }",
                within: 60),
        RunCase(name: "long_headline", kind: .privacy,
                files: ["news.jsonl": "{\"time\": \"2019-10-16T09:00:00Z\", \"title\": \"" + String(repeating: "c", count: 200_000) + "\", \"source\": \"x\"}\n{\"time\": \"2019-10-16T10:00:00Z\", \"title\": \"accountaccount" + String(repeating: "account", count: 20_000) + " user" + String(repeating: "d", count: 50_000) + "@\", \"source\": \"x\"}\n"],
                args: ["--news", "news.jsonl"], within: 60),

        // ---- numbers in specs, graphs and config ----
        RunCase(name: "spec_timeout_huge", kind: .numbers, plan: "plan:add{ id = \"x\", handler = \"handlers.technical\", timeout = 1e300 }",
                exit: 2, says: ["hostile_agent.lua:", "timeout must be at most"]),
        RunCase(name: "spec_timeout_nan", kind: .numbers, plan: "plan:add{ id = \"x\", handler = \"handlers.technical\", timeout = 0/0 }",
                exit: 2, says: ["hostile_agent.lua:", "timeout must be a finite number, got nan"]),
        RunCase(name: "spec_retries_max", kind: .numbers,
                plan: "plan:add{ id = \"x\", handler = \"handlers.technical\", retries = math.maxinteger }",
                exit: 2, says: ["hostile_agent.lua:", "retries must be a whole number from 0 to 100"]),
        RunCase(name: "graph_timeout_inf", kind: .numbers, graph: "g:timeout(1/0)",
                exit: 2, says: ["hostile_agent.lua:", "timeout"]),
        RunCase(name: "config_huge", kind: .numbers,
                files: ["config/planning.yaml": "defaults:\n  default_timeout_seconds: 1.0e+300\n"],
                exit: 2, says: ["config/planning.yaml:2", "default_timeout_seconds"]),
        RunCase(name: "config_inf", kind: .numbers,
                files: ["config/planning.yaml": "defaults:\n  max_parallel_tasks: .inf\n"],
                exit: 2, says: ["config/planning.yaml:2", "max_parallel_tasks"]),
        RunCase(name: "config_retries_huge", kind: .numbers,
                files: ["config/planning.yaml": "defaults:\n  default_retries: 1.0e+300\n"],
                exit: 2, says: ["config/planning.yaml:2", "default_retries"]),

        // ---- bad data: rejected with file and line ----
        RunCase(name: "csv_negative_price", kind: .data, files: ["bad.csv": csv(row: "2019-01-03,-5,10,1,5,100")],
                args: ["--data", "bad.csv"], exit: 2, says: ["bad.csv:4", "not a positive price"]),
        RunCase(name: "csv_inf", kind: .data, files: ["bad.csv": csv(row: "2019-01-03,5," + String(repeating: "9", count: 400) + ",1,5,100")],
                args: ["--data", "bad.csv"], exit: 2, says: ["bad.csv:4", "not a finite number"]),
        RunCase(name: "csv_open_above_high", kind: .data, files: ["bad.csv": csv(row: "2019-01-03,50,10,1,5,100")],
                args: ["--data", "bad.csv"], exit: 2, says: ["bad.csv:4", "open 50.0 is outside"]),
        RunCase(name: "csv_year_2999", kind: .data, files: ["bad.csv": csv(row: "2999-01-03,5,10,1,5,100")],
                args: ["--data", "bad.csv"], exit: 2, says: ["bad.csv:4", "after today"]),
        RunCase(name: "csv_nan_row_warned", kind: .data,
                files: ["nan.csv": "{BUNDLED}2030-01-01,nan,1,1,1,1\n".replacingOccurrences(of: "2030-01-01", with: "2019-12-31")],
                args: ["--data", "nan.csv", "--as-of", "2019-06-01"], warns: "1 row dropped"),
        RunCase(name: "news_year_2999", kind: .data,
                files: ["news.jsonl": "{\"time\": \"2999-10-16T09:00:00Z\", \"title\": \"From the future\", \"source\": \"x\"}\n"],
                args: ["--news", "news.jsonl"], exit: 2, says: ["news.jsonl:1", "after today"]),

        // ---- blame: a result of the wrong shape fails its task, not the decision ----
        RunCase(name: "signal_text", kind: .blame,
                handler: "return { signal = \"very bullish\", confidence = 0.9, summary = \"up\" }",
                says: ["hostile.lua", "signal must be a number, got string \"very bullish\""], status: "failed"),
        RunCase(name: "sources_text", kind: .blame,
                handler: "return { signal = 0.2, confidence = 0.9, sources = \"the news\" }",
                says: ["hostile.lua", "sources must be a table"], status: "failed"),
        RunCase(name: "metrics_number", kind: .blame,
                handler: "return { signal = 0.2, confidence = 0.9, metrics = 3 }",
                says: ["hostile.lua", "metrics must be a table"], status: "failed"),

        // ---- smaller: g:replace takes the route with the module ----
        RunCase(name: "replace_route", kind: .smaller, graph: "g:replace(\"quality_gate\", \"nodes.my_gate\")",
                files: ["agents/nodes/my_gate.lua": """
                    local gate = require "nodes.quality_gate"
                    return { run = gate.run, route = function(state, ctx) error("my_gate route ran") end }
                    """], exit: 1, says: ["my_gate.lua:2", "my_gate route ran"]),
    ]

    /// A daily candle file of three good rows and one more.
    static func csv(row: String) -> String {
        "time,open,high,low,close,volume\n2019-01-01,5,10,1,5,100\n2019-01-02,5,10,1,5,100\n" + row + "\n"
    }
}
