import Backtest
import Foundation
import Moondesk
import Synchronization

/// Runs a sweep's backtests on this machine, `jobs` side by side on a task pool (each backtest with one
/// session), the data files read once for all of them.
public struct SweepRunner: Sendable {
    public var jobs: Int
    public var files: MarketFiles

    public init(jobs: Int, files: MarketFiles = MarketFiles(sharesIndicators: true)) {
        self.jobs = max(1, jobs)
        self.files = files
    }

    /// One backtest; an error (bad data for the window, a script that does not load) is its outcome's error,
    /// not the sweep's. `root`: where the job's paths are (a worker's copy of the files).
    public static func run(_ job: SweepJob, root: String? = nil, files: MarketFiles) async -> SweepOutcome {
        do {
            let result = try await Backtest.run(job.spec(root: root), files: files)
            return SweepOutcome(result, ordinal: job.ordinal)
        } catch {
            return .failed(job.ordinal, agent: "", error: MoondeskError.from(error).description)
        }
    }

    /// Every job's outcome, in ordinal order; `progress(done, total)` as each finishes. Stops taking new jobs
    /// when the task is cancelled (the outcomes so far are returned).
    public func run(_ all: [SweepJob], progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async -> [SweepOutcome] {
        let pool = Pool()
        let files = self.files
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(jobs, all.count) {
                group.addTask {
                    while !Task.isCancelled {
                        let k = pool.next.withLock { n in defer { n += 1 }; return n }
                        guard k < all.count else { return }
                        let outcome = await Self.run(all[k], files: files)
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
