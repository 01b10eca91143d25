import Foundation
import LuaHost
import Logging
import Synchronization

/// Makes the Lua states a Moondesk run uses: sandboxed, with the whole `desk` API (basics, agent and plan,
/// market data, sentiment), scripts read through `scripts` (a `ScriptSet` when hot reloading).
public final class DeskRuntime: Sendable {
    public let paths: ProjectPaths
    public let scripts: any ScriptSource
    /// The market data of the decision being made (one at a time per runtime).
    public var market: MarketContext { current.market }
    let current: CurrentMarket
    let logger: Logger
    let printHandler: @Sendable (String) -> Void
    /// The states handlers, nodes and routers run in, kept across decisions: each keeps the files it compiled
    /// (per version), so a backtest's thousands of decisions compile every script once per state.
    public let states: LuaStatePool

    public init(paths: ProjectPaths, scripts: any ScriptSource = SnapshotScriptSource(), market: MarketContext,
                logger: Logger = Logger(label: "moondesk"), print: @escaping @Sendable (String) -> Void = { _ in }) {
        self.paths = paths
        self.scripts = scripts
        current = CurrentMarket(market)
        self.logger = logger
        self.printHandler = print
        let factory = StateFactory(paths: paths, scripts: scripts, current: current, logger: logger, print: print)
        states = LuaStatePool(maxIdle: 8) { try factory.make() }
    }

    /// A fresh state with the `desk` API.
    public func makeState() throws -> LuaState {
        try StateFactory(paths: paths, scripts: scripts, current: current, logger: logger, print: printHandler).make()
    }

    /// Makes the next decisions read `market` (the same files at another as-of): how a backtest walks forward
    /// while keeping its states and their compiled scripts. Only between decisions: a decision in flight would
    /// see two as-ofs. A live run's providers answer for today, so it never moves.
    public func move(to market: MarketContext) throws {
        guard self.market.live == nil, market.live == nil else {
            throw MoondeskError(.badInput, "a run with --live reads today's data and cannot move to another as-of")
        }
        current.move(to: market)
    }
}

/// The market the states' bindings read at each call, so one state serves decisions at several as-ofs.
final class CurrentMarket: Sendable {
    private let value: Mutex<MarketContext>
    init(_ market: MarketContext) { value = Mutex(market) }
    var market: MarketContext { value.withLock { $0 } }
    func move(to market: MarketContext) { value.withLock { $0 = market } }
}

/// What a state is made from: the project, the scripts, the run's data.
struct StateFactory: Sendable {
    let paths: ProjectPaths
    let scripts: any ScriptSource
    let current: CurrentMarket
    let logger: Logger
    let printHandler: @Sendable (String) -> Void

    init(paths: ProjectPaths, scripts: any ScriptSource, current: CurrentMarket, logger: Logger,
         print: @escaping @Sendable (String) -> Void) {
        self.paths = paths
        self.scripts = scripts
        self.current = current
        self.logger = logger
        self.printHandler = print
    }

    func make() throws -> LuaState {
        let state = try LuaState(moduleRoots: paths.moduleRoots, source: scripts)
        let logger = self.logger
        state.printHandler = printHandler
        try DeskBasics.install(in: state) { level, message in
            logger.log(level: Logger.Level(rawValue: level) ?? .info, "\(message)")
        }
        try state.define("caller", .function(HostFunction("desk.caller") { [unowned state] _ in
            guard let (file, line) = state.callerLocation() else { return [.nil, .nil] }
            return [.string(file), .integer(Int64(line))]
        }))
        let current = self.current
        let meter = CostMeter(reads: DataReads(parent: { current.market.runReads }, locate: { [unowned state] in
            state.callerLocation().map { "\($0.file):\($0.line)" }
        }))
        state.attachment = meter
        try state.define("cost", .function(HostFunction("desk.cost") { args in
            let usd = try args.number(0)
            guard usd >= 0, usd.isFinite else { throw ArgumentError("argument 1 must be a non-negative amount in USD") }
            meter.add(usd)
            return []
        }))
        try state.extend(source: deskPrelude, chunkName: "[moondesk]")
        try state.extend(source: graphPrelude, chunkName: "[moondesk graph]")
        try MarketBindings.install(in: state, market: current, reads: meter.reads)
        if let live = current.market.live {
            try LiveBindings.install(in: state, live: live, market: current.market, reads: meter.reads)
        }
        return state
    }
}

/// The actual cost a handler reports with `desk.cost(usd)` during one attempt, and the data its state read
/// (`reads`, recorded by the bindings; see DataReads.swift).
final class CostMeter: @unchecked Sendable {
    let reads: DataReads
    init(reads: DataReads = DataReads()) { self.reads = reads }
    private let lock = NSLock()
    private var total: Double?
    func reset() { lock.withLock { total = nil } }
    func add(_ usd: Double) { lock.withLock { total = (total ?? 0) + usd } }
    var value: Double? { lock.withLock { total } }
}
