// moondesk-bench: the benchmarks behind docs/BENCHMARKS.md. Run with ./scripts/bench (release build).
import Foundation

print("# Moondesk benchmarks (\(ProcessInfo.processInfo.processorCount) cores)")
printTable("Lua host", try await LuaHostBench.run())
