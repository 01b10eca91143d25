import Foundation

/// Where an agent's Lua modules live: `require "nodes.bull"` looks beside the agent first, then under the
/// project's agents/, then under Moondesk's own agents/ (`ProjectPaths.moduleRoots`). One rule for handlers,
/// nodes and routers, so a plan or graph that passes its checks also loads.
public struct ModuleFiles: Sendable {
    /// The agent's folder, relative to the current directory when inside it.
    public let directory: String
    public let agentsRoot: String
    /// The project's agents/ and Moondesk's.
    public let roots: [String]

    public init(agentPath: String, paths: ProjectPaths) {
        directory = ProjectPaths.relative(URL(fileURLWithPath: agentPath).deletingLastPathComponent().standardizedFileURL.path)
        agentsRoot = paths.agents
        roots = paths.moduleRoots
    }

    /// The modules of the agent at `agentPath`, in the project that holds it.
    public init(_ agentPath: String) { self.init(agentPath: agentPath, paths: ProjectPaths.containing(agentPath)) }

    /// The files a module name may be, in the order `require` tries them.
    public func candidates(_ module: String) -> [String] {
        let relative = module.replacingOccurrences(of: ".", with: "/") + ".lua"
        var dirs = [directory]
        for root in roots where !dirs.contains(where: { ProjectPaths.key($0) == ProjectPaths.key(root) }) { dirs.append(root) }
        return dirs.map { ProjectPaths.join($0, relative) }
    }

    /// The file a module resolves to, or nil.
    public func file(of module: String) -> String? {
        candidates(module).first { FileManager.default.fileExists(atPath: $0) }
    }
}
