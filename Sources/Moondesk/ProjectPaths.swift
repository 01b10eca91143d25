import Foundation

/// Where a Moondesk project keeps its parts: `agents/` (the `require` root), `config/`, `data/`.
public struct ProjectPaths: Sendable {
    public var root: String
    public var agents: String { Self.join(root, "agents") }
    public var config: String { Self.join(root, "config") }
    public var data: String { Self.join(root, "data") }

    public init(root: String) { self.root = root }

    /// The project holding `agentFile`: the folder above the nearest `agents/` folder, or the current directory.
    public static func containing(_ agentFile: String) -> ProjectPaths {
        var dir = URL(fileURLWithPath: agentFile).deletingLastPathComponent().standardizedFileURL
        while dir.path != "/" {
            if dir.lastPathComponent == "agents" { return ProjectPaths(root: relative(dir.deletingLastPathComponent().path)) }
            dir.deleteLastPathComponent()
        }
        return ProjectPaths(root: ".")
    }

    /// `path` relative to the current directory when it is inside it (messages stay short).
    public static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if path == cwd { return "." }
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }

    static func join(_ a: String, _ b: String) -> String { a == "." ? b : a + "/" + b }
}
