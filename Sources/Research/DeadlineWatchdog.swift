import Foundation
import HeapModule

/// Cancels attempts at their deadline from one shared thread, so an attempt costs a lock and a heap insert
/// instead of a timer task (a per-attempt `Task.sleep` race costs several microseconds of timer syscalls).
///
/// An attempt registers its own task with a deadline and unregisters when it ends; the thread cancels the
/// task if the deadline passes first and remembers that it did, so the attempt can tell a timeout from a
/// cancellation by the caller.
final class DeadlineWatchdog: @unchecked Sendable {
    static let shared = DeadlineWatchdog()

    private struct Entry: Comparable {
        var deadline: ContinuousClock.Instant
        var id: Int
        static func < (a: Entry, b: Entry) -> Bool { (a.deadline, a.id) < (b.deadline, b.id) }
    }

    private struct Watched {
        var task: UnsafeCurrentTask
        var expired = false
    }

    private let condition = NSCondition()
    private var entries = Heap<Entry>()
    private var watched: [Int: Watched] = [:]
    private var nextID = 0

    private init() {
        let thread = Thread { [unowned self] in self.watch() }
        thread.name = "research-deadlines"
        thread.start()
    }

    /// Starts watching the current task; returns the id to pass to `finish`.
    func start(deadline: ContinuousClock.Instant) -> Int {
        withUnsafeCurrentTask { task in
            condition.lock()
            defer { condition.unlock() }
            nextID += 1
            guard let task else { return nextID }
            watched[nextID] = Watched(task: task)
            let isEarliest = entries.min.map { deadline < $0.deadline } ?? true
            entries.insert(Entry(deadline: deadline, id: nextID))
            if isEarliest { condition.signal() }
            return nextID
        }
    }

    /// Stops watching; true when the deadline passed and the task was cancelled for it.
    func finish(_ id: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let expired = watched.removeValue(forKey: id)?.expired ?? false
        while let first = entries.min, watched[first.id] == nil { entries.removeMin() }
        return expired
    }

    private func watch() {
        condition.lock()
        while true {
            guard let first = entries.min else {
                condition.wait()
                continue
            }
            guard watched[first.id] != nil, watched[first.id]?.expired == false else {
                entries.removeMin()
                continue
            }
            let now = ContinuousClock.now
            if first.deadline <= now {
                entries.removeMin()
                watched[first.id]!.expired = true
                watched[first.id]!.task.cancel()
            } else {
                _ = condition.wait(until: Date(timeIntervalSinceNow: (first.deadline - now).seconds))
            }
        }
    }
}
