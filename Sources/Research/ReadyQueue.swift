import HeapModule

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
/// its dependencies completed and waits in a heap ordered by `ReadyOrder`. In-degree counters and the
/// dependents lists make each step O(log n); nothing rescans all tasks.
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
    private var heap = Heap<Entry>()
    /// Each task's place in the order, computed once.
    private let entries: [Entry]
    private var waitingFor: [Int]
    private var abandoned: [Bool]

    /// A queue holding the tasks without dependencies.
    public init(graph: TaskGraph, order: ReadyOrder = .longestPathFirst) {
        self.graph = graph
        self.order = order
        self.waitingFor = graph.dependencies.map(\.count)
        self.abandoned = [Bool](repeating: false, count: graph.count)
        self.entries = graph.tasks.indices.map { task in
            let rank = Double(graph.tasks[task].priority.rank), remaining = -graph.remainingSeconds[task]
            switch order {
            case .priorityFirst: return Entry(first: rank, second: remaining, task: task)
            case .longestPathFirst: return Entry(first: remaining, second: rank, task: task)
            }
        }
        var initial: [Entry] = []
        for task in graph.tasks.indices where waitingFor[task] == 0 { initial.append(entries[task]) }
        heap = Heap(initial)
    }

    /// Compares two tasks the way the queue does: true when `a` goes first.
    public func runsBefore(_ a: Int, _ b: Int) -> Bool { entries[a] < entries[b] }

    /// Number of tasks ready to start.
    public var readyCount: Int { heap.count }

    /// Takes the ready task that goes first, if any.
    public mutating func popNext() -> Int? { heap.popMin()?.task }

    /// Records that `task` completed; dependents whose dependencies have all completed become ready.
    public mutating func markCompleted(_ task: Int) {
        for next in graph.dependents[task] {
            waitingFor[next] -= 1
            if waitingFor[next] == 0 && !abandoned[next] { heap.insert(entries[next]) }
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
