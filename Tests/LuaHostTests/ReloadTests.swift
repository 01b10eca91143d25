import Foundation
import LuaHost
import Testing

/// Hot reload: a changed file runs in its new version; a broken one leaves the last good version in force.
@Suite struct ReloadTests {
    @Test func changeBreakFix() async throws {
        let dir = temporaryFolder()
        let path = dir + "/strategy.lua"
        write("return 'v1'", to: path)
        let scripts = try ScriptSet(root: dir)
        let firstHash = try #require(scripts.sha256(of: path))

        func runStrategy() async throws -> LuaValue {
            let host = try TestState(source: scripts)
            return try await host.state.run(try host.state.loadScript(path)).first ?? .nil
        }
        #expect(try await runStrategy() == "v1")

        write("return 'v2'", to: path)
        guard case .changed(let secondHash) = scripts.reload(path) else { Issue.record("expected a change"); return }
        #expect(secondHash != firstHash)
        #expect(try await runStrategy() == "v2")

        write("local x = 1\nreturn = 'v3'", to: path)
        guard case .failed(let error) = scripts.reload(path) else { Issue.record("expected a failure"); return }
        #expect(error.kind == .syntax)
        #expect(error.location == path + ":2")
        #expect(try await runStrategy() == "v2")
        #expect(scripts.sha256(of: path) == secondHash)

        write("return 'v4'", to: path)
        #expect(scripts.reload(path) != .unchanged)
        #expect(try await runStrategy() == "v4")
        #expect(scripts.reload(path) == .unchanged)
    }

    @Test func watcherReportsWritesAndRenames() async throws {
        let dir = temporaryFolder()
        let path = dir + "/node.lua"
        write("return 1", to: path)
        let watcher = try FileWatcher(paths: [path])
        var changes = watcher.changes.makeAsyncIterator()

        try await Task.sleep(for: .milliseconds(20))
        write("return 2", to: path)
        #expect(await changes.next() == [path])

        // An editor-style save: write a temporary file, rename it over the original.
        write("return 3", to: dir + "/.node.lua.swp")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: dir + "/.node.lua.swp", toPath: path)
        #expect(await changes.next() == [path])
        watcher.stop()
    }
}
