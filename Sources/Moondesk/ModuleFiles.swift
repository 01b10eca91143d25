import Foundation
import LuaHost
import Synchronization

/// Where an agent's Lua modules live: `require "nodes.bull"` looks beside the agent first, then under the
/// project's agents/, then under Moondesk's own agents/ (`ProjectPaths.moduleRoots`). One rule for handlers,
/// nodes and routers, so a plan or graph that passes its checks also loads.
public struct ModuleFiles: Sendable {
    /// The agent's folder, relative to the current directory when inside it.
    public let directory: String
    public let agentsRoot: String
    /// The project's agents/ and Moondesk's.
    public let roots: [String]
    /// Resolutions kept while the scripts' `resolutionKey` stays the same (nil: look every time).
    let memo: ResolutionMemo?
    /// The agent's folder, then each root that is another folder: worked out once (comparing folders
    /// standardizes URLs, which had cost more than the lookups themselves).
    private let searchDirectories: [String]

    /// `scripts`: when given, resolutions are remembered while its `resolutionKey` stays the same (a session's
    /// thousands of decisions look each module up once).
    public init(agentPath: String, paths: ProjectPaths, scripts: (any ScriptSource)? = nil) {
        directory = ProjectPaths.relative(PathText.directory(of: PathText.standardized(agentPath)))
        agentsRoot = paths.agents
        roots = paths.moduleRoots
        memo = scripts.map(ResolutionMemo.init)
        var dirs = [directory]
        var keys = [ProjectPaths.key(directory)]
        for root in roots {
            let key = ProjectPaths.key(root)
            if !keys.contains(key) {
                dirs.append(root)
                keys.append(key)
            }
        }
        searchDirectories = dirs
    }

    /// The modules of the agent at `agentPath`, in the project that holds it.
    public init(_ agentPath: String) { self.init(agentPath: agentPath, paths: ProjectPaths.containing(agentPath)) }

    /// The files a module name may be, in the order `require` tries them.
    public func candidates(_ module: String) -> [String] {
        let relative = String(module.map { $0 == "." ? "/" : $0 }) + ".lua"
        return searchDirectories.map { ProjectPaths.join($0, relative) }
    }

    /// The file a module resolves to, or nil.
    public func file(of module: String) -> String? {
        guard let memo, let key = memo.source.resolutionKey else { return look(module) }
        return memo.remember(module, key: key) { look(module) }
    }

    private func look(_ module: String) -> String? { candidates(module).first { FileManager.default.fileExists(atPath: $0) } }
}

/// Module name → file, for one `resolutionKey` of a script source.
final class ResolutionMemo: Sendable {
    let source: any ScriptSource
    private let table = Mutex<(key: Int, files: [String: String?])>((0, [:]))
    init(_ source: any ScriptSource) { self.source = source }

    func remember(_ module: String, key: Int, _ look: () -> String?) -> String? {
        if let known = table.withLock({ $0.key == key ? $0.files[module] : nil }) { return known }
        let file = look()
        table.withLock { t in
            if t.key != key { t = (key, [:]) }
            t.files[module] = file
        }
        return file
    }
}
