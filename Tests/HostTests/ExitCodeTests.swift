import Foundation
import Moondesk
import Testing

/// One exit-code table for every command (`ExitStatus`, docs/CLI.md): each subcommand × kind of failure, run as a
/// user runs it, from a project outside the repository.
@Suite struct ExitCodeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: String] = [:]
        var arguments: [String]
        var expected: Int32
        var testDescription: String { name }
    }

    static let failing = Fixture.taskAgent("local settings = nil\nreturn settings.threshold")
    static let script = ["ok.lua": "print(desk.version)", "raise.lua": "error('no')", "syntax.lua": "local = 1",
                         "loop.lua": "while true do end"]
    static let tests = ["agents/pass_test.lua": "test('ok', function() assert(true) end)",
                        "agents/fail_test.lua": "test('no', function() assert(false, 'fails') end)",
                        "agents/syntax_test.lua": "test('x', function() end"]

    static let cases: [Case] = [
        // run: decided, degraded, no decision, bad input, --strict / --fail-fast
        Case(name: "run: a decision", arguments: ["run", "AGENT:balanced"], expected: 0),
        Case(name: "run: a failing handler is a degraded decision", files: failing, arguments: ["run", "agents/extra.lua"], expected: 0),
        Case(name: "run --strict: degraded", files: failing, arguments: ["run", "agents/extra.lua", "--strict"], expected: 3),
        Case(name: "run --fail-fast: stopped", files: failing, arguments: ["run", "agents/extra.lua", "--fail-fast"], expected: 3),
        Case(name: "run: a failing node is no decision", files: Fixture.nodeAgent("error('the analyzer broke')"),
             arguments: ["run", "agents/broken_node.lua"], expected: 1),
        Case(name: "run: a syntax error", files: Fixture.syntaxError, arguments: ["run", "agents/bad.lua"], expected: 2),
        Case(name: "run: a plan error", files: Fixture.duplicateTask, arguments: ["run", "agents/dup.lua"], expected: 2),
        Case(name: "run: no such agent", arguments: ["run", "agents/nope.lua"], expected: 2),
        Case(name: "run: an unknown profile", arguments: ["run", "AGENT:balanced", "--profile", "yolo"], expected: 2),
        Case(name: "run: --max-parallel 0", arguments: ["run", "AGENT:balanced", "--max-parallel", "0"], expected: 2),
        Case(name: "run: --pace inf", arguments: ["run", "AGENT:balanced", "--pace", "inf"], expected: 2),
        Case(name: "run: an unknown flag", arguments: ["run", "AGENT:balanced", "--frobnicate"], expected: 2),
        Case(name: "run: a bad as-of", arguments: ["run", "AGENT:balanced", "--as-of", "2019-13-01"], expected: 2),
        Case(name: "run: no agent argument", arguments: ["run"], expected: 2),
        // the default subcommand
        Case(name: "host AGENT", arguments: ["AGENT:balanced"], expected: 0),
        // plan
        Case(name: "plan: a plan", arguments: ["plan", "AGENT:balanced"], expected: 0),
        Case(name: "plan: a syntax error", files: Fixture.syntaxError, arguments: ["plan", "agents/bad.lua"], expected: 2),
        Case(name: "plan: a plan error", files: Fixture.duplicateTask, arguments: ["plan", "agents/dup.lua"], expected: 2),
        Case(name: "plan: an unknown profile", arguments: ["plan", "AGENT:balanced", "--profile", "yolo"], expected: 2),
        Case(name: "plan: --max-cost -1", arguments: ["plan", "AGENT:balanced", "--max-cost", "-1"], expected: 2),
        // graph
        Case(name: "graph: a graph", arguments: ["graph", "AGENT:balanced"], expected: 0),
        Case(name: "graph: --json is not a graph flag", arguments: ["graph", "AGENT:balanced", "--json"], expected: 2),
        Case(name: "graph: --live is not a graph flag", arguments: ["graph", "AGENT:balanced", "--live"], expected: 2),
        Case(name: "graph: a syntax error", files: Fixture.syntaxError, arguments: ["graph", "agents/bad.lua"], expected: 2),
        // watch (what fails before it starts watching)
        Case(name: "watch: a syntax error", files: Fixture.syntaxError, arguments: ["watch", "agents/bad.lua"], expected: 2),
        Case(name: "watch: an unknown flag", arguments: ["watch", "AGENT:balanced", "--frobnicate"], expected: 2),
        // script
        Case(name: "script: success", files: script, arguments: ["script", "ok.lua"], expected: 0),
        Case(name: "script: an error", files: script, arguments: ["script", "raise.lua"], expected: 1),
        Case(name: "script: a timeout", files: script, arguments: ["script", "--timeout", "0.2", "loop.lua"], expected: 1),
        Case(name: "script: a syntax error", files: script, arguments: ["script", "syntax.lua"], expected: 2),
        Case(name: "script: no such file", files: script, arguments: ["script", "none.lua"], expected: 2),
        Case(name: "script: --timeout 0", files: script, arguments: ["script", "--timeout", "0", "ok.lua"], expected: 2),
        Case(name: "script: --timeout -1", files: script, arguments: ["script", "--timeout", "-1", "ok.lua"], expected: 2),
        Case(name: "script: --timeout nan", files: script, arguments: ["script", "--timeout", "nan", "ok.lua"], expected: 2),
        Case(name: "script: --memory 0", files: script, arguments: ["script", "--memory", "0", "ok.lua"], expected: 2),
        Case(name: "script: --memory -1", files: script, arguments: ["script", "--memory", "-1", "ok.lua"], expected: 2),
        Case(name: "script: --memory huge", files: script, arguments: ["script", "--memory", "99999999999", "ok.lua"], expected: 2),
        // lookahead
        Case(name: "lookahead: the same decisions", arguments: ["lookahead", "AGENT:balanced", "--dates", "1"], expected: 0),
        Case(name: "lookahead: --dates 0", arguments: ["lookahead", "AGENT:balanced", "--dates", "0"], expected: 2),
        // test
        Case(name: "test: passing", files: tests, arguments: ["test", "agents/pass_test.lua"], expected: 0),
        Case(name: "test: a failing case", files: tests, arguments: ["test", "agents/fail_test.lua"], expected: 1),
        Case(name: "test: a syntax error", files: tests, arguments: ["test", "agents/syntax_test.lua"], expected: 2),
        Case(name: "test: no such file", files: tests, arguments: ["test", "agents/none_test.lua"], expected: 2),
        // new
        Case(name: "new: a project", arguments: ["new", "fresh"], expected: 0),
        Case(name: "new: a bad name", arguments: ["new", "9-lives"], expected: 2),
        Case(name: "new: the folder exists", files: ["taken/README.md": "x"], arguments: ["new", "taken"], expected: 2),
        // version, help
        Case(name: "version", arguments: ["version"], expected: 0),
        Case(name: "--version", arguments: ["--version"], expected: 0),
        Case(name: "--help", arguments: ["--help"], expected: 0),
        Case(name: "an unknown subcommand's flag", arguments: ["plan", "--nope"], expected: 2),
    ]

    /// `AGENT:name` is a bundled agent, by path (the project folder has none of its own).
    static func resolve(_ arguments: [String]) -> [String] {
        arguments.map { $0.hasPrefix("AGENT:") ? HostProcess.packageRoot + "/agents/" + $0.dropFirst(6) + ".lua" : $0 }
    }

    @Test(arguments: cases)
    func exitCode(_ c: Case) async throws {
        let dir = try Fixture.project(c.files)
        let result = try await HostProcess.launch(Self.resolve(c.arguments), in: dir)
        #expect(result.status == c.expected, "\(c.name): \(result.stderr.suffix(600))")
        if c.expected == 2 {
            // Bad input names what was wrong, on stderr, in one place; no usage-error code 64 anywhere.
            #expect(!result.stderr.isEmpty)
        }
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
    }

    @Test func theTableIsTheHelpsAndTheDocs() async throws {
        let help = try await HostProcess.launch(["--help"])
        let docs = try String(contentsOfFile: HostProcess.packageRoot + "/docs/CLI.md", encoding: .utf8)
        for status in ExitStatus.allCases {
            #expect(help.stdout.contains(status.meaning), "--help lacks \(status.rawValue)")
            #expect(docs.contains("| \(status.rawValue) |"), "docs/CLI.md lacks \(status.rawValue)")
        }
        for command in ["run", "plan", "graph", "watch", "script", "new"] {
            let sub = try await HostProcess.launch([command, "--help"])
            #expect(sub.stdout.contains("Exit codes:"), "\(command) --help has no exit codes")
            #expect(!sub.stdout.contains("\n  64 "), "\(command) --help lists 64")
        }
    }

    @Test func versionIsDeskVersion() async throws {
        let dir = try Fixture.project(["v.lua": "print(desk.version)"])
        let fromLua = try await HostProcess.launch(["script", "v.lua"], in: dir)
        let flag = try await HostProcess.launch(["--version"])
        let command = try await HostProcess.launch(["version"])
        #expect(!fromLua.stdout.isEmpty)
        #expect(flag.stdout == fromLua.stdout)
        #expect(command.stdout == fromLua.stdout)
    }

    @Test func sigtermAndSighupKeepThePartialSummaryAsCtrlCDoes() async throws {
        for (signal, code) in [(SIGTERM, Int32(143)), (SIGHUP, Int32(129))] {
            let (process, out, err) = try HostProcess.start(["run", "agents/balanced.lua", "--pace", "0.2"])
            let pid = process.processIdentifier
            let text = try await offPool {
                var progress = ""
                let deadline = Date().addingTimeInterval(60)
                while !progress.contains("done     technical"), Date() < deadline {
                    let chunk = err.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    progress += String(decoding: chunk, as: UTF8.self)
                }
                kill(pid, signal)
                let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                return text
            }
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == code, "signal \(signal)")
            #expect(text.contains("technical   completed"), "\(text)")
        }
    }
}

extension ExitCodeTests {
    /// Flags a command would parse but not use are refused, not ignored.
    @Test func unusedFlagsAreRefused() async throws {
        for arguments in [["watch", "agents/balanced.lua", "--strict"], ["run", "agents/balanced.lua", "--watch", "--strict"],
                          ["graph", "agents/balanced.lua", "--max-parallel", "2"], ["plan", "agents/balanced.lua", "--trace", "t.json"]] {
            let result = try await HostProcess.launch(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
        }
    }
}
