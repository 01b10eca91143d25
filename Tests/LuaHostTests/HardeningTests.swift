import Foundation
import LuaHost
import Testing

/// Issue 15 in the Lua host: deadlines hold inside the pattern matcher, finalizers are refused, a host JSON
/// decode stops at the deadline, one path rule, one number conversion, a folder swapped under the watcher.
@Suite struct HardeningTests {
    @Test func theSandboxMatcherKeepsLuaSemantics() async throws {
        let host = try TestState()
        let r = try await host.run("""
            local s = "key = value, n=42 (a(b)c) über"
            local function all(...) local t = table.pack(...) for i = 1, t.n do t[i] = tostring(t[i]) end return table.concat(t, ",") end
            return all(s:find("(%w+)%s*=%s*(%w+)")), all(s:match("%b()")), all(s:gsub("%f[%w]%w+", "<%0>")),
                   all(s:match("()n=(%d+)()")), all(("x"):rep(3):gsub("", "-")), all(s:find(".", 1, true)),
                   all(("abc"):gsub("%w", { a = 1, b = false })), all((" a b "):gsub("%s*$", ""))
            """, limits: LuaLimits(timeout: 5))
        // What Lua's own string library gives (checked against liblua5.4 by scripts/fuzz/run patterns).
        #expect(r == ["1,11,key,value", "(a(b)c)", "<key> = <value>, <n>=<42> (<a>(<b>)<c>) ü<ber>,8", "14,42,18",
                      "-x-x-x-,4", "nil", "1bc,3", " a b,1"])
    }

    @Test func aBacktrackingPatternStopsAtTheDeadline() async throws {
        let host = try TestState()
        let start = ContinuousClock.now
        let error = await expectLuaError {
            try await host.run("local s = ('a'):rep(3000)\nreturn s:find(('a-'):rep(4) .. 'b')", name: "p.lua", limits: LuaLimits(timeout: 0.3))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.location == "p.lua:2")
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func finalizersAreRefusedAndXpcallHandlersStop() async throws {
        let host = try TestState()
        let gc = await expectLuaError { try await host.run("setmetatable({}, { __gc = print })", limits: LuaLimits(timeout: 1)) }
        #expect(gc?.kind == .sandbox)
        let handler = await expectLuaError {
            try await host.run("xpcall(error, function() while true do end end)", limits: LuaLimits(timeout: 0.3))
        }
        #expect(handler?.kind == .timeout)
        // A handler still works while the call runs (a fresh state: the timeout poisoned that one).
        let ok = try await TestState().run("return select(2, xpcall(error, function(e) return 'handled ' .. tostring(e) end, 'x'))",
                                    limits: LuaLimits(timeout: 1))
        #expect(ok == ["handled x"])
    }

    @Test func anErrorObjectsTostringRunsUnderTheDeadline() async throws {
        let host = try TestState()
        let start = ContinuousClock.now
        let error = await expectLuaError {
            try await host.run("error(setmetatable({}, { __tostring = function() while true do end end }))", limits: LuaLimits(timeout: 0.3))
        }
        #expect(error?.kind == .timeout)
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func jsonDecodeNamesLineAndColumnAndBoundsNesting() throws {
        #expect(try LuaValue.parseJSON(#"{"a": [1, 2.5, "x\u00e9", null, true], "b": {}}"#)
                == ["a": [1, 2.5, "xé", .nil, true], "b": .table([:])])
        #expect(throws: ArgumentError.self) { try LuaValue.parseJSON("{\n  \"a\": ]") }
        do { _ = try LuaValue.parseJSON("{\n  \"a\": ]") } catch { #expect("\(error)".contains("line 2, column 8")) }
        do { _ = try LuaValue.parseJSON(String(repeating: "[", count: 100_000)) } catch { #expect("\(error)".contains("nested deeper")) }
        do { _ = try LuaValue.parseJSON("[1e999]") } catch { #expect("\(error)".contains("out of range")) }
    }

    @Test func checkedNumbersNameTheArgumentAndNeverTrap() throws {
        #expect(try CheckedNumber.integer(.number(3), "n", in: 1...5) == 3)
        for bad: LuaValue in [.number(.nan), .number(.infinity), .number(1e300), .number(2.5), .integer(.max), .string("3")] {
            #expect(throws: ArgumentError.self) { try CheckedNumber.integer(bad, "n", in: 1...5) }
        }
        #expect(throws: ArgumentError.self) { try CheckedNumber.seconds(.number(1e20), "t") }
        #expect(throws: ArgumentError.self) { try CheckedNumber.seconds(.number(-1), "t") }
        #expect(throws: ArgumentError.self) { try CheckedNumber.epoch(.nan, "t") }
        #expect(CheckedNumber.duration(.infinity) == .seconds(CheckedNumber.maxSeconds))
        #expect(CheckedNumber.duration(.nan) == .zero)
    }

    @Test func thePathRuleFollowsLinksAndRefusesControlBytes() throws {
        let root = temporaryFolder(), outside = temporaryFolder()
        write("x", to: outside + "/secret.lua")
        write("y", to: root + "/ok.lua")
        try FileManager.default.createSymbolicLink(atPath: root + "/link.lua", withDestinationPath: outside + "/secret.lua")
        #expect(PathRule.check(root + "/ok.lua", roots: [root]) == .success(PathRule.realPath(root + "/ok.lua")!))
        #expect(PathRule.check(root + "/link.lua", roots: [root]) == .failure(.outside))
        #expect(PathRule.check(root + "/../" + (outside as NSString).lastPathComponent + "/secret.lua", roots: [root]) == .failure(.outside))
        #expect(PathRule.check(root + "/ok.lua\0/x", roots: [root]) == .failure(.controlByte(0)))
        #expect(PathRule.check(root + "/none.lua", roots: [root]) == .failure(.missing))
        #expect(PathRule.shown("a\0b\n") == "a\\0b\\n")
    }

    @Test func aWatchedFolderSwappedByRenameIsWatchedAgain() async throws {
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/nodes", withIntermediateDirectories: true)
        write("return 1", to: dir + "/nodes/a.lua")
        let watcher = try FileWatcher(paths: [dir + "/nodes/a.lua"], newFiles: ".lua")
        var changes = watcher.changes.makeAsyncIterator()
        try await Task.sleep(for: .milliseconds(20))
        try FileManager.default.createDirectory(atPath: dir + "/nodes.new", withIntermediateDirectories: true)
        write("return 2", to: dir + "/nodes.new/a.lua")
        write("return 3", to: dir + "/nodes.new/b.lua")
        try FileManager.default.moveItem(atPath: dir + "/nodes", toPath: dir + "/nodes.old")
        try FileManager.default.moveItem(atPath: dir + "/nodes.new", toPath: dir + "/nodes")
        // A watchdog ends the stream after 10 s, so a missed event fails the test instead of hanging it.
        let stop = Task { try await Task.sleep(for: .seconds(10)); watcher.stop() }
        var seen: Set<String> = []
        while !seen.isSuperset(of: [dir + "/nodes/a.lua", dir + "/nodes/b.lua"]), let next = await changes.next() { seen.formUnion(next) }
        #expect(seen.isSuperset(of: [dir + "/nodes/a.lua", dir + "/nodes/b.lua"]), "\(seen)")
        // Edits inside the new folder are seen too.
        try await Task.sleep(for: .milliseconds(50))
        write("return 4", to: dir + "/nodes/a.lua")
        var later: Set<String> = []
        while !later.contains(dir + "/nodes/a.lua"), let next = await changes.next() { later.formUnion(next) }
        #expect(later.contains(dir + "/nodes/a.lua"), "\(later)")
        stop.cancel()
        watcher.stop()
    }
}
