/// A Swift function that Lua code can call.
///
/// A synchronous body runs on the calling thread and returns its results. An asynchronous body suspends the
/// calling coroutine (no thread is blocked) while Swift awaits, then resumes it with the results; the wait is
/// cancelled by a timeout or by cancelling the run. Async functions work inside `LuaState.run`, not `call`.
///
/// A thrown error becomes a Lua error raised by C code (never a longjmp through Swift frames), with the
/// function's name and the calling line, so Lua code can catch it with `pcall`.
public final class HostFunction: @unchecked Sendable, Hashable {
    public typealias SyncBody = @Sendable ([LuaValue]) throws -> [LuaValue]
    public typealias AsyncBody = @Sendable ([LuaValue]) async throws -> [LuaValue]

    public enum Body: Sendable {
        case sync(SyncBody)
        case async(AsyncBody)
    }

    /// The name Lua users know it by (`desk.sleep`), used in error messages.
    public let name: String
    public let body: Body

    public init(_ name: String, _ body: @escaping SyncBody) {
        self.name = name
        self.body = .sync(body)
    }

    public init(async name: String, _ body: @escaping AsyncBody) {
        self.name = name
        self.body = .async(body)
    }

    public static func == (lhs: HostFunction, rhs: HostFunction) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// The error a host function throws for a bad argument: `desk.sleep: argument 1 must be a number`.
public struct ArgumentError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// An error a host function throws that may not happen again (a server's 503 or 429, an I/O timeout): the Lua
/// error it becomes is marked transient, so the executor retries the task (`LuaError.transient`). Any other
/// error a host function throws is final.
public protocol TransientFailureMark: Error {
    var isTransient: Bool { get }
}

/// `desk.retryable(msg)`: a script's own error that a retry can fix.
public struct RetryableError: TransientFailureMark, CustomStringConvertible, Sendable {
    public var message: String
    public var isTransient: Bool { true }
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

extension Array where Element == LuaValue {
    /// The argument at 0-based `index`, or nil when absent.
    public func arg(_ index: Int) -> LuaValue { index < count ? self[index] : .nil }

    /// A required number argument (1-based position in messages, as Lua users count).
    public func number(_ index: Int, _ what: String = "argument") throws -> Double {
        guard let d = arg(index).doubleValue else {
            throw ArgumentError("\(what) \(index + 1) must be a number, got \(arg(index).typeName)")
        }
        return d
    }

    /// A required string argument.
    public func string(_ index: Int, _ what: String = "argument") throws -> String {
        guard let s = arg(index).stringValue else {
            throw ArgumentError("\(what) \(index + 1) must be a string, got \(arg(index).typeName)")
        }
        return s
    }
}
