import Synchronization

/// Hands out Lua states, one task at a time each, and replaces states a limit has stopped.
///
/// Each state is made by `make` (which installs the `desk` functions a use needs). A state that is poisoned
/// (timeout, cancellation, memory cap) is dropped instead of returned to the pool.
public final class LuaStatePool: Sendable {
    private let make: @Sendable () throws -> LuaState
    private let idle = Mutex<[LuaState]>([])
    private let maxIdle: Int
    private let created = Atomic<Int>(0)

    public init(maxIdle: Int = 8, make: @escaping @Sendable () throws -> LuaState) {
        self.maxIdle = maxIdle
        self.make = make
    }

    /// How many states the pool has made so far (replacements included).
    public var statesCreated: Int { created.load(ordering: .relaxed) }

    /// Runs `body` with a state no other task is using.
    public func withState<T: Sendable>(_ body: (LuaState) async throws -> T) async throws -> T {
        let state = try checkout()
        do {
            let result = try await body(state)
            checkin(state)
            return result
        } catch {
            checkin(state)
            throw error
        }
    }

    /// Makes a state on another thread when the pool has never made one, so the run's first checkout finds it
    /// ready: a state takes about a millisecond to make, and the caller has other work meanwhile (a decision
    /// plans first). Await the task before the process may exit; nil when there was nothing to do.
    public func prewarm() -> Task<Void, Never>? {
        guard created.compareExchange(expected: 0, desired: 1, ordering: .relaxed).exchanged else { return nil }
        return Task.detached(priority: .userInitiated) { [self] in
            if let state = try? make() { checkin(state) }
        }
    }

    public func checkout() throws -> LuaState {
        if let state = idle.withLock({ $0.popLast() }) { return state }
        created.add(1, ordering: .relaxed)
        return try make()
    }

    public func checkin(_ state: LuaState) {
        guard !state.isPoisoned else { return }
        idle.withLock { if $0.count < maxIdle { $0.append(state) } }
    }
}
