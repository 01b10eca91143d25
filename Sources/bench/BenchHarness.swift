import Foundation
import Research

/// One line of a benchmark table: what was measured, the figure, and the goal it is held against.
struct BenchRow: Sendable {
    var name: String
    var value: String
    var goal: String = ""
}

/// Runs `body` `iterations` times and returns the mean nanoseconds per iteration of the best of `rounds` rounds.
/// Side-by-side comparisons call this for each contender in the same process, one after the other.
func nanosPerIteration(iterations: Int, rounds: Int = 5, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        for _ in 0..<iterations { body() }
        let ns = (ContinuousClock.now - start).seconds * 1e9
        best = min(best, ns / Double(iterations))
    }
    return best
}

/// Seconds elapsed while `body` runs once.
func secondsElapsed(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return (ContinuousClock.now - start).seconds
}

/// Seconds elapsed while the async `body` runs once.
func secondsElapsed(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    return (ContinuousClock.now - start).seconds
}

/// Prints a section of docs/BENCHMARKS.md-ready markdown.
func printTable(_ title: String, _ rows: [BenchRow]) {
    print("\n### \(title)\n")
    print("| measurement | result | goal |")
    print("|---|---|---|")
    for row in rows { print("| \(row.name) | \(row.value) | \(row.goal) |") }
}
