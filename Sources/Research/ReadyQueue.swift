import Synchronization

/// Which ready task gets a free slot first. Both orders end ties on declaration order.
public enum ReadyOrder: String, Sendable, Codable, CaseIterable {
    /// Priority (critical first), then longest remaining path, then declaration order.
    case priorityFirst = "priority_first"
    /// Longest remaining path (own seconds + longest chain of dependents), then priority, then declaration
    /// order: the classic critical-path list scheduling. Default: it reaches the critical-path bound on the
    /// balanced plan (40 s with 3 slots, where `priorityFirst` gives 45 s).
    case longestPathFirst = "longest_path_first"
}

/// The eager scheduling policy shared by the simulator and the executor: a task becomes ready the moment all
/// its dependencies completed and waits, in `ReadyOrder`, for a slot. In-degree counters and the dependents
/// lists mean nothing rescans all tasks.
///
/// The order is fixed per plan, so it is computed once (one sort) as each task's rank; the ready tasks are a
/// bitset over ranks, and the next task is the lowest set bit. Popping and inserting cost a few word
/// operations whatever the plan's size (a heap of ready entries costs log n comparisons, cache misses once
/// the ready set outgrows the cache, and grew 2× per task from 10k to 100k tasks).
public struct ReadyQueue: Sendable {
    struct Entry: Comparable {
        var first: Double
        var second: Double
        var task: Int

        static func < (a: Entry, b: Entry) -> Bool {
            if a.first != b.first { return a.first < b.first }
            if a.second != b.second { return a.second < b.second }
            return a.task < b.task
        }
    }

    public let graph: TaskGraph
    public let order: ReadyOrder
    /// `rank[task]`: the task's place in the order; `taskAt[rank]` the reverse.
    private let rank: [Int32]
    private let taskAt: [Int32]
    /// Ready tasks by rank: bit r of `words[r / 64]`; bit w of `summary[w / 64]` when `words[w]` is not 0.
    private var words: [UInt64]
    private var summary: [UInt64]
    /// No summary word below this one has a bit set.
    private var lowestSummary = 0
    public private(set) var readyCount = 0
    private var waitingFor: [Int32]
    private var abandoned: [Bool]

    /// A queue holding the tasks without dependencies.
    public init(graph: TaskGraph, order: ReadyOrder = .longestPathFirst) {
        self.graph = graph
        self.order = order
        let count = graph.count
        let ranks = graph.readyRanks.of(order) { Self.ranks(graph, order) }
        rank = ranks.rank
        taskAt = ranks.taskAt
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
        summary = [UInt64](repeating: 0, count: (words.count + 63) / 64)
        waitingFor = graph.dependencies.map { Int32($0.count) }
        abandoned = [Bool](repeating: false, count: count)
        for task in 0..<count where waitingFor[task] == 0 { insert(task) }
        lowestSummary = 0
    }

    /// Every task's place in `order` (one sort).
    static func ranks(_ graph: TaskGraph, _ order: ReadyOrder) -> ReadyRanks.Ranks {
        var entries = graph.tasks.indices.map { task in
            let rank = Double(graph.tasks[task].priority.rank), remaining = -graph.remainingSeconds[task]
            switch order {
            case .priorityFirst: return Entry(first: rank, second: remaining, task: task)
            case .longestPathFirst: return Entry(first: remaining, second: rank, task: task)
            }
        }
        entries.sort()
        var rank = [Int32](repeating: 0, count: graph.count)
        for (place, entry) in entries.enumerated() { rank[entry.task] = Int32(place) }
        return ReadyRanks.Ranks(rank: rank, taskAt: entries.map { Int32($0.task) })
    }

    /// Compares two tasks the way the queue does: true when `a` goes first.
    public func runsBefore(_ a: Int, _ b: Int) -> Bool { rank[a] < rank[b] }

    private mutating func insert(_ task: Int) {
        let r = Int(rank[task]), w = r >> 6
        if words[w] == 0 { summary[w >> 6] |= 1 << UInt64(w & 63) }
        words[w] |= 1 << UInt64(r & 63)
        if w >> 6 < lowestSummary { lowestSummary = w >> 6 }
        readyCount += 1
    }

    /// Takes the ready task that goes first, if any.
    public mutating func popNext() -> Int? {
        guard readyCount > 0 else { return nil }
        var s = lowestSummary
        while summary[s] == 0 { s += 1 }
        lowestSummary = s
        let w = s << 6 | summary[s].trailingZeroBitCount
        let bit = words[w].trailingZeroBitCount
        words[w] &= words[w] - 1
        if words[w] == 0 { summary[s] &= summary[s] - 1 }
        readyCount -= 1
        return Int(taskAt[w << 6 | bit])
    }

    /// Records that `task` completed; dependents whose dependencies have all completed become ready.
    public mutating func markCompleted(_ task: Int) {
        for next in graph.dependents[task] {
            waitingFor[next] -= 1
            if waitingFor[next] == 0 && !abandoned[next] { insert(next) }
        }
    }

    /// Records that `task` will not complete (failed, timed out, cancelled, skipped). Returns every task that
    /// can therefore never run, not returned before, each with the dependency that blocks it.
    public mutating func markAbandoned(_ task: Int) -> [(task: Int, blockedBy: Int)] {
        abandoned[task] = true
        var blocked: [(task: Int, blockedBy: Int)] = []
        var cursor = -1
        var current = task
        while true {
            for next in graph.dependents[current] where !abandoned[next] {
                abandoned[next] = true
                blocked.append((next, current))
            }
            cursor += 1
            guard cursor < blocked.count else { return blocked }
            current = blocked[cursor].task
        }
    }
}

/// The ready order's ranks of one graph, sorted once per order: the simulated estimate, the batch chunks and the
/// executor of one plan share one sort instead of making three.
final class ReadyRanks: Sendable {
    struct Ranks: Sendable {
        /// `rank[task]`: the task's place in the order; `taskAt[rank]` the reverse.
        let rank: [Int32]
        let taskAt: [Int32]
    }

    private let made = Mutex<[ReadyOrder: Ranks]>([:])

    func of(_ order: ReadyOrder, make: () -> Ranks) -> Ranks {
        if let ranks = made.withLock({ $0[order] }) { return ranks }
        let ranks = make()   // outside the lock: two callers at once both sort, and keep the same answer
        made.withLock { $0[order] = ranks }
        return ranks
    }
}
