import Foundation
import LuaHost
import Orchestrator

/// What a change of files means for the next run (hot reload): run everything again, reuse part of the last run,
/// or nothing (the files are not used by this agent).
public enum ReloadScope: Sendable, Equatable {
    case full
    case reuse(Reuse.Scope)
    case unaffected

    /// The scope of re-running after `changed` (paths as the watcher reports them):
    /// - a data or news file: everything;
    /// - the agent, planner or graph scripts, or the presets: re-plan, re-run only tasks whose definition changed;
    /// - a task handler: re-run the tasks using it (all tasks for a shared helper) and their dependents;
    /// - a node: re-run the first node using it and everything after it, reusing the research.
    public static func of(_ changed: Set<String>, previous: DecisionRun, session: Session) -> ReloadScope {
        let changed = Set(changed.map(normalize))
        if !changed.isDisjoint(with: dataFiles(session)) { return .full }
        var forced: Set<String>?
        if !changed.isDisjoint(with: planningFiles(previous, session)) { forced = [] }
        let modules = ModuleFiles(agentPath: session.agent.path, paths: session.paths)
        let module: (String) -> String? = { modules.file(of: $0).map(normalize) }
        let handlerFiles = Set(previous.handlerFiles.map(normalize))
        for file in changed where handlerFiles.contains(file) {
            let tasks = previous.plan?.tasks ?? []
            let direct = tasks.filter { module($0.handler) == file }.map(\.taskID)
            forced = (forced ?? []).union(direct.isEmpty ? tasks.map(\.taskID) : direct)
        }
        if let forced { return previous.plan == nil ? .full : .reuse(.research(forced: forced)) }
        let nodeFiles = Set(previous.nodeFiles.map(normalize))
        let affected = changed.intersection(nodeFiles)
        guard !affected.isEmpty else { return .unaffected }
        // The first node of the last run whose module changed; a shared helper: the first Lua node.
        let nodes = previous.result.path.compactMap { name in previous.graph.node(name) }
            .filter { !LuaGraph.builtins.contains($0.handler) }
        let first = nodes.first { node in module(node.handler).map(affected.contains) ?? false } ?? nodes.first
        return first.map { .reuse(.nodes(from: $0.name)) } ?? .full
    }

    /// True when `changed` reaches what a `Session` loads once (the agent and what it required, the presets, the
    /// data): a new session must be made before the next run. Other scripts are read afresh by every run.
    public static func changesSession(_ changed: Set<String>, previous: DecisionRun, session: Session) -> Bool {
        let changed = Set(changed.map(normalize))
        return !changed.isDisjoint(with: dataFiles(session).union(planningFiles(previous, session)))
    }

    static func dataFiles(_ session: Session) -> Set<String> { Set(session.runtime.market.dataFiles.map(normalize)) }

    static func planningFiles(_ previous: DecisionRun, _ session: Session) -> Set<String> {
        Set((previous.agentFiles + [session.paths.config + "/planning.yaml"]).map(normalize))
    }

    static func normalize(_ path: String) -> String {
        ProjectPaths.relative(PathText.standardized(path))
    }
}
