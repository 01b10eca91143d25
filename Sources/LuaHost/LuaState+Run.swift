import CLua
import CLuaShim

/// Running Lua as a coroutine driven by Swift, so async host functions (`desk.sleep`, HTTP) suspend the
/// coroutine instead of a thread, in the style of OpenResty: the host owns I/O and time.
extension LuaState {
    /// Runs the function behind `function` with `args` as a coroutine under `limits`.
    ///
    /// CPU-bound Lua is stopped by the deadline hook; a wait in an async host function is cancelled at the
    /// deadline or when the calling task is cancelled. Errors raised by an async host function are raised inside
    /// the coroutine, so Lua code can `pcall` them. A bare `coroutine.yield` at the top level is an error.
    @discardableResult
    public func run(_ function: LuaRef, _ args: [LuaValue] = [], limits: LuaLimits = .none) async throws -> [LuaValue] {
        try enter()
        defer { leave() }
        let top = lua_gettop(L)
        let co: OpaquePointer
        if spareCoroutine != LUA_NOREF {
            lua_rawgeti(L, mdk_registryindex(), lua_Integer(spareCoroutine))   // kept on L's stack while it runs
            luaL_unref(L, mdk_registryindex(), spareCoroutine)
            spareCoroutine = LUA_NOREF
            co = lua_tothread(L, -1)
            lua_sethook(co, nil, 0, 0)   // a stop the watchdog asked for just as the last run returned
        } else {
            guard let made = lua_newthread(L) else { throw LuaError(.memory, "cannot create a coroutine") }
            co = made
        }
        driverThreads.insert(co)
        var finished = false
        defer {
            driverThreads.remove(co)
            if finished && spareCoroutine == LUA_NOREF {
                // Returned normally: its stack is empty and its frames and upvalues are closed, so the next run
                // may start on it (a coroutine that raised is closed and dropped).
                lua_settop(co, 0)
                lua_pushvalue(L, top + 1)
                spareCoroutine = luaL_ref(L, mdk_registryindex())
            } else {
                _ = mdk_closethread(co, L)
            }
            lua_settop(L, top)
        }
        _ = lua_checkstack(co, Int32(clamping: args.count + 4))
        lua_rawgeti(co, mdk_registryindex(), lua_Integer(function.id))
        for arg in args { push(arg, on: co) }
        arm(limits)
        ctl.pointee.interruptible = 1
        defer {
            ctl.pointee.interruptible = 0
            disarm()
        }
        let deadline = limits.timeout.map { ContinuousClock.now + .seconds($0) }
        let control = ControlHandle(ctl)
        var nargs = Int32(args.count)
        while true {
            var nres: Int32 = 0
            let status = await withTaskCancellationHandler {
                mdk_resume(co, L, nargs, &nres)
            } onCancel: {
                control.interrupt()
            }
            if status == LUA_OK {
                finished = true
                return popValues(nres, from: co)
            }
            guard status == LUA_YIELD else {
                throw coroutineError(status: status, on: co)
            }
            mdk_pop(co, nres)
            guard let pending = pendingAsync, pending.thread == co else {
                mdk_where(co, 0, ctl)
                let (file, line) = recordedLocation
                noteFailure(.runtime)
                throw LuaError(.runtime, "coroutine.yield called outside a coroutine (the script's top level cannot yield)",
                               file: file, line: line)
            }
            pendingAsync = nil
            guard case .async(let body) = pending.function.body else { continue }
            do {
                let results = try await Self.await(body, pending.args, until: deadline)
                _ = lua_checkstack(co, Int32(clamping: results.count + 2))
                lua_pushboolean(co, 1)
                for result in results { push(result, on: co) }
                nargs = Int32(results.count + 1)
            } catch let stop as AsyncStop {
                mdk_where(co, 0, ctl)
                let (file, line) = recordedLocation
                let kind: LuaError.Kind = stop == .deadline ? .timeout : .cancelled
                noteFailure(kind)
                let what = stop == .deadline ? "stopped: ran past its time limit while waiting in \(pending.function.name)"
                    : "stopped: the run was cancelled while waiting in \(pending.function.name)"
                var traceback: String?
                mdk_traceback(L, co, nil, 0)
                traceback = string(at: -1, on: L)
                mdk_pop(L, 1)
                throw LuaError(kind, what, file: file, line: line, traceback: traceback)
            } catch {
                lua_pushboolean(co, 0)
                pushString(hostErrorMessage(error, name: pending.function.name), on: co)
                tagNextRaise(error)
                nargs = 2
            }
        }
    }

    /// The error of a coroutine that died, with the coroutine's traceback.
    private func coroutineError(status: Int32, on co: OpaquePointer) -> LuaError {
        let errorIndex = lua_gettop(co)
        let raw = string(at: errorIndex, on: co) ?? describeErrorValue(at: errorIndex, on: co)
        mdk_traceback(L, co, raw, 0)
        let full = string(at: -1, on: L) ?? raw
        mdk_pop(L, 1)
        return makeError(status: status, raw: full)
    }

    /// A message for a non-string error value, using the message handler's rules (tables described,
    /// `__tostring` tried in protection).
    private func describeErrorValue(at index: Int32, on co: OpaquePointer) -> String {
        lua_pushvalue(co, index)
        lua_xmove(co, L, 1)
        mdk_pushcfunction(L, mdk_msgh)
        mdk_insert(L, -2)
        let saved = (ctl.pointee.err_source, ctl.pointee.err_line)
        // mdk_msgh builds "message\ntraceback"; only the message is wanted here. Through mdk_pcall, so the
        // watchdog holds the run's deadline over a script's `__tostring`, as over the rest of its code.
        let status = mdk_pcall(L, 1, 1)
        ctl.pointee.err_source = saved.0
        ctl.pointee.err_line = saved.1
        let full = status == LUA_OK ? (string(at: -1, on: L) ?? "error") : "error object could not be described"
        mdk_pop(L, 1)
        return Self.splitTraceback(full).0
    }

    enum AsyncStop: Error { case deadline, cancelled }

    /// Awaits an async host function, racing the deadline and honouring cancellation.
    static func await(_ body: @escaping HostFunction.AsyncBody, _ args: [LuaValue],
                      until deadline: ContinuousClock.Instant?) async throws -> [LuaValue] {
        if Task.isCancelled { throw AsyncStop.cancelled }
        if let deadline, deadline <= .now { throw AsyncStop.deadline }
        return try await withThrowingTaskGroup(of: [LuaValue]?.self) { group in
            group.addTask { try await body(args) }
            if let deadline {
                group.addTask {
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
            }
            defer { group.cancelAll() }
            do {
                guard let first = try await group.next() else { throw AsyncStop.cancelled }
                guard let results = first else {
                    throw Task.isCancelled ? AsyncStop.cancelled : AsyncStop.deadline
                }
                return results
            } catch is CancellationError {
                throw Task.isCancelled ? AsyncStop.cancelled : AsyncStop.deadline
            }
        }
    }
}

/// The control block, for setting the cancel flag from a cancellation handler on another thread.
struct ControlHandle: @unchecked Sendable {
    let ctl: UnsafeMutablePointer<mdk_ctl>
    init(_ ctl: UnsafeMutablePointer<mdk_ctl>) { self.ctl = ctl }
    func interrupt() { mdk_interrupt(ctl) }
}
