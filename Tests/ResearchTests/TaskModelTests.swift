import Foundation
import LuaHost
import Testing
@testable import Research

@Suite struct TaskModelTests {
    @Test func priorityOrderIsCriticalFirst() {
        #expect(TaskPriority.allCases.sorted() == [.critical, .high, .medium, .low])
        #expect(TaskStatus.timedOut.rawValue == "timed_out")
        #expect(TaskStatus.inProgress.rawValue == "in_progress")
    }

    @Test func jsonUsesTheSeedKeys() throws {
        let task = balancedPlan()[4]
        let data = try JSONEncoder().encode(task)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == [
            "task_id", "name", "description", "priority", "data_sources", "dependencies", "estimated_cost",
            "estimated_seconds", "timeout_seconds", "retries", "handler", "optional", "status", "declared_at",
        ])
        #expect(object["declared_at"] as? String == "agents/balanced.lua:7")
        #expect(object["priority"] as? String == "medium")
        #expect(try JSONDecoder().decode(ResearchTask.self, from: data) == task)
    }

    @Test func decodesALuaSpecAndFillsDefaults() throws {
        let spec: LuaValue = [
            "id": "patterns", "priority": "medium", "depends": ["technical"], "cost": 0.02, "seconds": 25,
            "handler": "handlers.patterns", "sources": ["binance"],
        ]
        let at = Research.SourceLocation(file: "agents/balanced.lua", line: 12)
        let task = try ResearchTask.decode(spec, declaredAt: at, defaults: TaskDefaults(retries: 2, timeoutSeconds: 45))
        #expect(task.taskID == "patterns")
        #expect(task.name == "patterns")
        #expect(task.dependencies == ["technical"])
        #expect(task.dataSources == ["binance"])
        #expect(task.estimatedCost == 0.02)
        #expect(task.estimatedSeconds == 25)
        #expect(task.timeoutSeconds == 45)
        #expect(task.retries == 2)
        #expect(task.declaredAt == at)
    }

    func problems(_ spec: LuaValue) -> [String] {
        do {
            _ = try ResearchTask.decode(spec, declaredAt: Research.SourceLocation(file: "agents/x.lua", line: 9))
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func misspeltFieldSuggestsTheValidName() {
        #expect(problems(["id": "p", "handler": "h", "dependz": ["a"]])
            == [#"agents/x.lua:9: task "p": unknown field "dependz" (did you mean "depends"?)"#])
    }

    @Test func missingIdAndHandler() {
        #expect(problems(["name": "x"]) == [
            #"agents/x.lua:9: task: missing field "id""#,
            #"agents/x.lua:9: task: missing field "handler""#,
        ])
    }

    @Test func unknownPriorityListsTheValidOnes() {
        #expect(problems(["id": "p", "handler": "h", "priority": "urgent"])
            == [#"agents/x.lua:9: task "p": unknown priority "urgent" (valid: critical, high, medium, low)"#])
    }

    @Test func negativeAndNonNumericNumbers() {
        #expect(problems(["id": "p", "handler": "h", "cost": -0.5])
            == [#"agents/x.lua:9: task "p": cost must be zero or more, got -0.5"#])
        #expect(problems(["id": "p", "handler": "h", "seconds": "thirty"])
            == [#"agents/x.lua:9: task "p": seconds must be a finite number, got string"#])
        #expect(problems(["id": "p", "handler": "h", "timeout": 0])
            == [#"agents/x.lua:9: task "p": timeout must be positive, got 0"#])
        #expect(problems(["id": "p", "handler": "h", "retries": 1.5])
            == [#"agents/x.lua:9: task "p": retries must be a whole number from 0 to 100, got 1.5"#])
        // Numbers Swift would trap on, or a retry loop that would not end, are problems with the line (issue 15).
        #expect(problems(["id": "p", "handler": "h", "timeout": .number(1e300)])
            == [#"agents/x.lua:9: task "p": timeout must be at most 1000000000 seconds, got 1e+300"#])
        #expect(problems(["id": "p", "handler": "h", "timeout": .number(.nan)])
            == [#"agents/x.lua:9: task "p": timeout must be a finite number, got nan"#])
        #expect(problems(["id": "p", "handler": "h", "retries": .integer(.max)])
            == [#"agents/x.lua:9: task "p": retries must be a whole number from 0 to 100, got 9223372036854775807"#])
    }

    @Test func wrongTypesForSourcesAndDepends() {
        #expect(problems(["id": "p", "handler": "h", "depends": "technical", "sources": ["news", 3]]) == [
            #"agents/x.lua:9: task "p": sources[2] must be a string, got number"#,
            #"agents/x.lua:9: task "p": depends must be an array of strings, got string"#,
        ])
    }

    @Test func everyProblemOfASpecIsReported() {
        #expect(problems(["id": "p", "handler": "h", "cots": 1, "priority": "hgih", "seconds": -1]).count == 3)
    }
}
