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
    /// Where each bar's decision is recorded and may be recalled (a journal), if anywhere.
    public var memory: (any RunMemory)?

    public init(options: SessionOptions, settings: RunSettings = RunSettings(), jobs: Int, files: MarketFiles = MarketFiles(),
                memory: (any RunMemory)? = nil) {
        self.options = options
        self.settings = settings
        self.jobs = max(1, jobs)
        self.files = files
        self.memory = memory
    }

    /// Everything a bar's decision depends on besides the script and data files: the agent, pair, profile, config,
    /// as-of, data paths, seed, Moondesk's version.
    func key(_ session: Session, asOf: Int64) -> String? {
        MemoryKey.of([.string("bar"), .string(DeskBasics.version), .string(options.agentPath), .string(options.plan.symbol),
                      .string(options.plan.profile ?? session.agent.profile), (try? session.nodeBaseConfig()) ?? .nil,
                      .integer(asOf), .string(session.runtime.market.dataPath), options.newsPath.map { .string($0) } ?? .nil,
                      settings.seed.map { .string(String($0)) } ?? .nil])
    }

    /// A recorded decision for this bar whose files are unchanged, if the memory has one.
    func recalled(_ session: Session, asOf: Int64, key: String?) -> BarDecision? {
        guard let memory, let key, let entry = memory.usable(.bar, key: key, hashes: session.hashes),
              let decision = BarDecision(recorded: entry.value) else { return nil }
        memory.reused(.bar, subject: "\(options.agentPath) \(asOf)", key: key, entry: entry)
        return decision
    }

    func remember(_ decision: BarDecision, run: DecisionRun, session: Session, asOf: Int64, key: String?) {
        guard let memory, let value = decision.recorded else { return }
        let files = session.hashes.manifest(scripts: run.scriptFiles + session.runtime.market.dataFiles, reads: .array([]))
        memory.remember(.bar, subject: "\(options.agentPath) \(asOf)", key: files == nil ? nil : key,
                        entry: MemoryEntry(value: value, files: files ?? []))
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
                        let key = memory == nil ? nil : self.key(session, asOf: asOf)
                        if let decision = recalled(session, asOf: asOf, key: key) {
                            shared.results.withLock { $0[k] = decision }
                            if failFast, decision.failed { shared.stop.withLock { $0 = $0 ?? .failed(bar: bar) } }
                            progress(shared.done.withLock { $0 += 1; return $0 })
                            continue
                        }
                        let started = ContinuousClock.now
                        let run = try await session.decide(settings: settings)
                        let seconds = (ContinuousClock.now - started).seconds
                        if Task.isCancelled || run.failure?.kind == .interrupted {
                            shared.stop.withLock { $0 = $0 ?? .interrupted }
                            return
                        }
                        let decision = BarDecision(run, bar: bar, time: time[bar], asOf: asOf, seconds: seconds)
                        shared.results.withLock { $0[k] = decision }
                        if run.failure?.kind != .badInput { remember(decision, run: run, session: session, asOf: asOf, key: key) }
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
