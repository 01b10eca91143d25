import Foundation
import LuaHost
import Orchestrator
import Research
import Synchronization

/// Something that happened during a decision run, for progress displays and traces.
public enum RunEvent: Sendable {
    case node(GraphEvent)
    /// A research task's event; `researchStart` is when its research round began, in seconds from the graph
    /// run's start (the task event's own offset counts from there).
    case task(ExecutionEvent, researchStart: Double)
}

/// Receives events from several tasks at once; must be thread-safe.
public typealias RunEventSink = @Sendable (RunEvent) -> Void

/// One research round: the tasks the researcher ran and the executor's report.
public struct ResearchRound: Sendable {
    public var round: Int
    public var taskIDs: [String]
    public var report: ExecutionReport
}

/// What a decision run produced: the graph's result (state, journal, status), the plan, each research round.
public struct DecisionRun: Sendable {
    public var result: GraphRunResult
    public var plan: ResearchPlan?
    public var rounds: [ResearchRound]
    /// The graph that ran.
    public var graph: GraphDefinition
    /// Why the run failed, classified (a plan error is bad input); nil when it completed.
    public var failure: MoondeskError?
    /// The state before each node first ran: where a re-run of that node can resume.
    public var snapshots: [String: AgentState]
    /// The scripts the run loaded: the agent's (agent, planner, graph), the nodes', the handlers'.
    public var agentFiles: [String]
    public var nodeFiles: [String]
    public var handlerFiles: [String]
    /// What a reload re-ran: the vertex the graph resumed at (nil: from the entry) and the re-run tasks (nil: all).
    public var resumedAt: String?
    public var rerunTasks: [String]?
    /// Tasks and Lua nodes whose recorded result stood in for running them (`Session.memory`).
    public var reusedTasks: [String] = []
    public var reusedNodes: [String] = []
    /// Every script the run loaded.
    public var scriptFiles: [String] {
        var files = agentFiles
        for file in nodeFiles + handlerFiles where !files.contains(file) { files.append(file) }
        return files
    }
    public var state: AgentState { result.state }
    public var decision: LuaValue { result.state["decision"] }
}

/// What a new run may take from an earlier one (hot reload).
public struct Reuse: Sendable {
    public enum Scope: Sendable, Equatable {
        /// Re-plan, then re-run only the tasks whose definition changed, the `forced` ones and their dependents,
        /// and every node after the research.
        case research(forced: Set<String>)
        /// Re-run this node (or the fork it is a branch of) and everything after it, on the earlier research.
        case nodes(from: String)
    }
    public var previous: DecisionRun
    public var scope: Scope
    public init(previous: DecisionRun, scope: Scope) {
        self.previous = previous
        self.scope = scope
    }
}

/// What the built-in nodes and the runner share during one run.
final class DecisionRecorder: Sendable {
    struct Contents {
        var plan: ResearchPlan?
        var rounds: [ResearchRound] = []
        var failure: MoondeskError?
        var snapshots: [String: AgentState] = [:]
        var snapshotted: Set<String> = []
        /// The earlier run whose research a re-plan may reuse, and the tasks that must run again anyway.
        var reuse: (plan: ResearchPlan, state: AgentState, forced: Set<String>)?
        var rerunTasks: [String]?
        /// Nodes whose script could not be used (syntax error, sandbox refusal): bad input rather than a failure.
        var badScripts: Set<String> = []
    }
    let contents = Mutex(Contents())
    func update<T>(_ body: (inout Contents) -> T) -> T { contents.withLock { body(&$0) } }
}

extension Session {
    /// The `ctx` fields every node sees besides its own.
    func nodeBase() throws -> [String: LuaValue] {
        try memo.value("node base", key: runtime.scripts.resolutionKey) {
            let request = options.plan
            let (_, config) = try Planner.config(agent, request: request, presets: presets, settings: settings)
            return ["symbol": .string(request.symbol), "profile": .string(request.profile ?? agent.profile),
                    "config": config, "agent": .string(agent.name)]
        }.tableValue ?? [:]
    }

    /// The run's configuration table (presets, the agent's config, the command's overrides): what `ctx.config` holds.
    public func nodeBaseConfig() throws -> LuaValue { try nodeBase()["config"] ?? .nil }

    /// The agent's graph (agents/graph.lua and the agent's changes), checked; its Lua nodes run by `runner`. The
    /// declarations are run once per version of the scripts (a backtest's decisions share them).
    public func graph(runner: LuaNodeRunner) throws -> GraphDefinition {
        let profile = options.plan.profile ?? agent.profile, config = runner.base["config"] ?? .nil
        let ops = try memo.value("graph", key: runtime.scripts.resolutionKey) {
            .array(try LuaGraph.declarations(agent, profile: profile, config: config, directory: modules.directory,
                                             clock: runtime.market.clock.cutoff))
        }
        return try LuaGraph.load(agent, profile: profile, config: config, runner: runner, declarations: ops.arrayValue ?? [])
    }

    /// A runner for the agent's nodes, with the planner and researcher built in and reporting to `recorder`.
    func nodeRunner(settings: RunSettings, recorder: DecisionRecorder, handler: LuaTaskHandler,
                    events: RunEventSink?, start: RunClock) throws -> LuaNodeRunner {
        let builtins: [String: LuaNodeRunner.Builtin] = [
            "desk.planner": plannerNode(recorder: recorder),
            "desk.researcher": researcherNode(settings: settings, recorder: recorder, handler: handler,
                                              events: events, start: start),
        ]
        return LuaNodeRunner(runtime: runtime, agentPath: agent.path, base: try nodeBase(), builtins: builtins,
                             modules: modules, memory: memory, hashes: hashes)
    }

    /// A runner for showing or checking the graph (`host graph`): the built-in nodes are not wired to a run.
    public func nodeRunner() throws -> LuaNodeRunner {
        LuaNodeRunner(runtime: runtime, agentPath: agent.path, base: try nodeBase(), modules: modules)
    }

    /// Plans with the agent's Lua rules; a plan problem is kept as the run's (bad input) failure.
    func plannerNode(recorder: DecisionRecorder) -> LuaNodeRunner.Builtin {
        { _, _, _ in
            do {
                let plan = try self.plan()
                let reuse = recorder.update { contents in
                    contents.plan = plan
                    return contents.reuse
                }
                var output = PlannerNode.output(plan)
                if let reuse {
                    let kept = PlannerNode.reuse(plan: plan, previous: reuse.plan, state: reuse.state, forced: reuse.forced, into: &output)
                    recorder.update { $0.rerunTasks = kept }
                }
                return output
            } catch {
                let classified = MoondeskError.from(error)
                recorder.update { $0.failure = classified }
                throw classified
            }
        }
    }

    /// Runs the plan (or the tasks to re-run) with the executor, forwarding its events.
    func researcherNode(settings: RunSettings, recorder: DecisionRecorder, handler: LuaTaskHandler,
                        events: RunEventSink?, start: RunClock) -> LuaNodeRunner.Builtin {
        { _, state, _ in
            guard let plan = recorder.update({ $0.plan }) else {
                throw MoondeskError(.failure, "the researcher needs a plan: the planner node must run before it")
            }
            let researchStart: Double = start.seconds()
            var sink: ExecutionEventSink?
            if let events { sink = { event in events(.task(event, researchStart: researchStart)) } }
            let round = ResearcherNode.round(plan: plan, state: state)
            if round.isRerun, round.tasks.isEmpty { return ResearcherNode.reused(plan: plan, state: state) }
            let report = await self.execute(round.tasks, plan: plan, settings: settings, handler: handler,
                                            prior: round.prior, events: sink)
            let number = (state["research_round"].intValue ?? 0) + 1
            let record = ResearchRound(round: number, taskIDs: round.tasks.map(\.taskID), report: report)
            let rounds = recorder.update { contents in
                contents.rounds.append(record)
                return contents.rounds
            }
            // point in time: each task's status carries the data it read (DataReads.swift)
            return handler.reads.attach(to: ResearcherNode.output(report, round: number, rerun: round.isRerun, plan: plan,
                                                                  state: state, rounds: rounds.map(\.report)))
        }
    }

    /// Runs the agent's decision graph: plan, research, validate, debate, weigh, size, decide.
    /// With `reuse`, only what a change affects runs again (see `Reuse.Scope`).
    /// Throws only when the graph itself is invalid (bad input); a failing node ends the run with its journal and
    /// state so far.
    public func decide(settings: RunSettings = RunSettings(), events: RunEventSink? = nil,
                       reuse: Reuse? = nil) async throws -> DecisionRun {
        // The research's first state is made while the planner plans; it is waited for before the decision ends,
        // so no state is being made when the process exits.
        let warming = runtime.states.prewarm()
        do {
            let run = try await decideOnce(settings: settings, events: events, reuse: reuse)
            await warming?.value
            return run
        } catch {
            await warming?.value
            throw error
        }
    }

    private func decideOnce(settings: RunSettings, events: RunEventSink?, reuse: Reuse?) async throws -> DecisionRun {
        let recorder = DecisionRecorder()
        let handler = LuaTaskHandler(runtime: runtime, agentPath: agent.path, modules: modules, memory: memory, hashes: hashes)
        let start = RunClock()
        let runner = try nodeRunner(settings: settings, recorder: recorder, handler: handler, events: events, start: start)
        let graph = try self.graph(runner: runner)
        try checkData()
        var initial = AgentState(symbol: options.plan.symbol, riskProfile: options.plan.profile ?? agent.profile,
                                 extra: PointInTimeFields.initialState(runtime.market))  // point in time: as-of, its warnings
        var resumeAt: String?
        if let reuse {
            let previous = reuse.previous
            recorder.update { contents in
                contents.rounds = previous.rounds
                contents.snapshots = previous.snapshots
            }
            switch reuse.scope {
            case .nodes(let node):
                if let snapshot = previous.snapshots[node] {
                    let plan = previous.plan
                    resumeAt = graph.forks.first(where: { $0.branches.contains(node) })?.from ?? node
                    initial = snapshot
                    recorder.update { contents in
                        contents.plan = plan
                        contents.rerunTasks = plan == nil ? nil : []
                    }
                } else {
                    fallthrough
                }
            case .research:
                let forced: Set<String> = if case .research(let forced) = reuse.scope { forced } else { [] }
                if let plan = previous.plan {
                    recorder.update { $0.reuse = (plan, previous.state, forced) }
                }
            }
        }
        let snapshotting = SnapshottingRunner(inner: runner, recorder: recorder)
        start.reset()   // the engine counts its offsets from here too
        let result = await GraphEngine.run(graph, initial: initial, from: resumeAt, runner: snapshotting) { event in
            events?(.node(event))
        }
        let recorded = recorder.update { $0 }
        var failure = recorded.failure
        if failure == nil, let error = result.error, result.status != .completed {
            let badScript = error.node.map { recorded.badScripts.contains($0) } ?? false
            failure = MoondeskError(result.status == .cancelled ? .interrupted : badScript || error.kind == .invalidGraph ? .badInput : .failure,
                                    error.message)
        }
        func union(_ earlier: [String]?, _ now: [String]) -> [String] {
            var files = earlier ?? []
            for file in now where !files.contains(file) { files.append(file) }
            return files
        }
        var run = DecisionRun(result: result, plan: recorded.plan, rounds: recorded.rounds, graph: graph, failure: failure,
                              snapshots: recorded.snapshots, agentFiles: agent.state.sandbox.loaded,
                              nodeFiles: union(reuse?.previous.nodeFiles, runner.loadedFiles),
                              handlerFiles: union(reuse?.previous.handlerFiles, handler.loadedFiles),
                              resumedAt: resumeAt, rerunTasks: recorded.rerunTasks)
        run.reusedTasks = handler.reused.withLock { $0 }
        run.reusedNodes = runner.reused.withLock { $0 }
        return run
    }
}

/// When the graph run started, so research events share the graph's time axis.
final class RunClock: Sendable {
    private let start = Mutex(ContinuousClock.now)
    func reset() { start.withLock { $0 = .now } }
    func seconds() -> Double { (ContinuousClock.now - start.withLock { $0 }).seconds }
}

/// Keeps the state each node started from (the fork's for parallel branches).
struct SnapshottingRunner: NodeRunner {
    let inner: LuaNodeRunner
    let recorder: DecisionRecorder

    func stopsAtDeadline(_ handler: String) -> Bool { inner.stopsAtDeadline(handler) }

    func run(node: String, state: AgentState, context: NodeContext) async throws -> NodeOutput {
        recorder.update { if $0.snapshotted.insert(node).inserted { $0.snapshots[node] = state } }
        do {
            return try await inner.run(node: node, state: state, context: context)
        } catch {
            if let error = error as? LuaError, error.kind == .syntax || error.kind == .sandbox {
                recorder.update { _ = $0.badScripts.insert(node) }
            }
            throw error
        }
    }
}
