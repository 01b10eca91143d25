import Foundation
import Journal
import LuaHost
import Moondesk
import Orchestrator

/// A command's link to the journal: records the run as it goes and lends its results to the session. Opening it
/// fails the command only when the file is not a journal this Moondesk can use; a disk that refuses writes leaves
/// the run unrecorded, with a warning.
struct RunJournal {
    let recorder: RunRecorder

    /// The recorder for a new run (or the one `host resume` continues); nil with `--no-journal` or when the journal
    /// cannot be written (`warnings` then says so).
    static func begin(_ options: JournalOptions, project: ProjectPaths, start: RunStart,
                      warn: (String) -> Void) throws -> RunJournal? {
        if let resume = ResumeRequest.current {
            let journal = try open(resume.journal, warn: warn)
            guard let journal else { return nil }
            do {
                return RunJournal(recorder: try RunRecorder.resume(resume.run, in: journal, cache: !options.noCache))
            } catch {
                throw MoondeskError(.badInput, error.message)
            }
        }
        guard !options.noJournal, let journal = try open(options.path(project: project), warn: warn) else { return nil }
        do {
            return RunJournal(recorder: try RunRecorder.start(start, in: journal, recall: options.noCache ? .none : .any))
        } catch where error.kind == .unwritable {
            warn("this run is not recorded: \(error.message)")
            return nil
        } catch {
            throw MoondeskError(.badInput, error.message)
        }
    }

    private static func open(_ path: String, warn: (String) -> Void) throws -> Journal? {
        do {
            return try Journal(path: path)
        } catch where error.kind == .unwritable {
            warn("this run is not recorded: \(error.message)")
            return nil
        } catch {
            throw MoondeskError(.badInput, error.message)
        }
    }

    /// The command line to record: what follows the program name.
    static var arguments: [String] { ResumeRequest.current?.run.arguments ?? Array(CommandLine.arguments.dropFirst()) }

    /// Every event to the recorder, then to `other`.
    func events(_ other: RunEventSink?) -> RunEventSink {
        let recorder = self.recorder
        return { event in
            recorder.record(event)
            other?(event)
        }
    }

    /// The files a session reads before any task runs: the agent, the config, the data.
    static func startFiles(_ session: Session) -> [RunFile] {
        var files: [(String, String)] = [(session.agent.path, "agent"), (session.paths.config + "/planning.yaml", "config")]
        for file in session.runtime.market.dataFiles { files.append((file, "data")) }
        return files.compactMap { path, role in session.hashes.sha256(of: path).map { RunFile(path: path, role: role, sha256: $0) } }
    }

    /// The files a backtest starts from: its agents, the config, the data it names.
    static func startFiles(agents: [String], data: String?, news: String?) -> [RunFile] {
        var files = agents.map { ($0, "agent") }
        for agent in agents {
            let config = ProjectPaths.containing(agent).config + "/planning.yaml"
            if !files.contains(where: { $0.0 == config }) { files.append((config, "config")) }
        }
        for path in [data, news].compactMap({ $0 }) { files.append((path, "data")) }
        return files.compactMap { path, role in
            FileManager.default.contents(atPath: path).map { RunFile(path: path, role: role, sha256: ScriptSet.sha256($0)) }
        }
    }

    /// Records how a decision ended and what was printed; returns the warning to show when it could not be recorded,
    /// and the decision's JSON object (`DecisionReport.json`), made once for the journal and the printer.
    func finish(_ run: DecisionRun, session: Session, status: ExitStatus, interrupted: Bool) -> (problem: String?, report: LuaValue) {
        var files = Self.startFiles(session)
        for (list, role) in [(run.agentFiles, "agent"), (run.nodeFiles, "node"), (run.handlerFiles, "handler")] {
            for path in list where !files.contains(where: { $0.path == path }) {
                if let hash = session.hashes.sha256(of: path) { files.append(RunFile(path: path, role: role, sha256: hash)) }
            }
        }
        recorder.files(files)
        recorder.markReused(nodes: run.reusedNodes)
        let json = DecisionReport.json(run, session: session, exitStatus: status)
        var end = RunEnd(status: interrupted ? "interrupted" : run.failure != nil ? "failed" : status == .degraded ? "degraded" : "completed",
                         exitCode: status.rawValue)
        end.action = run.decision["action"].stringValue
        end.decision = run.decision.losslessJSON ?? run.decision.jsonText()
        end.plan = json["plan"].jsonText()
        end.warnings = json["warnings"].arrayValue?.compactMap(\.stringValue) ?? []
        end.reusedTasks = run.reusedTasks.count
        end.reusedNodes = run.reusedNodes.count
        end.outputText = DecisionSummary.text(run, session: session, style: .plain)
        end.outputJSON = json.jsonText()
        end.profile = session.options.plan.profile ?? session.agent.profile
        end.effectiveAsOf = session.runtime.market.asOf
        end.config = (try? session.nodeBaseConfig())?.jsonText()
        return (recorder.finish(end).map { "this run was not (fully) recorded: \($0)" }, json)
    }

    /// Records how a backtest or sweep ended; says on stderr where, and how many bars were reused (unless `quiet`),
    /// or warns that it was not recorded.
    func finishBars(_ end: RunEnd, what: String, quiet: Bool) {
        if let problem = recorder.finish(end) {
            Diagnostics.warning("this \(what) was not (fully) recorded: \(problem)")
        } else if !quiet {
            let reused = recorder.reusedCount(.bar)
            Diagnostics.note("recorded as run \(recorder.id) in \(recorder.journal.path)"
                + (reused > 0 ? "; reused \(reused) bar decision\(reused == 1 ? "" : "s") from the journal (--no-cache decides them again)" : ""))
        }
    }

    /// What the journal did for this run: one line for people, an object for `--json` (`journal`).
    func summary(_ run: DecisionRun, recorded: Bool) -> (text: String, json: LuaValue) {
        let reused = run.reusedTasks.count + run.reusedNodes.count
        var text = recorded ? "recorded as run \(recorder.id) in \(recorder.journal.path)" : "not recorded"
        if recorder.pass > 1 { text += " (resumed, pass \(recorder.pass))" }
        if reused > 0 {
            text += "; reused \(run.reusedTasks.count) task result\(run.reusedTasks.count == 1 ? "" : "s") and \(run.reusedNodes.count) node output\(run.reusedNodes.count == 1 ? "" : "s")"
                + (recorder.recall == .own ? " of the interrupted run" : " from the journal (--no-cache runs them)")
        }
        let json: LuaValue = ["run": .string(recorder.id), "path": .string(recorder.journal.path), "recorded": .boolean(recorded),
                              "pass": .integer(Int64(recorder.pass)),
                              "reused_tasks": .array(run.reusedTasks.sorted().map { .string($0) }),
                              "reused_nodes": .array(run.reusedNodes.map { .string($0) })]
        return (text, json)
    }
}
