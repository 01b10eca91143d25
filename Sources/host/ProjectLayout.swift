import Foundation

/// Where a project's folders are: `agents/` (the `require` root), `config/`, `data/`.
enum ProjectLayout {
    /// The `agents` folder that holds `file`, or `./agents` when it exists.
    static func moduleRoots(for file: String) -> [String] {
        var roots: [String] = []
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL
        while dir.path != "/" {
            if dir.lastPathComponent == "agents" { roots.append(relative(dir.path)); break }
            dir.deleteLastPathComponent()
        }
        if roots.isEmpty, FileManager.default.fileExists(atPath: "agents") { roots.append("agents") }
        return roots
    }

    /// `path` relative to the current directory when it is inside it (messages stay short).
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if path == cwd { return "." }
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
