import ArgumentParser
import Foundation
import Moondesk

/// How `run` and `watch` execute a decision.
struct RunOptions: ParsableArguments {
    @Option(help: "Each task first waits estimated_seconds x PACE (0 or more; shows the schedule at the estimates' durations).")
    var pace: Double?

    @Option(help: "Scheduling policy: eager (default) or batch (the batch-synchronous baseline of the Python Phase 2 planner).")
    var policy: String = "eager"

    @Flag(name: .customLong("fail-fast"), help: "Cancel the rest of the research at the first failure (exit code 3 when that happens).")
    var failFast = false

    @Flag(help: "Exit with code 3 when the run is degraded (research incomplete, data substituted); the decision is still printed.")
    var strict = false

    @Option(help: "Seed for retry jitter (default: the config's seed).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Write a Chrome/Perfetto trace of the run (open it in ui.perfetto.dev).", valueName: "FILE.json"))
    var trace: String?

    @Option(help: ArgumentHelp("Write the run as one self-contained HTML page: price, evidence, timings, graph, warnings.", valueName: "FILE.html"))
    var report: String?

    func validate() throws {
        guard policy == "eager" || policy == "batch" else {
            throw ValidationError("--policy \(policy): expected eager or batch")
        }
        if let pace, !(pace.isFinite && pace >= 0) {
            throw ValidationError("--pace \(pace): expected a finite number, 0 or more (a multiple of each task's estimated seconds)")
        }
    }

    func settings() throws -> RunSettings {
        var settings = RunSettings()
        settings.pace = pace
        settings.batchPolicy = policy == "batch"
        settings.failFast = failFast
        settings.seed = seed
        return settings
    }
}
