import Foundation
import PropertyBased
import Testing
@testable import Research

@Suite struct PlanEstimateTests {
    @Test func balancedPlanFigures() throws {
        let estimate = try PlanEstimate(balancedPlan(), maxParallel: 3)
        #expect(estimate.taskCount == 6)
        #expect(abs(estimate.estimatedCost - 0.16) < 1e-9)
        #expect(estimate.estimatedTimeSequential == 120)
        #expect(estimate.estimatedTimeParallel == 40)
        #expect(estimate.speedup == 3.0)
        #expect(estimate.executionOrder == [["sentiment", "onchain", "technical", "macro"], ["patterns", "keywords"]])
        #expect(estimate.criticalPath == ["technical", "patterns"])
        #expect(estimate.criticalPathSeconds == 40)
        let byID = Dictionary(uniqueKeysWithValues: estimate.schedule.map { ($0.taskID, $0) })
        #expect(byID["sentiment"]?.start == 0)
        #expect(byID["technical"]?.start == 0)
        #expect(byID["onchain"]?.start == 0)
        #expect(byID["patterns"]?.start == 15)
        #expect(byID["macro"]?.start == 20)
        #expect(byID["keywords"]?.start == 30)
    }

    @Test func priorityFirstOrderDelaysPatternsBehindMacro() throws {
        // At 15 s macro (high) and patterns (medium) are ready for one slot: priority picks macro.
        let estimate = try PlanEstimate(balancedPlan(), maxParallel: 3, order: .priorityFirst)
        #expect(estimate.estimatedTimeParallel == 45)
    }

    @Test func sequentialWhenParallelIsOff() throws {
        let estimate = try PlanEstimate(balancedPlan(), maxParallel: 3, parallel: false)
        #expect(estimate.maxParallel == 1)
        #expect(estimate.estimatedTimeParallel == 120)
        #expect(estimate.schedule.map(\.taskID) == balancedPlan().map(\.taskID))
        #expect(estimate.schedule.sorted { $0.start < $1.start }.map(\.taskID)
            == ["sentiment", "technical", "patterns", "onchain", "macro", "keywords"])
    }

    @Test func batchBaselineOnTheBalancedPlan() throws {
        let graph = try TaskGraph(balancedPlan())
        // Level 0 has 4 tasks for 3 slots: [sentiment, technical, onchain] 30 s, then [macro] 20 s,
        // then level 1 [patterns, keywords] 25 s.
        #expect(BatchPolicy.chunks(graph, slots: 3).map { $0.map { graph.tasks[$0].taskID } }
            == [["sentiment", "technical", "onchain"], ["macro"], ["patterns", "keywords"]])
        #expect(PlanEstimate(graph, maxParallel: 3, mode: .batch).estimatedTimeParallel == 75)
        #expect(PlanEstimate(graph, maxParallel: 4, mode: .batch).estimatedTimeParallel == 55)
    }

    @Test func encodesWithTheSeedKeys() throws {
        let estimate = try PlanEstimate(balancedPlan(), maxParallel: 3)
        let json = String(decoding: try JSONEncoder.sorted.encode(estimate), as: UTF8.self)
        for key in ["execution_order", "critical_path", "estimated_cost", "estimated_time_sequential",
                    "estimated_time_parallel", "speedup", "schedule"] {
            #expect(json.contains("\"\(key)\""))
        }
    }

    @Test func makespanBoundsOnRandomDAGs() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...30), Gen.int(in: 1...6)) {
            seed, count, slots in
            let graph = try! TaskGraph(randomPlan(seed: seed, count: count))
            for order in ReadyOrder.allCases {
                let estimate = PlanEstimate(graph, maxParallel: slots, order: order)
                #expect(estimate.estimatedTimeParallel >= estimate.criticalPathSeconds)
                #expect(estimate.estimatedTimeParallel <= estimate.estimatedTimeSequential)
                let unlimited = PlanEstimate(graph, maxParallel: count, order: order)
                #expect(unlimited.estimatedTimeParallel == unlimited.criticalPathSeconds)
                // Every task starts after its dependencies end, and never more than `slots` overlap.
                for (task, needs) in graph.dependencies.enumerated() {
                    for need in needs { #expect(estimate.schedule[task].start >= estimate.schedule[need].end) }
                }
                for probe in estimate.schedule {
                    let overlapping = estimate.schedule.filter { $0.start <= probe.start && probe.start < $0.end }
                    #expect(overlapping.count <= slots)
                }
            }
        }
    }

    @Test func criticalPathIsAChainOfDependencies() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...30)) { seed, count in
            let graph = try! TaskGraph(randomPlan(seed: seed, count: count))
            let (path, seconds) = graph.criticalPath
            #expect(path.reduce(0) { $0 + graph.tasks[$1].estimatedSeconds } == seconds)
            for (before, after) in zip(path, path.dropFirst()) { #expect(graph.dependencies[after].contains(before)) }
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
