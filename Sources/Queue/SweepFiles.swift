import Foundation
import LuaHost
import Moondesk
import Sweep

/// The files a sweep's backtests read, by content hash, so every worker runs exactly the same scripts and
/// data: the project's `agents/` over Moondesk's own (the project's win, as `require` searches them), the presets
/// and the data folder the run would use, and a `--data`/`--news` file from elsewhere. Paths are relative to a
/// folder a worker lays them out in.
public struct SweepFiles: Sendable, Equatable {
    /// Relative path → SHA-256 of the bytes.
    public var hashes: [String: String]
    /// SHA-256 → bytes (only when collected here, not when read back from the queue).
    public var contents: [String: Data]
    /// The definition with its paths made relative to the folder the files are laid out in.
    public var definition: SweepDefinition

    public init(hashes: [String: String], contents: [String: Data], definition: SweepDefinition) {
        self.hashes = hashes
        self.contents = contents
        self.definition = definition
    }

    /// Collects the files of `definition` (paths as the user gave them) from this machine.
    public static func collect(_ definition: SweepDefinition) throws -> SweepFiles {
        let fm = FileManager.default
        let agentPath = definition.base.agentPath
        let paths = ProjectPaths.containing(agentPath)
        var hashes: [String: String] = [:], contents: [String: Data] = [:]
        func add(_ file: String, as rel: String) throws {
            guard let data = fm.contents(atPath: file) else { throw MoondeskError(.badInput, "\(file): cannot read it to send to workers") }
            let hash = ScriptSet.sha256(data)
            hashes[rel] = hash
            contents[hash] = data
        }
        func addTree(_ dir: String, as prefix: String) throws {
            guard let walker = fm.enumerator(atPath: dir) else { return }
            for case let rel as String in walker {
                if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                var isDir: ObjCBool = false
                let full = dir + "/" + rel
                guard fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
                try add(full, as: prefix + "/" + rel)
            }
        }
        if let home = paths.home { try addTree(home + "/agents", as: "agents") }
        try addTree(paths.agents, as: "agents")
        try addTree(paths.config, as: "config")
        try addTree(paths.data, as: "data")
        var rewritten = definition
        // The agent where it is in the project; one from outside it with its folder's scripts beside it.
        if let rel = relative(agentPath, to: paths.root) {
            try add(agentPath, as: rel)
            rewritten.base.agentPath = rel
        } else {
            let folder = URL(fileURLWithPath: agentPath).deletingLastPathComponent().path
            for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".lua") {
                try add(folder + "/" + name, as: "agents/_agent/" + name)
            }
            rewritten.base.agentPath = "agents/_agent/" + URL(fileURLWithPath: agentPath).lastPathComponent
        }
        func input(_ path: String?) throws -> String? {
            guard let path else { return nil }
            if let rel = relative(path, to: paths.data) { return "data/" + rel }
            guard let data = fm.contents(atPath: path) else { throw MoondeskError(.badInput, "\(path): no such file") }
            let rel = "inputs/\(ScriptSet.sha256(data).prefix(16))/\(URL(fileURLWithPath: path).lastPathComponent)"
            try add(path, as: rel)
            return rel
        }
        rewritten.base.dataPath = try input(definition.base.dataPath)
        rewritten.base.newsPath = try input(definition.base.newsPath)
        return SweepFiles(hashes: hashes, contents: contents, definition: rewritten)
    }

    /// `path` relative to `folder` when it is inside it (symlinks resolved), else nil.
    static func relative(_ path: String, to folder: String) -> String? {
        let p = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let f = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
        guard p.hasPrefix(f + "/") else { return nil }
        return String(p.dropFirst(f.count + 1))
    }

    /// The hashes as stored with a sweep: JSON with sorted keys.
    public var manifest: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(hashes), as: UTF8.self)
    }

    public static func hashes(manifest: String) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(manifest.utf8))
    }
}
