import LuaHost

/// How an update to one state field combines with the value already there.
public enum StateReducer: String, Sendable, Hashable, Codable, CaseIterable {
    /// The update replaces the value (`.nil` removes the field). The default.
    case replace
    /// The update's elements (or the update itself, when it is not a list) are added to the end of the list.
    case append
    /// The update's fields are written into the table (shallow: a key's new value replaces its old one).
    case merge

    /// The field's value after `update`; throws a message when the kinds do not fit.
    public func combine(_ current: LuaValue, _ update: LuaValue) throws(ReducerFailure) -> LuaValue {
        switch self {
        case .replace:
            return update
        case .append:
            if update.isNil { return current }
            let added = update.arrayValue ?? [update]
            if current.isNil { return .array(added) }
            guard let existing = current.arrayValue else {
                throw ReducerFailure("cannot append to a \(current.typeName) that is not a list")
            }
            return .array(existing + added)
        case .merge:
            if update.isNil { return current }
            guard let added = update.tableValue else {
                throw ReducerFailure("merge needs a table, got \(update.typeName)"
                    + (update.arrayValue != nil ? " (an array)" : ""))
            }
            if current.isNil { return .table(added) }
            guard var existing = current.tableValue else {
                throw ReducerFailure("cannot merge a table into a \(current.typeName)"
                    + (current.arrayValue != nil ? " (an array)" : ""))
            }
            existing.merge(added) { _, new in new }
            return .table(existing)
        }
    }
}

/// Why an update did not fit its field.
public struct ReducerFailure: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// The graph's reducers applied to whole updates.
struct StateMerger: Sendable {
    var reducers: [String: StateReducer]

    func reducer(for field: String) -> StateReducer { reducers[field] ?? .replace }

    /// Applies one node's update, field by field in name order.
    func apply(_ update: [String: LuaValue], to state: inout AgentState) throws(ReducerFailure) {
        for field in update.keys.sorted() {
            let value = try withField(field) { () throws(ReducerFailure) in
                try reducer(for: field).combine(state[field], update[field]!)
            }
            if value.isNil { state.fields.removeValue(forKey: field) } else { state.fields[field] = value }
        }
    }

    /// Sets fields whatever their reducer (a node that rewrites an appended list, such as a redaction).
    func replace(_ fields: [String: LuaValue], in state: inout AgentState) {
        for (field, value) in fields {
            if value.isNil { state.fields.removeValue(forKey: field) } else { state.fields[field] = value }
        }
    }

    /// Applies the updates of parallel branches in branch order. Two branches giving different values to the
    /// same replaced field (or the same key of a merged table) is an error, not a silent last-one-wins.
    func applyParallel(_ updates: [(branch: String, update: [String: LuaValue])],
                       to state: inout AgentState) throws(ReducerFailure) {
        var writer: [String: (branch: String, value: LuaValue)] = [:]
        for (branch, update) in updates {
            for field in update.keys.sorted() {
                let value = update[field]!
                switch reducer(for: field) {
                case .append: continue
                case .replace:
                    try check(writer: &writer, key: field, what: "field \(field)", branch: branch, value: value)
                case .merge:
                    for (key, item) in value.tableValue ?? [:] {
                        try check(writer: &writer, key: "\(field)\u{0}\(key)", what: "key \(key) of field \(field)",
                                  branch: branch, value: item)
                    }
                }
            }
        }
        for (_, update) in updates { try apply(update, to: &state) }
    }

    private func check(writer: inout [String: (branch: String, value: LuaValue)], key: String, what: String,
                       branch: String, value: LuaValue) throws(ReducerFailure) {
        if let earlier = writer[key], earlier.value != value {
            throw ReducerFailure("parallel branches \(earlier.branch) and \(branch) both set \(what) to different "
                + "values; give the field an append or merge reducer, or use distinct fields")
        }
        if writer[key] == nil { writer[key] = (branch, value) }
    }

    private func withField(_ field: String, _ body: () throws(ReducerFailure) -> LuaValue) throws(ReducerFailure) -> LuaValue {
        do { return try body() } catch { throw ReducerFailure("field \(field) (\(reducer(for: field).rawValue)): \(error.message)") }
    }
}
