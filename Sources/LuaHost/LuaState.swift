import CLua
import CLuaShim
import Synchronization

/// One Lua 5.4 state with Moondesk's allocator (memory cap), deadline hook and sandbox.
///
/// A state is used by one task at a time: it is owned by a single task or handed out by a `LuaStatePool`.
/// Using it from two tasks at once is a programming error and traps with a clear message. After a timeout,
/// a cancellation or a memory error the state is `isPoisoned`: a pool discards it and makes a new one.
public final class LuaState: @unchecked Sendable {
    @usableFromInline let L: OpaquePointer
    let ctl: UnsafeMutablePointer<mdk_ctl>
    private let inUse = Atomic<Bool>(false)
    // Read and written on every call: `inUse` already keeps the state to one task at a time, so Swift's
    // dynamic exclusivity checks (two runtime calls per access) would cost without protecting anything.
    @exclusivity(unchecked) private var depth = 0

    /// The async host call a coroutine is waiting on (set by the dispatcher, taken by the driver).
    var pendingAsync: (function: HostFunction, args: [LuaValue], thread: OpaquePointer)?
    /// Coroutines driven by `run`: only they may call async host functions.
    var driverThreads: Set<OpaquePointer> = []
    /// A coroutine whose last run returned normally, kept (registry reference) for the next `run`: a fresh one
    /// costs its allocation, a stack grown again from 40 slots, and the collector's work when it dies.
    var spareCoroutine: Int32 = LUA_NOREF

    /// Trusted driver chunks compiled in this state, by chunk name (`trustedChunk`).
    var trustedChunks: [String: LuaRef] = [:]

    /// How many Swift values were converted to Lua in this state (nested ones counted): what a lazy view saves.
    public internal(set) var valuesPushed = 0

    /// What the embedding attaches to this state (Moondesk keeps the running task's cost meter here).
    public var attachment: AnyObject?

    /// Where `print` output goes (stdout for `host script`, the log elsewhere).
    public var printHandler: @Sendable (String) -> Void = { print($0) }

    /// The sandbox: search roots for `require`, the source of script text, and the files loaded so far.
    public let sandbox: Sandbox

    /// True after a timeout, cancellation or memory error: do not reuse.
    @exclusivity(unchecked) public private(set) var isPoisoned = false

    /// Creates a sandboxed state. `moduleRoots` are the folders `require` searches after the running script's own.
    public init(moduleRoots: [String] = [], source: any ScriptSource = DiskScriptSource()) throws {
        ctl = .allocate(capacity: 1)
        ctl.initialize(to: mdk_ctl())
        guard let state = mdk_newstate(ctl) else {
            ctl.deallocate()
            throw LuaError(.memory, "cannot create a Lua state")
        }
        L = state
        sandbox = Sandbox(moduleRoots: moduleRoots, source: source)
        ctl.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
        HostDispatch.install()
        try sandbox.install(in: self)
    }

    deinit {
        mdk_unwatch(ctl)
        mdk_closestate(L)
        ctl.deinitialize(count: 1)
        ctl.deallocate()
    }

    /// The state that owns a lua_State (main thread or coroutine).
    static func owner(of L: OpaquePointer) -> LuaState {
        Unmanaged<LuaState>.fromOpaque(mdk_ctl_of(L).pointee.owner).takeUnretainedValue()
    }

    /// Bytes the state holds now, and the most it ever held.
    public var memoryInUse: Int { Int(ctl.pointee.used) }
    public var peakMemory: Int { Int(ctl.pointee.peak) }

    /// Stops the Lua code running in this state as soon as possible (safe from any thread).
    public func interrupt() { mdk_interrupt(ctl) }

    /// Marks the state unusable (its pool replaces it).
    func poison() { isPoisoned = true }

    // MARK: exclusive use

    /// Enters the state for a call; nested calls from host functions on the same task are allowed.
    @usableFromInline func enter() throws {
        if isPoisoned && depth == 0 {
            throw LuaError(.runtime, "this Lua state was stopped by an earlier limit and cannot be reused")
        }
        if depth == 0 {
            // A load and a store, not a compare-exchange: the locked instruction was a tenth of a Swift→Lua call.
            // Two tasks using one state still trap, unless both enter within the same few instructions.
            precondition(!inUse.load(ordering: .acquiring), "a LuaState was used by two tasks at once; use one state per task or a LuaStatePool")
            inUse.store(true, ordering: .relaxed)
        }
        depth += 1
    }

    @usableFromInline func leave() {
        depth -= 1
        if depth == 0 { inUse.store(false, ordering: .releasing) }
    }

    /// Applies limits for the outermost call and clears what the last call tripped.
    func arm(_ limits: LuaLimits) {
        guard depth == 1 else { return }
        ctl.pointee.cap = limits.memory.map { size_t($0) } ?? 0
        mdk_set_timeout(ctl, limits.timeout ?? 0)
        ctl.pointee.cancel = 0
        ctl.pointee.stop_requested = 0
        ctl.pointee.stopped = 0
        lua_sethook(L, nil, 0, 0)
        ctl.pointee.mem_tripped = 0
        ctl.pointee.raise_kind = Int32(MDK_KIND_NONE)
        mdk_clear_tags(L)
    }

    /// A protected call of the function and arguments on top of the stack, the outermost call's limits armed
    /// and cleared in the same C call (`arm` and `disarm` in one).
    @usableFromInline func callLimited(_ nargs: Int32, _ nresults: Int32, _ limits: LuaLimits) -> Int32 {
        mdk_call_limited(L, nargs, nresults, depth == 1 ? 1 : 0, limits.memory.map { size_t($0) } ?? 0, limits.timeout ?? 0)
    }

    /// Clears the limits after the outermost call; restarts the collector a script may have stopped.
    func disarm() {
        guard depth == 1 else { return }
        ctl.pointee.deadline_ns = 0
        mdk_gc_restart(L)
        if ctl.pointee.mem_tripped != 0 {
            ctl.pointee.cap = 0
            mdk_gc_collect(L)
        }
    }

    /// The kind of a failed call, from what tripped while it ran and the kind recorded with the error value
    /// that ended it (a refusal or a syntax error is tagged where it is raised; its text is never parsed).
    func failureKind(status: Int32) -> LuaError.Kind {
        if ctl.pointee.stopped == 1 { return .timeout }
        if ctl.pointee.stopped == 2 { return .cancelled }
        if status == LUA_ERRMEM || ctl.pointee.mem_tripped != 0 { return .memory }
        if status == LUA_ERRSYNTAX { return .syntax }
        switch ctl.pointee.err_kind {
        case Int32(MDK_KIND_SANDBOX): return .sandbox
        case Int32(MDK_KIND_SYNTAX): return .syntax
        default: return .runtime
        }
    }

    /// Asks the trampoline to record the error it raises next with the kind of `error` (see `failureKind`).
    func tagNextRaise(_ error: any Error) {
        let kind: Int32
        switch error {
        case is SandboxRefusal: kind = Int32(MDK_KIND_SANDBOX)
        case let lua as LuaError where lua.kind == .sandbox: kind = Int32(MDK_KIND_SANDBOX)
        case let lua as LuaError where lua.kind == .syntax: kind = Int32(MDK_KIND_SYNTAX)
        case let lua as LuaError where lua.transient: kind = Int32(MDK_KIND_TRANSIENT)
        case let mark as any TransientFailureMark where mark.isTransient: kind = Int32(MDK_KIND_TRANSIENT)
        default: kind = Int32(MDK_KIND_NONE)
        }
        ctl.pointee.raise_kind = kind
    }

    /// Poisons the state after errors that leave it in an unknown condition.
    func noteFailure(_ kind: LuaError.Kind) {
        switch kind {
        case .timeout, .cancelled, .memory: isPoisoned = true
        default: break
        }
    }

    /// The location the message handler recorded for the last error.
    var recordedLocation: (String?, Int?) {
        let line = Int(ctl.pointee.err_line)
        guard line > 0 else { return (nil, nil) }
        let file = withUnsafeBytes(of: &ctl.pointee.err_source) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return (file, line)
    }
}
