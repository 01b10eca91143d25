import Backtest
import Foundation
import Moondesk
import Synchronization

/// Runs a sweep's backtests on this machine, `jobs` side by side on a task pool (each backtest with one
/// session), the data files read once for all of them.
public struct SweepRunner: Sendable {
    public var jobs: Int
    public var files: MarketFiles
    /// Where each bar's decision is recorded and may be recalled (the journal): a sweep that shares bars with an
    /// earlier one, or is resumed, decides only the bars not yet decided.
    public var memory: (any RunMemory)?

    public init(jobs: Int, files: MarketFiles = MarketFiles(sharesIndicators: true), memory: (any RunMemory)? = nil) {
        self.jobs = max(1, jobs)
        self.files = files
        self.memory = memory
    }

    /// One backtest; an error (bad data for the window, a script that does not load) is its outcome's error,
    /// not the sweep's. `root`: where the job's paths are (a worker's copy of the files).
    public static func run(_ job: SweepJob, root: String? = nil, files: MarketFiles, memory: (any RunMemory)? = nil) async -> SweepOutcome {
        do {
            var spec = job.spec(root: root)
            spec.memory = memory
            let result = try await Backtest.run(spec, files: files)
            return SweepOutcome(result, ordinal: job.ordinal)
        } catch {
            return .failed(job.ordinal, agent: "", error: MoondeskError.from(error).description)
        }
    }

    /// Every job's outcome, in ordinal order; `progress(done, total)` as each finishes. Stops taking new jobs
    /// when the task is cancelled (the outcomes so far are returned).
    public func run(_ all: [SweepJob], progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async -> [SweepOutcome] {
        let pool = Pool()
        let (files, memory) = (self.files, self.memory)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(jobs, all.count) {
                group.addTask {
                    while !Task.isCancelled {
                        let k = pool.next.withLock { n in defer { n += 1 }; return n }
                        guard k < all.count else { return }
                        let outcome = await Self.run(all[k], files: files, memory: memory)
                        if Task.isCancelled { return }
                        let count = pool.done.withLock { $0.append(outcome); return $0.count }
                        progress(count, all.count)
                    }
                }
            }
        }
        return pool.done.withLock { $0 }.sorted { $0.ordinal < $1.ordinal }
    }
}

/// What the lanes of a local sweep share: the next job to take, the outcomes so far.
private final class Pool: Sendable {
    let next = Mutex(0)
    let done = Mutex<[SweepOutcome]>([])
}
