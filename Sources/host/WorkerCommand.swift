import ArgumentParser
import Foundation
import LuaHost
import Moondesk
import Queue

/// `host worker --queue postgres://...`: runs the sweeps' jobs from the queue on this machine.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the backtests of queued sweeps (host sweep --queue) on this machine.",
        usage: """
            host worker [--queue <url>] [--concurrency <n>] [--lease <seconds>]
                        [--name <name>] [--exit-when-idle] [--quiet]
            """,
        discussion: """
            Examples:
              host worker --queue postgres://moondesk:secret@db.internal/moondesk
              MOONDESK_QUEUE=postgres://... host worker --concurrency 8
              host worker --queue postgres://... --exit-when-idle  (stop when idle)

            Each lane leases one job at a time (FOR UPDATE SKIP LOCKED), extends the lease while it runs, and \
            writes the result in the statement that completes the job. A worker killed at any instant loses \
            nothing: its leases expire after --lease seconds and other workers take the jobs. Jobs of a sweep \
            written by another Moondesk version are refused (said once per sweep). The queue going away is waited \
            out; a wrong password or an unreachable server at start is one message and exit 1 (docs/SCALE.md).

            Exit codes: 0 stopped (SIGINT/SIGTERM: running jobs are given back) or idle with --exit-when-idle, \
            1 the queue cannot be used, 2 bad arguments.
            """
    )

    @Option(help: "The PostgreSQL queue, postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: MOONDESK_QUEUE).")
    var queue: String?

    @Option(help: "Jobs side by side (default: one per core).")
    var concurrency: Int?

    @Option(help: "Lease length, seconds: a stopped worker's jobs go to others after this.")
    var lease: Double = 30

    @Option(help: "The worker's name in the queue (default: HOST-PID).")
    var name: String?

    @Flag(name: .customLong("exit-when-idle"), help: "Stop when no job this worker can run is queued or running.")
    var exitWhenIdle = false

    /// Runs as if it were another Moondesk version: for testing the refusal of other versions' jobs.
    @Option(name: .customLong("as-version"), help: .hidden)
    var asVersion: String?

    @Flag(name: .shortAndLong, help: "Only errors on stderr.")
    var quiet = false

    func validate() throws {
        if let concurrency, !(1...256).contains(concurrency) { throw ValidationError("--concurrency must be between 1 and 256") }
        guard lease.isFinite, lease >= 1, lease <= 3600 else { throw ValidationError("--lease must be between 1 and 3600 seconds") }
    }

    func run() async throws {
        try await reportingErrors {
            HostLogging.bootstrap(Verbosity(quiet: true, verbose: false))
            guard let text = queue ?? ProcessInfo.processInfo.environment["MOONDESK_QUEUE"].flatMap({ $0.isEmpty ? nil : $0 }) else {
                throw MoondeskError(.badInput, "give the queue: --queue postgres://USER:PASSWORD@HOST:PORT/DATABASE (or MOONDESK_QUEUE)", category: "arguments")
            }
            let address = try QueueAddress.parse(text)
            var options = QueueWorker.Options()
            options.concurrency = concurrency ?? ProcessInfo.processInfo.activeProcessorCount
            options.leaseSeconds = lease
            if let name { options.name = name }
            if let asVersion { options.version = asVersion }
            options.exitWhenIdle = exitWhenIdle
            let quiet = quiet
            let label = options.name
            let worker = QueueWorker(address: address, options: options) { line in
                if !quiet { Diagnostics.error("worker \(label): \(line)") }
            }
            if !quiet { Diagnostics.error("worker \(label): Moondesk \(options.version), \(options.concurrency) lane\(options.concurrency == 1 ? "" : "s") on \(address.display)") }
            let interrupted = InterruptFlag()
            let work = Task { try await worker.run() }
            let signals = interrupted.install(saying: "worker \(label): stopping; giving running jobs back") { work.cancel() }
            let result = await work.result
            signals.cancel()
            do {
                try result.get()
            } catch is CancellationError {}
            if !quiet { Diagnostics.error("worker \(label): stopped after \(worker.completed) job\(worker.completed == 1 ? "" : "s")") }
        }
    }
}
