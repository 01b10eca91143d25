import CLuaShim

/// A read-only view of a Swift `LuaValue` table, as Lua code sees it: `view.key`, `view[i]`, `#view`, `pairs`
/// and `ipairs` read the value where it lives, in Swift, converting only what is read (a nested table is a view
/// of its own); writes raise an error naming the path. A graph node gets the state this way, so a node reading one
/// field of a large state converts that field and nothing else.
///
/// To Lua code the view is a table: the sandbox's `type` says so, and a view handed to a host function (or
/// returned to Swift) is the value behind it. Keys iterate in a fixed order: 1...n for lists, sorted names for
/// tables.
public final class LuaValueView: LuaObject, @unchecked Sendable {
    public private(set) var value: LuaValue
    /// The view this one is an entry of (weak: a parent keeps its children, for `close`), and its key there; for
    /// a root view its whole path.
    private weak var parent: LuaValueView?
    private let key: String
    /// The nested views made so far (each made once: Lua's memo of this view keeps the one it was given).
    private var children: [LuaValueView] = []
    private var keys: [String]?
    private var positions: [String: Int] = [:]
    private let flags: Int32

    public convenience init(_ value: LuaValue, path: String) {
        self.init(value, parent: nil, key: path)
    }

    private init(_ value: LuaValue, parent: LuaValueView?, key: String) {
        self.value = value
        self.parent = parent
        self.key = key
        // A nested view is pushed once, into its parent's memo; the memo is made with room for every entry.
        var flags = Int32(MDK_OBJ_TABLE | MDK_OBJ_MEMO) | (parent == nil ? 0 : Int32(MDK_OBJ_ENTRY))
        switch value {
        case .array(let items): flags |= Int32(MDK_OBJ_LIST) | Int32(min(items.count, 64)) << Int32(MDK_OBJ_SIZE_SHIFT)
        case .table(let fields): flags |= Int32(min(fields.count, 64)) << Int32(MDK_OBJ_SIZE_SHIFT)
        default: break
        }
        self.flags = flags
    }

    /// How messages name it: `state`, `state.plan.steps` (spelled only when a message needs it).
    public var path: String {
        guard flags & Int32(MDK_OBJ_ENTRY) != 0 else { return key }
        return (parent?.path ?? "…") + "." + key   // a parent already collected: the entry is still named
    }

    /// Lets go of the value and every nested view once the script's run is over: Lua's collector sees only a
    /// small userdata, so a view kept until its next cycle must not keep a whole state alive.
    public func close() {
        value = .nil
        for child in children { child.close() }
        children = []
        keys = nil
        positions = [:]
    }

    public override var luaTypeName: String { "table" }
    public override var luaDescription: String { "table: \(path)" }
    public override var viewedValue: LuaValue? { value }

    /// Lua keeps what a read returned (see CLuaShim): the value behind a view never changes while it is open.
    public override var entriesNeverChange: Bool { true }
    public override var hostFlags: Int32 { flags }

    public override var length: Int? {
        if case .array(let items) = value { return items.count }
        return 0
    }

    public override func index(_ key: LuaValue) throws -> LuaValue {
        switch (value, key) {
        case (.array(let items), _):
            guard let i = key.intValue, i >= 1, i <= items.count else { return .nil }
            return wrap(items[i - 1], key: String(i))
        case (.table(let fields), .string(let name)):
            return fields[name].map { wrap($0, key: name) } ?? .nil
        case (.table(let fields), _):
            guard let i = key.intValue else { return .nil }
            let name = String(i)
            return fields[name].map { wrap($0, key: name) } ?? .nil
        default:
            return .nil
        }
    }

    public override func next(after key: LuaValue) throws -> (key: LuaValue, value: LuaValue)? {
        switch value {
        case .array(let items):
            let i = key.isNil ? 1 : (key.intValue ?? items.count) + 1
            guard i >= 1, i <= items.count else { return nil }
            return (.integer(Int64(i)), wrap(items[i - 1], key: String(i)))
        case .table(let fields):
            let sorted = sortedKeys(fields)
            var at = 0
            if !key.isNil {
                let name = key.stringValue ?? key.intValue.map { String($0) } ?? ""
                guard let position = positions[name] else { throw ArgumentError("invalid key to 'next'") }
                at = position + 1
            }
            guard at < sorted.count, let item = fields[sorted[at]] else { return nil }
            return (.string(sorted[at]), wrap(item, key: sorted[at]))
        default:
            return nil
        }
    }

    public override func setIndex(_ key: LuaValue, _ newValue: LuaValue) throws {
        let name = key.stringValue ?? key.intValue.map { String($0) } ?? key.typeName
        throw ArgumentError("\(path) is read-only (writing \(name)): return the fields to change instead")
    }

    private func sortedKeys(_ fields: [String: LuaValue]) -> [String] {
        if let keys { return keys }
        let sorted = fields.keys.sorted()
        for (i, k) in sorted.enumerated() { positions[k] = i }
        keys = sorted
        return sorted
    }

    private func wrap(_ item: LuaValue, key: String) -> LuaValue {
        switch item {
        case .table, .array:
            let child = LuaValueView(item, parent: self, key: key)
            children.append(child)
            return .object(child)
        default:
            return item
        }
    }
}
