import Foundation
import Testing

/// The terminal side of the contract: output that never traps, colour only for people, help within 80 columns,
/// no word the users should not read.
@Suite struct OutputContractTests {
    @Test func aClosedStdoutDoesNotTrap() async throws {
        // `host run ... | true`: the reader is gone before host writes; host must finish normally.
        let dir = temporaryFolder()
        let script = "'\(HostProcess.executable)' run '\(HostProcess.packageRoot)/agents/balanced.lua' -q 2>err.txt"
            + " | true; echo ${PIPESTATUS[0]} >status.txt"
        _ = try await HostProcess.launch(["-c", script], in: dir, executable: "/bin/bash")
        let status = try String(contentsOfFile: dir + "/status.txt", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let err = try String(contentsOfFile: dir + "/err.txt", encoding: .utf8)
        #expect(status == "0", "exit \(status): \(err)")
        #expect(!err.contains("Fatal error"), "\(err)")
    }

    @Test func aFullDiskIsReportedNotATrap() async throws {
        let result = try await offPool { () -> (Int32, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: HostProcess.executable)
            process.arguments = ["run", HostProcess.packageRoot + "/agents/balanced.lua", "-q"]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
            let err = Pipe()
            process.standardError = err
            try process.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(result.0 == 1, "\(result.1)")
        #expect(result.1.contains("cannot write to stdout: No space left on device"), "\(result.1)")
        #expect(!result.1.contains("Fatal error"))
    }

    @Test func anUnwritableTraceKeepsTheDecision() async throws {
        let result = try await HostProcess.launch(["run", "agents/balanced.lua", "--json", "--trace", "/nonexistent/dir/run.json"])
        #expect(result.status == 0, "\(result.stderr)")
        let run = try Fixture.json(result.stdout)
        #expect((run["decision"] as? [String: Any])?["action"] is String)
        #expect((run["warnings"] as? [String])?.contains { $0.contains("/nonexistent/dir/run.json") } == true)
        #expect(result.stderr.contains("warning: ") && result.stderr.contains("/nonexistent/dir/run.json"))
    }

    /// Runs `host` under a pseudo-terminal (util-linux `script`), as a person at a terminal would.
    func atTerminal(_ arguments: [String], environment: [String: String]) async throws -> String {
        let command = ([HostProcess.executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let result = try await HostProcess.launch(["-qec", command, "/dev/null"], in: HostProcess.packageRoot,
                                                  environment: environment, executable: "/usr/bin/script")
        return result.stdout
    }

    @Test func colourOnATerminalOnly() async throws {
        let args = ["run", "agents/balanced.lua", "-q"]
        let tty = try await atTerminal(args, environment: ["TERM": "xterm-256color", "NO_COLOR": ""])
        #expect(tty.contains("\u{1B}["), "a terminal gets colour")
        let noColor = try await atTerminal(args, environment: ["TERM": "xterm-256color", "NO_COLOR": "1"])
        #expect(!noColor.contains("\u{1B}["), "NO_COLOR")
        let dumb = try await atTerminal(args, environment: ["TERM": "dumb", "NO_COLOR": ""])
        #expect(!dumb.contains("\u{1B}["), "TERM=dumb")
        let pipe = try await HostProcess.launch(args, environment: ["TERM": "xterm-256color"])
        #expect(!pipe.stdout.contains("\u{1B}["), "a pipe")
        #expect(tty.contains("Decision: ") && noColor.contains("Decision: "))
    }

    static let commands = ["", "run", "plan", "graph", "watch", "script", "lookahead", "test", "backtest", "runs", "show", "resume",
                           "replay", "new", "version"]

    @Test func helpFitsEightyColumnsAndSaysNoSeed() async throws {
        for command in Self.commands {
            let result = try await HostProcess.launch((command.isEmpty ? [] : [command]) + ["--help"], environment: ["COLUMNS": "80"])
            #expect(result.status == 0)
            for line in result.stdout.split(separator: "\n") {
                #expect(line.count <= 80, "\(command) --help: \(line.count) columns: \(line)")
            }
            #expect(!result.stdout.lowercased().contains("the seed"), "\(command) --help")
        }
    }

    @Test func noSeedInTheDocsOrTheOutput() async throws {
        let root = HostProcess.packageRoot
        var files = ["README.md"]
        files += (try FileManager.default.contentsOfDirectory(atPath: root + "/docs")).filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            #expect(!text.lowercased().contains("the seed"), "\(file)")
        }
        let run = try await HostProcess.launch(["run", "agents/balanced.lua"])
        let plan = try await HostProcess.launch(["plan", "agents/balanced.lua"])
        #expect(!(run.stdout + run.stderr + plan.stdout).lowercased().contains("the seed"))
    }
}
