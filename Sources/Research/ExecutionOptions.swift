/// How the executor runs a plan.
public struct ExecutionOptions: Sendable, Hashable {
    /// Parallel slots (the config's max_parallel_tasks).
    public var maxParallel: Int
    /// False runs one task at a time, in the same order (enable_parallel_tasks: false).
    public var parallel: Bool
    /// The first task that fails or times out cancels the running tasks and skips the rest.
    public var failFast: Bool
    /// When set, each attempt first sleeps `estimated_seconds × pace` real seconds (inside its timeout):
    /// makes the schedule visible. `pace: 0.01` runs the balanced plan in about 0.40 s.
    public var pace: Double?
    /// Seeds the retry jitter: the same seed gives the same delays.
    public var seed: UInt64
    /// Eager (the real policy) or the seed's batch baseline (benchmarks only).
    public var mode: SchedulingMode
    /// Which ready task goes first.
    public var order: ReadyOrder
    /// Delay before retry n (n = 1, 2, ...): min(backoffCap, backoffBase × 2^(n-1)) plus a seeded jitter in
    /// [0, 0.25 × that), all multiplied by `backoffScale`.
    public var backoffBase: Double
    public var backoffCap: Double
    /// Multiplies every backoff delay; tests use a small one (0.01) so retries do not take seconds.
    public var backoffScale: Double
    /// Whether a timed-out attempt is retried (within the task's `retries`). Off by default: an attempt that
    /// used its whole timeout would likely do so again, multiplying the wait.
    public var retryTimeouts: Bool

    public init(
        maxParallel: Int = 3, parallel: Bool = true, failFast: Bool = false, pace: Double? = nil, seed: UInt64 = 0,
        mode: SchedulingMode = .eager, order: ReadyOrder = .longestPathFirst, backoffBase: Double = 0.5,
        backoffCap: Double = 8, backoffScale: Double = 1, retryTimeouts: Bool = false
    ) {
        self.maxParallel = maxParallel
        self.parallel = parallel
        self.failFast = failFast
        self.pace = pace
        self.seed = seed
        self.mode = mode
        self.order = order
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.backoffScale = backoffScale
        self.retryTimeouts = retryTimeouts
    }

    /// Slots actually used: 1 when not parallel.
    public var slots: Int { parallel ? max(1, maxParallel) : 1 }

    /// The seconds to wait before retry `retry` (1-based), drawing the jitter from `random`.
    public func backoffDelay(retry: Int, random: inout SplitMix64) -> Double {
        let exponential = backoffBase * Double(1 << min(max(retry - 1, 0), 30))
        let delay = min(backoffCap, exponential)
        return (delay + random.nextUnit() * 0.25 * delay) * backoffScale
    }
}

/// SplitMix64: a small, fast, seeded pseudo-random generator (Steele, Lea, Flood 2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one named stream: the seed mixed with a stable FNV-1a hash of `name`, so each task
    /// gets the same numbers whatever order tasks run in.
    public init(seed: UInt64, stream name: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        state = seed ^ hash
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A Double in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
