/// A Swift function that Lua code can call. It receives the call's arguments and returns its results.
/// A thrown error becomes a Lua error (raised by C code, never by a longjmp through Swift frames), so
/// Lua code can catch it with `pcall`.
public final class HostFunction: @unchecked Sendable, Hashable {
    public typealias Body = @Sendable ([LuaValue]) throws -> [LuaValue]
    public let name: String
    public let body: Body

    public init(_ name: String, _ body: @escaping Body) {
        self.name = name
        self.body = body
    }

    public static func == (lhs: HostFunction, rhs: HostFunction) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
