import Foundation

/// Small projects outside the repository, written for one test: only the files given (under agents/...); the
/// bundled agents, presets and data come from Moondesk's own folder through the module search order.
enum Fixture {
    /// An agent built on the balanced one with an extra low-priority task whose handler is `handler` (Lua body
    /// of `run(task, ctx)`).
    static func taskAgent(_ handler: String, name: String = "extra", priority: String = "low") -> [String: String] {
        [
            "agents/\(name).lua": """
                local balanced = require "balanced"
                return desk.agent {
                  name = "\(name)", profile = "balanced",
                  plan = function(plan, ctx)
                    balanced.plan(plan, ctx)
                    plan:add{ id = "\(name)", name = "Extra", priority = "\(priority)", cost = 0.01, seconds = 1,
                              handler = "handlers.\(name)" }
                  end,
                }
                """,
            "agents/handlers/\(name).lua": "return { run = function(task, ctx)\n\(handler)\nend }\n",
        ]
    }

    /// An agent whose analyzer node is replaced by one running `body`.
    static func nodeAgent(_ body: String) -> [String: String] {
        [
            "agents/broken_node.lua": """
                local balanced = require "balanced"
                return desk.agent {
                  name = "broken_node", profile = "balanced", plan = balanced.plan,
                  graph = function(g) g:replace("analyzer", "nodes.bad_analyzer") end,
                }
                """,
            "agents/nodes/bad_analyzer.lua": "return { run = function(state, ctx)\n\(body)\nend }\n",
        ]
    }

    static let syntaxError = ["agents/bad.lua": "return desk.agent {\n  name = \"bad\",\n  plan = function(plan ctx) end,\n}\n"]

    static let duplicateTask = ["agents/dup.lua": """
        return desk.agent {
          name = "dup", profile = "balanced",
          plan = function(plan, ctx)
            plan:add{ id = "a", name = "A", handler = "handlers.technical", cost = 0, seconds = 1 }
            plan:add{ id = "a", name = "A again", handler = "handlers.technical", cost = 0, seconds = 1 }
          end,
        }
        """]

    /// Writes `files` into a new temporary folder and returns it.
    static func project(_ files: [String: String]) throws -> String {
        let root = temporaryFolder()
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// Parses one JSON object.
    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }
}
