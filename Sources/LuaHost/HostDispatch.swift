import CLua
import CLuaShim

/// The one function C calls into Swift with. It runs with the memory cap relaxed (see CLuaShim) and never
/// raises: failures are returned as MDK_ERROR with the message pushed, and the C trampoline raises them.
enum HostDispatch {
    private static let installOnce: Void = { mdk_set_dispatch(dispatch) }()

    static func install() { _ = installOnce }

    private static let dispatch: mdk_dispatch_fn = { T, op, target in
        guard let T, let target else { return Int32(MDK_ERROR) }
        if op == Int32(MDK_OP_RELEASE) {
            Unmanaged<AnyObject>.fromOpaque(target).release()
            return 0
        }
        let state = LuaState.owner(of: T)
        switch op {
        case Int32(MDK_OP_CALL):
            let fn = Unmanaged<HostFunction>.fromOpaque(target).takeUnretainedValue()
            return state.callHostFunction(fn, on: T)
        case Int32(MDK_OP_INDEX):
            let object = Unmanaged<LuaObject>.fromOpaque(target).takeUnretainedValue()
            return state.respondOne(on: T, name: object.luaTypeName) { try object.index(state.value(at: 2, on: T)) }
        case Int32(MDK_OP_LEN):
            let object = Unmanaged<LuaObject>.fromOpaque(target).takeUnretainedValue()
            return state.respond(on: T, name: object.luaTypeName) {
                guard let n = object.length else { throw ArgumentError("attempt to get length of \(object.luaTypeName)") }
                return [.integer(Int64(n))]
            }
        case Int32(MDK_OP_NEXT):
            let object = Unmanaged<LuaObject>.fromOpaque(target).takeUnretainedValue()
            return state.respond(on: T, name: object.luaTypeName) {
                guard let (key, value) = try object.next(after: state.value(at: 2, on: T)) else { return [] }
                return [key, value]
            }
        case Int32(MDK_OP_NEWINDEX):
            let object = Unmanaged<LuaObject>.fromOpaque(target).takeUnretainedValue()
            return state.respond(on: T, name: "") {
                try object.setIndex(state.value(at: 2, on: T), state.value(at: 3, on: T))
                return []
            }
        case Int32(MDK_OP_TOSTRING):
            let object = Unmanaged<LuaObject>.fromOpaque(target).takeUnretainedValue()
            return state.respond(on: T, name: object.luaTypeName) { [.string(object.luaDescription)] }
        default:
            state.pushString("moondesk: unknown host operation \(op)", on: T)
            return Int32(MDK_ERROR)
        }
    }
}

extension LuaState {
    /// Calls a host function with the arguments on T's stack, pushing its results or its error.
    func callHostFunction(_ fn: HostFunction, on T: OpaquePointer) -> Int32 {
        let count = lua_gettop(T)
        var args: [LuaValue] = []
        args.reserveCapacity(Int(count))
        for i in stride(from: 1, through: count, by: 1) { args.append(value(at: i, on: T)) }
        switch fn.body {
        case .sync(let body):
            return respond(on: T, name: fn.name) { try body(args) }
        case .async:
            guard driverThreads.contains(T), pendingAsync == nil else {
                pushString("\(fn.name): cannot wait here (async host functions run only in the coroutine of an async run, not inside your own coroutines or a plain call)", on: T)
                return Int32(MDK_ERROR)
            }
            pendingAsync = (fn, args, T)
            return Int32(MDK_YIELD)
        }
    }

    /// Runs `body`, pushing its results (returns their count) or its error message (returns MDK_ERROR).
    func respond(on T: OpaquePointer, name: String, _ body: () throws -> [LuaValue]) -> Int32 {
        do {
            let results = try body()
            _ = lua_checkstack(T, Int32(clamping: results.count + 2))
            for result in results { push(result, on: T) }
            return Int32(results.count)
        } catch {
            return fail(error, name: name, on: T)
        }
    }

    /// `respond` for one result, without an array (a view's `__index`, the most frequent call).
    func respondOne(on T: OpaquePointer, name: String, _ body: () throws -> LuaValue) -> Int32 {
        do {
            push(try body(), on: T)
            return 1
        } catch {
            return fail(error, name: name, on: T)
        }
    }

    /// Pushes the message of a host function's error and records its kind; the trampoline raises it.
    private func fail(_ error: any Error, name: String, on T: OpaquePointer) -> Int32 {
        pushString(hostErrorMessage(error, name: name), on: T)
        tagNextRaise(error)
        return Int32(MDK_ERROR)
    }

    /// The Lua error message for a Swift error thrown by a host function.
    func hostErrorMessage(_ error: any Error, name: String) -> String {
        if let refusal = error as? SandboxRefusal { return refusal.description }
        if let retryable = error as? RetryableError { return retryable.message }
        if let lua = error as? LuaError {
            // An error from Lua code the host function ran (a module's body, say): keep its own location.
            return lua.location.map { "\($0): \(lua.message)" } ?? lua.message
        }
        return name.isEmpty ? "\(error)" : "\(name): \(error)"
    }
}

/// What the sandbox throws when a script asks for something it does not allow.
public struct SandboxRefusal: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
