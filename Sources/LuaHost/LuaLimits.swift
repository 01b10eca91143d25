/// Limits for running Lua code: a wall-clock timeout enforced by the deadline hook (and by the async driver
/// while a coroutine waits), and a memory cap enforced by the state's allocator.
public struct LuaLimits: Sendable, Equatable {
    /// Seconds from the start of a call; nil = no deadline.
    public var timeout: Double?
    /// Bytes the whole state may hold; nil = no cap.
    public var memory: Int?

    public init(timeout: Double? = nil, memory: Int? = nil) {
        self.timeout = timeout
        self.memory = memory
    }

    /// `host script`'s defaults: 10 s, 256 MB.
    public static let standard = LuaLimits(timeout: 10, memory: 256 << 20)
    public static let none = LuaLimits()
}
