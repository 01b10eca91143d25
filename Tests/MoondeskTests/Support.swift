import Foundation
import Moondesk

/// The repository (its agents/, config/ and data/).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A temporary project: agents/ with the given files, data/ linked to the repository's bundled data.
func makeProject(_ files: [String: String]) throws -> String {
    let root = NSTemporaryDirectory() + "moondesk-project-" + UUID().uuidString
    let fm = FileManager.default
    try fm.createDirectory(atPath: root + "/agents/handlers", withIntermediateDirectories: true)
    try fm.createDirectory(atPath: root + "/config", withIntermediateDirectories: true)
    try fm.createSymbolicLink(atPath: root + "/data", withDestinationPath: repoRoot + "/data")
    for (path, text) in files {
        let full = root + "/" + path
        try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        fm.createFile(atPath: full, contents: Data(text.utf8))
    }
    return root
}

/// A temporary project with a copy of the repository's agents/ and config/planning.yaml (data/ linked), plus
/// `files` (paths under the project), for tests that edit the real scripts.
func makeProjectWithRepoAgents(_ files: [String: String] = [:]) throws -> String {
    let root = try makeProject([:])
    let fm = FileManager.default
    try fm.removeItem(atPath: root + "/agents")
    try fm.copyItem(atPath: repoRoot + "/agents", toPath: root + "/agents")
    try fm.copyItem(atPath: repoRoot + "/config/planning.yaml", toPath: root + "/config/planning.yaml")
    for (path, text) in files {
        try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
    }
    return root
}

/// A handler that computes from the candles (used by test agents).
let closeHandler = """
    return { run = function(task, ctx)
      local c = ctx.candles.close
      return { signal = 0, confidence = 0.5, summary = task.id .. ": last close " .. c[#c], metrics = { close = c[#c] } }
    end }
    """

func session(_ agent: String, _ configure: (inout SessionOptions) -> Void = { _ in }) throws -> Session {
    var options = SessionOptions(agentPath: agent)
    configure(&options)
    return try Session(options, print: { _ in })
}
