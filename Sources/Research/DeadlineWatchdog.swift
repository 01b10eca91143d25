import Foundation
import Synchronization

/// One slot's deadline: the slot arms it for each attempt and the shared watchdog thread cancels the slot's
/// task when the deadline passes first, remembering that it did, so the attempt can tell a timeout from a
/// cancellation by the caller. Arming is an atomic store; no lock, heap or timer per attempt. The graph engine
/// watches its nodes the same way: a cancelled `Task.sleep` keeps its timer (and memory) until the time it slept
/// for, so a sleeping race per node made a long backtest's memory grow.
public final class DeadlineWatch: @unchecked Sendable {
    static let idle: Int64 = 0, cancelling: Int64 = -1, expired: Int64 = -2

    /// `idle`; the armed deadline (nanoseconds on the watchdog's clock, > 0); `cancelling` while the watchdog
    /// cancels the task; `expired` once it has.
    let state = Atomic<Int64>(0)
    /// The slot's task. Written before the slot first arms; the watchdog reads it only after claiming an armed
    /// deadline, and the slot's task outlives every armed deadline (`disarm` waits out a claim).
    fileprivate let task: UnsafeCurrentTask

    /// Watches the current task until `close`.
    public init() {
        task = withUnsafeCurrentTask { $0 }!
        DeadlineWatchdog.shared.add(self)
    }

    public func close() { DeadlineWatchdog.shared.remove(self) }

    public func arm(until deadline: ContinuousClock.Instant) {
        let nanos = DeadlineWatchdog.shared.nanos(deadline)
        state.store(nanos, ordering: .sequentiallyConsistent)
        DeadlineWatchdog.shared.armed(nanos)
    }

    /// Stops watching; true when the deadline passed and the task was cancelled for it.
    public func disarm() -> Bool {
        var current = state.load(ordering: .sequentiallyConsistent)
        while true {
            if current == Self.cancelling {  // the watchdog is calling cancel(): a few instructions
                sched_yield()
                current = state.load(ordering: .sequentiallyConsistent)
                continue
            }
            let (done, found) = state.compareExchange(expected: current, desired: Self.idle, ordering: .sequentiallyConsistent)
            if done { return current == Self.expired }
            current = found
        }
    }
}

/// The thread that cancels attempts at their deadline, for every slot of every run.
///
/// It sleeps until the earliest deadline it saw and publishes that instant in `wakeAt`: an attempt whose
/// deadline is later (the usual case: deadlines grow with start times) needs no wake-up, since the thread
/// rescans every slot when it wakes. Only an earlier deadline takes the lock to signal. The thread scans
/// again after publishing `wakeAt`: an attempt that compared its deadline with the previous value stored it
/// before that scan (both sides sequentially consistent), so none is missed.
final class DeadlineWatchdog: @unchecked Sendable {
    static let shared = DeadlineWatchdog()

    private let condition = NSCondition()
    private var watches: [ObjectIdentifier: DeadlineWatch] = [:]
    private var pending = false
    private let wakeAt = Atomic<Int64>(.max)
    private let epoch = ContinuousClock.now - .seconds(1)

    private init() {
        let thread = Thread { [unowned self] in self.watch() }
        thread.name = "research-deadlines"
        thread.start()
    }

    /// Nanoseconds since the watchdog's epoch, at least 1 (0 means idle).
    func nanos(_ instant: ContinuousClock.Instant) -> Int64 {
        let (seconds, attoseconds) = (instant - epoch).components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? 1 : .max - 1 }
        return min(max(1, scaled &+ attoseconds / 1_000_000_000), .max - 1)
    }

    fileprivate func add(_ watch: DeadlineWatch) {
        condition.lock()
        watches[ObjectIdentifier(watch)] = watch
        condition.unlock()
    }

    fileprivate func remove(_ watch: DeadlineWatch) {
        condition.lock()
        watches[ObjectIdentifier(watch)] = nil
        condition.unlock()
    }

    fileprivate func armed(_ deadline: Int64) {
        guard deadline < wakeAt.load(ordering: .sequentiallyConsistent) else { return }
        condition.lock()
        pending = true
        condition.signal()
        condition.unlock()
    }

    /// Cancels the expired slots; returns the earliest deadline still ahead (`.max` if none). Under the lock.
    private func scan(now: Int64) -> Int64 {
        var next = Int64.max
        for watch in watches.values {
            let armed = watch.state.load(ordering: .sequentiallyConsistent)
            guard armed > DeadlineWatch.idle else { continue }
            if armed <= now {
                // The claim keeps the slot's task alive (disarm waits) while it is cancelled.
                if watch.state.compareExchange(expected: armed, desired: DeadlineWatch.cancelling,
                                               ordering: .sequentiallyConsistent).exchanged {
                    watch.task.cancel()
                    watch.state.store(DeadlineWatch.expired, ordering: .sequentiallyConsistent)
                }
            } else if armed < next {
                next = armed
            }
        }
        return next
    }

    private func watch() {
        condition.lock()
        while true {
            pending = false
            var next = scan(now: nanos(.now))
            wakeAt.store(next, ordering: .sequentiallyConsistent)
            let again = scan(now: nanos(.now))
            if again < next {
                next = again
                wakeAt.store(next, ordering: .sequentiallyConsistent)
            }
            if pending { continue }
            if next == .max {
                condition.wait()
            } else {
                let seconds = Double(next - nanos(.now)) / 1e9
                if seconds > 0 { _ = condition.wait(until: Date(timeIntervalSinceNow: seconds)) }
            }
        }
    }
}
