import Foundation
import LuaHost
import Moondesk
import Sweep
import Synchronization

/// `host worker`: `concurrency` lanes, each with its own connection, leasing one job at a time, running its
/// backtest while a heartbeat extends the lease, and completing it with its result. The queue going away is
/// waited out (nothing is lost: a job whose completion cannot be written is retried until it can, or until its
/// lease is found taken); a problem retrying cannot fix (a wrong password) ends the worker.
public final class QueueWorker: Sendable {
    public struct Options: Sendable {
        public var concurrency = 1
        /// Lease length, seconds: a killed worker's jobs go to others after at most this.
        public var leaseSeconds = 30.0
        /// The version this worker runs jobs of (Moondesk's own; another only to test the refusal).
        public var version = DeskBasics.version
        public var name = "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        /// Stop when no job this version can run is queued or running anywhere.
        public var exitWhenIdle = false
        /// Longest pause between looks at an empty queue, seconds.
        public var idlePoll = 1.0
        public init() {}
    }

    public let address: QueueAddress
    public let options: Options
    private let log: @Sendable (String) -> Void
    private let state = Mutex(WorkerState())
    private let folder: String

    struct WorkerState {
        var refused: Set<Int> = []
        var lost = false
        var completed = 0
        var bundles: [String: (dir: String, files: MarketFiles)] = [:]
    }

    public init(address: QueueAddress, options: Options, log: @escaping @Sendable (String) -> Void) {
        self.address = address
        self.options = options
        self.log = log
        folder = NSTemporaryDirectory() + "moondesk-worker-\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    public var completed: Int { state.withLock { $0.completed } }

    /// Runs until cancelled (or idle, with `exitWhenIdle`). Throws the first problem retrying cannot fix.
    public func run() async throws {
        // Checks the address once up front: a wrong password or no such database is one message, now.
        let first = QueueLink(address)
        try await first.run { _ in () }
        await first.close()
        Self.removeStaleFolders()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<max(1, options.concurrency) {
                group.addTask { try await self.lane(lane) }
            }
            try await group.waitForAll()
        }
    }

    /// The file folders of workers on this machine that were killed (their process is gone).
    static func removeStaleFolders() {
        let tmp = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] where name.hasPrefix("moondesk-worker-") {
            let pid = name.dropFirst("moondesk-worker-".count).split(separator: "-").first.flatMap { Int32($0) }
            if let pid, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { try? FileManager.default.removeItem(atPath: tmp + name) }
        }
    }

    private func lane(_ number: Int) async throws {
        let queue = JobQueue(QueueLink(address))
        defer { Task { [link = queue.link] in await link.close() } }
        let me = "\(options.name)/\(number)"
        var idle = 0.05
        var lastPark = ContinuousClock.now - .seconds(10)
        while !Task.isCancelled {
            do {
                if ContinuousClock.now - lastPark > .seconds(1) {
                    let parked = try await queue.parkExpired()
                    if parked > 0 { log("parked \(parked) job\(parked == 1 ? "" : "s") whose workers stopped on every attempt") }
                    lastPark = ContinuousClock.now
                }
                let lease = try await queue.lease(worker: me, version: options.version, seconds: options.leaseSeconds)
                reconnected()
                guard let lease else {
                    try await refuseOthers(queue)
                    if options.exitWhenIdle, try await queue.open(version: options.version) == 0 { return }
                    try await Task.sleep(for: .seconds(idle))
                    idle = min(idle * 2, options.idlePoll)
                    continue
                }
                idle = 0.05
                try await work(lease, queue: queue, me: me)
            } catch let error as QueueError where error.transient {
                lost(error)
                try? await Task.sleep(for: .milliseconds(250))
            } catch is CancellationError {
                return
            }
        }
    }

    /// Runs one leased job under a heartbeat and writes its outcome back.
    private func work(_ lease: JobQueue.Lease, queue: JobQueue, me: String) async throws {
        let job: SweepJob
        let bundle: (dir: String, files: MarketFiles)
        do {
            job = try SweepJob.decode(lease.payload)
            bundle = try await files(lease, queue: queue)
        } catch {
            // Stopped while fetching the files: the job goes back untried, as from a running backtest.
            if Task.isCancelled {
                try? await queue.release(lease.id, worker: me)
                throw CancellationError()
            }
            if let problem = error as? QueueError, problem.transient { throw problem }
            log("job \(lease.ordinal + 1) of sweep \(lease.sweep): cannot run it: \(error)")
            try await retrying { try await queue.fail(lease.id, worker: me, error: String(describing: error)) }
            return
        }
        let started = ContinuousClock.now
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(options.leaseSeconds / 3))
                if Task.isCancelled { return true }
                do {
                    if try await !queue.heartbeat(lease.id, worker: me, seconds: options.leaseSeconds) { return false }
                } catch {}   // the queue away: the lease may still hold when it is back; complete() will tell
            }
            return true
        }
        let run = Task { await SweepRunner.run(job, root: bundle.dir, files: bundle.files) }
        // A lease lost mid-job (cancelled sweep, expired and taken) stops the backtest.
        let watcher = Task { if await heartbeat.value == false { run.cancel() } }
        let outcome = await withTaskCancellationHandler { await run.value } onCancel: { run.cancel() }
        heartbeat.cancel()
        _ = await heartbeat.value
        watcher.cancel()
        if Task.isCancelled {
            try? await queue.release(lease.id, worker: me)
            throw CancellationError()
        }
        var clean = outcome
        clean.error = clean.error?.replacingOccurrences(of: bundle.dir + "/", with: "")
        let seconds = (ContinuousClock.now - started)
        let secs = Double(seconds.components.seconds) + Double(seconds.components.attoseconds) * 1e-18
        let written = try await retrying { try await queue.complete(lease.id, worker: me, outcome: clean.encoded(), seconds: secs) }
        if written {
            state.withLock { $0.completed += 1 }
            log(String(format: "sweep %d job %d (attempt %d) %@ %@ %@: %@ in %.2f s", lease.sweep, lease.ordinal + 1, lease.attempt,
                       job.point.label, job.symbol, job.window.role.rawValue, clean.error == nil ? "done" : "failed (kept in the table)", secs))
        } else {
            log("sweep \(lease.sweep) job \(lease.ordinal + 1): dropped (the sweep was cancelled, or the lease had expired and another worker has the job)")
        }
    }

    /// Retries `body` while the queue is away (a completion must not be lost); gives up only when cancelled.
    private func retrying<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        while true {
            do {
                let value = try await body()
                reconnected()
                return value
            } catch let error as QueueError where error.transient {
                lost(error)
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// The job's files, laid out once per sweep's manifest in the worker's folder, each verified by its hash.
    private func files(_ lease: JobQueue.Lease, queue: JobQueue) async throws -> (dir: String, files: MarketFiles) {
        let key = JobQueue.sha256(lease.manifest)
        if let known = state.withLock({ $0.bundles[key] }) { return known }
        let hashes = try SweepFiles.hashes(manifest: lease.manifest)
        let contents = try await queue.files(Array(hashes.values))
        let fm = FileManager.default
        let dir = folder + "/" + key.prefix(16)
        let temporary = dir + ".part-\(UUID().uuidString.prefix(8))"
        for (rel, hash) in hashes {
            guard !rel.hasPrefix("/"), !rel.split(separator: "/").contains("..") else {
                throw QueueError("the sweep names a file outside its folder (\(rel)): refusing it", transient: false)
            }
            let path = temporary + "/" + rel
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents[hash]!.write(to: URL(fileURLWithPath: path))
        }
        if (try? fm.moveItem(atPath: temporary, toPath: dir)) == nil { try? fm.removeItem(atPath: temporary) }
        return state.withLock { s in
            if let known = s.bundles[key] { return known }
            let bundle = (dir: dir, files: MarketFiles(sharesIndicators: true))
            s.bundles[key] = bundle
            return bundle
        }
    }

    /// Says once per sweep why this worker does not take the jobs another version of Moondesk wrote.
    private func refuseOthers(_ queue: JobQueue) async throws {
        for other in try await queue.otherVersions(than: options.version) {
            let new = state.withLock { $0.refused.insert(other.sweep).inserted }
            if new {
                log("refusing sweep \(other.sweep): it was written by Moondesk \(other.version) and this worker is Moondesk \(options.version); its \(other.jobs) queued job\(other.jobs == 1 ? "" : "s") need a worker of Moondesk \(other.version) (the same code must run every job)")
            }
        }
    }

    private func lost(_ error: QueueError) {
        if state.withLock({ s in defer { s.lost = true }; return !s.lost }) { log("\(error.description): retrying until it is back") }
    }

    private func reconnected() {
        if state.withLock({ s in defer { s.lost = false }; return s.lost }) { log("the queue is back: carrying on") }
    }
}
