import Foundation
import Testing

/// `host script` end to end: each hostile script ends with one line FILE:LINE: kind: message and exit 1 (it
/// raised an error or hit a limit), or 2 when it does not compile (bad input).
@Suite struct ScriptCommandTests {
    static let hostile: [(name: String, source: String, line: Int, kind: String)] = [
        ("loop", "local x = 0\nwhile true do x = x + 1 end", 2, "timeout"),
        ("bomb", "local t = {}\ncollectgarbage('stop')\nwhile true do t[#t + 1] = string.rep('x', 1024 * 1024) .. #t end", 3, "memory limit"),
        ("rep", "local s = string.rep('x', 2^40)", 1, "error"),
        ("recursion", "local function f(n) return 1 + f(n + 1) end\nf(1)", 1, "stack overflow"),
        ("execute", "os.execute('touch /tmp/moondesk-host-pwned')", 1, "sandbox refusal: os.execute"),
        ("popen", "local p = io.popen('ls')", 1, "sandbox refusal: io.popen"),
        ("loadlib", "package.loadlib('libc.so.6', 'system')", 1, "sandbox refusal: package.loadlib"),
        ("sethook", "debug.sethook(print, 'l')", 1, "sandbox refusal: debug.sethook"),
        ("dump", "local f = function() end\nlocal g = load(string.dump(f))", 2, "sandbox refusal: string.dump"),
        ("getenv", "local home = os.getenv('HOME')", 1, "sandbox refusal: os.getenv"),
        ("yield", "coroutine.yield(1)", 1, "outside a coroutine"),
        ("errtable", "error({code = 1})", 1, "code = 1"),
        ("errtostring", "error(setmetatable({}, {__tostring = function() error('nope') end}))", 1, "__tostring failed"),
        ("syntax", "local x = 1\nlocal y = = 2", 2, "syntax error"),
    ]

    @Test(arguments: hostile.map(\.name))
    func hostileScript(name: String) async throws {
        let case_ = Self.hostile.first { $0.name == name }!
        let dir = temporaryFolder()
        let file = dir + "/\(name).lua"
        FileManager.default.createFile(atPath: file, contents: Data(case_.source.utf8))
        let timeout = name == "loop" ? "0.3" : "10"   // only the loop is meant to reach its deadline
        let result = try await HostProcess.launch(["script", "--timeout", timeout, "--memory", "64", file], in: dir)
        #expect(result.status == (name == "syntax" ? 2 : 1))
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line expected: \(result.stderr)")
        #expect(result.stderr.hasPrefix("\(file):\(case_.line): "), "\(result.stderr)")
        #expect(result.stderr.contains(case_.kind), "\(result.stderr)")
        // The in-process figure (stopped within 0.45 s of a 0.3 s limit) is measured by ./scripts/bench; a whole
        // process on a loaded 2-core machine only has to be stopped, not wait for ever.
        if name == "loop" { #expect(result.seconds < 5, "stopped after \(result.seconds) s") }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/moondesk-host-pwned"))
    }

    @Test func requireOfACModuleIsRefused() async throws {
        let dir = temporaryFolder()
        FileManager.default.createFile(atPath: dir + "/socket.so", contents: Data())
        FileManager.default.createFile(atPath: dir + "/net.lua", contents: Data("local s = require 'socket'".utf8))
        let result = try await HostProcess.launch(["script", dir + "/net.lua"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix(dir + "/net.lua:1: sandbox refusal: require \"socket\": C modules are not allowed"))
    }

    @Test func aGoodScriptPrintsAndGetsItsArguments() async throws {
        let dir = temporaryFolder()
        let file = dir + "/hello.lua"
        FileManager.default.createFile(atPath: file, contents: Data("""
            desk.sleep(0.01)
            print("hello " .. arg[1], #arg, desk.json.encode({n = select('#', ...)}))
            """.utf8))
        let result = try await HostProcess.launch(["script", file, "world", "two"], in: dir)
        #expect(result.status == 0)
        #expect(result.stdout == "hello world\t2\t{\"n\":2}\n")
    }

    @Test func aMissingFileIsOneClearLine() async throws {
        let result = try await HostProcess.launch(["script", "/nonexistent/x.lua"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/x.lua"))
    }
}
