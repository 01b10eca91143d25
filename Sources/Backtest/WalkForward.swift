import Foundation
import LuaHost
import Moondesk
import Synchronization

/// Decides at every decision bar, each as of its bar's close, with `jobs` sessions side by side. Each session
/// keeps its Lua states, agent and compiled scripts from bar to bar and moves its as-of (`Session.move`); the data
/// files are read once for all of them (`MarketFiles`). A decision depends only on its bar's as-of, never on which
/// session made it or in what order, so any `jobs` gives the same decisions.
public struct WalkForward: Sendable {
    public var options: SessionOptions
    public var settings: RunSettings
    public var jobs: Int
    public var files: MarketFiles

    public init(options: SessionOptions, settings: RunSettings = RunSettings(), jobs: Int, files: MarketFiles = MarketFiles()) {
        self.options = options
        self.settings = settings
        self.jobs = max(1, jobs)
        self.files = files
    }

    /// Why deciding stopped before the last bar.
    public enum Stop: Sendable, Equatable {
        /// Cancelled (Ctrl-C).
        case interrupted
        /// `--fail-fast`: the first failed decision.
        case failed(bar: Int)
        /// A decision failed on bad input (a script that does not compile, a plan problem): every bar would.
        case badInput(String)
    }

    /// The decisions at `bars` (indices into `series`, ascending), in that order: complete up to the first bar not
    /// reached when deciding stopped. `progress` is called with the number done (from any session).
    public func run(bars: [Int], time: [Int64], interval: Int64, failFast: Bool,
                    progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> (decisions: [BarDecision], stop: Stop?) {
        let shared = Lanes(count: bars.count)
        let first = try Session(options, files: files)   // bad input (agent, config, data) fails here, once
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<min(jobs, bars.count) {
                group.addTask {
                    let session = lane == 0 ? first : try Session(options, files: files)
                    while !Task.isCancelled, shared.stop.withLock({ $0 == nil }) {
                        let k = shared.next.withLock { n in defer { n += 1 }; return n }
                        guard k < bars.count else { return }
                        let bar = bars[k]
                        let asOf = time[bar] + max(interval, 1)
                        try session.move(asOf: asOf)
                        let started = ContinuousClock.now
                        let run = try await session.decide(settings: settings)
                        let seconds = (ContinuousClock.now - started).seconds
                        if Task.isCancelled || run.failure?.kind == .interrupted {
                            shared.stop.withLock { $0 = $0 ?? .interrupted }
                            return
                        }
                        let decision = BarDecision(run, bar: bar, time: time[bar], asOf: asOf, seconds: seconds)
                        shared.results.withLock { $0[k] = decision }
                        if run.failure?.kind == .badInput {
                            shared.stop.withLock { $0 = $0 ?? .badInput(run.failure?.description ?? "bad input") }
                        } else if failFast, decision.failed {
                            shared.stop.withLock { $0 = $0 ?? .failed(bar: bar) }
                        }
                        progress(shared.done.withLock { $0 += 1; return $0 })
                    }
                    if Task.isCancelled { shared.stop.withLock { $0 = $0 ?? .interrupted } }
                }
            }
            try await group.waitForAll()
        }
        let all = shared.results.withLock { $0 }
        let reached = all.firstIndex(where: { $0 == nil }) ?? all.count
        var decisions = all[..<reached].compactMap { $0 }
        var ended = shared.stop.withLock { $0 }
        if case .failed(let bar) = ended, let at = decisions.firstIndex(where: { $0.bar == bar }) {
            decisions = Array(decisions[...at])   // fail-fast: nothing after the first failure, whatever ran
        } else if case .failed = ended, let at = decisions.firstIndex(where: \.failed) {
            decisions = Array(decisions[...at])
        }
        if ended == nil, reached < all.count { ended = .interrupted }
        return (decisions, ended)
    }
}

/// What the sessions of a walk forward share: the decisions so far, the next bar to take, why they stopped.
private final class Lanes: Sendable {
    let results: Mutex<[BarDecision?]>
    let next = Mutex(0)
    let done = Mutex(0)
    let stop = Mutex<WalkForward.Stop?>(nil)
    init(count: Int) { results = Mutex([BarDecision?](repeating: nil, count: count)) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
