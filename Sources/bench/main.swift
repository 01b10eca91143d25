// moondesk-bench: the benchmarks behind docs/BENCHMARKS.md. Run with ./scripts/bench (release build).
// Every comparison is measured side by side in this one run.
import Foundation

let repoRoot = FileManager.default.currentDirectoryPath
let only = CommandLine.arguments.dropFirst().first
func wants(_ section: String) -> Bool { only == nil || only == section }

if only == "profile-call" { try ProfileCall.run(); exit(0) }
if only == "profile-executor" { await ProfileExecutor.run(); exit(0) }
if only == "profile-handler" { try await ProfileHandler.run(repoRoot: repoRoot); exit(0) }
if only == "profile-node" {
    let rest = Array(CommandLine.arguments.dropFirst(2))
    try await ProfileNode.run(repoRoot: repoRoot, node: rest.first ?? "privacy", times: rest.count > 1 ? Int(rest[1]) ?? 2_000 : 2_000)
    exit(0)
}
if only == "profile-decide" {
    try await ProfileDecide.run(repoRoot: repoRoot, times: CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 1_000 : 1_000)
    exit(0)
}
if only == "profile-state" {
    try await ProfileState.run(repoRoot: repoRoot, times: CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 2_000 : 2_000)
    exit(0)
}
if only == "profile-memory" { try await ProfileMemory.run(repoRoot: repoRoot); exit(0) }
print("# Moondesk benchmarks (\(ProcessInfo.processInfo.processorCount) cores, release build)")
if wants("luahost") { printTable("Lua host", try await LuaHostBench.run()) }
if wants("research") { printTable("Research: scheduling and executor", await ResearchBench.run()) }
if wants("research") { printTable("Research: Lua handlers", try await LuaHandlerBench.run(repoRoot: repoRoot)) }
if wants("marketdata") { printTable("Market data: candles, indicators, patterns", MarketDataBench.run(repoRoot: repoRoot)) }
if wants("orchestrator") { printTable("Orchestrator", await OrchestratorBench.run()) }
if wants("decision") { printTable("A whole decision", try await DecisionBench.run(repoRoot: repoRoot)) }
if wants("backtest") { printTable("Backtest: the whole graph at every bar", try BacktestBench.run(repoRoot: repoRoot)) }
if wants("journal") { printTable("Journal: recording, the cache, replay", try JournalBench.run(repoRoot: repoRoot)) }
if wants("sweep") { printTable("Sweeps and the PostgreSQL queue", try await SweepBench.run(repoRoot: repoRoot)) }
if wants("reload") { printTable("Research loop: hot reload against a restart", try await ReloadBench.run(repoRoot: repoRoot)) }
if wants("sentiment") { printTable("Sentiment", SentimentBench.run(repoRoot: repoRoot)) }
