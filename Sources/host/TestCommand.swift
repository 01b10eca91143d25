import ArgumentParser
import Foundation
import LuaHost
import Moondesk

/// `host test [PATH ...] [--tap] [--watch]`: runs the project's `*_test.lua` files in the sandbox.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the project's Lua tests (*_test.lua).",
        discussion: """
            A test file calls test(name, function() ... end) once per case; a case fails when it raises (plain assert works). desk.test.handler, desk.test.node and desk.test.candles run a piece of a strategy alone through the real runners, at an as-of (docs/LUA_API.md). Without PATH: every *_test.lua under agents/ and tests/.

            Output: one line FILE:LINE: case: message per failure, then `N passed, N failed` on the last line (--tap: TAP instead). Exit codes: 0 all passed, 1 a case failed, 2 bad input (a test file that does not compile or cannot be found).

            Examples:
              host test
              host test agents/nodes/common_test.lua --tap
              host test --watch
            """
    )

    @Flag(help: "Print TAP (Test Anything Protocol) instead.")
    var tap = false

    @Flag(help: "Run again whenever a Lua file under the watched folders is saved.")
    var watch = false

    @Argument(help: "Test files or folders (default: agents/ and tests/).")
    var paths: [String] = []

    func run() async throws {
        HostLogging.bootstrap(.quiet)
        let roots = paths.isEmpty ? ["agents", "tests"].filter { FileManager.default.fileExists(atPath: $0) } : paths
        var status = await TestRun(roots: roots, tap: tap).run()
        guard watch else {
            if status != 0 { throw ExitCode(status) }
            return
        }
        let watched = Set(roots.flatMap { TestRun.luaFiles(under: $0) } + TestRun.luaFiles(under: "agents")).sorted()
        let watcher = try FileWatcher(paths: watched, settle: 0.02, newFiles: ".lua")
        Diagnostics.error("watching \(roots.joined(separator: ", ")); Ctrl-C stops")
        for await _ in watcher.changes {
            status = await TestRun(roots: roots, tap: tap).run()
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// One pass over the test files: runs them in path order and prints the results.
struct TestRun {
    var roots: [String]
    var tap: Bool

    func run() async -> Int32 {
        var files: [String] = []
        for root in roots {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else {
                Diagnostics.error("\(root): no such test file or folder")
                return 2
            }
            files += isFolder.boolValue ? Self.luaFiles(under: root).filter { $0.hasSuffix("_test.lua") } : [root]
        }
        var passed = 0, failed = 0, number = 0
        if tap { emit("TAP version 13") }
        for file in files {
            let outcome: LuaTestFile.Outcome
            do {
                outcome = try await LuaTestFile(path: file).run(print: { Diagnostics.error($0) })
            } catch {
                Diagnostics.error(MoondeskError.from(error).description)
                return 2
            }
            for (name, failure) in outcome.cases where tap {
                number += 1
                if let failure {
                    emit("not ok \(number) - \(file): \(name)")
                    emit("  ---\n  message: \(Self.yamlQuoted(failure.message))\n  at: \(Self.yamlQuoted(failure.location))\n  ...")
                } else {
                    emit("ok \(number) - \(file): \(name)")
                }
            }
            if !tap { for failure in outcome.failures { emit(failure.text) } }
            passed += outcome.passed
            failed += outcome.failures.count
        }
        if tap { emit("1..\(number)") }
        emit("\(passed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }

    /// Every `.lua` file under `root`, in path order (a file given as root is itself).
    static func luaFiles(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".lua") }.sorted()
            .map { root.hasSuffix("/") ? root + $0 : root + "/" + $0 }
    }

    /// Writes a line to stdout at once (unbuffered): with --watch the process lives on, and a pipe must see each pass.
    func emit(_ line: String) { Output.line(line) }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
