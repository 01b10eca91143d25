import Foundation
import LuaHost
import Research

/// The JSON record of a run: what was decided on, the plan, the research, and the run's provenance (script and
/// data hashes, seed) so a result can be traced back to exactly what produced it.
public enum RunOutput {
    public static func json(plan: ResearchPlan, report: ExecutionReport, session: Session) -> LuaValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let research = (try? encoder.encode(report)).flatMap { try? LuaValue.parseJSON(String(decoding: $0, as: UTF8.self)) } ?? .nil
        return [
            "symbol": .string(plan.symbol),
            "risk_profile": .string(plan.riskProfile),
            "as_of": .string(LuaTaskHandler.isoDate(session.runtime.market.asOf)),
            "plan": PlanReport.json(plan),
            "research": research,
            "warnings": .array(warnings(report).map { .string($0) }),
            "run": [
                "scripts": .table(hashes(scriptFiles(plan: plan, session: session))),
                "data": .table(hashes(session.runtime.market.dataFiles)),
                "seed": .integer(Int64(plan.config.seed)),
                "duration_seconds": .number(report.durationSeconds),
            ],
        ]
    }

    static func warnings(_ report: ExecutionReport) -> [String] {
        var out: [String] = []
        if report.degraded { out.append("degraded research: " + report.degradedReasons.joined(separator: "; ")) }
        if report.results.values.contains(where: { $0["source"].stringValue == "synthetic-sample" }) {
            out.append("on-chain and macro figures are synthetic samples (data/synthetic), not real data")
        }
        return out
    }

    /// The agent, what it required, and each task's handler file.
    static func scriptFiles(plan: ResearchPlan, session: Session) -> [String] {
        var files = session.agent.state.sandbox.loaded
        for file in session.handlerFiles.withLock({ $0 }) where !files.contains(file) { files.append(file) }
        for task in plan.tasks {
            let path = session.paths.agents + "/" + task.handler.replacingOccurrences(of: ".", with: "/") + ".lua"
            if !files.contains(path) { files.append(path) }
        }
        return files
    }

    static func hashes(_ files: [String]) -> [String: LuaValue] {
        var out: [String: LuaValue] = [:]
        for file in files {
            if let data = FileManager.default.contents(atPath: file) { out[file] = .string(ScriptSet.sha256(data)) }
        }
        return out
    }
}
