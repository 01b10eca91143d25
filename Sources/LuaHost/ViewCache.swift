import CLuaShim

/// The state views one Lua state keeps from run to run. Between two graph nodes most of the state is the same
/// Swift storage (the plan, the results, the validation): a node reading it gets the view the node before it
/// used, with what that node converted still in Lua (the view's memo, see CLuaShim), so a value crosses from
/// Swift to Lua once per state and version, not once per node. Views are keyed by their storage's identity and
/// path: the same storage is the same value (the view holds it, so the storage lives and is never reused), and
/// the path keeps error messages naming where a script wrote. Views no run asked for lately are let go.
public final class ViewCache: @unchecked Sendable {   // used by the one run that holds the state
    private struct Key: Hashable {
        let storage: UInt
        let isArray: Bool
        let path: String
    }
    /// Views asked for in this generation of runs, and in the one before; what the one before holds and this
    /// one did not ask for is let go when the next generation starts.
    private var current: [Key: LuaValueView] = [:]
    private var previous: [Key: LuaValueView] = [:]
    private var run = 0
    /// Runs per generation: a view no run asked for in 16 to 32 runs is let go (a decision is about a dozen).
    static let generationRuns = 16

    public init() {}

    /// Views held now.
    public var count: Int { current.count + previous.count }

    /// The view of `value` at `path`: the one an earlier run used when `value` is the same storage, else a new one.
    func view(of value: LuaValue, path: String) -> LuaValueView {
        let key: Key
        switch value {
        case .table(let fields): key = Key(storage: unsafeBitCast(fields, to: UInt.self), isArray: false, path: path)
        case .array(let items): key = Key(storage: unsafeBitCast(items, to: UInt.self), isArray: true, path: path)
        default: return LuaValueView(value, path: path)
        }
        if let view = current[key] { return view }
        if let view = previous.removeValue(forKey: key) {
            current[key] = view
            return view
        }
        let view = LuaValueView(value, path: path, cache: self)
        view.cached = true
        view.kept = true
        current[key] = view
        return view
    }

    /// Starts a run on `state`; every `generationRuns` runs, the views the last two generations did not ask for
    /// are let go (Lua keeps those it still holds).
    public func beginRun(on state: LuaState) {
        run += 1
        guard run % Self.generationRuns == 0 else { return }
        for view in previous.values {
            view.kept = false
            mdk_unkeep_object(state.L, Unmanaged.passUnretained(view).toOpaque())
        }
        previous = current
        current = [:]
    }
}
