import Foundation
import LuaHost

/// Where a Moondesk project keeps its parts: `agents/` (the `require` root), `config/`, `data/`; and where
/// Moondesk's own bundled agents, presets and data are, for a project that has none of its own.
///
/// Search order for a module (`require "balanced"`, a handler, a node): the agent's folder, the project's
/// `agents/`, Moondesk's own `agents/`. The presets are the project's `config/planning.yaml`, else Moondesk's
/// (when the project uses Moondesk's graph: no `agents/graph.lua` of its own); the bundled data is the project's `data/`, else Moondesk's.
public struct ProjectPaths: Sendable {
    public var root: String
    /// Moondesk's own folder (bundled `agents/`, `config/`, `data/`), nil when it cannot be found.
    public var home: String?
    public var agents: String { Self.join(root, "agents") }
    /// Moondesk's presets set the settings of Moondesk's graph: a project with a graph.lua of its own and no
    /// presets gets the built-in defaults, not presets for nodes it may not have.
    public var config: String {
        let own = Self.join(root, "config")
        let fm = FileManager.default
        guard let home, !fm.fileExists(atPath: own + "/planning.yaml"), !fm.fileExists(atPath: agents + "/graph.lua") else { return own }
        return Self.join(home, "config")
    }
    public var data: String {
        let own = Self.join(root, "data")
        guard let home, !FileManager.default.fileExists(atPath: own) else { return own }
        return Self.join(home, "data")
    }
    /// The folders `require` searches after the script's own: the project's agents/, then Moondesk's.
    public var moduleRoots: [String] {
        var roots = [agents]
        if let home {
            let bundled = Self.join(home, "agents")
            if Self.key(bundled) != Self.key(agents) { roots.append(bundled) }
        }
        return roots
    }

    public init(root: String, home: String? = ProjectPaths.moondeskHome) {
        self.root = root
        self.home = home
    }

    /// The project holding `agentFile`: the folder above the nearest `agents/` folder; else the nearest folder
    /// above the agent that has an `agents/` folder or `config/planning.yaml`; else the current directory.
    public static func containing(_ agentFile: String) -> ProjectPaths {
        let start = PathText.directory(of: PathText.standardized(agentFile))
        var dir = start
        while dir != "/" {
            if PathText.lastComponent(of: dir) == "agents" { return ProjectPaths(root: relative(PathText.directory(of: dir))) }
            dir = PathText.directory(of: dir)
        }
        dir = start
        let fm = FileManager.default
        while dir != "/" {
            if fm.fileExists(atPath: dir + "/agents") || fm.fileExists(atPath: dir + "/config/planning.yaml") {
                return ProjectPaths(root: relative(dir))
            }
            dir = PathText.directory(of: dir)
        }
        return ProjectPaths(root: ".")
    }

    /// Moondesk's own folder: `MOONDESK_HOME`, else the first folder above the running executable (or above this
    /// source file, for tests) that holds `agents/graph.lua` and `config/planning.yaml`.
    public static let moondeskHome: String? = {
        let fm = FileManager.default
        func isHome(_ dir: String) -> Bool {
            fm.fileExists(atPath: dir + "/agents/graph.lua") && fm.fileExists(atPath: dir + "/config/planning.yaml")
        }
        if let env = getenv("MOONDESK_HOME").map({ String(cString: $0) }), !env.isEmpty { return env }
        var starts: [String] = []
        if let exe = LuaResource.executablePath { starts.append(PathText.directory(of: PathText.standardized(exe))) }
        starts.append(PathText.directory(of: PathText.standardized(#filePath)))
        for start in starts {
            var dir = start
            while dir != "/" {
                if isHome(dir) { return relative(dir) }
                dir = PathText.directory(of: dir)
            }
        }
        return nil
    }()

    /// `path` relative to the current directory when it is inside it (messages stay short).
    public static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if path == cwd { return "." }
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }

    static func join(_ a: String, _ b: String) -> String { a == "." ? b : a + "/" + b }

    /// An absolute, standardized spelling, for comparing folders.
    static func key(_ path: String) -> String { PathText.standardized(path) }
}
