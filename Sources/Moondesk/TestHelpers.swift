import Foundation
import Synchronization
import LuaHost
import MarketData
import Orchestrator
import Research

/// `desk.test`: runs a piece of a strategy alone, through the runners a decision uses (a `Session` for the
/// project and as-of, its `LuaTaskHandler` and `LuaNodeRunner`), so a test sees what a run would see, cut at the
/// as-of by the same point-in-time rules.
///
/// - `desk.test.handler(module, {as_of =, task = {...}, inputs = {...}, config = {...}, agent =, profile =, data =})`:
///   the handler's result table.
/// - `desk.test.node(module, state, {as_of =, node =, agent =, ...})`: the node's update (with its `summary`).
/// - `desk.test.candles{ {time =, open =, high =, low =, close =, volume =}, ... }`: a candles object, as `ctx.candles`.
enum TestHelpers {
    static func install(in state: LuaState, testFile: String, paths: ProjectPaths, scripts: any ScriptSource,
                        print: @escaping @Sendable (String) -> Void) throws {
        let sessions = Sessions(paths: paths, scripts: scripts, print: print)
        try state.define("test.handler", .function(HostFunction(async: "desk.test.handler") { args in
            let module = try args.string(0)
            let options = args.arg(1).tableValue ?? [:]
            let session = try sessions.session(options)
            let fields = options["task"]?.tableValue ?? [:]
            let task = ResearchTask(id: fields["id"]?.stringValue ?? module, name: fields["name"]?.stringValue,
                                    description: fields["description"]?.stringValue ?? "",
                                    dataSources: (fields["sources"]?.arrayValue ?? []).compactMap(\.stringValue),
                                    timeoutSeconds: fields["timeout"]?.doubleValue ?? 10, handler: module)
            let (_, presetConfig) = try Planner.config(session.agent, request: session.options.plan, presets: session.presets,
                                                       settings: session.settings)
            let request = ResearchRequest(symbol: session.options.plan.symbol,
                                          profile: session.options.plan.profile ?? session.agent.profile,
                                          config: options["config"] ?? presetConfig)
            let context = TaskContext(request: request, dependencyResults: options["inputs"]?.tableValue ?? [:], attempt: 1,
                                      deadline: .now + .seconds(task.timeoutSeconds))
            let handler = LuaTaskHandler(runtime: session.runtime, agentPath: session.agent.path)
            return [try await handler.run(task, context: context)]
        }))
        try state.define("test.node", .function(HostFunction(async: "desk.test.node") { args in
            let module = try args.string(0)
            guard let fixture = args.arg(1).tableValue else {
                throw ArgumentError("argument 2 must be the state (a table), got \(args.arg(1).typeName)")
            }
            let options = args.arg(2).tableValue ?? [:]
            let session = try sessions.session(options)
            let runner = try session.nodeRunner()
            let timeout = Duration.seconds(options["timeout"]?.doubleValue ?? 10)
            let output = try await runner.run(node: options["node"]?.stringValue ?? module, state: AgentState(fixture),
                                              context: NodeContext(handler: module, step: 1, deadline: .now + timeout,
                                                                   timeout: timeout))
            var update = output.update
            if let summary = output.summary { update["summary"] = .string(summary) }
            return [.table(update)]
        }))
        try state.define("test.candles", .function(HostFunction("desk.test.candles") { args in
            guard let rows = args.arg(0).arrayValue else {
                throw ArgumentError("argument 1 must be a list of bars {time, open, high, low, close, volume}")
            }
            return [.object(CandleView(try candles(rows)))]
        }))
    }

    /// Bars from a Lua list, read by the same loader as a data file (so the same checks and interval apply).
    static func candles(_ rows: [LuaValue]) throws -> CandleSeries {
        var text = "time,open,high,low,close,volume\n"
        for (i, row) in rows.enumerated() {
            let bar = row.tableValue ?? [:]
            func field(_ name: String) throws -> String {
                switch bar[name] ?? .nil {
                case .integer(let n): return String(n)
                case .number(let d): return String(d)
                case .string(let s) where name == "time": return s
                case .nil where name == "volume": return "0"
                default: throw ArgumentError("desk.test.candles: bar \(i + 1) needs a number \(name)")
                }
            }
            text += try ["time", "open", "high", "low", "close", "volume"].map(field).joined(separator: ",") + "\n"
        }
        do {
            return try CandleLoader.parse(text: text, name: "desk.test.candles")
        } catch {
            throw ArgumentError("desk.test.candles: \(error)")
        }
    }
}

/// One Session per (agent, as-of, data, profile) a test file asks for, made on first use.
final class Sessions: Sendable {
    let paths: ProjectPaths
    let scripts: any ScriptSource
    let print: @Sendable (String) -> Void
    private let made = Mutex<[String: Session]>([:])

    init(paths: ProjectPaths, scripts: any ScriptSource, print: @escaping @Sendable (String) -> Void) {
        self.paths = paths
        self.scripts = scripts
        self.print = print
    }

    func session(_ options: [String: LuaValue]) throws -> Session {
        let agent = options["agent"]?.stringValue.map { ProjectPaths.join(paths.root, $0) } ?? ProjectPaths.join(paths.agents, "balanced.lua")
        var run = SessionOptions(agentPath: agent)
        if let asOf = options["as_of"] {
            if let epoch = asOf.intValue { run.asOf = Int64(epoch) }
            else if let text = asOf.stringValue { run.asOf = try PointInTime.parseAsOf(text) }
            else { throw ArgumentError("as_of must be a date (\"2019-06-01\") or epoch seconds, got \(asOf.typeName)") }
        }
        run.dataPath = options["data"]?.stringValue.map { ProjectPaths.join(paths.root, $0) }
        run.plan.profile = options["profile"]?.stringValue
        let key = [agent, run.asOf.map(String.init) ?? "", run.dataPath ?? "", run.plan.profile ?? ""].joined(separator: "\u{0}")
        if let session = made.withLock({ $0[key] }) { return session }
        let session = try Session(run, scripts: scripts, print: print)
        made.withLock { $0[key] = session }
        return session
    }
}
