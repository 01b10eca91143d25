import Foundation
import Synchronization
import LuaHost
import MarketData
import Orchestrator
import Research

/// Runs the graph's Lua nodes: `require(module).run(state, ctx)` in a pooled state, as a coroutine under the
/// node's deadline (a CPU-bound node is stopped by the deadline hook, a waiting one is cancelled), the state passed
/// as a lazy read-only view (`LuaValueView`): it stays in Swift and a node converts only what it reads. The built-in nodes (`desk.planner`, `desk.researcher`) are Swift closures.
public final class LuaNodeRunner: NodeRunner {
    public typealias Builtin = @Sendable (_ node: String, _ state: AgentState, _ context: NodeContext) async throws -> NodeOutput

    public let runtime: DeskRuntime
    var market: MarketContext { runtime.market }
    let modules: ModuleFiles
    let base: [String: LuaValue]
    let builtins: [String: Builtin]
    private let files = LoadedFiles()
    /// A router has this long to choose.
    static let routeTimeout = Duration.seconds(10)

    /// `base` is what every node's ctx holds besides the node's own fields (symbol, profile, config...).
    /// Where node outputs are recorded and recalled (a journal), if anywhere.
    let memory: (any RunMemory)?
    let hashes: FileHashes
    /// Lua nodes answered from `memory` instead of being run.
    public let reused = Mutex<[String]>([])

    public init(runtime: DeskRuntime, agentPath: String, base: [String: LuaValue], builtins: [String: Builtin] = [:],
                modules: ModuleFiles? = nil, memory: (any RunMemory)? = nil, hashes: FileHashes? = nil) {
        self.runtime = runtime
        self.modules = modules ?? ModuleFiles(agentPath: agentPath, paths: runtime.paths)
        self.base = base
        self.builtins = builtins
        self.memory = memory
        self.hashes = hashes ?? FileHashes(scripts: runtime.scripts)
    }

    /// Every script the nodes loaded (their modules and what they required), in load order.
    public var loadedFiles: [String] { files.list }

    /// Lua nodes stop at their deadline by themselves (the deadline hook, timed waits); built-in ones do not.
    public func stopsAtDeadline(_ handler: String) -> Bool { builtins[handler] == nil }

    public func run(node: String, state: AgentState, context: NodeContext) async throws -> NodeOutput {
        if let builtin = builtins[context.handler] {
            let digest = memory == nil ? nil : key(node: node, state: state, context: context)
            if let memory, let digest { memory.starting(.node, subject: node, inputDigest: digest) }
            let output = try await builtin(node, state, context)
            memory?.remember(.node, subject: node, key: nil, entry: MemoryEntry(value: output.recorded, files: [], inputDigest: digest))
            return output
        }
        guard let memory else { return try await runLua(node: node, state: state, context: context) }
        let digest = self.key(node: node, state: state, context: context)
        if let digest { memory.starting(.node, subject: node, inputDigest: digest) }
        let key = market.live == nil ? digest : nil
        if let key, let entry = memory.usable(.node, key: key, hashes: hashes), let output = NodeOutput(recorded: entry.value) {
            market.nodeReads.withLock { $0[node] = .recalled(entry.reads) }
            market.runReads.record(recalled: entry.reads)
            files.add(entry.files.map(\.path).filter { $0.hasSuffix(".lua") })
            reused.withLock { $0.append(node) }
            memory.reused(.node, subject: node, key: key, entry: entry)
            return output
        }
        let loaded = LoadedFiles()
        let output = try await ScriptRun.$loaded.withValue(loaded) { try await runLua(node: node, state: state, context: context) }
        let reads = market.nodeReads.withLock { $0[node] }?.luaValue ?? .array([])
        let files = hashes.manifest(scripts: loaded.list, reads: reads)
        memory.remember(.node, subject: node, key: files == nil ? nil : key,
                        entry: MemoryEntry(value: output.recorded, reads: reads, files: files ?? [], inputDigest: key))
        return output
    }

    /// Everything a Lua node's output depends on besides its files: the state it reads, its ctx, the data's as-of.
    func key(node: String, state: AgentState, context: NodeContext) -> String? {
        MemoryKey.of([.string("node"), .string(DeskBasics.version), .string(node), .string(context.handler),
                      .integer(Int64(context.step)), MemoryKey.timeless(state.luaValue), .table(base), .integer(market.asOf),
                      .string(market.dataPath), market.newsPath.map { .string($0) } ?? .nil])
    }

    private func runLua(node: String, state: AgentState, context: NodeContext) async throws -> NodeOutput {
        let result = try await call(module: context.handler, function: "run", node: node, state: state, context: context)
        do {
            return try NodeOutput(luaResult: result)
        } catch let error as GraphError {
            throw LuaError(.runtime, "\(context.handler).run: \(error.message)", file: modules.file(of: context.handler))
        }
    }

    /// Calls `function(state, ctx)` of `module`, the state as a lazy read-only view; `context` nil (a router)
    /// runs under `routeTimeout`.
    func call(module: String, function: String, node: String, state: AgentState, context: NodeContext?) async throws -> LuaValue {
        let root = LuaValueView(state.luaValue, path: "state")
        defer { root.close() }
        let view = LuaValue.object(root)
        do {
            return try await ScriptRun.call(runtime, module: module, function: function, directory: modules.directory,
                                            [view, try contextTable(node: node, module: module, context: context)],
                                            until: context?.deadline ?? .now + Self.routeTimeout, files: files,
                                            prepare: { NodeReads.begin($0, market: market) }) { lua, result in
                try NodeReads.finish(node, state: lua, market: market)  // point in time: a look-ahead fails the node
                return result
            }
        } catch var error as LuaError where error.file == nil || error.file?.hasPrefix("[") == true {
            error.file = modules.file(of: module)
            error.line = nil
            throw error
        }
    }

    /// The part of every node's ctx that is the same all run long, made once.
    private let fixedContext = MadeOnce<[String: LuaValue]>()

    func contextTable(node: String, module: String, context: NodeContext?) throws -> LuaValue {
        var ctx = try fixedContext.get { try ScriptRun.marketFields(market).merging(base) { _, own in own } }
        ctx["node"] = .string(node)
        ctx["handler"] = .string(module)
        if let context { ctx["step"] = .integer(Int64(context.step)) }
        return .table(ctx)
    }
}
