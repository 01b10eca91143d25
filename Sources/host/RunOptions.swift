import ArgumentParser
import Foundation
import Moondesk

/// How `run` and `watch` execute a decision.
struct RunOptions: ParsableArguments {
    @Option(help: "Each task first waits estimated_seconds x PACE (shows the schedule at the estimates' durations).")
    var pace: Double?

    @Option(help: "Scheduling policy: eager (default) or batch (the batch-synchronous baseline of the Python Phase 2 planner).")
    var policy: String = "eager"

    @Flag(name: .customLong("fail-fast"), help: "Cancel the rest of the research at the first failure.")
    var failFast = false

    @Option(help: "Seed for retry jitter (default: the config's seed).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Write a Chrome/Perfetto trace of the run (open it in ui.perfetto.dev).", valueName: "FILE.json"))
    var trace: String?

    @Option(help: ArgumentHelp("Write the run as one self-contained HTML page: price, evidence, timings, graph, warnings.", valueName: "FILE.html"))
    var report: String?

    func settings() throws -> RunSettings {
        guard policy == "eager" || policy == "batch" else {
            throw MoondeskError(.badInput, "--policy \(policy): expected eager or batch")
        }
        var settings = RunSettings()
        settings.pace = pace
        settings.batchPolicy = policy == "batch"
        settings.failFast = failFast
        settings.seed = seed
        return settings
    }
}
